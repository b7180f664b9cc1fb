/**
 * LaTeX as found in BibTeX fields, to Unicode text: accents (`{\"u}`, `\'e`, `\v{c}`, `{\ss}`…),
 * escaped specials (`\&`, `\%`, `\_`…), text commands (`\textendash`, `{\textbackslash}` — what
 * our BibTeX export and Zotero's write), formatting commands reduced to their text (`\emph{x}`),
 * protective braces dropped, `~` as a space, `--`/`---` as dashes, ``` `` ``` and `''` as quotes.
 * Math (`$…$`) is kept as written: it has no plain-text form.
 * An unknown command is kept as written (`\foo`), so nothing is silently lost.
 *
 * It never throws and runs in time linear in its input (each character is visited once; a group's
 * closing brace is found by the same walk, not by a search).
 */

// Accent commands → combining marks (https://en.wikibooks.org/wiki/LaTeX/Special_Characters).
const ACCENTS = new Map<string, string>([
  ["'", '\u0301'],
  ['`', '\u0300'],
  ['^', '\u0302'],
  ['"', '\u0308'],
  ['~', '\u0303'],
  ['=', '\u0304'],
  ['.', '\u0307'],
  ['u', '\u0306'],
  ['v', '\u030c'],
  ['H', '\u030b'],
  ['c', '\u0327'],
  ['k', '\u0328'],
  ['r', '\u030a'],
  ['d', '\u0323'],
  ['b', '\u0331'],
  ['t', '\u0361'],
]);

// Commands that stand for a character or a word.
const SYMBOLS = new Map<string, string>([
  ['ss', 'ß'],
  ['SS', 'SS'],
  ['o', 'ø'],
  ['O', 'Ø'],
  ['ae', 'æ'],
  ['AE', 'Æ'],
  ['oe', 'œ'],
  ['OE', 'Œ'],
  ['aa', 'å'],
  ['AA', 'Å'],
  ['l', 'ł'],
  ['L', 'Ł'],
  ['i', 'ı'],
  ['j', 'ȷ'],
  ['dh', 'ð'],
  ['DH', 'Ð'],
  ['dj', 'đ'],
  ['DJ', 'Đ'],
  ['th', 'þ'],
  ['TH', 'Þ'],
  ['ng', 'ŋ'],
  ['NG', 'Ŋ'],
  ['textendash', '–'],
  ['textemdash', '—'],
  ['textbackslash', '\\'],
  ['textasciitilde', '~'],
  ['textasciicircum', '^'],
  ['textless', '<'],
  ['textgreater', '>'],
  ['textbar', '|'],
  ['textunderscore', '_'],
  ['textbraceleft', '{'],
  ['textbraceright', '}'],
  ['textdollar', '$'],
  ['textquoteleft', '‘'],
  ['textquoteright', '’'],
  ['textquotedblleft', '“'],
  ['textquotedblright', '”'],
  ['textquotesingle', "'"],
  ['textquotedbl', '"'],
  ['textbullet', '•'],
  ['textperiodcentered', '·'],
  ['textellipsis', '…'],
  ['ldots', '…'],
  ['dots', '…'],
  ['textdegree', '°'],
  ['S', '§'],
  ['P', '¶'],
  ['textsection', '§'],
  ['textparagraph', '¶'],
  ['copyright', '©'],
  ['textcopyright', '©'],
  ['textregistered', '®'],
  ['texttrademark', '™'],
  ['dag', '†'],
  ['ddag', '‡'],
  ['pounds', '£'],
  ['textsterling', '£'],
  ['euro', '€'],
  ['texteuro', '€'],
  ['guillemotleft', '«'],
  ['guillemotright', '»'],
  ['guillemetleft', '«'],
  ['guillemetright', '»'],
  ['textexclamdown', '¡'],
  ['textquestiondown', '¿'],
  ['LaTeX', 'LaTeX'],
  ['TeX', 'TeX'],
  ['BibTeX', 'BibTeX'],
  ['slash', '/'],
  ['textasteriskcentered', '*'],
  ['quad', ' '],
  ['qquad', ' '],
  ['space', ' '],
  ['newline', ' '],
  ['par', ' '],
]);

// Commands whose argument is the text (formatting) and commands that print nothing.
const KEEP_ARGUMENT = new Set([
  'textit',
  'textbf',
  'textsc',
  'texttt',
  'textrm',
  'textsf',
  'textsl',
  'textup',
  'textmd',
  'textnormal',
  'emph',
  'mkbibemph',
  'mkbibquote',
  'mbox',
  'hbox',
  'text',
  'textsuperscript',
  'textsubscript',
  'enquote',
  'uppercase',
  'lowercase',
  'MakeUppercase',
  'MakeLowercase',
  'ensuremath',
  'url',
  'nolinkurl',
  'NoCaseChange',
]);
const DROP_ARGUMENT = new Set(['vphantom', 'phantom', 'hphantom', 'noopsort', 'SortNoop', 'sortnoop', 'nocite', 'label']);
const NOTHING = new Set([
  'relax',
  'protect',
  'noindent',
  'ignorespaces',
  'unskip',
  'xspace',
  'bgroup',
  'egroup',
  'normalfont',
  'itshape',
  'bfseries',
  'scshape',
  'em',
  'it',
  'bf',
  'sc',
  'rm',
  'sf',
  'tt',
  'sl',
  'upshape',
  'mdseries',
]);
// A backslash before one of these prints it.
const ESCAPED = new Map<string, string>([
  ['&', '&'],
  ['%', '%'],
  ['$', '$'],
  ['#', '#'],
  ['_', '_'],
  ['{', '{'],
  ['}', '}'],
  [' ', ' '],
  ['\\', ' '],
  [',', ' '],
  [';', ' '],
  [':', ' '],
  ['!', ''],
  ['-', ''],
  ['/', ''],
  ['@', ''],
  ['\n', ' '],
]);

