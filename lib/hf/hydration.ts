/**
 * Structured data first (Zotero ranks embedded metadata above scraping): the papers pages embed their
 * data as Svelte hydration JSON in `[data-target][data-props]` attributes.
 *
 * Item shape (checked 2026-12 against a real capture of /papers/trending [TR]; the same objects as
 * HF's public daily_papers API [HH]; every field treated as optional):
 *   { paper: { id, title, summary, authors: [{ name, hidden, user? }], publishedAt, upvotes, ai_summary?,
 *              ai_keywords?, githubRepo?, githubStars?, projectPage?, submittedOnDailyBy: { name | user },
 *              organization?, discussionId, mediaUrls?, … },
 *     title, summary, thumbnail, numComments, submittedBy: { name, fullname, … }, organization?,
 *     publishedAt (the item's own date, not the paper's), upvoted, isAuthorParticipating, mediaUrls? }
 * The paper page's `PaperContent` island [AF] is `{ paper, comments[], upvoted, upvoters, … }`: read
 * with the same function (its comment count is `comments.length`). Flat items (the paper object
 * itself) are accepted too.
 *
 * `ai_summary` is HF's generated one-liner: kept as its own field, never as the abstract. Authors with
 * `hidden: true` are not shown by HF and are not listed here either.
 */
import { dateOfTimestamp } from './dates';
import { logMissOnce } from './log';
import { SEL } from './selectors';
import { type IslandListing, islandListing } from './views';
import { MAX_KEYWORDS, MAX_NAME } from '../model/limits';
import { arxivId, httpUrl, jsonCount, jsonLongText, jsonText } from './values';

/** What the JSON says about one paper, already normalised to PaperRecord's value rules. */
export interface HydPaper {
  id: string;
  title?: string;
  abstract?: string;
  authors?: string[];
  publishedAt?: string;
  upvotes?: number;
  comments?: number;
  submitter?: string;
  thumbnail?: string;
  github?: { repo: string; stars?: number };
  projectPage?: string;
  keywords?: string[];
  aiSummary?: string;
  organization?: { slug: string; name?: string };
}

