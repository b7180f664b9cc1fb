/**
 * Every anchor the page reader uses on huggingface.co/papers, in one file.
 *
 * Why one file: when Hugging Face ships a new layout, this is the only place to look. Each entry says
 * what it anchors to, where we learned it and when it was last checked against the live site.
 *
 * Rules (STYLE.md, Zotero translators): anchor on element semantics, `href` patterns, `data-*` attributes
 * and text patterns — never on Tailwind utility classes, which change with every redesign.
 * A `Sel` is one CSS selector or a list of alternatives tried in order; the first that matches wins
 * (Web Scrobbler's `string | string[]`). The key of an entry is the name logged when it misses.
 *
 * Sources (no machine here reaches huggingface.co; shared/fixtures/README.md quotes them in full):
 *  [TR]  a real, logged-out, server-rendered capture of /papers/trending (about 2026-10);
 *  [WS]  live browser runs on the daily/week/month views and paper pages (2026-08);
 *  [FC]  a link-by-link rendering of a search page, /papers?q=… (2026-10-02);
 *  [AF]  notes on the paper page's island (2026-05); [HH] huggingface_hub's API client (2026-08).
 * "Checked 2026-12" below means: compared with those sources in 2026-12. An entry without a date is
 * still a reconstruction (tests/fixtures) that no capture confirms or contradicts.
 *
 * What the live site does that shapes the reader (checked 2026-12):
 *  - Each list `<article>` holds TWO complete renderings of the card, a desktop block (`hidden … md:flex`)
 *    and a phone block (`flex … md:hidden`), one of them `display: none` at any width (768 px) [TR].
 *    The reader reads one of them (cards.ts `cardRendering`); lib/page puts our toolbar in the visible one.
 *  - The `DailyPapers` island wraps the rendered list (the cards are its children) and its props say
 *    which listing is shown (`dateString`, `periodType`, `isTrending`): the URL may not — `/papers`
 *    redirects to the day (or the week/month last used), a future date is clamped to the latest day,
 *    an out-of-range week goes to the latest week ([TR], [WS], RSSHub).
 *  - Daily/Weekly/Monthly are buttons that rewrite the same island's `data-props` client-side [WS].
 *  - On /papers?q=… the server renders the default listing and its island; the results are rendered
 *    by the client, so there the island describes other papers [FC and others].
 */

export type Sel = string | readonly string[];

/**
 * How the logged-out upvote link's href starts (`SEL.upvote`, checked 2026-12 [TR], [FC]); readLinks
 * (cards.ts) notes that link as it passes it.
 */
export const UPVOTE_LOGIN_HREF = '/login?next=%2Fpapers%2F';

