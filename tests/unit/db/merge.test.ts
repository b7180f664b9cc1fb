import { SEEN_ON_CAP, listingPath, localDay } from '../../../lib/db/derive';
import { RECORD_FIELDS, addListing, isEmpty, mergeRecord, mergeStored, sameValue } from '../../../lib/db/merge';
import { StoredPaper } from '../../../lib/model/library';
import { HOUR, T0, record } from './helpers';

const ID = '2412.14689';
const full = record(ID, {
  title: 'Token-level Diffusion: Scaling Laws for the Éclair Model',
  abstract: 'We study scaling.',
  authors: ['Ada Lovelace', 'Alan Turing'],
  authorCount: 2,
  organization: { slug: 'deepmind', name: 'Google DeepMind' },
  publishedAt: '2024-12-19',
  upvotes: 10,
  comments: 2,
  submitter: 'akhaliq',
  thumbnail: 'https://cdn.example/thumb.png',
  github: { repo: 'https://github.com/a/b', stars: 5 },
  projectPage: 'https://example.org/p',
  keywords: ['diffusion'],
  aiSummary: 'Scaling laws for token-level diffusion.',
  seenOn: { view: 'daily', url: 'https://huggingface.co/papers?date=2024-12-19#x' },
});

describe('derived values', () => {
  it('keeps path and query of a listing, not origin or fragment', () => {
    expect(listingPath('https://huggingface.co/papers/date/2025-01-02?x=1#frag')).toBe('/papers/date/2025-01-02?x=1');
  });

  it('formats the local day', () => {
    const d = new Date(2025, 0, 5, 23, 59);
    expect(localDay(d.getTime())).toBe('2025-01-05');
  });

  it('treats absent, blank and empty values as empty, but not 0', () => {
    expect([undefined, null, '', '  ', [], {}, { name: '' }].every(isEmpty)).toBe(true);
    expect([0, 'x', ['a'], { slug: 'a' }, false].some(isEmpty)).toBe(false);
  });

  it('merges every PaperRecord field except id and seenOn', () => {
    expect(RECORD_FIELDS).toContain('upvotes');
    expect(RECORD_FIELDS).toContain('aiSummary'); // HF's AI summary rides along like every field
    expect(RECORD_FIELDS).not.toContain('id');
    expect(RECORD_FIELDS).not.toContain('seenOn');
  });
});

