// @vitest-environment happy-dom
import { normalizeItem, readListHydration, readPaperHydration } from '../../../lib/hf/hydration';
import { loggedMisses, resetMissLog } from '../../../lib/hf/log';
import { readPage } from '../../../lib/hf/read';
import { dayOf, loadFixture } from './fixtures';

const BASE = 'https://huggingface.co/papers';

function docWith(attr: string): Document {
  const doc = new DOMParser().parseFromString(
    '<!DOCTYPE html><html><body><div data-target="DailyPapers"></div></body></html>',
    'text/html',
  );
  doc.querySelector('div')!.setAttribute('data-props', attr);
  return doc;
}

beforeEach(() => {
  resetMissLog();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

describe('normalizeItem', () => {
  it('reads the daily_papers item shape', () => {
    const item = {
      paper: {
        id: '2412.14689v2',
        title: ' T \n',
        summary: 'Line one\nline two',
        authors: [{ name: 'Ana' }, { name: 'Bo' }],
        publishedAt: '2024-12-19T13:59:34.000Z',
        upvotes: 3,
        ai_keywords: ['a', ' ', 'b'],
        githubRepo: 'https://github.com/o/r',
        githubStars: 10,
        projectPage: 'https://p.example/',
        submittedOnDailyBy: { user: 'fallback' },
      },
      numComments: 2,
      submittedBy: { name: 'akhaliq', fullname: 'AK' },
      thumbnail: '/thumb.png',
      organization: { name: 'nvidia', fullname: 'NVIDIA' },
    };
    expect(normalizeItem(item, BASE)).toEqual({
      id: '2412.14689',
      title: 'T',
      abstract: 'Line one line two',
      authors: ['Ana', 'Bo'],
      publishedAt: '2024-12-19',
      upvotes: 3,
      comments: 2,
      submitter: 'akhaliq',
      thumbnail: 'https://huggingface.co/thumb.png',
      github: { repo: 'https://github.com/o/r', stars: 10 },
      projectPage: 'https://p.example/',
      keywords: ['a', 'b'],
      organization: { slug: 'nvidia', name: 'NVIDIA' },
    });
  });

  it('accepts a flat paper object and drops wrong types', () => {
    expect(
      normalizeItem(
        { id: '2501.00001', title: 42, upvotes: -1, authors: [{ name: 'Ana' }, { nom: 'x' }], thumbnail: 'javascript:x' },
        BASE,
      ),
    ).toEqual({ id: '2501.00001' });
  });

  it('rejects items without an arXiv id', () => {
    expect(normalizeItem({ paper: { id: 'not-an-id', title: 'T' } }, BASE)).toBeUndefined();
    expect(normalizeItem(null, BASE)).toBeUndefined();
    expect(normalizeItem([], BASE)).toBeUndefined();
  });
});

describe('readListHydration', () => {
  it('keeps the first item of a duplicated id', () => {
    const h = readListHydration(
      docWith(JSON.stringify({ dailyPapers: [{ paper: { id: '2501.00001', title: 'A' } }, { paper: { id: '2501.00001', title: 'B' } }] })),
      BASE,
    )!;
    expect(h.papers.get('2501.00001')?.title).toBe('A');
    expect(h.listing).toBeUndefined();
  });

  it.each([
    [{ isTrending: true, dateString: '2025-03-24', periodType: 'day' }, { kind: 'trending' }],
    [
      { dateString: '2025-03-24', periodType: 'day' },
      { kind: 'day', listingDate: '2025-03-24' },
    ],
    [
      { dateString: '2025-03-24T00:00:00.000Z', periodType: 'day' },
      { kind: 'day', listingDate: '2025-03-24' },
    ],
    [{ dateString: '2025-03-24' }, { kind: 'day', listingDate: '2025-03-24' }],
    [
      { dateString: '2025-W12', periodType: 'week' },
      { kind: 'week', listingDate: '2025-03-17' },
    ],
    [
      { dateString: '2025-03-20', periodType: 'week' },
      { kind: 'week', listingDate: '2025-03-17' },
    ],
    [{ dateString: '2025-W12' }, { kind: 'week', listingDate: '2025-03-17' }],
    [
      { dateString: '2025-03', periodType: 'month' },
      { kind: 'month', listingDate: '2025-03-01' },
    ],
    [
      { dateString: '2025-03-20', periodType: 'month' },
      { kind: 'month', listingDate: '2025-03-01' },
    ],
    [{ dateString: '2025-W12', periodType: 'month' }, undefined],
    [{ dateString: 'yesterday', periodType: 'day' }, undefined],
    [{ dateString: 20250324, periodType: 'day' }, undefined],
    [{ periodType: 'week' }, undefined],
  ])('the island says which listing it holds: %j', (props, listing) => {
    expect(readListHydration(docWith(JSON.stringify({ dailyPapers: [], ...props })), BASE)!.listing).toEqual(listing);
  });

  it.each(['{"dailyPapers": [', 'null', '[]', '{"dailyPapers": {}}', ''])('malformed props %j: no hydration, logged once', (attr) => {
    expect(readListHydration(docWith(attr), BASE)).toBeUndefined();
  });

  it('logs malformed JSON under the selector name', () => {
    readListHydration(docWith('{oops'), BASE);
    readListHydration(docWith('{oops'), BASE);
    expect(loggedMisses()).toEqual(['listHydration']);
  });
});

describe('malformed data-props falls back to the DOM', () => {
  it('reads the date fixture from its cards alone', () => {
    const doc = loadFixture('date');
    doc.querySelector('[data-target="DailyPapers"]')!.setAttribute('data-props', '{"dailyPapers": [{"paper": ');
    const read = readPage(doc, new URL('https://huggingface.co/papers/date/2024-12-19'), { today: dayOf('2025-03-24') });
    expect(read.map((r) => r.id)).toEqual(['2412.14689', '2412.15115', 'hep-th/9901001', '2412.14233', '2412.13663']);
    expect(read[0]!.record).toMatchObject({ upvotes: 145, comments: 4, submitter: 'akhaliq', github: { stars: 231 } });
    // Compact day cards show no abstract, authors or date: only the JSON had them.
    expect([read[0]!.record.abstract, read[0]!.record.authors, read[0]!.record.publishedAt]).toEqual([undefined, undefined, undefined]);
    expect(loggedMisses()).toContain('listHydration');
  });
});

describe('paper page', () => {
  it('reads PaperContent: hidden authors are not listed, the comment count is comments.length', () => {
    const hyd = readPaperHydration(loadFixture('paper'), '2412.14689', BASE)!;
    expect(hyd.authors).toEqual(['Zeng Fu', 'Weiqin Li', 'Xiaoyu Wang', 'Ruiqi Xu', 'Lei Chen', 'Jun Sun']);
    expect(hyd.comments).toBe(4);
    expect(hyd.aiSummary).toMatch(/^A real-world hazy image dataset/);
  });

  it('finds the island carrying the paper, whatever its data-target', () => {
    expect(readPaperHydration(loadFixture('paper'), '2412.14689', BASE)?.keywords).toEqual([
      'remote sensing',
      'image dehazing',
      'benchmark dataset',
    ]);
    expect(readPaperHydration(loadFixture('paper'), '2412.99999', BASE)).toBeUndefined();
    const renamed = loadFixture('paper');
    renamed.querySelector('[data-target="PaperContent"]')!.setAttribute('data-target', 'PaperPage');
    expect(readPaperHydration(renamed, '2412.14689', BASE)?.comments).toBe(4);
  });

  it('reads the page alone when there is no island', () => {
    const doc = loadFixture('paper');
    for (const el of doc.querySelectorAll('[data-props]')) el.removeAttribute('data-props'); // the islands wrap the page: keep their content
    const [r] = readPage(doc, new URL('https://huggingface.co/papers/2412.14689v2'), { today: dayOf('2025-03-24') });
    expect(r!.record).toEqual({
      id: '2412.14689',
      title: 'Real-World Remote Sensing Image Dehazing: Benchmark and Baseline',
      abstract: expect.stringMatching(/^We study remote sensing image dehazing\. .* less compute\.$/),
      aiSummary: expect.stringMatching(/^A real-world hazy image dataset and a dehazing network/),
      authors: ['Zeng Fu', 'Weiqin Li', 'Xiaoyu Wang', 'Ruiqi Xu', 'Lei Chen', 'Jun Sun'],
      authorCount: 6,
      organization: { slug: 'furiosa-ai', name: 'FuriosaAI' },
      publishedAt: '2024-12-19',
      upvotes: 145,
      submitter: 'akhaliq',
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2412.14689.png',
      github: { repo: 'https://github.com/lwCVer/RRSHID', stars: 231 },
      projectPage: 'https://lwcver.github.io/RRSHID/',
      seenOn: { view: 'paper', url: 'https://huggingface.co/papers/2412.14689v2' },
    });
    expect(r!.card.tagName).toBe('SECTION');
  });

  it('reads nothing from an error page that only has an <h1>', () => {
    const doc = new DOMParser().parseFromString(
      '<!DOCTYPE html><html><body><main><section><h1>404</h1><p>Sorry, we can’t find the page.</p></section></main></body></html>',
      'text/html',
    );
    expect(readPage(doc, new URL('https://huggingface.co/papers/2412.99999'))).toEqual([]);
    expect(loggedMisses()).toEqual(['paperTitle']);
  });
});