/** CSS selectors. */
export const SEL = {
  /**
   * Hydration island of the list views (daily, date, week, month, trending; also the default listing
   * the server renders on a search page): Svelte's SSR writes `<div class="SVELTE_HYDRATER contents"
   * data-target="DailyPapers" data-props="{&quot;dailyPapers&quot;:[…], …}">` and the island's div
   * WRAPS the rendered list (the section with the <h1>, the search box, the tabs and every <article>).
   * Props: trending `{ canSubmit, dailyPapers, publisher, query, isTrending: true }` (no dateString)
   * [TR]; day/week/month add `authLight`, `dateString`, `prevDate`, `periodType` ("day" | "week" |
   * "month") [WS]. The tabs rewrite this attribute in place [WS] (the watcher observes it). Each
   * `dailyPapers` item: `{ paper: { id, title, summary, authors[{ name, hidden }], publishedAt, upvotes,
   * ai_summary?, ai_keywords?, githubRepo?, githubStars?, projectPage?, organization?, … }, title,
   * summary, thumbnail, numComments, submittedBy, organization?, publishedAt (the item's own), … }`
   * (checked 2026-12 [TR]; the field list is in hydration.ts).
   * Checked 2026-12 [TR, WS]; also read by RSSHub (lib/routes/huggingface/daily-papers.ts).
   */
  listHydration: '[data-target="DailyPapers"][data-props]',

  /**
   * The single paper page's island: `data-target="PaperContent"` with `{ paper, comments[], upvoted,
   * upvoters, dailyPaperRank, canSubmit, primaryEmailConfirmed, markdownContentUrl, … }` — no
   * top-level `numComments` or `thumbnail`. Checked 2026-12 [AF]. (Its name was once guessed as
   * "PaperPage"; `anyHydration` stays the fallback, matched by `paper.id`.)
   */
  paperHydration: '[data-target="PaperContent"][data-props]',

  /** Any hydration island (a page has several: ClientErrorCatcher, DeviceProvider, MainHeader, … [TR]). */
  anyHydration: '[data-target][data-props]',

  /**
   * One paper in a list: `<article class="relative overflow-hidden rounded-xl border">`, checked
   * 2026-12 [TR]. Whether search results are <article>s too is not known [FC]: when a layout has no
   * articles, cards are rebuilt from the paper links instead (cards.ts). The grid sets
   * `content-visibility: auto` on its cards [TR]: a card scrolled out of view is skipped by rendering,
   * not hidden (lib/page tells the renderings apart with `checkVisibility()`, which by default does
   * not count that as hidden).
   */
  card: 'article',

  /**
   * The card's heading; its link is the title link: `h3 > a[href="/papers/<id>"]`, once in each of the
   * card's two renderings (checked 2026-12 [TR], [WS], [FC]). The paper page's title is its <h1>.
   */
  cardTitle: ['h3', 'h2', 'h4'],

  /**
   * The card's paragraph. On the list views it holds the paper's `ai_summary` when it has one, else
   * the abstract (checked 2026-12 [TR]): without the JSON the reader cannot tell which, so there it is
   * read as neither. On search results it is the abstract, wrapped in a link to the paper [FC]. Compact
   * daily/week/month cards have none [WS].
   */
  cardAbstract: 'p',

  /**
   * Author avatars: `ul > li[title="<author name>"]` in the card's author strip, the first few only,
   * with `li > span` "4 authors" (checked 2026-12 [TR]). Cards with an organization show its chip
   * instead.
   */
  authorAvatar: 'li[title]',

  /**
   * Upvote control, first match wins:
   *  - logged out: `a[href="/login?next=%2Fpapers%2F<id>"] > div[role=checkbox] > input[disabled]
   *    [type=checkbox] + svg + "Upvote" + div(count)` — no <label>; on search results the link's text
   *    is just the count, "-" for zero, and it comes before the title (checked 2026-12 [TR], [FC]);
   *  - logged in: a hidden checkbox inside a <label> whose text is the count (live-site scrapers read
   *    `label div.leading-none`; we take the label's text, not the class) [WS, 2026-08] — the exact
   *    markup is not known beyond that;
   *  - a button or element labelled "Upvote" ("pvote" matches either case: the `i` attribute flag is
   *    not supported everywhere we test).
   * The first two are one query: the login link holds a (disabled) checkbox and comes before it in
   * the document, so one pass over the card finds whichever of the two it has. Not `label:has(…)`:
   * ten times slower in Chromium.
   */
  upvote: [`a[href^="${UPVOTE_LOGIN_HREF}"], input[type="checkbox"]`, 'button[aria-label*="pvote"]', '[title*="pvote"]'],

  /**
   * Thumbnail: `a[href="/papers/<id>"] > div > img[src=".../social-thumbnails/papers/<id>.png"]`, the
   * same link also holding "Submitted by", the submitter's avatar and name as plain text; a <video>
   * instead when the paper has `mediaUrls` (checked 2026-12 [TR]). The social thumbnail is taken
   * first; otherwise the link's first image that is not an author avatar.
   */
  thumbnail: ['img[src*="/social-thumbnails/"]', 'img[src]'],

  /**
   * The list's search box: `input[type=search][name="daily-papers-search"]`, placeholder "Search any
   * paper with AI" (checked 2026-12 [TR]). While it holds a query the list shows search results, even
   * where the URL has no `?q=`.
   */
  searchBox: 'input[name="daily-papers-search"]',

  /** Machine-readable date, if a layout ever renders one (`<time datetime="2024-12-19">`). */
  time: 'time[datetime]',

  /** Paper page: the title is the page's one `<h1>` (checked 2026-12 [WS]). */
  paperTitle: 'h1',

  /** Paper page: the block holding the h1, authors and buttons (where the star button goes). */
  paperBlock: ['section', 'header'],

  /**
   * Paper page: section headings; the one whose text is "Abstract" precedes the abstract paragraphs
   * (whether it is an h2 is not known [WS]), "AI-generated summary" the AI summary.
   */
  paperHeading: 'h2, h3',

  /** Paper page: the social thumbnail is the Open Graph image. */
  ogImage: 'meta[property="og:image"][content]',

  /**
   * Things Paperdeck itself injects into a card (star button, tag chips): they sit under an element of
   * class `pd-ui` (lib/page) or with `data-pd-ui`. The reader ignores them so our own chips never leak
   * into a record. A class selector, not `[class^="pd-"]`: attribute-substring selectors have no fast
   * path and cost ~8 µs a card.
   */
  injected: '.pd-ui, [data-pd-ui]',
} as const;

/** The attribute the watcher puts on each handled card: `data-pd-id="<arXiv id>"`. */
export const MARK_ATTR = 'data-pd-id';

