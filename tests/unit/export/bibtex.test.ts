import fc from 'fast-check';
import { asciiFold, baseCitationKey, citationKeys, escapeBibtex, escapeBibtexTitle, toBibtex } from '../../../lib/export/bibtex';
import { buildItems, oneLine, type ExportItem } from '../../../lib/export/items';
import type { Tag } from '../../../lib/model/library';
import { fixtureSnapshot, paper } from './fixture';

const GOLDEN = String.raw`@misc{kaiser2024lukasz,
  title = {Łukasz’s {Über}-{Transformers}: {Scaling} “{Große}” {Modelle} — 日本語 {Too}},
  author = {Łukasz Kaiser and José Müller and Zoë Ødegård},
  year = {2024},
  month = dec,
  date = {2024-12-19},
  eprint = {2412.14689},
  archivePrefix = {arXiv},
  url = {https://arxiv.org/abs/2412.14689},
  abstract = {We scale models. Second line, with a comma and "quotes".},
  keywords = {LLM, To read later}
}

@misc{lovelace2025cost,
  title = {Cost {\textbraceleft}and{\textbraceright} {Benefit}: 100\% of \$x\_1\$ \& {C}\# {\textbackslash} {\textasciitilde}{\textasciicircum} in {GPT}-4},
  author = {Ada Lovelace and Charles Babbage and others},
  year = {2025},
  month = jan,
  date = {2025-01-02},
  eprint = {2501.00001},
  archivePrefix = {arXiv},
  url = {https://arxiv.org/abs/2501.00001}
}

@misc{anon2025hyperlink,
  title = {={HYPERLINK}("http://evil.example/?a=1","click me")},
  year = {2025},
  month = jan,
  date = {2025-01-03},
  eprint = {2501.00002},
  archivePrefix = {arXiv},
  url = {https://arxiv.org/abs/2501.00002}
}

@misc{hopper2025net,
  title = {-Net: {Negative} {Results} {\textless}script{\textgreater}alert(1){\textless}/script{\textgreater} [x](javascript:alert(1))},
  author = {Grace Hopper and Alan Turing},
  year = {2025},
  month = jan,
  date = {2025-01-04},
  eprint = {2501.00003},
  archivePrefix = {arXiv},
  url = {https://arxiv.org/abs/2501.00003},
  keywords = {To read later}
}

@misc{maldacena1999large,
  title = {The {Large} {N} {Limit} of {Superconformal} {Field} {Theories}},
  author = {Juan Maldacena},
  year = {1999},
  month = jan,
  eprint = {hep-th/9901001},
  archivePrefix = {arXiv},
  primaryClass = {hep-th},
  url = {https://arxiv.org/abs/hep-th/9901001}
}

@misc{lovelace2025costa,
  title = {Cost {Models} {Revisited}},
  author = {Ada Lovelace},
  year = {2025},
  month = jan,
  date = {2025-01-05},
  eprint = {2501.00004},
  archivePrefix = {arXiv},
  url = {https://arxiv.org/abs/2501.00004}
}
`;

// ---- a small BibTeX reader for the tests ---------------------------------------------------------

/**
 * Brace depth through `text`, the way BibTeX counts (every brace, backslash or not) or the way
 * Zotero's reader counts (a brace right after a backslash is literal). Returns the lowest depth
 * reached before the end and the final depth.
 */
function braceWalk(text: string, backslashEscapes: boolean): { min: number; end: number } {
  let depth = 0;
  let min = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (backslashEscapes && c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth--;
    min = Math.min(min, depth);
  }
  return { min, end: depth };
}

interface Entry {
  type: string;
  key: string;
  fields: Map<string, string>;
}

