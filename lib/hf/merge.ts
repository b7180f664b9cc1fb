/**
 * Joins what a card shows (DOM) with what the hydration JSON says about the same arXiv id.
 *
 * Precedence, per field:
 *  - live counts (upvotes, comments, GitHub stars): the DOM wins — the JSON is a snapshot from page
 *    load and the DOM is what the user sees now; the JSON fills what the DOM lacks (and is all there
 *    is when the island is current and gives them: cards.ts does not read them from the card then);
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
  // Plain stores by name, in the record's key order, not a generic `set(r, key, value)`: one helper
  // writing a dozen keys is a megamorphic store in V8, and this runs once per card (1,000 a page).
  const r: PaperRecord = { id: dom.id, title, seenOn };
  const abstract = hyd?.abstract ?? dom.abstract;
  if (abstract !== undefined) r.abstract = abstract;
  mergeAuthors(r, dom, hyd);
  const organization = mergeOrganization(dom, hyd);
  if (organization !== undefined) r.organization = organization;
  const publishedAt = hyd?.publishedAt ?? dom.publishedAt;
  if (publishedAt !== undefined) r.publishedAt = publishedAt;
  const upvotes = pickCount(dom.upvotes, hyd?.upvotes);
  if (upvotes !== undefined) r.upvotes = upvotes;
  const comments = pickCount(dom.comments, hyd?.comments);
  if (comments !== undefined) r.comments = comments;
  const submitter = hyd?.submitter ?? dom.submitter;
  if (submitter !== undefined) r.submitter = submitter;
  const thumbnail = hyd?.thumbnail ?? dom.thumbnail;
  if (thumbnail !== undefined) r.thumbnail = thumbnail;
  const github = mergeGithub(dom, hyd);
  if (github !== undefined) r.github = github;
  const projectPage = hyd?.projectPage ?? dom.projectPage;
  if (projectPage !== undefined) r.projectPage = projectPage;
  const keywords = hyd?.keywords;
  if (keywords !== undefined) r.keywords = keywords;
  const aiSummary = hyd?.aiSummary ?? dom.aiSummary;
  if (aiSummary !== undefined) r.aiSummary = aiSummary;
  // Within the library's limits whatever the page holds (a no-op, no copy, for every real paper).
  return capRecord(r);
}

/**
 * The JSON's complete list of names, else the page's names when it shows them all, else the page's
 * "N authors" alone. The schema's authorCount === authors.length holds whenever names are known.
 */
function mergeAuthors(r: PaperRecord, dom: DomPaper, hyd: HydPaper | undefined): void {
  const names = hyd?.authors ?? dom.authorNames;
  if (names) {
    r.authors = names;
    r.authorCount = names.length;
  } else if (dom.authorCount !== undefined) r.authorCount = dom.authorCount;
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
