// @vitest-environment happy-dom
/**
 * The page is not trusted (issue 17): whatever a papers page holds — in its hydration islands or
 * its cards — the reader never throws into it and never yields more than the library keeps
 * (lib/model/limits). Pages are built inline here, independent of tests/fixtures.
 */
import { readPage } from '../../../lib/hf/read';
import { resetMissLog } from '../../../lib/hf/log';
import { MAX_ABSTRACT, MAX_AUTHORS, MAX_KEYWORDS, MAX_NAME, MAX_TITLE, MAX_URL, withinLimits } from '../../../lib/model/limits';
import { PaperRecord } from '../../../lib/model/paper';

const LIST_URL = new URL('https://huggingface.co/papers/date/2025-03-24');
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
    const doc = listPage('{"dailyPapers": []}');
    doc.querySelector('article a')!.textContent = 'W '.repeat(500_000);
    const p = doc.createElement('p');
    p.textContent = 'word '.repeat(200_000);
    doc.querySelector('article')!.append(p);
    const [read] = readPage(doc, LIST_URL);
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