/**
 * arXiv id inside a link, version suffix left outside the capture group.
 * New style `2412.14689(v2)`, old style `hep-th/9901001(v1)` and `math.GT/0309136`.
 * Kept in step with ARXIV_ID_RE in lib/model/paper.ts.
 */
const ID = String.raw`(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?`;

/** `href` patterns. */
export const HREF = {
  /**
   * Link to a paper: `/papers/<id>`, relative or absolute, with optional version, trailing slash,
   * query or hash (`/papers/2412.14689#community`). The id is the join key with the hydration JSON.
   */
  paper: new RegExp(String.raw`^(?:https?://(?:www\.)?huggingface\.co)?/papers/${ID}/?(?:[?#].*)?$`),

  /**
   * Comments: the paper's discussion anchor, `/papers/<id>#community`, the count as link text; on
   * search results it follows the date and is there only when the paper has comments — so in the
   * text renderings of search pages the number after a date is the COMMENT count (checked 2026-12
   * [FC]). The paper page lists the comments under `h3#community` [WS].
   */
  comments: /#community$/,

  /**
   * GitHub repository link (`https://github.com/owner/repo`): a button "GitHub" + the star count as
   * link text, abbreviated ("1.66k", "41"), checked 2026-12 [TR]. The arXiv button beside it,
   * `https://arxiv.org/abs/<id>` "arXiv Page", is not read (the id is known).
   */
  github: /^https?:\/\/(?:www\.)?github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?(?:[?#].*)?$/,

  /**
   * Organization or user page: one path segment (`/furiosa-ai`) or `/organizations/<slug>`.
   * The submitter is the one after "Submitted by"; an organization chip is any other one outside the
   * author list. Top-level site sections are excluded by `reservedPaths`.
   */
  profile: /^(?:https?:\/\/(?:www\.)?huggingface\.co)?\/(?:organizations\/)?([A-Za-z0-9][\w.-]*)\/?$/,
} as const;

/** First path segments that are site sections, never a user or an organization. */
export const reservedPaths: ReadonlySet<string> = new Set([
  'papers',
  'models',
  'datasets',
  'spaces',
  'docs',
  'blog',
  'learn',
  'posts',
  'collections',
  'organizations',
  'pricing',
  'enterprise',
  'login',
  'join',
  'settings',
  'notifications',
  'search',
  'tasks',
  'chat',
  'new',
  'privacy',
  'terms-of-service',
  'welcome',
  'inference-endpoints',
  'huggingchat',
  'changelog',
]);

/** Text patterns, matched against whitespace-collapsed, trimmed text. */
export const TEXT = {
  /** "4 authors" in a list card's author strip (checked 2026-12 [TR]), "• 6 authors" in search results. */
  authorCount: /^[·•]?\s*(\d+)\s+authors?$/i,

  /** A logged-out upvote control's text for zero upvotes on search results: "-" (checked 2026-12 [FC]). */
  zeroCount: /^(?:upvote\s*)?[-–]$/i,

  /**
   * A card or page date: "Mar 23" (this year), "Dec 23, 2024", "Published on Mar 23, 2024". The
   * desktop rendering writes "Published on Sep 8, 2026", the phone one "Sep 8, 2026" (checked 2026-12
   * [TR]); search results "May 29" this year, "Feb 27, 2025" before [FC]. Compact daily cards show no
   * date [WS].
   * Groups: month abbreviation, day, optional year.
   */
  date: /^(?:Published on\s+)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:,\s*(\d{4}))?$/,

  /**
   * The submitter badge: "Submitted by <a href="/user">user</a>" (the text right before the link). On
   * trending the name is plain text inside the thumbnail link, not a link (checked 2026-12 [TR]): there
   * the JSON's `submittedBy` is the only source.
   */
  submittedBy: /submitted by\s*$/i,

  /** A paragraph that is the submitter badge, not an abstract. */
  submitterBadge: /^submitted by\b/i,

  /** The project page link's text. */
  projectPage: /^project\s*page$/i,

  /** Paper page: the heading before the abstract. */
  abstractHeading: /^abstract$/i,

  /** Paper page: the heading before the AI summary (which is never the abstract). */
  aiSummaryHeading: /^ai-generated summary$/i,

  /** Paper page: the label before the author names. */
  authorsLabel: /^authors:?$/i,
} as const;

/** The first element under `root` matching one of the alternatives of `sel`, in order. */
export function first(root: ParentNode, sel: Sel): Element | null {
  if (typeof sel === 'string') return root.querySelector(sel);
  for (const s of sel) {
    const el = root.querySelector(s);
    if (el) return el;
  }
  return null;
}
