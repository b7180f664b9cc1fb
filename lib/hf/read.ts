/**
 * The page reader: one adapter from a Hugging Face papers page to PaperRecords.
 *
 *   URL ──detectView──▶ ViewInfo, corrected by the island's own listing (views.ts withIsland)
 *   [data-target="DailyPapers"][data-props] ──hydration.ts──▶ Map<arXiv id, HydPaper>   (structured first)
 *   <article> cards (one rendering each) ──cards.ts──▶ DomPaper per card                  (DOM, where buttons go)
 *   join by arXiv id ──merge.ts──▶ PaperRecord (counts: DOM wins; the rest: JSON first, DOM fills)
 *   (a card the current island describes, counts included, is read from the island: cards.ts)
 *
 * What each view reads (shared/fixtures/README.md has the evidence, selectors.ts the anchors):
 *  - list views (daily, date, week, month, trending): the island's items joined to the cards; the
 *    island's `dateString`/`periodType`/`isTrending` say which listing it is, over the URL. Compact
 *    daily cards show no abstract, authors or date: the island is their only source.
 *  - search (`?q=`, or a query in the list's search box): the result cards alone. The server rendered
 *    the default listing and its island; the client replaces the cards with the results. Cards that
 *    are all island papers are that default listing and are not read; the island is never joined.
 *  - the paper page: its `PaperContent` island and the title block around the <h1>.
 *
 * Pure: reads only, never writes to the DOM, never throws (a failure is logged once and yields []).
 */
import type { PaperRecord } from '../model/paper';
import { type CardContext, cardPaperId, findCards, readCardDom } from './cards';
import { localIsoDate, parsePageDate } from './dates';
import { type HydPaper, type ListHydration, readListHydration } from './hydration';
import { logMissOnce } from './log';
import { mergeRecord } from './merge';
import { readPaperPage } from './paper-page';
import { SEL, TEXT } from './selectors';
import { cleanText } from './values';
import { type ViewInfo, detectView, periodEnd, withIsland } from './views';

export interface ReadCard {
  id: string;
  /** The element that represents the whole paper: a list card, or the paper page's title block. */
  card: HTMLElement;
  record: PaperRecord;
  /**
   * The paper was already reported for this view (the site rendered its card again): decorate the new
   * card, but it is not another sighting (watch.ts).
   */
  again?: true;
}

/** Everything the per-card read needs about the page, computed once per page (or per SPA view). */
export interface PageContext extends CardContext {
  /** The view, with `listingDate` filled from the page when the URL does not carry it. */
  view: ViewInfo;
  seenOn: PaperRecord['seenOn'];
  hydration: ReadonlyMap<string, HydPaper>;
  /** `hydration.get`, bound once. */
  known: (id: string) => HydPaper | undefined;
  /**
   * On a search view, the papers of the island: the default listing the server rendered, which the
   * results replace. Never joined to the results, never read as results.
   */
  listing?: { has(id: string): boolean };
}

const NO_HYDRATION: ReadonlyMap<string, HydPaper> = new Map();

export function readPage(doc: Document, url: URL, opts: { today?: Date } = {}): ReadCard[] {
  try {
    const urlView = detectView(url);
    if (!urlView) return [];
    const hydration = urlView.kind === 'paper' ? undefined : readListHydration(doc, url.href);
    const view = searchBoxView(doc, urlView, hydration?.papers);
    const ctx = pageContext(doc, url, view, opts.today ?? new Date(), hydration);
    return readView(doc, ctx);
  } catch (err) {
    logMissOnce('reader', err);
    return [];
  }
}

/** All cards of the view (the watcher's first pass, and readPage). */
export function readView(doc: Document, ctx: PageContext): ReadCard[] {
  if (ctx.view.kind === 'paper') {
    const read = readPaperPage(doc, ctx.view.paperId!, ctx, ctx.seenOn);
    return read ? [{ id: read.record.id, card: read.block, record: read.record }] : [];
  }
  const cards = findCards(doc);
  if (!cards.length) logMissOnce('card', 'no paper cards on a list view');
  if (ctx.listing && showsListing(cards, ctx.listing)) return [];
  return readCards(cards, ctx);
}

/**
 * Whether the cards of a search view are still the default listing the server rendered (every card
 * that links to a paper links to one of the island's), not results. A search whose results are all
 * in today's listing is taken for the listing too: never attributing the listing to the search wins.
 */
export function showsListing(cards: Iterable<Element>, listing: { has(id: string): boolean }): boolean {
  let any = false;
  for (const card of cards) {
    const id = cardPaperId(card);
    if (id === undefined) continue;
    if (!listing.has(id)) return false;
    any = true;
  }
  return any;
}

