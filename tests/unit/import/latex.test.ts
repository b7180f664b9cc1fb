import { decodeLatex } from '../../../lib/import/latex';

describe('decodeLatex', () => {
  it.each([
    ['M{\\"u}ller', 'Müller'],
    ['M\\"uller', 'Müller'],
    ['M\\"{u}ller', 'Müller'],
    ["Jos\\'e", 'José'],
    ["Jos{\\'e}", 'José'],
    ['{\\`a} la', 'à la'],
    ['Fran{\\c{c}}ois', 'François'],
    ['Fran\\c cois', 'François'],
    ['{\\v{S}}koda', 'Škoda'],
    ['Ond{\\v{r}}ej', 'Ondřej'],
    ['Erd{\\H{o}}s', 'Erdős'],
    ['{\\u{g}}', 'ğ'],
    ['\\~{n}', 'ñ'],
    ['\\^{o}', 'ô'],
    ['\\={a}', 'ā'],
    ['\\.{z}', 'ż'],
    ['{\\k{a}}', 'ą'],
    ['{\\r{a}}', 'å'],
    ["Mar{\\'\\i}a", 'María'],
    ["Mar\\'{\\i}a", 'María'],
    ['na\\"{\\i}ve', 'naïve'],
    ['Stra{\\ss}e', 'Straße'],
    ['{\\L}ukasz', 'Łukasz'],
    ['{\\o}', 'ø'],
    ['{\\AA}ngstr{\\"o}m', 'Ångström'],
    ['{\\ae}ther {\\OE}uvre', 'æther Œuvre'],
    ['\\ss{} is', 'ß is'],
  ])('accents and letters: %s → %s', (tex, text) => {
    expect(decodeLatex(tex)).toBe(text);
  });

  it('unescapes specials and spells out text commands (what our export and Zotero write)', () => {
    expect(decodeLatex('100\\% of \\$x\\_1\\$ \\& C\\#')).toBe('100% of $x_1$ & C#');
    expect(decodeLatex('\\{\\vphantom{\\}}and\\vphantom{\\{}\\}')).toBe('{and}');
    expect(decodeLatex('{\\textbackslash} {\\textasciitilde}{\\textasciicircum} {\\textless}b{\\textgreater} {\\textbar}')).toBe(
      '\\ ~^ <b> |',
    );
    expect(decodeLatex('a\\textendash b\\textemdash c')).toBe('a–b—c');
  });

  it('drops protective braces and formatting, keeps the text', () => {
    expect(decodeLatex('{BERT}: {Pre}-training of {Deep} {Transformers}')).toBe('BERT: Pre-training of Deep Transformers');
    expect(decodeLatex('\\emph{Really} \\textbf{bold} \\textit{it} \\textsc{Caps}')).toBe('Really bold it Caps');
    expect(decodeLatex('\\href{https://x.org}{the site} and \\url{https://y.org}')).toBe('the site and https://y.org');
    expect(decodeLatex('{\\noopsort{a}}Zeta')).toBe('Zeta');
  });

  it('reads TeX ligatures and ties as what LaTeX prints', () => {
    expect(decodeLatex("``Why should I trust you?'' Explaining")).toBe('“Why should I trust you?” Explaining');
    expect(decodeLatex('pages 1--10 --- and~more')).toBe('pages 1–10 — and more');
    expect(decodeLatex("it's a single quote")).toBe("it's a single quote");
  });

  it('keeps math and unknown commands as written', () => {
    expect(decodeLatex('$\\alpha$-Net: {$O(n^2)$} time')).toBe('$\\alpha$-Net: $O(n^2)$ time');
    expect(decodeLatex('$$x$$ and $unclosed')).toBe('$$x$$ and $unclosed');
    expect(decodeLatex('\\foo{bar} \\LaTeX{} rocks')).toBe('\\foobar LaTeX rocks');
  });

  it('survives unbalanced and hostile input in linear time, without deep recursion', () => {
    expect(decodeLatex('a}b{c')).toBe('abc');
    expect(decodeLatex('\\')).toBe('\\');
    expect(decodeLatex("\\'")).toBe('´');
    const deep = '{'.repeat(200_000) + 'x' + '}'.repeat(200_000);
    expect(decodeLatex(deep)).toBe('x');
    const chain = "\\'".repeat(200_000) + 'e';
    expect(() => decodeLatex(chain)).not.toThrow();
    const nested = '\\emph{'.repeat(100_000) + 'x';
    expect(() => decodeLatex(nested)).not.toThrow();
  });
});