// The characters that may start markup; text between them is copied in one slice.
const SPECIAL = /[{}\\$~`'-]/g;
const MAX_DEPTH = 50;

const isLetter = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  /** Nesting of command arguments (see argument()). */
  depth = 0;

  /**
   * Text up to the end of the current group (or of the input), decoded; consumes the closing
   * brace. Plain braces inside are counted, not recursed into, so `{{{{…` cannot exhaust the stack.
   */
  group(): string {
    let out = '';
    let nested = 0;
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === '}') {
        this.i++;
        if (nested === 0) return out;
        nested--;
      } else if (c === '{') {
        this.i++;
        nested++;
      } else if (c === '\\') {
        out += this.command();
      } else if (c === '$') {
        out += this.math();
      } else if (c === '~') {
        this.i++;
        out += ' ';
      } else if (c === '-' && s[this.i + 1] === '-') {
        const em = s[this.i + 2] === '-';
        this.i += em ? 3 : 2;
        out += em ? '—' : '–';
      } else if ((c === '`' || c === "'") && s[this.i + 1] === c) {
        this.i += 2;
        out += c === '`' ? '“' : '”';
      } else {
        // A run of ordinary characters at once.
        SPECIAL.lastIndex = this.i + 1;
        const next = SPECIAL.exec(s);
        const j = next ? next.index : s.length;
        out += s.slice(this.i, j);
        this.i = j;
      }
    }
    return out;
  }

  /** `$…$` (or `$$…$$`) kept verbatim; an unclosed `$` is kept as a plain dollar. */
  math(): string {
    const s = this.s;
    const double = s[this.i + 1] === '$';
    const open = double ? '$$' : '$';
    let j = this.i + open.length;
    while (j < s.length) {
      if (s[j] === '\\') j += 2;
      else if (s.startsWith(open, j)) break;
      else j++;
    }
    if (j >= s.length) {
      this.i++;
      return '$';
    }
    const text = s.slice(this.i, j + open.length);
    this.i = j + open.length;
    return text;
  }

  private skipSpaces(): void {
    while (this.i < this.s.length && (this.s[this.i] === ' ' || this.s[this.i] === '\n' || this.s[this.i] === '\t')) this.i++;
  }

  /**
   * One argument: a braced group, a command or a single character. The only place the reader
   * recurses; past MAX_DEPTH nested arguments it takes none, and the rest is read as plain text.
   */
  argument(): string {
    this.skipSpaces();
    const c = this.s[this.i];
    if (c === undefined || c === '}') return '';
    if (c !== '{' && c !== '\\') {
      this.i++;
      return c;
    }
    if (this.depth >= MAX_DEPTH) return '';
    this.depth++;
    try {
      if (c === '\\') return this.command();
      this.i++;
      return this.group();
    } finally {
      this.depth--;
    }
  }

  command(): string {
    const s = this.s;
    this.i++; // the backslash
    const c = s[this.i];
    if (c === undefined) return '\\';
    if (!isLetter(c)) {
      this.i++;
      const accent = ACCENTS.get(c);
      if (accent) return accented(this.argument(), accent, c);
      const escaped = ESCAPED.get(c);
      return escaped ?? c;
    }
    let j = this.i;
    while (j < s.length && isLetter(s[j])) j++;
    const name = s.slice(this.i, j);
    this.i = j;
    const accent = ACCENTS.get(name);
    if (accent) return accented(this.argument(), accent, name);
    const symbol = SYMBOLS.get(name);
    if (symbol !== undefined) {
      // A control word eats the blanks after it; `{}` after it is a common way to keep the space.
      this.skipSpaces();
      if (s[this.i] === '{' && s[this.i + 1] === '}') this.i += 2;
      return symbol;
    }
    if (KEEP_ARGUMENT.has(name)) return this.argument();
    if (DROP_ARGUMENT.has(name)) {
      this.argument();
      return '';
    }
    if (name === 'href') {
      this.argument();
      return this.argument();
    }
    if (NOTHING.has(name)) {
      this.skipSpaces();
      return '';
    }
    return `\\${name}`;
  }
}

function accented(base: string, mark: string, command: string): string {
  if (!base) return spacingAccent(command);
  // Accents over the dotless i and j mean the plain letters (\'{\i} is í).
  const first = base[0] === 'ı' ? 'i' : base[0] === 'ȷ' ? 'j' : base[0]!;
  return `${first}${mark}${base.slice(1)}`.normalize('NFC');
}

const SPACING_ACCENTS = new Map([
  ["'", '´'],
  ['`', '`'],
  ['^', '^'],
  ['"', '¨'],
  ['~', '~'],
  ['=', '¯'],
  ['.', '˙'],
]);

function spacingAccent(command: string): string {
  return SPACING_ACCENTS.get(command) ?? '';
}

/** Decoded text of a raw BibTeX value (the characters between its outer braces or quotes). */
export function decodeLatex(raw: string): string {
  SPECIAL.lastIndex = 0;
  if (!SPECIAL.test(raw)) return raw.normalize('NFC');
  const reader = new Reader(raw);
  let out = '';
  // A stray closing brace ends `group()` early: keep reading after it.
  while (reader.i < raw.length) out += reader.group();
  return out.normalize('NFC');
}
