/**
 * The page reader: one adapter from a Hugging Face papers page to PaperRecords.
 *
 *   URL ──detectView──▶ ViewInfo
 *   [data-target="DailyPapers"][data-props] ──hydration.ts──▶ Map<arXiv id, HydPaper>   (structured first)
 *   <article> cards ──cards.ts──▶ DomPaper per card                                       (DOM, where buttons go)
 *   join by arXiv id ──merge.ts──▶ PaperRecord (counts: DOM wins; the rest: JSON first, DOM fills)
 *
 * Pure: reads only, never writes to the DOM, never throws (a failure is logged once and yields []).
 */
import type { PaperRecord } from '../model/paper';
import { type CardContext, findCards, readCardDom } from './cards';
import { localIsoDate, parsePageDate } from './dates';
import { type HydPaper, type ListHydration, readListHydration } from './hydration';
import { logMissOnce } from './log';
import { mergeRecord } from './merge';
import { readPaperPage } from './paper-page';
import { SEL, TEXT } from './selectors';
import { cleanText } from './values';
import { type ViewInfo, detectView, periodEnd } from './views';

export interface ReadCard {
  id: string;
  /** The element that represents the whole paper: a list card, or the paper page's title block. */
  card: HTMLElement;
  record: PaperRecord;
}

/** Everything the per-card read needs about the page, computed once per page (or per SPA view). */
export interface PageContext extends CardContext {
  /** The view, with `listingDate` filled from the page when the URL does not carry it. */
  view: ViewInfo;
  seenOn: PaperRecord['seenOn'];
  hydration: ReadonlyMap<string, HydPaper>;
  /** `hydration.get`, bound once. */
  known: (id: string) => HydPaper | undefined;
}

const NO_HYDRATION: ReadonlyMap<string, HydPaper> = new Map();

export function readPage(doc: Document, url: URL, opts: { today?: Date } = {}): ReadCard[] {
  try {
    const view = detectView(url);
    if (!view) return [];
    const hydration = view.kind === 'paper' ? undefined : readListHydration(doc, url.href);
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
  return readCards(cards, ctx);
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
 * The page context for a view. The reference date for year-less dates is the listing's last day: from
 * the URL (date/week/month), else the hydration's dateString, else the page header's date ("Dec 18",
 * resolved against today), else today itself (trending, the paper page).
 */
export function pageContext(
  doc: Document,
  url: URL,
  view: ViewInfo,
  now: Date,
  hydration: ListHydration | undefined,
): PageContext {
  const today = localIsoDate(now);
  const papers = hydration?.papers ?? NO_HYDRATION;
  let full = view;
  if (!view.listingDate && view.kind !== 'paper') {
    const listingDate = hydration?.dateString ?? headerDate(doc, today);
    if (listingDate) full = { ...view, listingDate };
  }
  return {
    view: full,
    base: url.href,
    refDate: periodEnd(full) ?? today,
    seenOn: { view: view.kind, url: seenOnUrl(url) },
    hydration: papers,
    known: (id) => papers.get(id),
  };
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
