/**
 * The DOM side of the list views: find the paper cards and read what each one shows.
 *
 * A live card holds two complete renderings of the paper (desktop and phone, one hidden at any width;
 * selectors.ts): the reader reads one of them, `cardRendering`, so nothing is counted twice and the
 * other rendering's nodes are never touched.
 *
 * Cost matters (1,000 cards in ≤ 20 ms, bench/reader.mjs): each card is read with one pass over its
 * links, a handful of scoped querySelector calls and — only for what the hydration JSON lacks — one walk
 * over its text nodes; never a query over the whole document per card, and `textContent`, never
 * `innerText` (which forces layout). Most of the cost is Chromium creating a JavaScript wrapper for each
 * node touched the first time, so the code touches as few nodes as it can.
 */
import { dateOfTimestamp, parsePageDate } from './dates';
import { logMissOnce } from './log';
import { HREF, MARK_ATTR, SEL, TEXT, UPVOTE_LOGIN_HREF, first, reservedPaths } from './selectors';
import type { HydPaper } from './hydration';
import { type PageCount, cleanText, httpUrl, parseCount, parseCountIn } from './values';

/** What one card shows. Everything but the id may be missing. */
export interface DomPaper {
  id: string;
  title?: string;
  abstract?: string;
  /** All author names — set only when the page shows the complete list. */
  authorNames?: string[];
  authorCount?: number;
  organization?: { slug: string; name?: string };
  publishedAt?: string;
  upvotes?: PageCount;
  comments?: PageCount;
  submitter?: string;
  thumbnail?: string;
  github?: { repo: string; stars?: PageCount };
  projectPage?: string;
  /** The paper page's "AI-generated summary" (list cards never tell it from the abstract). */
  aiSummary?: string;
}

/** What the card reader needs to know about the page. */
export interface CardContext {
  /** Base for relative URLs (the page URL). */
  base: string;
  /** Reference date for year-less dates (see dates.ts); undefined leaves them unknown. */
  refDate?: string;
  /**
   * What a card's paragraph is: `abstract` on search results; `either` on the list views, where it is
   * the AI summary when the paper has one, else the abstract — so it is taken as the abstract only
   * when the JSON knows the paper and says it has no AI summary (selectors.ts `cardAbstract`).
   */
  paragraph?: 'abstract' | 'either';
  /**
   * The island was written for what the page shows now (read.ts `pageContext`): the server wrote it
   * and the cards from the same data, so a card whose paper it describes whole (`islandSaysAll`:
   * counts included) is read from the island alone — its links, the costliest part of a card's
   * read, are not walked.
   */
  islandCurrent?: boolean;
}

/** The arXiv id of a `/papers/<id>` href, version stripped. */
export function paperIdOfHref(href: string | null): string | undefined {
  // A substring test first: most links of a card (GitHub, users, arXiv) never reach the regex.
  if (!href || href.indexOf('/papers/') < 0) return undefined;
  return HREF.paper.exec(href)?.[1];
}

/** The paper id of the link inside a card's heading (the title link). */
function titleLinkId(heading: Element | null): string | undefined {
  if (!heading) return undefined;
  // The usual heading, `h3 > a[href]`: its first element child is its first link in document order,
  // found without creating a collection (each costs a few µs the first time, on a fresh card).
  const child = heading.firstElementChild;
  if (child?.localName === 'a') {
    const href = child.getAttribute('href');
    if (href !== null) return paperIdOfHref(href);
  }
  // `querySelector('a[href]')` by hand: the heading's links by index, no selector matching (readLinks).
  const links = heading.getElementsByTagName('a');
  for (let i = 0; i < links.length; i++) {
    const href = links[i]!.getAttribute('href');
    if (href !== null) return paperIdOfHref(href);
  }
  return undefined;
}

/** True inside something Paperdeck injected (star button, tag chips). */
export function isInjected(el: Element): boolean {
  return el.closest(SEL.injected) !== null;
}

