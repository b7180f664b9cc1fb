/**
 * How much of a paper the library keeps: one set of limits for every way a paper comes in — read
 * off a page (lib/hf cuts to them), imported from a file (lib/import cuts to them) or restored
 * from a backup (the schema in paper.ts cuts to them). Far above any real value (arXiv abstracts
 * are at most 1,920 characters; the largest author lists, collaboration reports, a few thousand
 * names), so only a hostile page or file ever meets them, and it cannot make the library store
 * megabytes per paper. Plain data, no zod: the content script uses it.
 */
export const MAX_TITLE = 1_000;
export const MAX_ABSTRACT = 20_000;
/** Names in the list; authorCount keeps the whole count when the list is cut. */
export const MAX_AUTHORS = 5_000;
/** An author, an organization (slug or display name), the submitter, an AI keyword. */
export const MAX_NAME = 300;
export const MAX_KEYWORDS = 100;
/** HF's one-sentence AI summary (real ones are under 400 characters). */
export const MAX_SUMMARY = 2_000;
/** The longest a hide rule's pattern or its exceptions may be, in characters (schema, checks, sync). */
export const MAX_RULE_TEXT = 500;
/** A link (thumbnail, code, project page, where the paper was seen): longer ones are dropped, never cut. */
export const MAX_URL = 2_048;

/** `s` cut to `max` UTF-16 units, never between the two halves of a surrogate pair, end trimmed. */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return s.slice(0, end).trimEnd();
}
