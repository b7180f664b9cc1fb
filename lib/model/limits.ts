import type { PaperRecord } from './paper';

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
/** A link (thumbnail, code, project page, where the paper was seen): longer ones are dropped, never cut. */
export const MAX_URL = 2_048;

/** `s` cut to `max` UTF-16 units, never between the two halves of a surrogate pair, end trimmed. */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return s.slice(0, end).trimEnd();
}

const cutList = (list: readonly string[], maxItems: number, maxLength: number): string[] =>
  list.slice(0, maxItems).map((s) => cutText(s, maxLength));

/**
 * The record within the limits: texts cut, lists shortened, over-long links dropped. Returns the
 * same object when nothing is over (the usual case: no copy). The page reader's last step.
 */
export function capRecord(record: PaperRecord): PaperRecord {
  if (withinLimits(record)) return record;
  const r: PaperRecord = { ...record, title: cutText(record.title, MAX_TITLE) };
  if (r.abstract !== undefined) r.abstract = cutText(r.abstract, MAX_ABSTRACT);
  if (r.authors) r.authors = cutList(r.authors, MAX_AUTHORS, MAX_NAME);
  if (r.keywords) r.keywords = cutList(r.keywords, MAX_KEYWORDS, MAX_NAME);
  if (r.aiSummary !== undefined) r.aiSummary = cutText(r.aiSummary, MAX_SUMMARY);
  if (r.submitter !== undefined) r.submitter = cutText(r.submitter, MAX_NAME);
  if (r.organization) {
    const { slug, name } = r.organization;
    r.organization =
      name === undefined ? { slug: cutText(slug, MAX_NAME) } : { slug: cutText(slug, MAX_NAME), name: cutText(name, MAX_NAME) };
  }
  if (r.thumbnail !== undefined && r.thumbnail.length > MAX_URL) delete r.thumbnail;
  if (r.projectPage !== undefined && r.projectPage.length > MAX_URL) delete r.projectPage;
  if (r.github && r.github.repo.length > MAX_URL) delete r.github;
  // Required, so cut rather than dropped (a URL's text is ASCII: no pair to split).
  if (r.seenOn.url.length > MAX_URL) r.seenOn = { ...r.seenOn, url: r.seenOn.url.slice(0, MAX_URL) };
  return r;
}

const longer = (s: string | undefined, max: number) => s !== undefined && s.length > max;
const overList = (list: readonly string[] | undefined, maxItems: number, maxLength: number) =>
  list !== undefined && (list.length > maxItems || list.some((s) => s.length > maxLength));

/** Is every text and list of the record within the limits? */
export function withinLimits(r: PaperRecord): boolean {
  return !(
    longer(r.title, MAX_TITLE) ||
    longer(r.abstract, MAX_ABSTRACT) ||
    overList(r.authors, MAX_AUTHORS, MAX_NAME) ||
    overList(r.keywords, MAX_KEYWORDS, MAX_NAME) ||
    longer(r.aiSummary, MAX_SUMMARY) ||
    longer(r.submitter, MAX_NAME) ||
    longer(r.organization?.slug, MAX_NAME) ||
    longer(r.organization?.name, MAX_NAME) ||
    longer(r.thumbnail, MAX_URL) ||
    longer(r.projectPage, MAX_URL) ||
    longer(r.github?.repo, MAX_URL) ||
    longer(r.seenOn.url, MAX_URL)
  );
}