/** The card's title headings, in order: the first kind of `SEL.cardTitle` it has. */
function headingsOf(card: Element): NodeListOf<Element> | null {
  for (const tag of SEL.cardTitle) {
    // A static list, not getElementsByTagName's live collection: in Chromium creating the collection
    // (cached on the element, the first time on a fresh card) costs more than the query's walk.
    const found = card.querySelectorAll(tag);
    if (found.length) return found;
  }
  return null;
}

/** One rendering of a card: the element to read (the card itself when it has one) and its heading. */
export interface CardRendering {
  root: Element;
  heading: Element | null;
}

/**
 * The first of the card's renderings. A live card repeats its title heading, links and controls in a
 * desktop and a phone block (selectors.ts): when the card has two headings in different blocks, the
 * rendering is the outermost element holding the first heading and not the second. Otherwise it is
 * the card itself. (Cheap on purpose: counting the headings touches no node from JavaScript, and a
 * card with one heading is not walked at all.)
 */
export function cardRendering(card: Element): CardRendering {
  const headings = headingsOf(card);
  if (!headings) return { root: card, heading: null };
  const heading = headings[0]!;
  const other = headings[1];
  if (!other) return { root: card, heading };
  let root: Element = heading;
  for (let up = heading.parentElement; up && up !== card && !up.contains(other); up = up.parentElement) root = up;
  // Both headings in one block (side by side): one rendering.
  return root === heading ? { root: card, heading } : { root, heading };
}

/**
 * Every rendering's title heading of the card (one per rendering; lib/page puts our toolbar after the
 * one that is shown). Empty for a card without a heading.
 */
export function cardHeadings(card: Element): Element[] {
  const headings = headingsOf(card);
  if (!headings) return [];
  const id = titleLinkId(headings[0]!);
  const out: Element[] = [];
  for (let i = 0; i < headings.length; i++) {
    const h = headings[i]!;
    if (i === 0 || (id && titleLinkId(h) === id)) out.push(h);
  }
  return out;
}

/**
 * The id a card stands for: its title link's, else its first paper link's. Used by the watcher to
 * notice a card element that the SPA reused for another paper.
 */
export function cardPaperId(card: Element): string | undefined {
  const titleId = titleLinkId(first(card, SEL.cardTitle));
  if (titleId) return titleId;
  const links = card.getElementsByTagName('a');
  for (let i = 0; i < links.length; i++) {
    const id = paperIdOfHref(links[i]!.getAttribute('href'));
    if (id) return id;
  }
  return undefined;
}

/**
 * The paper cards under `root`: its `<article>` elements (with or without a paper link — the caller
 * skips and logs the ones without). When a layout has no articles, cards are rebuilt from the links.
 */
export function findCards(root: Document | Element): Element[] {
  // A live collection walked by index: no selector matching, and no iterator protocol (readLinks).
  const articles = root.getElementsByTagName(SEL.card);
  const n = articles.length;
  if (!n) return cardsFromLinks(root);
  const out = new Array<Element>(n);
  for (let i = 0; i < n; i++) out[i] = articles[i]!;
  return out;
}

/**
 * Fallback card discovery: for each paper link, the highest ancestor whose subtree links to that paper
 * only. One upward walk per link, each ancestor visited a bounded number of times (linear overall).
 */
export function cardsFromLinks(root: ParentNode): Element[] {
  const owner = new Map<Element, string>(); // ancestor → the one paper id under it, or '' when mixed
  const links: Array<[Element, string]> = [];
  for (const a of root.querySelectorAll('a[href*="/papers/"]')) {
    const id = paperIdOfHref(a.getAttribute('href'));
    if (!id) continue;
    links.push([a, id]);
    for (let el: Element | null = a; el && el !== root; el = el.parentElement) {
      const seen = owner.get(el);
      if (seen === undefined) owner.set(el, id);
      else if (seen === id)
        break; // the rest of the chain was marked by a sibling link of this paper
      else if (seen === '')
        break; // already mixed, and so is everything above it
      else owner.set(el, '');
    }
  }
  const cards = new Set<Element>();
  for (const [a, id] of links) {
    let card = a;
    while (card.parentElement && card.parentElement !== root && owner.get(card.parentElement) === id) {
      card = card.parentElement;
    }
    cards.add(card);
  }
  return [...cards];
}

