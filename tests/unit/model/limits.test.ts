import { LibrarySnapshot } from '../../../lib/model/library';
import { MAX_ABSTRACT, MAX_AUTHORS, MAX_KEYWORDS, MAX_NAME, MAX_TITLE, MAX_URL, cutText } from '../../../lib/model/limits';
import { capRecord, withinLimits } from '../../../lib/model/cap';
import { PaperRecord } from '../../../lib/model/paper';
import * as importLimits from '../../../lib/import/text';

const seenOn = { view: 'daily' as const, url: 'https://huggingface.co/papers' };
const long = (n: number, unit = 'x') => unit.repeat(n);

/** A record over every limit. */
function hostile(): PaperRecord {
  return {
    id: '2501.00001',
    title: long(MAX_TITLE + 50),
    abstract: long(10_000_000),
    authors: Array.from({ length: MAX_AUTHORS + 100 }, (_, i) => `${long(MAX_NAME + 1)}${i}`),
    authorCount: MAX_AUTHORS + 100,
    organization: { slug: long(MAX_NAME * 2), name: long(MAX_NAME * 2) },
    submitter: long(MAX_NAME + 1),
    keywords: Array.from({ length: MAX_KEYWORDS * 3 }, () => long(MAX_NAME + 1)),
    thumbnail: `https://huggingface.co/${long(MAX_URL)}`,
    projectPage: `https://example.org/${long(MAX_URL)}`,
    github: { repo: `https://github.com/${long(MAX_URL)}` },
    seenOn: { view: 'search', url: `https://huggingface.co/papers?q=${long(MAX_URL)}` },
  };
}

function expectWithin(r: Omit<PaperRecord, 'seenOn'>): void {
  expect(r.title.length).toBeLessThanOrEqual(MAX_TITLE);
  expect(r.abstract!.length).toBeLessThanOrEqual(MAX_ABSTRACT);
  expect(r.authors!.length).toBeLessThanOrEqual(MAX_AUTHORS);
  for (const a of r.authors!) expect(a.length).toBeLessThanOrEqual(MAX_NAME);
  expect(r.keywords!.length).toBeLessThanOrEqual(MAX_KEYWORDS);
  expect(r.organization!.slug.length).toBeLessThanOrEqual(MAX_NAME);
  expect(withinLimits({ ...r, seenOn })).toBe(true);
}

describe('one set of limits for a paper (issue 17, item 3)', () => {
  it('is the import parsers’ too', () => {
    expect([importLimits.MAX_TITLE, importLimits.MAX_ABSTRACT, importLimits.MAX_AUTHORS, importLimits.MAX_NAME]).toEqual([
      MAX_TITLE,
      MAX_ABSTRACT,
      MAX_AUTHORS,
      MAX_NAME,
    ]);
  });

  it('capRecord cuts every text and list, drops over-long links, keeps the author count', () => {
    const r = capRecord(hostile());
    expectWithin(r);
    expect(r.authorCount).toBe(MAX_AUTHORS + 100);
    expect(r.thumbnail).toBeUndefined();
    expect(r.projectPage).toBeUndefined();
    expect(r.github).toBeUndefined();
    expect(r.seenOn.url).toHaveLength(MAX_URL);
    expect(PaperRecord.safeParse(r).success).toBe(true);
  });

  it('capRecord returns a record within the limits as it is', () => {
    const r: PaperRecord = { id: '2501.00001', title: 'T', authors: ['A'], seenOn };
    expect(capRecord(r)).toBe(r);
  });

  it('cuts between characters, never inside a surrogate pair', () => {
    expect(cutText(`${long(9)}😀`, 10)).toBe(long(9));
    expect(cutText('ab  cd', 4)).toBe('ab');
  });

  it('the schema cuts texts and lists, and refuses a link over the limit', () => {
    const { thumbnail: _t, projectPage: _p, github: _g, seenOn: _s, ...rest } = hostile();
    const parsed = PaperRecord.parse({ ...rest, seenOn });
    expectWithin(parsed);
    expect(PaperRecord.safeParse({ ...rest, seenOn, thumbnail: `https://huggingface.co/${long(MAX_URL)}` }).success).toBe(false);
  });

  it('a backup holding a paper over the limits (from before them) still restores, that paper cut', () => {
    const { thumbnail: _t, projectPage: _p, github: _g, seenOn: _s, ...rest } = hostile();
    const paper = { ...rest, firstSeenAt: 1, lastSeenAt: 2, firstSeenDay: '2025-01-01', seenCount: 1, seenOn: [], titleWords: ['x'] };
    const parsed = LibrarySnapshot.parse({ papers: [paper], stars: [], tags: [], paperTags: [], rules: [], settings: {} });
    expectWithin(parsed.papers[0]!);
  });
});
