// @vitest-environment happy-dom
/**
 * The page is not trusted (issue 17): whatever a papers page holds — in its hydration islands or
 * its cards — the reader never throws into it and never yields more than the library keeps
 * (lib/model/limits). Pages are built inline here, independent of tests/fixtures.
 */
import fc from 'fast-check';
import { readPage } from '../../../lib/hf/read';
import { resetMissLog } from '../../../lib/hf/log';
import { MAX_ABSTRACT, MAX_AUTHORS, MAX_KEYWORDS, MAX_NAME, MAX_TITLE, MAX_URL } from '../../../lib/model/limits';
import { withinLimits } from '../../../lib/model/cap';
import { PaperRecord } from '../../../lib/model/paper';

const LIST_URL = new URL('https://huggingface.co/papers/date/2025-03-24');
const SEARCH_URL = new URL('https://huggingface.co/papers?q=word');
const PAPER_URL = new URL('https://huggingface.co/papers/2501.00001');

/** A list page: the island's props as given (any JSON text), and one card per id. */
function listPage(props: string, ids: readonly string[] = ['2501.00001']): Document {
  const doc = new DOMParser().parseFromString('<!DOCTYPE html><html><body><main></main></body></html>', 'text/html');
  const island = doc.createElement('div');
  island.setAttribute('data-target', 'DailyPapers');
  island.setAttribute('data-props', props);
  const main = doc.querySelector('main')!;
  main.append(island);
  for (const id of ids) {
    const article = doc.createElement('article');
    const h3 = doc.createElement('h3');
    const a = doc.createElement('a');
    a.href = `/papers/${id}`;
    a.textContent = `Card ${id}`;
    h3.append(a);
    article.append(h3);
    main.append(article);
  }
  return doc;
}

beforeEach(() => {
  resetMissLog();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'debug').mockImplementation(() => {});
});

describe('records read from the page are within the limits (issue 17, item 3)', () => {
  it('an island with a 10 MB abstract, 100,000 authors and long everything', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const props = JSON.stringify({
      dailyPapers: [
        {
          paper: {
            id: '2501.00001',
            title: `T ${'t'.repeat(MAX_TITLE * 3)}`,
            summary: big,
            authors: Array.from({ length: 100_000 }, (_, i) => ({ name: i === 7 ? 'n'.repeat(MAX_NAME * 2) : `Author ${i}` })),
            ai_keywords: Array.from({ length: 10_000 }, (_, i) => `k${i}`),
            githubRepo: `https://github.com/${'r'.repeat(MAX_URL)}`,
          },
          submittedBy: { name: 's'.repeat(MAX_NAME * 2) },
          organization: { name: 'o'.repeat(MAX_NAME * 2), fullname: 'O'.repeat(MAX_NAME * 2) },
          thumbnail: `/${'p'.repeat(MAX_URL)}`,
        },
      ],
    });
    const doc = listPage(props);
    const [read] = readPage(doc, LIST_URL);
    const r = read!.record;
    expect(r.title.length).toBe(MAX_TITLE);
    expect(r.abstract).toHaveLength(MAX_ABSTRACT);
    expect(r.authors).toHaveLength(MAX_AUTHORS);
    expect(r.authorCount).toBe(100_000);
    expect(Math.max(...r.authors!.map((a) => a.length))).toBeLessThanOrEqual(MAX_NAME);
    expect(r.keywords).toHaveLength(MAX_KEYWORDS);
    expect(r.submitter).toHaveLength(MAX_NAME);
    expect(r.organization).toEqual({ slug: 'o'.repeat(MAX_NAME), name: 'O'.repeat(MAX_NAME) });
    expect(r.github).toBeUndefined();
    expect(r.thumbnail).toBeUndefined();
    expect(withinLimits(r)).toBe(true);
    expect(PaperRecord.safeParse(r).success).toBe(true);
  });

  it('a card whose DOM holds a 1 MB title and abstract', () => {
    // On search results the card's paragraph is the abstract (on a list it may be the AI summary).
    const doc = listPage('{"dailyPapers": []}');
    doc.querySelector('article a')!.textContent = 'W '.repeat(500_000);
    const p = doc.createElement('p');
    p.textContent = 'word '.repeat(200_000);
    doc.querySelector('article')!.append(p);
    const [read] = readPage(doc, SEARCH_URL);
    expect(read!.record.title.length).toBeLessThanOrEqual(MAX_TITLE);
    expect(read!.record.abstract!.length).toBeLessThanOrEqual(MAX_ABSTRACT);
    expect(withinLimits(read!.record)).toBe(true);
  });

  it('a paper page with a 10 MB title', () => {
    const doc = new DOMParser().parseFromString(
      `<!DOCTYPE html><html><body><main><h1>${'T'.repeat(10 * 1024 * 1024)}</h1><a href="https://arxiv.org/abs/2501.00001">arXiv</a></main></body></html>`,
      'text/html',
    );
    const reads = readPage(doc, PAPER_URL);
    expect(reads).toHaveLength(1);
    for (const { record } of reads) expect(withinLimits(record)).toBe(true);
  });
});