/**
 * Whether an element is something Paperdeck injected. Cards get our UI only after the watcher has
 * reported (and marked) them, so an unmarked card needs no check at all — the per-element test is a
 * `closest()` up to the root, too slow to run on every link of every card.
 */
export type InjectedTest = (el: Element) => boolean;
const NOTHING_INJECTED: InjectedTest = () => false;

export function injectedTest(card: Element): InjectedTest {
  if (!card.hasAttribute(MARK_ATTR) || !card.querySelector(SEL.injected)) return NOTHING_INJECTED;
  return isInjected;
}

/** What the hydration JSON already says about a paper, if anything (see readCardDom). */
export type KnownPaper = (id: string) => HydPaper | undefined;
const NOTHING_KNOWN: KnownPaper = () => undefined;

/**
 * Reads one card; undefined when it has no paper link (the caller logs the miss).
 *
 * Structured data first also decides what is read: a descriptive field the JSON already has (title,
 * abstract, authors, date, thumbnail) is not looked for in the DOM — merge.ts would take the JSON's
 * anyway. Counts (upvotes, comments, stars) are read from the card, whose live DOM wins for them,
 * unless the island is current and describes the paper whole (`CardContext.islandCurrent`): then the
 * card's links are not walked at all, and only its heading is read (for the id).
 */
export function readCardDom(card: Element, ctx: CardContext, known: KnownPaper = NOTHING_KNOWN): DomPaper | undefined {
  const injected = injectedTest(card);
  const { root, heading } = cardRendering(card);
  const headingId = titleLinkId(heading);
  const json = headingId ? known(headingId) : undefined;
  const fromIsland = ctx.islandCurrent === true && json !== undefined && islandSaysAll(json);
  // What the island gives is not looked for (merge.ts would take the island's): fewer nodes touched.
  const links = fromIsland
    ? undefined
    : readLinks(root, ctx, {
        injected,
        heading,
        wantThumbnail: !json?.thumbnail,
        wantSubmitter: !json?.submitter,
        wantOrganization: !json?.organization?.name,
        wantProjectPage: !json?.projectPage,
      });
  const id = headingId ?? links?.firstId;
  if (!id) return undefined;
  const j = json ?? known(id);

  const out: DomPaper = links ? { id, ...links.fields } : { id };
  if (!j?.title) assign(out, 'title', cleanText(heading?.textContent) ?? links?.titleText);
  if (!j?.abstract && paragraphIsAbstract(ctx, j)) assign(out, 'abstract', readAbstract(root, injected));
  if (links) assign(out, 'upvotes', readUpvotes(root, injected, links.upvoteLink ?? null));
  if (j?.authors && j.publishedAt) return out;

  Object.assign(out, scanText(root, ctx, injected));
  // The avatar strip shows the first few authors only; the names are the whole list only when the
  // card's own "N authors" says so.
  if (!j?.authors && out.authorCount) assign(out, 'authorNames', avatarNames(root, injected, out.authorCount));
  const time = root.querySelector(SEL.time);
  assign(out, 'publishedAt', time ? dateOfTimestamp(time.getAttribute('datetime')) : undefined);
  return out;
}

/**
 * Whether a current island's item gives everything the card's links would: the counts, and what
 * every item carries (thumbnail, submitter, an organization's display name). What an item has only
 * when the paper has it (a GitHub repository, a project page, an organization) is then absent from
 * the card too: the server writes both from the same item.
 */
