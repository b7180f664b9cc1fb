/**
 * Values the store derives from what the page gave it. Pure functions, shared by the live
 * code, the schema upgrade and the UI (which must tokenise a search query the same way the
 * title index was built).
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

// Words too common in paper titles to be worth an index entry ("Towards a Theory of the …").
const STOP_WORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'by', 'for', 'from', 'in', 'into', 'is', 'it', 'its', 'of', 'on', 'or',
  'our', 'the', 'to', 'via', 'we', 'with',
]);

/**
 * Lower-cased, accent-stripped, de-duplicated words of a title, for the multi-entry
 * `titleWords` index. One-letter words and stop words are left out (they would make the index
 * bigger and every write slower without making any search better).
 */
export function titleWords(title: string): string[] {
  const words = new Set<string>();
  const folded = title.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  for (const word of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (word.length >= 2 && !STOP_WORDS.has(word)) words.add(word);
  }
  return [...words];
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
