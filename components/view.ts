import { startOfLocalDay } from '../lib/db/derive';
import type { ReadingStatus } from '../lib/model/library';
import { READING_STATUSES } from '../lib/model/values';
import type { SearchResults } from './search';
import type { PaperSummary, PaperStore } from './store';
import { statusLabel, t } from '../lib/i18n';

/**
 * Which rows a list shows, in which order: pure functions of the store, the search results and
 * the controls, so they are tested without a DOM. Sorted orders are computed once per store
 * version and sort key; a keystroke only filters them (a linear pass with set look-ups).
 */

export type SortKey = 'relevance' | 'seen' | 'published' | 'upvotes' | 'starred' | 'status';
/** `followed`: papers a follow rule matches (ViewOptions.followed). */
export type ShowFilter = 'all' | 'starred' | 'unstarred' | 'followed';
/** A reading status, `none` for papers without one, '' for any. */
export type StatusFilter = '' | ReadingStatus | 'none';
export type SeenWithin = 'any' | 'today' | 'week' | 'month';
/** A tag id; '' for any tag, UNTAGGED for papers with none. */
export const UNTAGGED = '\u0000untagged';

export interface ViewOptions {
  sort: SortKey;
  show: ShowFilter;
  seenWithin: SeenWithin;
  tagId: string;
  /** Reading status (default: any). */
  status?: StatusFilter;
  now: number;
  /** The papers follow rules match (for `show: 'followed'`; components/follow-filter.ts). */
  followed?: ReadonlySet<string>;
  /** Only papers with a code repository. */
  codeOnly?: boolean;
  /** Only papers with at least this many upvotes (0 or absent: any). */
  minUpvotes?: number;
  /** Only papers Hugging Face gave this AI keyword ('' or absent: any). */
  keyword?: string;
}

/** The upvote thresholds the library page offers (0: any). */
export const UPVOTE_STEPS = [0, 10, 25, 50, 100, 250] as const;

/** The AI keywords of the rows, most frequent first (ties by name), with their counts: the keyword facet. */
export function keywordFacet(rows: Iterable<PaperSummary>, limit = 60): Array<[keyword: string, count: number]> {
  const counts = new Map<string, number>();
  for (const r of rows) for (const k of r.keywords ?? []) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit);
}

export const SORT_LABELS: Record<SortKey, string> = {
  relevance: t('sortBestMatch'),
  seen: t('sortSeen'),
  published: t('sortPublished'),
  upvotes: t('sortUpvotes'),
  starred: t('sortStarred'),
  status: t('sortStatus'),
};

/** How a reading status reads in the lists and controls. */
export const STATUS_LABELS: Record<ReadingStatus, string> = {
  'to-read': statusLabel('to-read'),
  reading: statusLabel('reading'),
  read: statusLabel('read'),
};
export { READING_STATUSES };

/** Sorting by status: to read, reading, read (the order of the workflow), then papers without one. */
const STATUS_RANK: Record<ReadingStatus, number> = { 'to-read': 0, reading: 1, read: 2 };

const byNumberDesc = (get: (r: PaperSummary) => number) => (a: PaperSummary, b: PaperSummary) => get(b) - get(a) || (a.id < b.id ? 1 : -1);

function comparator(store: PaperStore, sort: SortKey): (a: PaperSummary, b: PaperSummary) => number {
  switch (sort) {
    case 'published':
      // Newest first; papers with no known date last, most recently seen first among them.
      return (a, b) => {
        const pa = a.publishedAt ?? '';
        const pb = b.publishedAt ?? '';
        return pa === pb ? b.lastSeenAt - a.lastSeenAt : pa < pb ? 1 : -1;
      };
    case 'upvotes':
      return (a, b) => (b.upvotes ?? -1) - (a.upvotes ?? -1) || b.lastSeenAt - a.lastSeenAt;
    case 'starred':
      return byNumberDesc((r) => store.stars.get(r.id) ?? -1);
    case 'status': {
      // Within a status, the most recently changed first; papers without one by date seen.
      const rank = (r: PaperSummary) => {
        const s = store.notes.get(r.id)?.status;
        return s ? STATUS_RANK[s] : 3;
      };
      const changed = (r: PaperSummary) => store.notes.get(r.id)?.updatedAt ?? -1;
      return (a, b) => rank(a) - rank(b) || changed(b) - changed(a) || b.lastSeenAt - a.lastSeenAt || (a.id < b.id ? 1 : -1);
    }
    default:
      return byNumberDesc((r) => r.lastSeenAt);
  }
}

const sortedCache = new WeakMap<PaperStore, Map<string, PaperSummary[]>>();

/** Every row of the store in one order, cached until the store changes. */
export function sortedRows(store: PaperStore, sort: Exclude<SortKey, 'relevance'>): PaperSummary[] {
  let byKey = sortedCache.get(store);
  const key = `${store.version}:${sort}`;
  const hit = byKey?.get(key);
  if (hit) return hit;
  const rows = [...store.rows.values()].sort(comparator(store, sort));
  byKey = new Map([[key, rows]]);
  sortedCache.set(store, byKey);
  return rows;
}

function seenSince(within: SeenWithin, now: number): number {
  const today = startOfLocalDay(now);
  if (within === 'today') return today;
  if (within === 'week') return today - 6 * 86_400_000;
  if (within === 'month') return today - 29 * 86_400_000;
  return -Infinity;
}

/** The rows to show. With a search, `sort: 'relevance'` keeps the search's order. */
export function visibleRows(store: PaperStore, search: SearchResults | null, options: ViewOptions): PaperSummary[] {
  const since = seenSince(options.seenWithin, options.now);
  const { show, tagId, codeOnly = false, minUpvotes = 0, keyword = '' } = options;
  const status = options.status ?? '';
  const keep = (r: PaperSummary): boolean => {
    if (r.lastSeenAt < since) return false;
    if (show === 'starred' && !store.stars.has(r.id)) return false;
    if (show === 'unstarred' && store.stars.has(r.id)) return false;
    if (show === 'followed' && !options.followed?.has(r.id)) return false;
    if (codeOnly && !r.github) return false;
    if (minUpvotes > 0 && (r.upvotes ?? 0) < minUpvotes) return false;
    if (keyword && !r.keywords?.includes(keyword)) return false;
    if (tagId) {
      const tags = store.tagsOf.get(r.id);
      if (tagId === UNTAGGED ? tags && tags.length > 0 : !tags?.includes(tagId)) return false;
    }
    if (status) {
      const has = store.notes.get(r.id)?.status;
      if (status === 'none' ? has !== undefined : has !== status) return false;
    }
    return true;
  };
  const filtering = since !== -Infinity || show !== 'all' || tagId !== '' || status !== '' || codeOnly || minUpvotes > 0 || keyword !== '';
  if (search && options.sort === 'relevance') {
    const out: PaperSummary[] = [];
    for (const hit of search.hits) {
      const row = store.rows.get(hit.id);
      if (row && (!filtering || keep(row))) out.push(row);
    }
    return out;
  }
  const rows = sortedRows(store, options.sort === 'relevance' ? 'seen' : options.sort);
  if (!search && !filtering) return rows;
  const matched = search ? new Set(search.hits.map((h) => h.id)) : null;
  return rows.filter((r) => (!matched || matched.has(r.id)) && (!filtering || keep(r)));
}