function islandSaysAll(j: HydPaper): boolean {
  return (
    j.upvotes !== undefined &&
    j.comments !== undefined &&
    j.thumbnail !== undefined &&
    j.submitter !== undefined &&
    (j.organization === undefined || j.organization.name !== undefined)
  );
}

/** Whether the card's paragraph is the abstract (see CardContext.paragraph). */
function paragraphIsAbstract(ctx: CardContext, j: HydPaper | undefined): boolean {
  if (ctx.paragraph !== 'either') return true;
  return j !== undefined && j.aiSummary === undefined;
}

function assign<K extends keyof DomPaper>(o: DomPaper, k: K, v: DomPaper[K] | undefined): void {
  if (v !== undefined) o[k] = v;
}

export interface LinkFacts {
  firstId?: string;
  /** Text of the first paper link that has text — the title when the card has no heading. */
  titleText?: string;
  /** The first logged-out upvote link (selectors.ts `UPVOTE_LOGIN_HREF`), injected or not: readUpvotes' hint. */
  upvoteLink?: Element;
  fields: Partial<DomPaper>;
}

export interface LinkOptions {
  injected: InjectedTest;
  /** Links inside it are ignored (the paper page's author list: user links that would look like an organization chip). */
  skip?: Element;
  /** The card's heading; without one, the title is taken from a paper link's text. */
  heading?: Element | null;
  /** False when the JSON already has the thumbnail. */
  wantThumbnail?: boolean;
  /** False when the JSON already has the submitter, the organization with its name, the project page. */
  wantSubmitter?: boolean;
  wantOrganization?: boolean;
  wantProjectPage?: boolean;
}

/**
 * One pass over the links under `root`, classified by href.
 *
 * DOM collections are walked by index throughout this file: in Chromium, `for…of` over an
 * HTMLCollection goes through the iterator protocol and costs several times more (measured: 4.7 vs
 * 0.8 ms over the links of 1,000 cards).
 */
export function readLinks(root: Element, ctx: CardContext, opts: LinkOptions): LinkFacts {
  const { injected, skip, heading, wantThumbnail = true, wantSubmitter = true, wantOrganization = true, wantProjectPage = true } = opts;
  const wantProfiles = wantSubmitter || wantOrganization;
  const facts: LinkFacts = { fields: {} };
  const f = facts.fields;
  // A static list: cheaper than a live collection on a fresh card (headingsOf).
  const links = root.querySelectorAll('a');
  for (let i = 0; i < links.length; i++) {
    const a = links[i]!;
    const href = a.getAttribute('href');
    if (!href || skip?.contains(a)) continue;
    const id = paperIdOfHref(href);
    if (id) {
      facts.firstId ??= id;
      if (HREF.comments.test(href)) f.comments ??= parseCountIn(a);
      else if (wantThumbnail && !f.thumbnail) f.thumbnail = thumbnailOf(a, ctx);
      // Only a card without a heading needs its title from a link.
      if (!heading && !facts.titleText && !a.querySelector('img')) {
        const text = cleanText(a.textContent);
        if (text && !TEXT.authorCount.test(text)) facts.titleText = text;
      }
      continue;
    }
    // The logged-out upvote control: noted here so that readUpvotes need not query the card for it.
    if (href.startsWith(UPVOTE_LOGIN_HREF)) {
      facts.upvoteLink ??= a;
      continue;
    }
    if (injected(a)) continue;
    if (HREF.github.test(href)) {
      if (!f.github) f.github = githubOf(a, href);
      continue;
    }
    // A link into huggingface.co (a user, an organization, the login link, …) is no project page.
    const local = href.charCodeAt(0) === 47; /* "/" */
    if (wantProfiles) {
      const profile = HREF.profile.exec(href);
      if (profile && !reservedPaths.has(profile[1]!)) {
        if (isAfterSubmittedBy(a)) {
          if (wantSubmitter) f.submitter ??= profile[1];
        } else if (wantOrganization && !a.closest('li')) f.organization ??= organizationOf(a, profile[1]!);
        continue;
      }
    }
    // A project page is another site.
    if (wantProjectPage && !f.projectPage && !local && TEXT.projectPage.test(cleanText(a.textContent) ?? '')) {
      f.projectPage = httpUrl(href, ctx.base);
    }
  }
  if (!f.thumbnail) delete f.thumbnail;
  if (!f.comments) delete f.comments;
  if (!f.projectPage) delete f.projectPage;
  return facts;
}

