/**
 * Joins what a card shows (DOM) with what the hydration JSON says about the same arXiv id.
 *
 * Precedence, per field:
 *  - live counts (upvotes, comments, GitHub stars): the DOM wins — the JSON is a snapshot from page
 *    load and the DOM is what the user sees now; the JSON fills what the DOM lacks;
 *  - descriptive fields (title, abstract, AI summary, authors and their number, organization, date,
 *    links, keywords): the JSON first — it is structured, complete (hidden authors included) and never
 *    truncated by the layout — and the DOM fills what it lacks (cards.ts does not even read them then).
 * Nothing is invented: a field neither source has stays absent.
 */
import { capRecord } from '../model/cap';
import type { PaperRecord } from '../model/paper';
import type { DomPaper } from './cards';
import type { HydPaper } from './hydration';
import { pickCount } from './values';

type SeenOn = PaperRecord['seenOn'];

/** The record, or undefined when neither source has a title (the schema requires one). */
export function mergeRecord(dom: DomPaper, hyd: HydPaper | undefined, seenOn: SeenOn): PaperRecord | undefined {
  const title = hyd?.title ?? dom.title;
  if (!title) return undefined;
  const r: PaperRecord = { id: dom.id, title, seenOn };
  set(r, 'abstract', hyd?.abstract ?? dom.abstract);
  Object.assign(r, mergeAuthors(dom, hyd));
  set(r, 'organization', mergeOrganization(dom, hyd));
  set(r, 'publishedAt', hyd?.publishedAt ?? dom.publishedAt);
  set(r, 'upvotes', pickCount(dom.upvotes, hyd?.upvotes));
  set(r, 'comments', pickCount(dom.comments, hyd?.comments));
  set(r, 'submitter', hyd?.submitter ?? dom.submitter);
  set(r, 'thumbnail', hyd?.thumbnail ?? dom.thumbnail);
  set(r, 'github', mergeGithub(dom, hyd));
  set(r, 'projectPage', hyd?.projectPage ?? dom.projectPage);
  set(r, 'keywords', hyd?.keywords);
  set(r, 'aiSummary', hyd?.aiSummary ?? dom.aiSummary);
  // Within the library's limits whatever the page holds (a no-op, no copy, for every real paper).
  return capRecord(r);
}

function set<K extends keyof PaperRecord>(r: PaperRecord, k: K, v: PaperRecord[K] | undefined): void {
  if (v !== undefined) r[k] = v;
}

/**
 * The JSON's complete list of names, else the page's names when it shows them all, else the page's
 * "N authors" alone. The schema's authorCount === authors.length holds whenever names are known.
 */
function mergeAuthors(dom: DomPaper, hyd: HydPaper | undefined): Pick<PaperRecord, 'authors' | 'authorCount'> {
  const names = hyd?.authors ?? dom.authorNames;
  if (names) return { authors: names, authorCount: names.length };
  return dom.authorCount === undefined ? {} : { authorCount: dom.authorCount };
}

function mergeOrganization(dom: DomPaper, hyd: HydPaper | undefined): PaperRecord['organization'] {
  const j = hyd?.organization;
  const d = dom.organization;
  if (!j) return d;
  // Same organization seen from both sides: the DOM may know the display name the JSON lacks.
  const name = j.name ?? (d?.slug === j.slug ? d.name : undefined);
  return name ? { slug: j.slug, name } : { slug: j.slug };
}

function mergeGithub(dom: DomPaper, hyd: HydPaper | undefined): PaperRecord['github'] {
  const repo = hyd?.github?.repo ?? dom.github?.repo;
  if (!repo) return undefined;
  // Stars belong to the repo they were shown with: only merge counts about the same repository.
  const domStars = sameRepo(dom.github?.repo, repo) ? dom.github?.stars : undefined;
  const jsonStars = sameRepo(hyd?.github?.repo, repo) ? hyd?.github?.stars : undefined;
  const stars = pickCount(domStars, jsonStars);
  return stars === undefined ? { repo } : { repo, stars };
}

/** GitHub URLs compare case-insensitively and without a trailing slash. */
function sameRepo(a: string | undefined, b: string): boolean {
  const norm = (u: string) => u.toLowerCase().replace(/\/+$/, '');
  return a !== undefined && norm(a) === norm(b);
}
