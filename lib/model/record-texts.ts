/**
 * The long texts of a paper read off a page (abstract, author names, keywords, AI summary): most of
 * what a page read weighs — about 2 MB on a 1,000-card page, which the page's main thread spends
 * tens of ms handing to the background. A page sends them only for the papers whose stored texts
 * did not come from the same texts (compared by `textHash`, which the store keeps beside each paper,
 * lib/db/journal.ts); the others go as light records (`lightRecord`: id, title, counts, where seen),
 * which the merge applies without touching their texts (lib/db/merge.ts: an absent field never
 * replaces a known one). Nothing is lost: a paper whose texts changed, or that the store does not
 * know, goes in full. No zod here: the content script imports it.
 */
import type { PaperRecord } from './paper';

/** The fields a light record leaves out. */
export const TEXT_FIELDS = ['abstract', 'authors', 'keywords', 'aiSummary'] as const satisfies readonly (keyof PaperRecord)[];

/** The longest hash `textHash` makes (11 base-36 digits of 53 bits); the protocol refuses longer. */
export const TEXT_HASH_MAX = 11;

/** The record without its long texts. */
export function lightRecord(record: PaperRecord): PaperRecord {
  const { abstract: _abstract, authors: _authors, keywords: _keywords, aiSummary: _summary, ...light } = record;
  return light;
}

/**
 * A 53-bit hash (cyrb53) of the record's long texts, each field named and each list item ended, so
 * that moving text between fields changes it. Not for security: a page can only make its own texts
 * look unchanged, and the page sets those texts anyway.
 */
export function textHash(record: PaperRecord): string {
  // One string, then one loop with the state in locals: the same characters in the same order as
  // hashing each field and item in turn, so the same hash. Hashing piece by piece through a shared
  // state array ran 4-5x slower on a page's cold code (the state array's numbers are not small
  // integers, and each piece started a loop afresh): ~10 ms against ~2.5 ms for 2 MB of text on a
  // 1,000-card page, on the page's main thread.
  let text = '';
  for (const field of TEXT_FIELDS) {
    const value = record[field];
    text += `\u0000${field}\u0001`;
    if (typeof value === 'string') text += value;
    else if (value) for (const item of value) text += `${item}\u0002`;
  }
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
