import fc from 'fast-check';
import { exportLibrary } from '../../../lib/export';
import { cslName, toCslJson, type CslItem } from '../../../lib/export/csljson';
import { buildItems, type ExportItem } from '../../../lib/export/items';
import { fixtureSnapshot, NOW, paper } from './fixture';

/** The whole expected output for the fixture library (see fixture.ts for what each paper tests). */
const GOLDEN: CslItem[] = [
  {
    id: 'kaiser2024lukasz',
    type: 'article',
    title: 'Łukasz’s Über-Transformers: Scaling “Große” Modelle — 日本語 Too',
    author: [
      { family: 'Kaiser', given: 'Łukasz' },
      { family: 'Müller', given: 'José' },
      { family: 'Ødegård', given: 'Zoë' },
    ],
    issued: { 'date-parts': [[2024, 12, 19]] },
    publisher: 'arXiv',
    number: 'arXiv:2412.14689',
    archive: 'arXiv',
    archive_location: '2412.14689',
    URL: 'https://arxiv.org/abs/2412.14689',
    abstract: 'We scale models.\nSecond line, with a comma and "quotes".',
    keyword: 'LLM, To read later',
    note: 'Tags: LLM, To read, later',
  },
  {
    id: 'lovelace2025cost',
    type: 'article',
    title: 'Cost {and} Benefit: 100% of $x_1$ & C# \\ ~^ in GPT-4',
    author: [
      { family: 'Lovelace', given: 'Ada' },
      { family: 'Babbage', given: 'Charles' },
    ],
    issued: { 'date-parts': [[2025, 1, 2]] },
    publisher: 'arXiv',
    number: 'arXiv:2501.00001',
    archive: 'arXiv',
    archive_location: '2501.00001',
    URL: 'https://arxiv.org/abs/2501.00001',
  },
  {
    id: 'anon2025hyperlink',
    type: 'article',
    title: '=HYPERLINK("http://evil.example/?a=1","click me")',
    issued: { 'date-parts': [[2025, 1, 3]] },
    publisher: 'arXiv',
    number: 'arXiv:2501.00002',
    archive: 'arXiv',
    archive_location: '2501.00002',
    URL: 'https://arxiv.org/abs/2501.00002',
  },
  {
    id: 'hopper2025net',
    type: 'article',
    title: '-Net: Negative Results <script>alert(1)</script> [x](javascript:alert(1))',
    author: [
      { family: 'Hopper', given: 'Grace' },
      { family: 'Turing', given: 'Alan' },
    ],
    issued: { 'date-parts': [[2025, 1, 4]] },
    publisher: 'arXiv',
    number: 'arXiv:2501.00003',
    archive: 'arXiv',
    archive_location: '2501.00003',
    URL: 'https://arxiv.org/abs/2501.00003',
    keyword: 'To read later',
    note: 'Tags: To read, later',
  },
  {
    id: 'maldacena1999large',
    type: 'article',
    title: 'The Large N Limit of Superconformal Field Theories',
    author: [{ family: 'Maldacena', given: 'Juan' }],
    // No HF date: year and month from the old-style id, no day.
    issued: { 'date-parts': [[1999, 1]] },
    publisher: 'arXiv',
    number: 'arXiv:hep-th/9901001',
    archive: 'arXiv',
    archive_location: 'hep-th/9901001',
    URL: 'https://arxiv.org/abs/hep-th/9901001',
  },
  {
    id: 'lovelace2025costa',
    type: 'article',
    title: 'Cost Models Revisited',
    author: [{ family: 'Lovelace', given: 'Ada' }],
    issued: { 'date-parts': [[2025, 1, 5]] },
    publisher: 'arXiv',
    number: 'arXiv:2501.00004',
    archive: 'arXiv',
    archive_location: '2501.00004',
    URL: 'https://arxiv.org/abs/2501.00004',
  },
];

// ---- a structural check after the CSL-JSON schema (csl-data.json, CSL 1.0.2) -----------------------