// ---- the fuzz pass ---------------------------------------------------------------------------------

/** 10 MB of text as a JSON string literal, made once. */
const BIG_STRING = JSON.stringify(`${'Huge '.repeat(2 * 1024 * 1024)}`);
/** 100,000 items as a JSON array, made once. */
const BIG_ARRAY = `[${Array.from({ length: 100_000 }, (_, i) => `{"name":"Author ${i}"}`).join(',')}]`;
const KEYS = [
  'id',
  'title',
  'summary',
  'authors',
  'name',
  'fullname',
  'user',
  'ai_keywords',
  'githubRepo',
  'githubStars',
  'projectPage',
  'thumbnail',
  'upvotes',
  'numComments',
  'publishedAt',
  'submittedBy',
  'submittedOnDailyBy',
  'organization',
  'paper',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
];
const IDS = ['2501.00001', '2501.00002', '2501.00003', 'hep-th/9901001'];

/** JSON text of any shape the island could hold: right and wrong types, hostile keys, huge values. */
const json = fc.letrec<{ value: string; object: string; array: string; leaf: string }>((tie) => ({
  leaf: fc.oneof(
    {
      arbitrary: fc.constantFrom(
        'null',
        'true',
        'false',
        '-1',
        '0',
        '1e308',
        '3.5',
        '"2024-12-19T13:59:34.000Z"',
        '"javascript:alert(1)"',
        '"/thumb.png"',
        '"https://github.com/o/r"',
        '""',
        '"   "',
      ),
      weight: 6,
    },
    { arbitrary: fc.constantFrom(...IDS.map((id) => JSON.stringify(id)), '"2501.00001v3"', '"not-an-id"'), weight: 4 },
    { arbitrary: fc.string({ maxLength: 30 }).map((t) => JSON.stringify(t)), weight: 4 },
    { arbitrary: fc.integer().map(String), weight: 2 },
  ),
  object: fc
    .array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 6 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  value: fc.oneof({ maxDepth: 4, depthIdentifier: 'json' }, tie('leaf'), tie('object'), tie('array')),
}));

/** Now and then one huge value (10 MB of text, 100,000 items) under any key: each costs a second to parse. */
const huge = fc.option(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(BIG_STRING, BIG_ARRAY)), { freq: 10 });

/** A list item built around a real id, its fields any JSON. */
const item = fc
  .tuple(fc.constantFrom(...IDS), fc.array(fc.tuple(fc.constantFrom(...KEYS), json.value), { maxLength: 8 }), fc.boolean(), huge)
  .map(([id, fields, nested, big]) => {
    if (big) fields = [...fields, big];
    const body = [`"id":${JSON.stringify(id)}`, ...fields.map(([k, v]) => `${JSON.stringify(k)}:${v}`)].join(',');
    return nested ? `{"paper":{${body}},${fields.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',') || '"x":1'}}` : `{${body}}`;
  });

const island = fc.oneof(
  {
    arbitrary: fc
      .array(fc.oneof(item, json.value), { maxLength: 6 })
      .map((items) => `{"dailyPapers":[${items.join(',')}],"dateString":"2025-03-24"}`),
    weight: 8,
  },
  { arbitrary: json.value.map((v) => `{"dailyPapers":${v}}`), weight: 2 },
  { arbitrary: json.value, weight: 1 },
  { arbitrary: fc.constantFrom('{"dailyPapers": [', '{"__proto__": {"polluted": true}, "dailyPapers": []}', ''), weight: 1 },
);

describe('hostile islands (fuzz)', () => {
  it('the reader never throws, and every record is valid and within the limits', () => {
    let records = 0;
    fc.assert(
      fc.property(island, (props) => {
        const reads = readPage(listPage(props, IDS), LIST_URL);
        for (const { record } of reads) {
          records++;
          expect(withinLimits(record)).toBe(true);
          expect(PaperRecord.safeParse(record).success).toBe(true);
          expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 100 },
    );
    expect(records).toBeGreaterThan(0);
  }, 180_000);

  it('the same on a paper page, whose island is found by the id it holds', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...KEYS), json.value), { maxLength: 8 }), huge, (given, big) => {
        const fields = big ? [...given, big] : given;
        const props = `{"paper":{"id":"2501.00001",${fields.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',') || '"x":1'}}}`;
        const doc = new DOMParser().parseFromString('<!DOCTYPE html><html><body><main><h1>Title</h1></main></body></html>', 'text/html');
        const div = doc.createElement('div');
        div.setAttribute('data-target', 'PaperPage');
        div.setAttribute('data-props', props);
        doc.body.append(div);
        for (const { record } of readPage(doc, PAPER_URL)) {
          expect(withinLimits(record)).toBe(true);
          expect(PaperRecord.safeParse(record).success).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  }, 180_000);
});