/** Parses `@type{key,\n  name = {value} | macro,\n … \n}` with BibTeX's brace counting. */
function parseBibtex(text: string): Entry[] {
  const entries: Entry[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  while (true) {
    skipSpace();
    if (i >= text.length) break;
    const head = /^@(\w+)\{([^,\s{}]+),/.exec(text.slice(i));
    if (!head) throw new Error(`expected an entry at ${i}: ${text.slice(i, i + 40)}`);
    i += head[0].length;
    const fields = new Map<string, string>();
    while (true) {
      skipSpace();
      if (text[i] === '}') {
        i++;
        break;
      }
      const name = /^(\w+) = /.exec(text.slice(i));
      if (!name) throw new Error(`expected a field at ${i}: ${text.slice(i, i + 40)}`);
      i += name[0].length;
      let value: string;
      if (text[i] === '{') {
        let depth = 0;
        const start = i + 1;
        do {
          if (text[i] === '{') depth++;
          else if (text[i] === '}') depth--;
          i++;
          if (i > text.length) throw new Error('unbalanced field');
        } while (depth > 0);
        value = text.slice(start, i - 1);
      } else {
        const macro = /^\w+/.exec(text.slice(i))!;
        value = macro[0];
        i += value.length;
      }
      if (fields.has(name[1]!)) throw new Error(`field ${name[1]} twice`);
      fields.set(name[1]!, value);
      skipSpace();
      if (text[i] === ',') i++;
    }
    entries.push({ type: head[1]!, key: head[2]!, fields });
  }
  return entries;
}

const COMMANDS: [string, string][] = [
  ['{\\textbraceleft}', '{'],
  ['{\\textbraceright}', '}'],
  ['{\\textbackslash}', '\\'],
  ['{\\textasciitilde}', '~'],
  ['{\\textasciicircum}', '^'],
  ['{\\textless}', '<'],
  ['{\\textgreater}', '>'],
  ['{\\textbar}', '|'],
];

/** The inverse of the exporter's escaping: commands back to characters, protective braces dropped. */
function decodeBibtex(value: string): string {
  let out = '';
  let i = 0;
  outer: while (i < value.length) {
    for (const [command, char] of COMMANDS) {
      if (value.startsWith(command, i)) {
        out += char;
        i += command.length;
        continue outer;
      }
    }
    const c = value[i]!;
    if (c === '\\' && '#$%&_'.includes(value[i + 1] ?? '')) {
      out += value[i + 1];
      i += 2;
    } else if (c === '\\') {
      throw new Error(`unexpected backslash at ${i} in ${value}`);
    } else {
      if (c !== '{' && c !== '}') out += c;
      i++;
    }
  }
  return out;
}

/** Split a field on a separator found outside braces. */
function splitTopLevel(value: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '{') depth++;
    else if (value[i] === '}') depth--;
    else if (depth === 0 && value.startsWith(separator, i)) {
      parts.push(value.slice(start, i));
      i += separator.length - 1;
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

// ---- tests ---------------------------------------------------------------------------------------

describe('toBibtex', () => {
  it('writes the golden file for the fixture library', () => {
    expect(toBibtex(buildItems(fixtureSnapshot()))).toBe(GOLDEN);
  });

  it('reads back with a BibTeX parser: one @misc per paper, unique keys, decoded titles', () => {
    const snapshot = fixtureSnapshot();
    const entries = parseBibtex(GOLDEN);
    expect(entries.map((e) => e.type)).toEqual(snapshot.papers.map(() => 'misc'));
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
    expect(entries.map((e) => decodeBibtex(e.fields.get('title')!))).toEqual(snapshot.papers.map((p) => p.title));
    expect(entries.map((e) => e.fields.get('eprint'))).toEqual(snapshot.papers.map((p) => p.id));
    expect(entries.every((e) => e.fields.get('archivePrefix') === 'arXiv')).toBe(true);
  });

  it('omits the author field when no names are known, even with a count (never "others" alone)', () => {
    const [entry] = parseBibtex(toBibtex(buildItems({ ...fixtureSnapshot() }, ['2501.00002'])));
    expect(entry!.fields.has('author')).toBe(false);
  });

  it('ends a list shorter than the known author count with "and others"', () => {
    const [entry] = parseBibtex(toBibtex(buildItems(fixtureSnapshot(), ['2501.00001'])));
    expect(entry!.fields.get('author')).toBe('Ada Lovelace and Charles Babbage and others');
  });

  it('keeps names that look like the separator or "others" inside one author', () => {
    const item: ExportItem = {
      paper: paper({ id: '2501.00009', title: 'T', authors: ['Others', 'Jekyll and Hyde', 'and Co'] }),
      tags: [],
    };
    const author = parseBibtex(toBibtex([item]))[0]!.fields.get('author')!;
    expect(author).toBe('{Others} and Jekyll {and} Hyde and {and} Co');
    expect(splitTopLevel(author, ' and ').map(decodeBibtex)).toEqual(['Others', 'Jekyll and Hyde', 'and Co']);
  });

  it('derives year and month from the arXiv id when the HF date is unknown', () => {
    const entry = parseBibtex(toBibtex([{ paper: paper({ id: '0704.0001', title: 'x' }), tags: [] }]))[0]!;
    expect(entry.fields.get('year')).toBe('2007');
    expect(entry.fields.get('month')).toBe('apr');
  });
});

describe('escaping', () => {
  it('escapes every BibTeX/LaTeX special character', () => {
    expect(escapeBibtex('& % $ # _ { } ~ ^ \\')).toBe(
      '\\& \\% \\$ \\# \\_ {\\textbraceleft} {\\textbraceright} {\\textasciitilde} {\\textasciicircum} {\\textbackslash}',
    );
  });

  it('treats words that are Object.prototype keys as plain words (found by the property test)', () => {
    expect(escapeBibtexTitle('valueOf constructor toString __proto__ hasOwnProperty')).toBe(
      '{valueOf} constructor {toString} \\_\\_proto\\_\\_ {hasOwnProperty}',
    );
  });

  it('protects capitalised words, leaving a plain first word and lower-case words alone', () => {
    expect(escapeBibtexTitle('Attention Is All You Need')).toBe('Attention {Is} {All} {You} {Need}');
    expect(escapeBibtexTitle('BERT: pre-training of deep Transformers')).toBe('{BERT}: pre-training of deep {Transformers}');
    expect(escapeBibtexTitle('iPhone apps')).toBe('{iPhone} apps');
  });

  it('keeps every field brace-balanced and decodable for any input (property)', () => {
    const specials = fc.constantFrom(
      '{',
      '}',
      '\\',
      '{}',
      '}{',
      '\\{',
      '\\}',
      '%',
      '$',
      '&',
      '#',
      '_',
      '~',
      '^',
      ' and ',
      '@',
      ',',
      '"',
      '\n',
      'A',
    );
    const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.oneof(specials, anyChar), maxLength: 30 }));
    const record = fc.record({
      title: text,
      authors: fc.option(fc.array(text, { maxLength: 4 }), { nil: undefined }),
      abstract: fc.option(text, { nil: undefined }),
      tags: fc.array(text, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 4 }), (records) => {
        const items: ExportItem[] = records.map((r, i) => ({
          paper: paper({ id: `2501.${String(i).padStart(5, '0')}`, title: r.title, authors: r.authors, abstract: r.abstract }),
          tags: r.tags.map((name, j): Tag => ({ id: `t${j}`, name, colour: 'blue', createdAt: 0 })),
        }));
        const bib = toBibtex(items);
        // Balanced as a whole and per entry, for BibTeX's counting and for Zotero's.
        for (const escapes of [false, true]) {
          const walk = braceWalk(bib, escapes);
          expect(walk).toEqual({ min: 0, end: 0 });
        }
        const entries = parseBibtex(bib);
        expect(entries).toHaveLength(items.length);
        entries.forEach((entry, i) => {
          const r = records[i]!;
          for (const value of entry.fields.values()) {
            expect(braceWalk(value, false)).toEqual({ min: 0, end: 0 });
            expect(braceWalk(value, true)).toEqual({ min: 0, end: 0 });
          }
          expect(decodeBibtex(entry.fields.get('title')!)).toBe(oneLine(r.title));
          const names = (r.authors ?? []).map(oneLine).filter(Boolean);
          const author = entry.fields.get('author');
          if (!names.length) expect(author).toBeUndefined();
          else expect(splitTopLevel(author!, ' and ').map(decodeBibtex)).toEqual(names);
          const abstract = r.abstract === undefined ? '' : oneLine(r.abstract);
          expect(entry.fields.has('abstract')).toBe(abstract !== '');
          if (abstract) expect(decodeBibtex(entry.fields.get('abstract')!)).toBe(abstract);
        });
      }),
      { numRuns: 300 },
    );
  }, 20_000);
});