describe('mergeRecord', () => {
  it('makes a valid StoredPaper from a first read', () => {
    const row = mergeRecord(undefined, full, T0);
    expect(StoredPaper.parse(row)).toEqual(row);
    expect(row).toMatchObject({
      id: ID,
      firstSeenAt: T0,
      lastSeenAt: T0,
      firstSeenDay: localDay(T0),
      seenCount: 1,
      seenOn: [{ view: 'daily', path: '/papers?date=2024-12-19', at: T0 }],
      upvotes: 10,
    });
    expect('titleWords' in row).toBe(false); // no title-word index since schema v4
    expect('seenOn' in row && !('url' in row.seenOn[0]!)).toBe(true);
  });

  it('never overwrites a known field with an empty one', () => {
    const first = mergeRecord(undefined, full, T0);
    const sparse = record(ID, {
      title: full.title,
      abstract: '',
      authors: [],
      organization: { slug: 'deepmind' },
      github: undefined,
    });
    const row = mergeRecord(first, sparse, T0 + HOUR);
    expect(row.abstract).toBe('We study scaling.');
    expect(row.authors).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect(row.organization).toEqual({ slug: 'deepmind', name: 'Google DeepMind' });
    expect(row.github).toEqual({ repo: 'https://github.com/a/b', stars: 5 });
    expect(row.submitter).toBe('akhaliq');
  });

  it('fills gaps from any read and does not store empty members', () => {
    const first = mergeRecord(undefined, record(ID, { abstract: '', organization: { slug: 'x', name: '' } }), T0);
    expect('abstract' in first).toBe(false);
    expect(first.organization).toEqual({ slug: 'x' });
    const row = mergeRecord(first, record(ID, { abstract: 'Now known.' }), T0 + HOUR);
    expect(row.abstract).toBe('Now known.');
  });

  it('takes the newest counts and keeps the earliest firstSeenAt', () => {
    const first = mergeRecord(undefined, full, T0);
    const later = mergeRecord(first, { ...full, upvotes: 42, comments: 0, github: { repo: full.github!.repo, stars: 9 } }, T0 + HOUR);
    expect(later).toMatchObject({ upvotes: 42, comments: 0, firstSeenAt: T0, lastSeenAt: T0 + HOUR, seenCount: 2 });
    expect(later.github).toEqual({ repo: 'https://github.com/a/b', stars: 9 });

    // A read that happened earlier (a late-delivered message) only fills gaps and moves firstSeenAt back.
    const stale = mergeRecord(later, { ...full, upvotes: 1, submitter: 'someone' }, T0 - HOUR);
    expect(stale).toMatchObject({ upvotes: 42, submitter: 'akhaliq', firstSeenAt: T0 - HOUR, lastSeenAt: T0 + HOUR });
    expect(stale.firstSeenDay).toBe(localDay(T0 - HOUR));
  });

  it('replaces an organisation with another slug instead of mixing them', () => {
    const first = mergeRecord(undefined, full, T0);
    const row = mergeRecord(first, { ...full, organization: { slug: 'openai' } }, T0 + HOUR);
    expect(row.organization).toEqual({ slug: 'openai' });
  });

  it("takes a newer read's title, and derives nothing from it", () => {
    const first = mergeRecord(undefined, full, T0);
    const row = mergeRecord(first, { ...full, title: 'Entirely New Title' }, T0 + HOUR);
    expect(row.title).toBe('Entirely New Title');
    expect('titleWords' in row).toBe(false);
  });

  it('keeps the last SEEN_ON_CAP distinct listings, most recent last', () => {
    let row = mergeRecord(undefined, full, T0);
    for (let i = 1; i <= SEEN_ON_CAP + 5; i++) {
      row = mergeRecord(
        row,
        { ...full, seenOn: { view: 'date', url: `https://huggingface.co/papers/date/2025-01-${String(i).padStart(2, '0')}` } },
        T0 + i,
      );
    }
    // Revisit an old listing: it moves to the end instead of appearing twice.
    row = mergeRecord(row, { ...full, seenOn: { view: 'date', url: 'https://huggingface.co/papers/date/2025-01-10' } }, T0 + 100);
    expect(row.seenOn).toHaveLength(SEEN_ON_CAP);
    expect(row.seenOn.at(-1)).toEqual({ view: 'date', path: '/papers/date/2025-01-10', at: T0 + 100 });
    expect(row.seenOn.filter((l) => l.path === '/papers/date/2025-01-10')).toHaveLength(1);
    expect(row.seenCount).toBe(SEEN_ON_CAP + 7);
    const ats = row.seenOn.map((l) => l.at);
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
  });

  it('does not count a refresh that is not a read', () => {
    const first = mergeRecord(undefined, full, T0);
    const row = mergeRecord(first, { ...full, upvotes: 50 }, T0 + HOUR, false);
    expect(row).toMatchObject({ seenCount: 1, lastSeenAt: T0, upvotes: 50 });
    expect(row.seenOn).toEqual(first.seenOn);
  });

  it('addListing sorts an out-of-order visit into place', () => {
    const list = [
      { view: 'daily' as const, path: '/a', at: 10 },
      { view: 'daily' as const, path: '/b', at: 20 },
    ];
    expect(addListing(list, { view: 'daily', path: '/c', at: 15 }).map((l) => l.path)).toEqual(['/a', '/c', '/b']);
  });
});

describe('mergeStored (import)', () => {
  it('is idempotent and unions histories', () => {
    const a = mergeRecord(undefined, full, T0);
    const b = mergeRecord(
      mergeRecord(undefined, { ...full, abstract: undefined, upvotes: 99 }, T0 - HOUR),
      { ...full, upvotes: 99, seenOn: { view: 'week', url: 'https://huggingface.co/papers/week/2025-W03' } },
      T0 + HOUR,
    );
    const merged = mergeStored(a, b);
    expect(merged).toMatchObject({
      firstSeenAt: T0 - HOUR,
      lastSeenAt: T0 + HOUR,
      upvotes: 99,
      abstract: 'We study scaling.',
      seenCount: 2,
    });
    expect(merged.seenOn.map((l) => l.view)).toEqual(['daily', 'week']);
    expect(sameValue(mergeStored(merged, b), merged)).toBe(true);
    expect(sameValue(mergeStored(a, a), a)).toBe(true);
  });
});
