import { mergeSnapshot, planMerge, type MergeBase, type MergeReport } from '../../../lib/db/snapshot-merge';
import { DEFAULT_SETTINGS } from '../../../lib/model/defaults';
import type { LibrarySnapshot } from '../../../lib/model/library';
import { fixtureSnapshot, paper, P_UNICODE } from '../export/fixture';

const DAY = 86_400_000;
const T0 = P_UNICODE.firstSeenAt;

function empty(): LibrarySnapshot {
  return { papers: [], stars: [], tags: [], paperTags: [], rules: [], settings: { ...DEFAULT_SETTINGS } };
}

/** A library that has never stored anything, settings included (new, or wiped). */
function nothingStored(): MergeBase {
  return { papers: [], stars: [], tags: [], paperTags: [], rules: [] };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const NOTHING: MergeReport = {
  papersAdded: 0,
  papersUpdated: 0,
  starsAdded: 0,
  tagsAdded: 0,
  linksAdded: 0,
  rulesAdded: 0,
  notesChanged: 0,
  notInterestedAdded: 0,
  settingsChanged: false,
};

describe('mergeSnapshot', () => {
  it('into an empty library gives the incoming library back, and reports all of it', () => {
    const { merged, report } = mergeSnapshot(nothingStored(), fixtureSnapshot());
    expect(merged).toEqual(fixtureSnapshot());
    expect(report).toEqual({
      papersAdded: 6,
      papersUpdated: 0,
      starsAdded: 2,
      tagsAdded: 2,
      linksAdded: 3,
      rulesAdded: 2,
      notesChanged: 0,
      notInterestedAdded: 1,
      settingsChanged: true,
    });
  });

  it('is idempotent: merging the same library again adds and changes nothing', () => {
    const once = mergeSnapshot(nothingStored(), fixtureSnapshot()).merged;
    const twice = mergeSnapshot(once, fixtureSnapshot());
    expect(twice.merged).toEqual(once);
    expect(twice.report).toEqual(NOTHING);
  });

  it('does not modify its inputs', () => {
    const existing = deepFreeze(fixtureSnapshot());
    const incoming = deepFreeze({
      ...fixtureSnapshot(),
      papers: fixtureSnapshot().papers.map((p) => ({ ...p, lastSeenAt: p.lastSeenAt + DAY })),
    });
    expect(() => mergeSnapshot(existing, incoming)).not.toThrow();
  });

  it('merges a paper field by field: the fresher read wins, gaps are filled, nothing is emptied', () => {
    const existing = {
      ...empty(),
      papers: [
        paper({
          id: '2412.14689',
          title: 'Title as read last week',
          upvotes: 400,
          organization: { slug: 'google', name: 'Google' },
          firstSeenAt: T0 + DAY,
          firstSeenDay: '2026-11-02',
          lastSeenAt: T0 + 5 * DAY,
          seenCount: 3,
          seenOn: [{ view: 'daily', path: '/papers', at: T0 + 5 * DAY }],
        }),
      ],
    };
    const incoming = {
      ...empty(),
      papers: [
        paper({
          id: '2412.14689',
          title: 'Title as read earlier',
          abstract: 'An abstract the library did not have.',
          authors: ['Ada Lovelace'],
          upvotes: 342,
          firstSeenAt: T0,
          firstSeenDay: '2026-11-01',
          lastSeenAt: T0 + DAY,
          seenCount: 2,
          seenOn: [
            { view: 'daily', path: '/papers', at: T0 },
            { view: 'paper', path: '/papers/2412.14689', at: T0 + DAY },
          ],
        }),
      ],
    };
    const { merged, report } = mergeSnapshot(existing, incoming);
    expect(report).toMatchObject({ papersAdded: 0, papersUpdated: 1 });
    expect(merged.papers).toEqual([
      {
        id: '2412.14689',
        title: 'Title as read last week', // existing read is fresher
        upvotes: 400,
        organization: { slug: 'google', name: 'Google' },
        abstract: 'An abstract the library did not have.', // gap filled
        authors: ['Ada Lovelace'], // gap filled
        firstSeenAt: T0, // earliest, with its day
        firstSeenDay: '2026-11-01',
        lastSeenAt: T0 + 5 * DAY,
        seenCount: 3,
        // Union by time; capped at the longer list (2 entries): the two most recent.
        seenOn: [
          { view: 'paper', path: '/papers/2412.14689', at: T0 + DAY },
          { view: 'daily', path: '/papers', at: T0 + 5 * DAY },
        ],
      },
    ]);

    // The other way round: the incoming read is fresher, but lacks the organization.
    const reverse = mergeSnapshot(incoming, existing).merged.papers[0]!;
    expect(reverse.title).toBe('Title as read last week');
    expect(reverse.abstract).toBe('An abstract the library did not have.');
    expect(reverse.organization).toEqual({ slug: 'google', name: 'Google' });
  });

  it('never empties a field when the fresher read has an empty list', () => {
    const existing = { ...empty(), papers: [paper({ id: '2501.00001', title: 'T', authors: ['Ada Lovelace'], keywords: ['x'] })] };
    const incoming = {
      ...empty(),
      papers: [paper({ id: '2501.00001', title: 'T', authors: [], keywords: [], lastSeenAt: T0 + 9 * DAY })],
    };
    const p = mergeSnapshot(existing, incoming).merged.papers[0]!;
    expect(p.authors).toEqual(['Ada Lovelace']);
    expect(p.keywords).toEqual(['x']);
    expect(p.lastSeenAt).toBe(T0 + 9 * DAY);
  });

  it('unions stars, keeping the earliest starredAt', () => {
    const existing = {
      ...empty(),
      stars: [
        { paperId: '2501.00001', starredAt: 500 },
        { paperId: '2501.00002', starredAt: 100 },
      ],
    };
    const incoming = {
      ...empty(),
      stars: [
        { paperId: '2501.00001', starredAt: 200 },
        { paperId: '2501.00003', starredAt: 300 },
      ],
    };
    const { merged, report } = mergeSnapshot(existing, incoming);
    expect(merged.stars).toEqual([
      { paperId: '2501.00001', starredAt: 200 },
      { paperId: '2501.00002', starredAt: 100 },
      { paperId: '2501.00003', starredAt: 300 },
    ]);
    expect(report.starsAdded).toBe(1);
  });

  it('unions "not interested" marks, keeping the earliest date; a backup without them changes none', () => {
    const existing = {
      ...empty(),
      notInterested: [
        { paperId: '2501.00001', at: 500 },
        { paperId: '2501.00002', at: 100 },
      ],
    };
    const incoming = {
      ...empty(),
      notInterested: [
        { paperId: '2501.00001', at: 200 },
        { paperId: '2501.00003', at: 300 },
        { paperId: '2501.00002', at: 900 },
      ],
    };
    const { changes, report } = planMerge(existing, incoming);
    expect(changes.notInterested).toEqual([
      { paperId: '2501.00001', at: 200 },
      { paperId: '2501.00003', at: 300 },
    ]);
    expect(report.notInterestedAdded).toBe(1);
    expect(mergeSnapshot(existing, incoming).merged.notInterested).toEqual([
      { paperId: '2501.00001', at: 200 },
      { paperId: '2501.00002', at: 100 },
      { paperId: '2501.00003', at: 300 },
    ]);
    const old = mergeSnapshot(existing, empty()); // a backup from before marks travelled
    expect(old.merged.notInterested).toEqual(existing.notInterested);
    expect(old.report.notInterestedAdded).toBe(0);
  });

  it('matches tags by name case-insensitively (then by id) and remaps links to the existing tag', () => {
    const existing = {
      ...empty(),
      tags: [
        { id: 'mine-llm', name: 'llm ', colour: 'red' as const, createdAt: 1 },
        { id: 'tag-read', name: 'Reading list', colour: 'teal' as const, createdAt: 2 }, // renamed since the backup
      ],
      paperTags: [{ paperId: '2412.14689', tagId: 'mine-llm', taggedAt: 50 }],
    };
    const { merged, report } = mergeSnapshot(existing, fixtureSnapshot());
    expect(merged.tags).toEqual(existing.tags); // nothing added, colours and names kept
    expect(report.tagsAdded).toBe(0);
    expect(merged.paperTags).toEqual([
      { paperId: '2412.14689', tagId: 'mine-llm', taggedAt: 50 }, // existing link kept (earlier than the backup's)
      { paperId: '2412.14689', tagId: 'tag-read', taggedAt: T0 + 2 },
      { paperId: '2501.00003', tagId: 'tag-read', taggedAt: T0 + 4 },
    ]);
    expect(report.linksAdded).toBe(2);
  });

  it('a follow rule is its own rule beside a hide rule of the same text, and merges with the same follow rule', () => {
    const existing = { ...empty(), rules: [{ id: 'h', kind: 'organization' as const, pattern: 'Meta', enabled: true, createdAt: 9 }] };
    const incoming = {
      ...empty(),
      rules: [
        { id: 'f', action: 'follow' as const, kind: 'organization' as const, pattern: 'meta', enabled: true, createdAt: 1 },
        { id: 'g', action: 'follow' as const, kind: 'organization' as const, pattern: 'META', enabled: true, createdAt: 1 }, // same follow
      ],
    };
    const { merged, report } = mergeSnapshot(existing, incoming);
    expect(merged.rules.map((r) => [r.id, r.action ?? 'hide', r.pattern])).toEqual([
      ['h', 'hide', 'Meta'],
      ['f', 'follow', 'meta'],
    ]);
    expect(report.rulesAdded).toBe(1);
  });

  it('unions rules by kind, pattern and flags; a taken id gets a fresh one', () => {
    const existing = {
      ...empty(),
      rules: [
        { id: 'rule-1', kind: 'keyword' as const, pattern: 'CRYPTO', enabled: false, createdAt: 9 },
        { id: 'rule-2', kind: 'author' as const, pattern: 'Someone', enabled: true, createdAt: 9 },
      ],
    };
    const incoming = {
      ...empty(),
      rules: [
        { id: 'rule-1', kind: 'keyword' as const, pattern: 'crypto', enabled: true, createdAt: 1 }, // same rule
        { id: 'rule-2', kind: 'regex' as const, pattern: 'NFT', flags: 'mi', enabled: true, createdAt: 1 }, // new, id taken
        { id: 'rule-9', kind: 'regex' as const, pattern: 'NFT', flags: 'im', enabled: true, createdAt: 1 }, // same as previous
        { id: 'rule-8', kind: 'regex' as const, pattern: 'nft', flags: 'im', enabled: true, createdAt: 1 }, // regex is case-exact
      ],
    };
    const { merged, report } = mergeSnapshot(existing, incoming);
    expect(merged.rules.map((r) => [r.id, r.kind, r.pattern, r.enabled])).toEqual([
      ['rule-1', 'keyword', 'CRYPTO', false],
      ['rule-2', 'author', 'Someone', true],
      ['rule-2-2', 'regex', 'NFT', true],
      ['rule-8', 'regex', 'nft', true],
    ]);
    expect(report.rulesAdded).toBe(2);
  });

  it('settings: what this library has stored wins; what it never stored comes from the backup', () => {
    const incoming = { ...empty(), settings: { dimSeen: true, shortcuts: false, sync: false, pauseRules: false } };
    // Stored here: kept, whatever the backup says.
    const mine = mergeSnapshot({ ...empty(), settings: { dimSeen: false, shortcuts: true, sync: true, pauseRules: false } }, incoming);
    expect(mine.merged.settings).toEqual({ dimSeen: false, shortcuts: true, sync: true, pauseRules: false });
    expect(mine.report.settingsChanged).toBe(false);
    // Never stored (a new or wiped library): the backup's.
    const fresh = mergeSnapshot(nothingStored(), incoming);
    expect(fresh.merged.settings).toEqual({ dimSeen: true, shortcuts: false, sync: false, pauseRules: false });
    expect(fresh.report.settingsChanged).toBe(true);
    // Stored in part (a setting newer than the last save): the stored one wins, the other is filled in.
    const partial = mergeSnapshot({ ...empty(), settings: { shortcuts: true } }, incoming);
    expect(partial.merged.settings).toEqual({ dimSeen: true, shortcuts: true, sync: false, pauseRules: false });
    // A stored value of the wrong type does not count as a choice.
    const broken = mergeSnapshot({ ...empty(), settings: { dimSeen: 'yes' } as never }, incoming);
    expect(broken.merged.settings).toEqual({ dimSeen: true, shortcuts: false, sync: false, pauseRules: false });
    // A backup holding the defaults changes nothing, and asks for no write.
    expect(planMerge(nothingStored(), empty()).changes.settings).toBeNull();
  });

  it('plans only the writes needed: new and changed rows, nothing for what is already there', () => {
    const existing = fixtureSnapshot();
    const incoming = {
      ...fixtureSnapshot(),
      papers: [...fixtureSnapshot().papers.slice(0, 5), { ...fixtureSnapshot().papers[5]!, lastSeenAt: T0 + 9 * DAY, upvotes: 99 }],
      stars: [...fixtureSnapshot().stars, { paperId: '2501.00004', starredAt: 5 }],
    };
    const { changes, report } = planMerge(existing, incoming);
    expect(changes.papers.map((p) => [p.id, p.upvotes])).toEqual([['2501.00004', 99]]);
    expect(changes.stars).toEqual([{ paperId: '2501.00004', starredAt: 5 }]);
    expect(changes).toMatchObject({ tags: [], paperTags: [], rules: [], settings: null });
    expect(report).toEqual({ ...NOTHING, papersUpdated: 1, starsAdded: 1 });
  });

  it('drops a link to a tag that neither side has; a link the library has keeps its earlier date', () => {
    const existing = { ...fixtureSnapshot(), paperTags: [{ paperId: '2412.14689', tagId: 'tag-read', taggedAt: 1 }] };
    const incoming = {
      ...fixtureSnapshot(),
      tags: [],
      paperTags: [
        { paperId: '2412.14689', tagId: 'tag-read', taggedAt: 7 }, // known here by id
        { paperId: '2501.00003', tagId: 'tag-gone', taggedAt: 7 }, // known nowhere
      ],
    };
    const { merged, report } = mergeSnapshot(existing, incoming);
    expect(merged.paperTags).toEqual([{ paperId: '2412.14689', tagId: 'tag-read', taggedAt: 1 }]);
    expect(report.linksAdded).toBe(0);
  });

  it('keeps every existing paper, star, tag, link and rule (nothing existing lost)', () => {
    const existing = fixtureSnapshot();
    const incoming = {
      ...empty(),
      papers: [paper({ id: '2601.00001', title: 'New' })],
      stars: [{ paperId: '2601.00001', starredAt: 1 }],
    };
    const { merged, report } = mergeSnapshot(existing, incoming);
    for (const key of ['papers', 'stars', 'tags', 'paperTags', 'rules', 'notInterested'] as const) {
      expect(merged[key]).toEqual(expect.arrayContaining(existing[key] as unknown[]));
    }
    expect(merged.papers).toHaveLength(7);
    expect(report).toMatchObject({ papersAdded: 1, starsAdded: 1, papersUpdated: 0 });
  });
});

describe('notes in a backup merge', () => {
  it('keeps both texts when they differ, the newer first, and the newer status', async () => {
    const { mergeNote } = await import('../../../lib/db/snapshot-merge');
    const here = { paperId: '2501.00001', text: 'Mine', status: 'reading' as const, updatedAt: 10 };
    const there = { paperId: '2501.00001', text: 'From the laptop', status: 'read' as const, updatedAt: 20 };
    expect(mergeNote(here, there)).toEqual({ paperId: '2501.00001', text: 'From the laptop\n\nMine', status: 'read', updatedAt: 20 });
    expect(mergeNote(there, here)).toEqual(mergeNote(here, there));
    expect(mergeNote(here, { ...here, text: 'Mine', updatedAt: 5 })).toEqual(here);
    expect(mergeNote({ ...here, text: '' }, { ...there, status: undefined })).toMatchObject({ text: 'From the laptop', status: 'reading' });
  });
});