describe('citation keys', () => {
  it('is lastnameYEARfirstword, ASCII-folded and lower-case', () => {
    const item = (title: string, authors?: string[], publishedAt?: string): ExportItem => ({
      paper: paper({ id: '2501.00010', title, authors, publishedAt }),
      tags: [],
    });
    expect(baseCitationKey(item('Attention Is All You Need', ['Ashish Vaswani'], '2017-06-12'))).toBe('vaswani2017attention');
    expect(baseCitationKey(item('The Ölmaß of Things', ['Jürgen Schmidhuber Jr.'], '2024-01-01'))).toBe('schmidhuber2024olmass');
    expect(baseCitationKey(item('A Survey', ['Łukasz Żółć']))).toBe('zolc2025survey');
    expect(baseCitationKey(item('日本語 only', ['山田 太郎']))).toBe('anon2025only');
    expect(asciiFold('Ærøskøbing Straße')).toBe('aeroskobingstrasse');
  });

  it('makes colliding keys unique with a, b, c… (first one bare)', () => {
    const items: ExportItem[] = Array.from({ length: 30 }, (_, i) => ({
      paper: paper({ id: `2501.${String(i).padStart(5, '0')}`, title: 'Same Title', authors: ['Ada Lovelace'] }),
      tags: [],
    }));
    const keys = citationKeys(items);
    expect(keys.slice(0, 4)).toEqual(['lovelace2025same', 'lovelace2025samea', 'lovelace2025sameb', 'lovelace2025samec']);
    expect(keys[26]).toBe('lovelace2025samez');
    expect(keys[27]).toBe('lovelace2025sameaa');
    expect(keys[29]).toBe('lovelace2025sameac');
    expect(new Set(keys).size).toBe(30);
  });

  it('never collides, even when a suffixed key equals another bare key (property)', () => {
    const word = fc.constantFrom('cost', 'costa', 'costb', 'Cost', 'COST', 'còst', 'a', '');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, fc.constantFrom('Lovelace', 'Lové', '')), { maxLength: 40 }), (pairs) => {
        const items = pairs.map(([w, a], i): ExportItem => ({
          paper: paper({ id: `2501.${String(i).padStart(5, '0')}`, title: `${w} x`, authors: a ? [a] : undefined }),
          tags: [],
        }));
        const keys = citationKeys(items);
        expect(new Set(keys).size).toBe(keys.length);
        for (const key of keys) expect(key).toMatch(/^[a-z0-9]+$/);
      }),
    );
  }, 20_000);
});
