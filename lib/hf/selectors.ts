/**
 * Every anchor the page reader uses on huggingface.co/papers, in one file.
 *
 * Why one file: when Hugging Face ships a new layout, this is the only place to look. Each entry says
 * what it anchors to and where we learned it (see tests/fixtures/README.md and shared/fixtures/README.md).
 *
 * Rules (STYLE.md, Zotero translators): anchor on element semantics, `href` patterns, `data-*` attributes
 * and text patterns — never on Tailwind utility classes, which change with every redesign.
 * A `Sel` is one CSS selector or a list of alternatives tried in order; the first that matches wins
 * (Web Scrobbler's `string | string[]`). The key of an entry is the name logged when it misses.
 *
 * Dated 2026-11: every entry was written against reconstructed pages (tests/fixtures), not the live
 * site, which no machine here reaches. When an entry is checked against or changed for the live site,
 * note the date on it.
 */

export type Sel = string | readonly string[];

/** CSS selectors. */
export const SEL = {
  /**
   * Hydration island of the list views (daily, date, week, month, trending): Svelte's SSR writes
   * `<div class="SVELTE_HYDRATER" data-target="DailyPapers" data-props="{&quot;dailyPapers&quot;:[…]}">`.
   * Read by RSSHub (lib/routes/huggingface/daily-papers.ts) and other scrapers of the live site.
   */
  listHydration: '[data-target="DailyPapers"][data-props]',

  /**
   * Any hydration island. The single paper page's island name is not pinned down ("PaperPage"?),
   * so we look at every one and keep the one whose props carry `paper.id` equal to the URL's id.
   */
  anyHydration: '[data-target][data-props]',

  /**
   * One paper in a list: an `<article>` (scrapers of the live site select `article a[href^="/papers/"]`).
   * When a layout has no articles, cards are rebuilt from the paper links instead (cards.ts).
   */
  card: 'article',

  /** The card's heading; its link is the title link (`h3 a[href^="/papers/"]` on the live list). */
  cardTitle: ['h3', 'h2', 'h4'],

  /** Abstract paragraph: search results show it under the title; compact daily cards do not. */
  cardAbstract: 'p',

  /** Author avatars: `<li title="Full Name"><img …></li>` in the card's author strip (a few, not all). */
  authorAvatar: 'li[title]',

  /**
   * Upvote control: a hidden checkbox inside a `<label>`, the count as the label's text (live-site
   * scrapers read `label div.leading-none`; we take the label's text, not the class). A button
   * labelled "Upvote" is accepted too ("pvote" matches either case: the `i` attribute flag is not
   * supported everywhere we test). Not `label:has(…)`: ten times slower in Chromium.
   */
  upvote: ['input[type="checkbox"]', 'button[aria-label*="pvote"]', '[title*="pvote"]'],

  /**
   * Thumbnail: the image inside the card's first link to the paper (`<a href="/papers/<id>"><img src>`),
   * skipping author avatars, which sit inside the same kind of link.
   */
  thumbnail: 'img[src]',

  /** Machine-readable date, if a layout ever renders one (`<time datetime="2024-12-19">`). */
  time: 'time[datetime]',

  /** Paper page: the title is the page's one `<h1>`. */
  paperTitle: 'h1',

  /** Paper page: the block holding the h1, authors and buttons (where the star button goes). */
  paperBlock: ['section', 'header'],

  /** Paper page: section headings; the one whose text is "Abstract" precedes the abstract paragraphs. */
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

  /** Comments: the paper's discussion anchor, `/papers/<id>#community`, the count as link text. */
  comments: /#community$/,

  /** GitHub repository link (`https://github.com/owner/repo`), the star count as link text. */
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
  'papers', 'models', 'datasets', 'spaces', 'docs', 'blog', 'learn', 'posts', 'collections', 'organizations',
  'pricing', 'enterprise', 'login', 'join', 'settings', 'notifications', 'search', 'tasks', 'chat', 'new',
  'privacy', 'terms-of-service', 'welcome', 'inference-endpoints', 'huggingchat', 'changelog',
]);

/** Text patterns, matched against whitespace-collapsed, trimmed text. */
export const TEXT = {
  /** "· 6 authors" under a list card, "• 6 authors" in search results. */
  authorCount: /^[·•]?\s*(\d+)\s+authors?$/i,

  /**
   * A card or page date: "Mar 23" (this year), "Dec 23, 2024", "Published on Mar 23, 2024".
   * Groups: month abbreviation, day, optional year.
   */
  date: /^(?:Published on\s+)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:,\s*(\d{4}))?$/,

  /** The submitter badge: "Submitted by <a href="/user">user</a>" (the text right before the link). */
  submittedBy: /submitted by\s*$/i,

  /** A paragraph that is the submitter badge, not an abstract. */
  submitterBadge: /^submitted by\b/i,

  /** The project page link's text. */
  projectPage: /^project\s*page$/i,

  /** Paper page: the heading before the abstract. */
  abstractHeading: /^abstract$/i,

  /** Paper page: the label before the author names. */
  authorsLabel: /^authors:?$/i,
} as const;

/** Name of a selector, text or href entry — what `logMissOnce` reports. */
export type AnchorName = keyof typeof SEL | `href.${keyof typeof HREF}` | `text.${keyof typeof TEXT}`;

/** The first element under `root` matching one of the alternatives of `sel`, in order. */
export function first(root: ParentNode, sel: Sel): Element | null {
  if (typeof sel === 'string') return root.querySelector(sel);
  for (const s of sel) {
    const el = root.querySelector(s);
    if (el) return el;
  }
  return null;
}