/**
 * A list view whose search box holds a query shows that search's results, whatever the URL says
 * (selectors.ts `searchBox`) — once it shows them: while its cards are still the island's own listing
 * (a query being typed, or one the browser restored into the box on a back navigation), the page is
 * still that listing.
 */
export function searchBoxView(doc: Document, view: ViewInfo, island?: { has(id: string): boolean }): ViewInfo {
  if (view.kind === 'search' || view.kind === 'paper') return view;
  const box = doc.querySelector<HTMLInputElement>(SEL.searchBox);
  const query = typeof box?.value === 'string' ? box.value.trim() : '';
  if (!query || (island && showsListing(findCards(doc), island))) return view;
  return { kind: 'search', query };
}

export function readCards(cards: Iterable<Element>, ctx: PageContext): ReadCard[] {
  const out: ReadCard[] = [];
  for (const card of cards) {
    const read = readCard(card, ctx);
    if (read) out.push(read);
  }
  return out;
}

/** One card; undefined (and a logged miss) for a card without a paper link or a title. */
export function readCard(card: Element, ctx: PageContext): ReadCard | undefined {
  try {
    const dom = readCardDom(card, ctx, ctx.known);
    if (!dom) {
      logMissOnce('href.paper', 'a card without a /papers/<id> link was skipped');
      return undefined;
    }
    const record = mergeRecord(dom, ctx.hydration.get(dom.id), ctx.seenOn);
    if (!record) {
      logMissOnce('cardTitle', `card ${dom.id} has no title`);
      return undefined;
    }
    return { id: dom.id, card: card as HTMLElement, record };
  } catch (err) {
    logMissOnce('reader', err);
    return undefined;
  }
}

/**
 * The page context for a view. On the list views the island's own listing (`dateString`,
 * `periodType`, `isTrending`) is put over the URL's when `islandCurrent` (the island was written for
 * what the page shows now: at load, or rewritten since the last client-side navigation; watch.ts).
 * On a search view the island is never joined (it holds the default listing, `listing`).
 *
 * The reference date for year-less dates is the listing's last day: from the island or the URL
 * (date/week/month), else the page header's date ("Dec 18", resolved against today), else today
 * itself (trending, the paper page).
 */
export function pageContext(
  doc: Document,
  url: URL,
  view: ViewInfo,
  now: Date,
  hydration: ListHydration | undefined,
  islandCurrent = true,
): PageContext {
  const today = localIsoDate(now);
  const search = view.kind === 'search';
  const papers = (!search && hydration?.papers) || NO_HYDRATION;
  let full = view;
  if (!search && islandCurrent && hydration?.listing) full = withIsland(view, hydration.listing);
  if (!full.listingDate && full.kind !== 'paper') {
    const listingDate = headerDate(doc, today);
    if (listingDate) full = { ...full, listingDate };
  }
  const ctx: PageContext = {
    view: full,
    base: url.href,
    refDate: periodEnd(full) ?? today,
    paragraph: search ? 'abstract' : 'either',
    islandCurrent: !search && islandCurrent && papers.size > 0,
    seenOn: { view: full.kind, url: seenOnUrl(url) },
    hydration: papers,
    known: (id) => papers.get(id),
  };
  if (search && hydration?.papers.size) ctx.listing = hydration.papers;
  return ctx;
}

/** Where a record was seen: the page URL without its #hash (a hash is not a different view). */
export function seenOnUrl(url: URL): string {
  return url.origin + url.pathname + url.search;
}

/** How far into the page the header date is looked for, in text nodes. */
const HEADER_SCAN_LIMIT = 400;

/**
 * The listing's date in the page header ("Dec 18" under "Daily Papers"): the first date-like text
 * before the first card, resolved against today.
 */
export function headerDate(doc: Document, today: string): string | undefined {
  if (!doc.body) return undefined;
  const firstCard = doc.querySelector(SEL.card);
  const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
  let n = walker.nextNode();
  for (let i = 0; n && i < HEADER_SCAN_LIMIT; n = walker.nextNode(), i++) {
    if (firstCard && firstCard.compareDocumentPosition(n) & (4 | 16) /* FOLLOWING | CONTAINED_BY */) break;
    const raw = n.nodeValue;
    if (!raw || raw.length > 40) continue;
    const text = cleanText(raw);
    if (text && TEXT.date.test(text)) return parsePageDate(text, today);
  }
  return undefined;
}