/**
 * The thumbnail of a paper link: its social thumbnail, else its first image that is not an author
 * avatar (avatars sit in the author strip's list items, `li[title]` or not; a thumbnail never does —
 * on search results the strip itself is wrapped in a link to the paper [FC]).
 */
function thumbnailOf(a: Element, ctx: CardContext): string | undefined {
  const imgs = a.getElementsByTagName('img');
  if (!imgs.length) return undefined;
  const [social, any] = SEL.thumbnail;
  let fallback: Element | undefined;
  for (let i = 0; i < imgs.length; i++) {
    const img = imgs[i]!;
    if (img.matches(social)) return httpUrl(img.getAttribute('src'), ctx.base);
    // The thumbnail is the link's own child; only a nested image needs the (root-bound) avatar check.
    if (!fallback && img.matches(any) && (img.parentElement === a || !img.closest('li'))) fallback = img;
  }
  return fallback ? httpUrl(fallback.getAttribute('src'), ctx.base) : undefined;
}

function githubOf(a: Element, href: string): DomPaper['github'] {
  const repo = httpUrl(href);
  if (!repo) return undefined;
  const stars = parseCountIn(a);
  return stars ? { repo, stars } : { repo };
}

/** Organization chip: slug from the href, display name from the text (the slug itself is dropped). */
function organizationOf(a: Element, slug: string): DomPaper['organization'] {
  let text = cleanText(a.textContent);
  if (text?.startsWith(slug)) text = cleanText(text.slice(slug.length));
  return text ? { slug, name: text } : { slug };
}

/**
 * "Submitted by" right before the link: the text of its first non-blank previous sibling, or of its
 * parent's (a label in its own span) ends with it.
 */
function isAfterSubmittedBy(a: Element): boolean {
  for (let el: Element | null = a, depth = 0; el && depth < 2; el = el.parentElement, depth++) {
    for (let n = el.previousSibling, i = 0; n && i < 3; n = n.previousSibling, i++) {
      const text = n.textContent;
      if (text && !BLANK.test(text)) return TEXT.submittedBy.test(text);
    }
  }
  return false;
}
const BLANK = /^\s*$/;

/** The first paragraph that is not ours and not the submitter badge. */
function readAbstract(card: Element, injected: InjectedTest): string | undefined {
  const ps = card.getElementsByTagName(SEL.cardAbstract);
  for (let i = 0; i < ps.length; i++) {
    const text = cleanText(ps[i]!.textContent);
    if (text && !TEXT.submitterBadge.test(text) && !injected(ps[i]!)) return text;
  }
  return undefined;
}

/** The avatar names, when there are exactly `count` of them (else they are not the whole list). */
function avatarNames(card: Element, injected: InjectedTest, count: number): string[] | undefined {
  const items = card.querySelectorAll(SEL.authorAvatar);
  if (items.length !== count) return undefined;
  const names: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const name = cleanText(items[i]!.getAttribute('title'));
    if (!name || injected(items[i]!)) return undefined;
    names.push(name);
  }
  return names;
}