export interface ListHydration {
  /** The listing the island says it holds (`isTrending`, `periodType`, `dateString`), when it says. */
  listing?: IslandListing;
  papers: Map<string, HydPaper>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse an island's props; malformed JSON is a logged miss, never an exception. */
function parseProps(el: Element, name: 'listHydration' | 'anyHydration'): unknown {
  const raw = el.getAttribute('data-props');
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch (err) {
    logMissOnce(name, err);
    return undefined;
  }
}

/** The list views' island (`DailyPapers`), or undefined when absent or malformed (the DOM is read alone). */
export function readListHydration(doc: Document, base: string): ListHydration | undefined {
  const el = doc.querySelector(SEL.listHydration);
  if (!el) return undefined;
  const props = parseProps(el, 'listHydration');
  if (!isObj(props)) return undefined;
  const items = props['dailyPapers'];
  if (!Array.isArray(items)) {
    logMissOnce('listHydration', 'no dailyPapers array');
    return undefined;
  }
  const papers = new Map<string, HydPaper>();
  for (const item of items) {
    const p = normalizeItem(item, base);
    if (p && !papers.has(p.id)) papers.set(p.id, p);
  }
  const listing = islandListing(props['periodType'], props['dateString'], props['isTrending']);
  return listing ? { listing, papers } : { papers };
}

/**
 * The single paper page's island: any island whose props hold `paper.id === id`. The raw attribute
 * is checked for the id before parsing, so unrelated (large) islands are never parsed.
 */
export function readPaperHydration(doc: Document, id: string, base: string): HydPaper | undefined {
  const named = doc.querySelector(SEL.paperHydration);
  for (const el of named ? [named, ...doc.querySelectorAll(SEL.anyHydration)] : doc.querySelectorAll(SEL.anyHydration)) {
    if (!el.getAttribute('data-props')?.includes(id)) continue;
    const props = parseProps(el, 'anyHydration');
    if (isObj(props) && isObj(props['paper'])) {
      const p = normalizeItem(props, base);
      if (p?.id === id) return p;
    }
  }
  return undefined;
}

/** One list item (or paper-page props) → HydPaper; undefined without a valid arXiv id. */
export function normalizeItem(item: unknown, base: string): HydPaper | undefined {
  if (!isObj(item)) return undefined;
  const paper = isObj(item['paper']) ? item['paper'] : item;
  const id = arxivId(paper['id']);
  if (!id) return undefined;

  // Plain stores by name, not a generic `set(out, key, value)`: one helper writing thirteen different
  // keys is a megamorphic store in V8, and this runs for every item of a 1,000-item island.
  const out: HydPaper = { id };
  const title = jsonText(paper['title']) ?? jsonText(item['title']);
  if (title !== undefined) out.title = title;
  const abstract = jsonLongText(paper['summary']) ?? jsonLongText(item['summary']);
  if (abstract !== undefined) out.abstract = abstract;
  const authors = authorNames(paper['authors']);
  if (authors !== undefined) out.authors = authors;
  const publishedAt = dateOfTimestamp(paper['publishedAt']);
  if (publishedAt !== undefined) out.publishedAt = publishedAt;
  const upvotes = jsonCount(paper['upvotes']) ?? jsonCount(item['upvotes']);
  if (upvotes !== undefined) out.upvotes = upvotes;
  const comments = jsonCount(item['numComments']) ?? jsonCount(paper['numComments']) ?? commentList(item['comments']);
  if (comments !== undefined) out.comments = comments;
  const submitter = userName(item['submittedBy']) ?? userName(paper['submittedOnDailyBy']);
  if (submitter !== undefined) out.submitter = submitter;
  const thumbnail = httpUrl(item['thumbnail'], base) ?? httpUrl(paper['thumbnail'], base);
  if (thumbnail !== undefined) out.thumbnail = thumbnail;
  const code = github(paper, item);
  if (code !== undefined) out.github = code;
  const projectPage = httpUrl(paper['projectPage'], base) ?? httpUrl(item['projectPage'], base);
  if (projectPage !== undefined) out.projectPage = projectPage;
  const keywords = textList(paper['ai_keywords']);
  if (keywords !== undefined) out.keywords = keywords;
  const aiSummary = jsonText(paper['ai_summary']) ?? jsonText(item['ai_summary']);
  if (aiSummary !== undefined) out.aiSummary = aiSummary;
  const organization = orgOf(item['organization']) ?? orgOf(paper['organization']);
  if (organization !== undefined) out.organization = organization;
  return out;
}

/**
 * Names of `[{ name, hidden }]` (or plain strings), hidden authors left out as HF leaves them out; all
 * or nothing — a partial list would misstate the authors.
 */
function authorNames(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const names: string[] = [];
  for (const a of v) {
    if (isObj(a) && a['hidden'] === true) continue;
    const name = typeof a === 'string' ? jsonText(a, MAX_NAME) : isObj(a) ? jsonText(a['name'], MAX_NAME) : undefined;
    if (!name) return undefined;
    names.push(name);
  }
  return names.length ? names : undefined;
}

/** The paper page's `comments[]`: its length is the comment count. */
function commentList(v: unknown): number | undefined {
  return Array.isArray(v) ? v.length : undefined;
}

/** The first MAX_KEYWORDS texts of a list (what is past them is not even looked at). */
function textList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const list: string[] = [];
  for (let i = 0; i < v.length && list.length < MAX_KEYWORDS; i++) {
    const text = jsonText(v[i], MAX_NAME);
    if (text !== undefined) list.push(text);
  }
  return list.length ? list : undefined;
}

/** A HF user object's user name (`name`; older payloads say `user`). */
function userName(v: unknown): string | undefined {
  if (typeof v === 'string') return jsonText(v, MAX_NAME);
  return isObj(v) ? (jsonText(v['name'], MAX_NAME) ?? jsonText(v['user'], MAX_NAME)) : undefined;
}

function github(paper: Obj, item: Obj): HydPaper['github'] {
  const repo = httpUrl(paper['githubRepo'] ?? item['githubRepo']);
  if (!repo) return undefined;
  const stars = jsonCount(paper['githubStars'] ?? item['githubStars']);
  return stars === undefined ? { repo } : { repo, stars };
}

/** `{ name: slug, fullname: display name }` as HF's API writes organizations. */
function orgOf(v: unknown): HydPaper['organization'] {
  if (!isObj(v)) return undefined;
  const slug = jsonText(v['name'], MAX_NAME);
  if (!slug) return undefined;
  const name = jsonText(v['fullname'], MAX_NAME);
  return name ? { slug, name } : { slug };
}
