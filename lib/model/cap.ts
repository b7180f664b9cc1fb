import type { PaperRecord } from './paper';
import { MAX_ABSTRACT, MAX_AUTHORS, MAX_KEYWORDS, MAX_NAME, MAX_SUMMARY, MAX_TITLE, MAX_URL, cutText } from './limits';

/** Keeping a paper within the library's limits (lib/model/limits.ts). */

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