/**
 * The upvote count: the text of the logged-out upvote link ("-" is zero), of the label around the
 * logged-in checkbox, or of an upvote button.
 *
 * `loginLink`, when given, is what readLinks found of the login link (`UPVOTE_LOGIN_HREF`) under `card` (its first match,
 * or null for none): the control is then found without querying the card for that selector, whose
 * attribute-prefix test has no fast path (~30 % of a card's DOM read, measured in bench/reader.mjs).
 */
export function readUpvotes(card: Element, injected: InjectedTest, loginLink?: Element | null): PageCount | undefined {
  const hit = loginLink === undefined ? first(card, SEL.upvote) : upvoteControlOf(card, loginLink);
  // A checkbox's count is its label's text; any other control holds its own.
  const control = hit?.tagName === 'INPUT' ? (hit.closest('label') ?? hit) : hit;
  if (!control || injected(control)) return undefined;
  // The count is the control's last text ("Upvote" + <div>145</div>): looked at first, without a walk.
  const count = parseCount(lastText(control)) ?? parseCountIn(control);
  if (count) return count;
  return TEXT.zeroCount.test(cleanText(control.textContent) ?? '') ? ZERO : undefined;
}
const ZERO: PageCount = { value: 0, exact: true };
/** SEL.upvote's alternatives after the first (the login link or a checkbox). */
const [, ...UPVOTE_OTHERS] = SEL.upvote;

/**
 * `first(card, SEL.upvote)` when the card's first upvote link is known (or known to be absent): the
 * first alternative matches that link or a checkbox, whichever comes first in the document — the
 * first checkbox by a query that stops there (no live collection to create: headingsOf).
 */
function upvoteControlOf(card: Element, loginLink: Element | null): Element | null {
  const input = card.querySelector(CHECKBOX);
  // Document order: the link's own checkbox follows it (it is inside).
  if (input && (!loginLink || loginLink.compareDocumentPosition(input) & 2) /* PRECEDING */) return input;
  if (loginLink) return loginLink;
  return first(card, UPVOTE_OTHERS);
}
/** `[type="checkbox"]` on an HTML input compares the value ASCII case-insensitively. */
const CHECKBOX = 'input[type="checkbox"]';

/** The text of an element's deepest last node, when that is text. */
function lastText(el: Element): string | null {
  let n: Node | null = el.lastChild;
  while (n && n.nodeType === 1) n = n.lastChild;
  return n && n.nodeType === 3 ? n.nodeValue : null;
}

/**
 * One walk over the card's text nodes for the text-anchored facts: "N authors" and the date.
 * A first-character test keeps the regular expressions off almost every node: a count starts with a
 * digit or a bullet, a date with a capital letter.
 */
export function scanText(card: Element, ctx: CardContext, injected: InjectedTest): Pick<DomPaper, 'authorCount' | 'publishedAt'> {
  const out: Pick<DomPaper, 'authorCount' | 'publishedAt'> = {};
  const walker = card.ownerDocument.createTreeWalker(card, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const raw = n.nodeValue;
    if (!raw || raw.length > 40) continue;
    // First non-blank character, without allocating a trimmed copy (most nodes are indentation).
    let i = 0;
    while (i < raw.length && raw.charCodeAt(i) <= 32) i++;
    if (i === raw.length) continue;
    const c = raw.charCodeAt(i);
    if (c === 0xb7 /* · */ || c === 0x2022 /* • */ || (c >= 48 && c <= 57)) {
      if (out.authorCount !== undefined) continue;
      const m = TEXT.authorCount.exec(cleanText(raw) ?? '');
      if (m && !injected(n.parentElement!)) out.authorCount = Number(m[1]);
    } else if (c >= 65 && c <= 90 && out.publishedAt === undefined) {
      const clean = cleanText(raw) ?? '';
      if (!TEXT.date.test(clean) || injected(n.parentElement!)) continue;
      const date = parsePageDate(clean, ctx.refDate);
      if (date) out.publishedAt = date;
      else logMissOnce('text.date', clean); // a year-less date with no reference, or a day that does not exist
    }
  }
  return out;
}
