/**
 * Which papers view a URL shows. Pure URL logic: what the page itself says (its header date, the
 * hydration's dateString) is added by the reader (read.ts).
 */
import type { ViewKind } from '../model/paper';
import { addDays, isoDate, isoWeekMonday, monthEnd, parseIso } from './dates';

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
 *    reading an unknown layout risks wrong records.
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
