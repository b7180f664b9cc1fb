/**
 * Which papers view a URL shows (pure URL logic), and which listing the page's own island says it
 * shows. The page wins: `/papers` redirects, a future date is clamped to the latest day, the tabs
 * switch period without a page load (shared/fixtures/README.md, "Navigation"); read.ts decides when
 * the island is current enough to be trusted.
 */
import type { ViewKind } from '../model/paper';
import { addDays, dateOfTimestamp, isoDate, isoWeekMonday, mondayOf, monthEnd, parseIso } from './dates';

export type { ViewKind };

export interface ViewInfo {
  kind: ViewKind;
  /**
   * The listing's own date (YYYY-MM-DD) used to resolve "Mar 23"; for week/month the first day;
   * absent for trending/search/paper when unknown.
   */
  listingDate?: string;
  /** The search text of `/papers?q=…`. */
  query?: string;
  /** The arXiv id of a single paper page, version stripped. */
  paperId?: string;
}

/** hf.co only redirects here; www. is served too. */
const HOSTS = new Set(['huggingface.co', 'www.huggingface.co']);

/** arXiv id (+ optional version) as the only thing after /papers/ — see ARXIV_ID_RE in lib/model/paper.ts. */
const PAPER_PATH = /^(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/;

/**
 * The view of a URL, or null for anything that is not a papers view we read:
 *  - `/papers` → daily; `/papers?q=…` → search; legacy `/papers?date=YYYY-MM-DD` → date
 *  - `/papers/date/YYYY-MM-DD`, `/papers/week/YYYY-Www`, `/papers/month/YYYY-MM` (impossible dates → null)
 *  - `/papers/trending`
 *  - `/papers/<arXiv id>` (version stripped; a `#community` hash is still the paper page)
 *  - sub-pages such as `/papers/<id>/discussion` → null: we know nothing of their markup, and
 *    reading an unknown layout risks wrong records; so is `/papers/index?arxivId=<id>`, where HF sends
 *    an id it does not know (checked 2026-12 [WS]).
 */
export function detectView(url: URL): ViewInfo | null {
  if (!HOSTS.has(url.hostname) || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '/papers') return listView(url);
  if (!path.startsWith('/papers/')) return null;
  return subView(decodePath(path.slice('/papers/'.length)));
}

function listView(url: URL): ViewInfo | null {
  const query = url.searchParams.get('q')?.trim();
  if (query) return { kind: 'search', query };
  const date = url.searchParams.get('date');
  if (date === null) return { kind: 'daily' };
  return parseIso(date) ? { kind: 'date', listingDate: date } : null;
}

function subView(rest: string): ViewInfo | null {
  if (rest === 'trending') return { kind: 'trending' };

  let m = /^date\/(\d{4}-\d{2}-\d{2})$/.exec(rest);
  if (m) return parseIso(m[1]!) ? { kind: 'date', listingDate: m[1] } : null;

  m = /^week\/(\d{4})-W(\d{2})$/.exec(rest);
  if (m) {
    const monday = isoWeekMonday(Number(m[1]), Number(m[2]));
    return monday ? { kind: 'week', listingDate: monday } : null;
  }

  m = /^month\/(\d{4})-(\d{2})$/.exec(rest);
  if (m) {
    const first = isoDate(Number(m[1]), Number(m[2]), 1);
    return first ? { kind: 'month', listingDate: first } : null;
  }

  m = PAPER_PATH.exec(rest);
  if (m) return { kind: 'paper', paperId: m[1] };
  return null;
}

function decodePath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p; // a malformed %-escape: keep the raw path, it will simply not match
  }
}

/**
 * The last day a listing covers: its date for a day, Sunday for a week, the month's last day.
 * Year-less dates on the page are resolved against this, so "Mar 28" on the March month view is
 * this March, not last year's.
 */
export function periodEnd(view: ViewInfo): string | undefined {
  const start = view.listingDate;
  if (!start) return undefined;
  if (view.kind === 'week') return addDays(start, 6);
  if (view.kind === 'month') {
    const p = parseIso(start)!;
    return monthEnd(p.year, p.month);
  }
  return start;
}

/** What a `DailyPapers` island says about the listing it holds. */
export type IslandListing = { kind: 'trending' } | { kind: 'day' | 'week' | 'month'; listingDate: string };

const PERIODS = new Set(['day', 'week', 'month']);

/**
 * The listing an island describes, from its own props: `isTrending: true` is trending; otherwise
 * `periodType` ("day" | "week" | "month") and `dateString` (checked 2026-12 [TR], [WS]). The format
 * of `dateString` for a week or a month is not known: "2025-W12", "2025-03", and any calendar date
 * or timestamp inside the period are accepted, and the period's first day is returned. Without a
 * usable date the island says nothing (undefined).
 */
export function islandListing(periodType: unknown, dateString: unknown, isTrending: unknown): IslandListing | undefined {
  if (isTrending === true) return { kind: 'trending' };
  if (typeof dateString !== 'string') return undefined;
  const text = dateString.trim();
  const period = typeof periodType === 'string' && PERIODS.has(periodType) ? (periodType as 'day' | 'week' | 'month') : undefined;
  let m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (m) {
    const monday = isoWeekMonday(Number(m[1]), Number(m[2]));
    return monday && (period ?? 'week') === 'week' ? { kind: 'week', listingDate: monday } : undefined;
  }
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) {
    const first = isoDate(Number(m[1]), Number(m[2]), 1);
    return first && (period ?? 'month') === 'month' ? { kind: 'month', listingDate: first } : undefined;
  }
  const day = dateOfTimestamp(text);
  if (!day) return undefined;
  if (period === 'week') {
    const monday = mondayOf(day);
    return monday ? { kind: 'week', listingDate: monday } : undefined;
  }
  if (period === 'month') return { kind: 'month', listingDate: `${day.slice(0, 8)}01` };
  return { kind: 'day', listingDate: day };
}

/**
 * The view with the island's listing put over the URL's, for the list views: the island is what the
 * page shows. A day keeps the URL's own kind when it is one (`/papers` stays "daily").
 */
export function withIsland(view: ViewInfo, listing: IslandListing): ViewInfo {
  if (view.kind === 'search' || view.kind === 'paper') return view;
  if (listing.kind === 'trending') return { kind: 'trending' };
  if (listing.kind === 'day') return { kind: view.kind === 'daily' ? 'daily' : 'date', listingDate: listing.listingDate };
  return { kind: listing.kind, listingDate: listing.listingDate };
}