const CSL_TYPES = new Set([
  'article',
  'article-journal',
  'article-magazine',
  'article-newspaper',
  'book',
  'chapter',
  'paper-conference',
  'report',
  'thesis',
  'webpage',
]);
const STRING_VARIABLES = new Set([
  'id',
  'type',
  'title',
  'container-title',
  'publisher',
  'number',
  'archive',
  'archive_location',
  'URL',
  'DOI',
  'abstract',
  'keyword',
  'note',
]);
const NAME_PARTS = new Set(['family', 'given', 'suffix', 'literal', 'dropping-particle', 'non-dropping-particle']);

function cslProblems(data: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(data)) return ['not an array'];
  const ids = new Set<string>();
  data.forEach((item: Record<string, unknown>, i) => {
    const at = `item ${i}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return problems.push(`${at}: not an object`);
    if (typeof item.id !== 'string' || !item.id) problems.push(`${at}: no id`);
    else if (ids.has(item.id)) problems.push(`${at}: id ${item.id} twice`);
    else ids.add(item.id);
    if (!CSL_TYPES.has(item.type as string)) problems.push(`${at}: type ${String(item.type)}`);
    for (const [key, value] of Object.entries(item)) {
      if (key === 'author') {
        if (!Array.isArray(value) || !value.length) problems.push(`${at}: author not a list`);
        else
          for (const name of value as Record<string, unknown>[]) {
            const keys = Object.keys(name);
            if (!keys.length || keys.some((k) => !NAME_PARTS.has(k) || typeof name[k] !== 'string' || !name[k]))
              problems.push(`${at}: bad name ${JSON.stringify(name)}`);
            if ('literal' in name && ('family' in name || 'given' in name)) problems.push(`${at}: literal with parts`);
          }
      } else if (key === 'issued') {
        const parts = (value as { 'date-parts'?: unknown })['date-parts'];
        const ok =
          Array.isArray(parts) &&
          parts.length === 1 &&
          Array.isArray(parts[0]) &&
          parts[0].length >= 1 &&
          parts[0].length <= 3 &&
          parts[0].every((n: unknown) => Number.isInteger(n));
        if (!ok || Object.keys(value as object).length !== 1) problems.push(`${at}: bad issued ${JSON.stringify(value)}`);
      } else if (!STRING_VARIABLES.has(key)) problems.push(`${at}: unknown variable ${key}`);
      else if (typeof value !== 'string' || !value) problems.push(`${at}: ${key} not a non-empty string`);
    }
    if (item.type === 'article-journal' && !item['container-title']) problems.push(`${at}: article-journal without container-title`);
  });
  return problems;
}

describe('toCslJson', () => {
  it('writes the golden items for the fixture library, in order', () => {
    const text = toCslJson(buildItems(fixtureSnapshot()));
    expect(JSON.parse(text)).toEqual(GOLDEN);
    // Key order is reading order: id, type, title, author, issued…
    expect(Object.keys(JSON.parse(text)[0])).toEqual(Object.keys(GOLDEN[0]!));
    expect(text.endsWith(']\n')).toBe(true);
  });

  it('is valid CSL-JSON by the schema’s shape', () => {
    expect(cslProblems(JSON.parse(toCslJson(buildItems(fixtureSnapshot()))))).toEqual([]);
  });

  it('uses the BibTeX citation keys, so a document cites the same key from either file', () => {
    const ids = JSON.parse(toCslJson(buildItems(fixtureSnapshot()))).map((i: CslItem) => i.id);
    const bib = exportLibrary('bibtex', fixtureSnapshot(), { now: NOW }).text;
    expect([...bib.matchAll(/^@misc\{([^,]+),/gm)].map((m) => m[1])).toEqual(ids);
  });

  it('puts notes (on the item or on the paper, when the model has them), DOI and venue where CSL has them', () => {
    const base = buildItems(fixtureSnapshot(), ['2412.14689'])[0]!;
    const onItem = { ...base, notes: 'Read §3.\nCompare with BERT.' } as ExportItem;
    const onPaper: ExportItem = {
      ...base,
      paper: { ...base.paper, notes: 'From the paper', doi: '10.1000/xyz123', venue: 'NeurIPS 2024' } as ExportItem['paper'],
    };
    const [a, b] = JSON.parse(toCslJson([onItem, onPaper])) as CslItem[];
    expect(a!.note).toBe('Read §3.\nCompare with BERT.\n\nTags: LLM, To read, later');
    expect(a!.type).toBe('article');
    expect(b).toMatchObject({
      note: 'From the paper\n\nTags: LLM, To read, later',
      DOI: '10.1000/xyz123',
      type: 'article-journal',
      'container-title': 'NeurIPS 2024',
    });
    expect(cslProblems([a, b])).toEqual([]);
    // A DOI that is not one is not written.
    const bad: ExportItem = { ...base, paper: { ...base.paper, doi: 'javascript:alert(1)' } as ExportItem['paper'] };
    expect(JSON.parse(toCslJson([bad]))[0].DOI).toBeUndefined();
  });

  it('is an empty array for no papers', () => {
    expect(toCslJson([])).toBe('[]\n');
  });

  it('stays valid JSON whatever the text (property: quotes, backslashes, controls, lone surrogates)', () => {
    const text = fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u2028', '\ud800', '</script>', 'a', ' ', 'é') });
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 3 }), text, (title, authors, abstract) => {
        const item: ExportItem = { paper: paper({ id: '2501.00001', title, authors, abstract }), tags: [] };
        const parsed = JSON.parse(toCslJson([item]));
        expect(parsed).toHaveLength(1);
        expect(parsed[0].archive_location).toBe('2501.00001');
      }),
    );
  }, 20_000);
});

describe('cslName', () => {
  it('splits a person at the family name, particles and suffixes kept right', () => {
    expect(cslName('Ashish Vaswani')).toEqual({ family: 'Vaswani', given: 'Ashish' });
    expect(cslName('Jean-Baptiste  Alayrac')).toEqual({ family: 'Alayrac', given: 'Jean-Baptiste' });
    expect(cslName('Laurens van der Maaten')).toEqual({ family: 'van der Maaten', given: 'Laurens' });
    expect(cslName('Ludwig van Beethoven')).toEqual({ family: 'van Beethoven', given: 'Ludwig' });
    expect(cslName('Martin Luther King Jr.')).toEqual({ family: 'King', given: 'Martin Luther', suffix: 'Jr.' });
    expect(cslName('Martin Luther King, Jr.')).toEqual({ family: 'King', given: 'Martin Luther', suffix: 'Jr.' });
    expect(cslName('J. R. R. Tolkien')).toEqual({ family: 'Tolkien', given: 'J. R. R.' });
    expect(cslName('Kaiming He')).toEqual({ family: 'He', given: 'Kaiming' });
    expect(cslName('Ai Zhang')).toEqual({ family: 'Zhang', given: 'Ai' });
    // A capitalised "Van" is a given name or part of it, not a particle.
    expect(cslName('Van Nguyen')).toEqual({ family: 'Nguyen', given: 'Van' });
  });

  it('keeps a single word or an organisation whole, as literal', () => {
    expect(cslName('DeepSeek-AI')).toEqual({ literal: 'DeepSeek-AI' });
    expect(cslName('山田太郎')).toEqual({ literal: '山田太郎' });
    expect(cslName('Qwen Team')).toEqual({ literal: 'Qwen Team' });
    expect(cslName('Google DeepMind')).toEqual({ literal: 'Google DeepMind' });
    expect(cslName('Meta AI')).toEqual({ literal: 'Meta AI' });
    expect(cslName('Allen Institute for AI')).toEqual({ literal: 'Allen Institute for AI' });
    expect(cslName('The ATLAS Collaboration')).toEqual({ literal: 'The ATLAS Collaboration' });
  });
});

describe('exportLibrary("csljson")', () => {
  it('names the file .csl.json and gives the CSL-JSON media type', () => {
    const file = exportLibrary('csljson', fixtureSnapshot(), { now: NOW, label: 'starred' });
    expect(file.filename).toBe('paperdeck-starred-2026-11-23.csl.json');
    expect(file.mime).toBe('application/vnd.citationstyles.csl+json');
    expect(file.count).toBe(6);
  });
});
