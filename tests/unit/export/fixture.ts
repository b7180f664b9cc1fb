import type { LibrarySnapshot, StoredPaper } from '../../../lib/model/library';

/**
 * A small hand-made library covering what the exporters must survive: unicode titles and names, a
 * title full of TeX specials, a formula-looking title, a title starting with "-" and holding a
 * <script>, a truncated author list, no authors with only an organization, an old-style arXiv id
 * without a publication date, and two papers whose citation keys collide.
 */

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1, 9, 0, 0); // 2026-11-01T09:00:00Z

export function paper(fields: Partial<StoredPaper> & Pick<StoredPaper, 'id' | 'title'>): StoredPaper {
  return {
    firstSeenAt: T0,
    lastSeenAt: T0 + DAY,
    firstSeenDay: '2026-11-01',
    seenCount: 2,
    seenOn: [
      { view: 'daily', path: '/papers', at: T0 },
      { view: 'paper', path: `/papers/${fields.id}`, at: T0 + DAY },
    ],
    ...fields,
  };
}

export const P_UNICODE = paper({
  id: '2412.14689',
  title: 'Łukasz’s Über-Transformers: Scaling “Große” Modelle — 日本語 Too',
  abstract: 'We scale models.\nSecond line, with a comma and "quotes".',
  authors: ['Łukasz Kaiser', 'José Müller', 'Zoë Ødegård'],
  authorCount: 3,
  organization: { slug: 'google', name: 'Google' },
  publishedAt: '2024-12-19',
  upvotes: 342,
  comments: 12,
});

export const P_SPECIALS = paper({
  id: '2501.00001',
  title: 'Cost {and} Benefit: 100% of $x_1$ & C# \\ ~^ in GPT-4',
  authors: ['Ada Lovelace', 'Charles Babbage'],
  authorCount: 5,
  publishedAt: '2025-01-02',
  upvotes: 0,
});

export const P_FORMULA = paper({
  id: '2501.00002',
  title: '=HYPERLINK("http://evil.example/?a=1","click me")',
  organization: { slug: 'evil-corp' },
  authorCount: 4,
  publishedAt: '2025-01-03',
  upvotes: 7,
});

export const P_SCRIPT = paper({
  id: '2501.00003',
  title: '-Net: Negative Results <script>alert(1)</script> [x](javascript:alert(1))',
  authors: ['Grace Hopper', 'Alan Turing'],
  publishedAt: '2025-01-04',
});

export const P_OLD = paper({
  id: 'hep-th/9901001',
  title: 'The Large N Limit of Superconformal Field Theories',
  authors: ['Juan Maldacena'],
});

export const P_COLLIDE = paper({
  id: '2501.00004',
  title: 'Cost Models Revisited',
  authors: ['Ada Lovelace'],
  publishedAt: '2025-01-05',
});

export function fixtureSnapshot(): LibrarySnapshot {
  return {
    papers: [P_UNICODE, P_SPECIALS, P_FORMULA, P_SCRIPT, P_OLD, P_COLLIDE],
    stars: [
      { paperId: '2412.14689', starredAt: Date.UTC(2026, 10, 2, 10, 30, 0) },
      { paperId: '2501.00002', starredAt: Date.UTC(2026, 10, 3, 8, 0, 0) },
    ],
    tags: [
      { id: 'tag-llm', name: 'LLM', colour: 'blue', createdAt: T0 },
      { id: 'tag-read', name: 'To read, later', colour: 'amber', createdAt: T0 + 1 },
    ],
    paperTags: [
      { paperId: '2412.14689', tagId: 'tag-read', taggedAt: T0 + 2 },
      { paperId: '2412.14689', tagId: 'tag-llm', taggedAt: T0 + 3 },
      { paperId: '2501.00003', tagId: 'tag-read', taggedAt: T0 + 4 },
    ],
    rules: [
      { id: 'rule-1', kind: 'keyword', pattern: 'crypto', enabled: true, createdAt: T0 },
      { id: 'rule-2', kind: 'regex', pattern: '\\bNFT\\b', flags: 'i', enabled: false, createdAt: T0 + 1 },
    ],
    settings: { dimSeen: true, shortcuts: false, sync: true, pauseRules: false },
    notes: [],
    notInterested: [{ paperId: '2501.00003', at: T0 + 5 }],
  };
}

/** Noon local time, so the local date is the same in every time zone the tests may run in. */
export const NOW = new Date(2026, 10, 23, 12, 0, 0);
