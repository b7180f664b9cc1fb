/**
 * Values the store derives from what the page gave it. Pure functions, shared by the live
 * code, the schema upgrade, the import plan and the UI ("seen today").
 */

/** How many distinct listings a StoredPaper remembers in `seenOn` (most recent last). */
export const SEEN_ON_CAP = 20;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day (YYYY-MM-DD) of an epoch-ms instant. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getFullYear()).padStart(4, '0')}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight at the start of the day holding `ms`. */
export function startOfLocalDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The part of a listing URL worth keeping: path + query, no origin, no fragment. */
export function listingPath(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}
