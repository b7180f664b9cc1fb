/**
 * The live page: read the cards as the parser adds them (or, started later, what is there), then follow
 * the single-page app — date arrows, the Daily/Weekly/Monthly tabs, search typing — with ONE
 * MutationObserver whose records are batched per animation frame (uBlock Origin's rule: DOM work once a
 * frame, never per mutation).
 *
 * Each handled card gets `data-pd-id="<arXiv id>"` (refined-github's selector observer: mark what you
 * handled so nothing is read twice). A marked card is read again only when
 *  - the SPA reused the element for another paper (its title link's id ≠ the mark), or
 *  - the view changed and the element is new in this batch (inserted for the new view).
 * Marked cards left over from the previous view are not re-reported; removed ones are simply gone.
 * A paper is reported once per view: a card the site renders again for the same view is reported
 * with `again` (decorate it, do not count another sighting).
 *
 * The island (`DailyPapers` data-props) is the list's structured data, and the site rewrites it in
 * place when the tabs switch period — briefly after, or before, the cards (shared/fixtures/README.md).
 * So the watcher follows it too:
 *  - it is re-parsed whenever its attribute or element changes (each change is a new generation);
 *  - its listing (dateString, periodType) is trusted over the URL while it is current: at load, and
 *    once rewritten after a client-side navigation (a URL change leaves it describing the old view);
 *  - when the list is swapped under us (handled cards removed or re-pointed, or the URL changed), new
 *    cards the island does not know are held — for at most HOLD_MS — until the island is rewritten,
 *    so compact cards, which show no abstract, authors or date, are read with their JSON, once;
 *  - on a search view it is the server's default listing: never joined to results, and cards that are
 *    all island papers are that listing, not results (read.ts `showsListing`).
 *
 * Started while the page is still parsing (the content script runs at document_start), a list view is
 * read as it arrives (issue 14: the first screen decorated in the page's first frames, not after the
 * whole of a 1,000-card page is parsed): once a frame, the cards the parser has finished since — the
 * grid's cards after the last one read, every one that something follows — are read with the island,
 * whose element opens before its cards (shared/fixtures/README.md [TR]); at the end of parsing, every
 * card left. (The observer starts only then: it would be handed a record for each node the parser
 * adds.) Only a list view whose island is there is read so: a search page's server cards are its
 * default listing, a paper page has one block, a page without an island would be read without its
 * JSON — those wait, as before, for the end of parsing.
 */
import { cardPaperId, findCards, isInjected } from './cards';
import { type ListHydration, readListHydration } from './hydration';
import { logMissOnce } from './log';
import { findPaperBlock } from './paper-page';
import { type PageContext, type ReadCard, pageContext, readCard, readView, searchBoxView, seenOnUrl, showsListing } from './read';
import { MARK_ATTR, SEL } from './selectors';
import { type ViewInfo, detectView } from './views';

export type { ReadCard };

/** The attribute that marks a handled card (everything Paperdeck adds is `pd-` / `data-pd-`). */
export const MARK = MARK_ATTR;

/**
 * How long new cards of a swapped list wait for the island to describe them before they are read
 * from the DOM alone (a site that stopped rewriting its island must still get its stars).
 */
export const HOLD_MS = 1000;

export interface WatchOptions {
  doc: Document;
  getUrl(): URL;
  onCards(batch: ReadCard[], view: ViewInfo): void;
  /**
   * Handled cards from which the site removed what Paperdeck added (a framework hydrating its
   * server-rendered markup drops children and attributes it did not render). Their mark is
   * restored here; the caller puts its UI back. The cards are not read again.
   */
  onStripped?(cards: Element[]): void;
  signal: AbortSignal;
  today?: () => Date;
  /** The clock and the hold (tests). */
  now?: () => number;
  holdMs?: number;
}

export function watchPapers(opts: WatchOptions): void {
  try {
    if (!opts.signal.aborted) new Watcher(opts).start();
  } catch (err) {
    logMissOnce('watch', err);
  }
}

class Watcher {
  private readonly doc: Document;
  private readonly win: (Window & typeof globalThis) | null;
  private readonly now: () => number;
  /** Nodes added (or links re-pointed) since the last frame. */
  private readonly pending = new Set<Node>();
  /** Handled cards that lost our UI since the last frame. */
  private readonly stripped = new Set<Element>();
  private frame: number | undefined;

  // ---- the island ----
  private islandEl: Element | null = null;
  private islandRaw: string | null = null;
  private island: ListHydration | undefined;
  /** Bumped each time the island's content changes. */
  private islandGen = 0;
  /** Its data-props attribute was written since the last frame. */
  private islandWritten = false;
  /** Elements were added since the last frame (an island may have come with them). */
  private nodesAdded = false;
  /** The island's generation when the URL last changed (null: not since load). */
  private urlNavGen: number | null = null;

  // ---- a swapped list waiting for its island ----
  /** Handled cards were removed or re-pointed since the last frame. */
  private swapped = false;
  private holdGen = -1;
  private holdUntil = 0;
  private readonly held = new Set<Element>();
  private holdTimer: ReturnType<typeof setTimeout> | undefined;

  // ---- the view ----
  private ctx: PageContext | undefined;
  private ctxKey = '';
  private lastUrlKey = '';
  private viewKey = '';
  /** Papers reported for the current view. */
  private readonly reported = new Set<string>();
  /**
   * On a search view: whether the page shows the server's default listing or the results. Once the
   * results have come, the question is settled for the view (a new query is a new view).
   */
  private listing: 'unknown' | 'listing' | 'results' = 'unknown';

  // ---- while the page parses ----
  /** The page is still parsing: cards are read by the stream passes, not from mutation records. */
  private streaming = false;
  /** Whether this page is read as it parses (decided once its island is found; see the module comment). */
  private streamable: boolean | undefined;
  /** The last card the stream passes went past. */
  private lastStreamed: Element | null = null;
  /** The page's stylesheets have loaded (stylesPending said no once). */
  private stylesIn = false;

  constructor(private readonly opts: WatchOptions) {
    this.doc = opts.doc;
    this.win = opts.doc.defaultView;
    this.now = opts.now ?? (() => Date.now());
  }

  start(): void {
    const body = this.doc.body;
    if (!body) {
      logMissOnce('watch', 'no document.body');
      return;
    }
    const MO = this.win?.MutationObserver ?? MutationObserver;
    const observer = new MO((records) => this.guard(() => this.onMutations(records)));
    // childList for cards added or replaced; `href` attributes for a card the SPA re-points at another
    // paper in place (a reused element whose text nodes are updated in place adds no child nodes);
    // `data-props` for the island the tabs rewrite.
    const observe = () =>
      observer.observe(body, { childList: true, subtree: true, attributes: true, attributeFilter: ['href', 'data-props'] });
    // While the page parses, no observer: it would be handed a record for every node the parser
    // inserts (tens of thousands on a long list); a pass a frame looks for the cards it finished.
    const parsed = () => {
      observe();
      this.guard(() => this.parsed());
    };
    this.opts.signal.addEventListener(
      'abort',
      () => {
        this.doc.removeEventListener('DOMContentLoaded', parsed);
        observer.disconnect();
        if (this.frame !== undefined) this.cancelFrame(this.frame);
        if (this.holdTimer !== undefined) clearTimeout(this.holdTimer);
        this.pending.clear();
        this.held.clear();
      },
      { once: true },
    );
    if (this.doc.readyState === 'loading') {
      this.streaming = true;
      this.doc.addEventListener('DOMContentLoaded', parsed, { once: true });
      this.guard(() => this.streamPass());
      this.nextStreamPass();
    } else {
      observe();
      this.guard(() => this.initialPass());
    }
  }

  /** While the page parses: a pass in the next frame, and so on until it is parsed. */
  private nextStreamPass(): void {
    if (!this.streaming || this.opts.signal.aborted) return;
    this.frame = this.requestFrame(() => {
      this.frame = undefined;
      this.guard(() => this.streamPass());
      this.nextStreamPass();
    });
  }

  /**
   * While the page parses: the cards the parser has finished since the last pass (see the module
   * comment). Nothing, until the island is there; nothing at all on a page that is not read so.
   */
  private streamPass(): void {
    // Until the page's stylesheets are in, which rendering of a card is shown is not known (the
    // browser paints nothing yet anyway): the cards wait for them, or for the end of parsing.
    if (!this.stylesIn && this.doc.readyState === 'loading') {
      if (stylesPending(this.doc)) return;
      this.stylesIn = true;
    }
    if (this.streamable === undefined) {
      this.refreshIsland(true);
      if (!this.island) return; // not parsed yet (or none: the page is read once parsed)
      const url = this.opts.getUrl();
      const ctx = this.context(url);
      this.streamable = ctx !== undefined && ctx.view.kind !== 'search' && ctx.view.kind !== 'paper';
      if (!this.streamable) return;
      this.lastUrlKey = seenOnUrl(url);
      this.enterView(ctx!);
    }
    const ctx = this.streamable ? this.ctx : undefined;
    if (!ctx) return;
    const batch: ReadCard[] = [];
    const read = (card: Element) => {
      if (card.hasAttribute(MARK)) return;
      const r = readCard(card, ctx);
      if (!r) return;
      card.setAttribute(MARK, r.id);
      batch.push(r);
    };
    if (this.doc.readyState !== 'loading') {
      // Parsed: every card the passes did not reach, wherever it is.
      for (const card of findCards(this.doc)) read(card);
    } else {
      // The cards after the last one read, among its siblings (the grid's): no walk of the document,
      // which the parser's every chunk would make the browser do again for a document-wide list.
      let card = this.lastStreamed ? this.lastStreamed.nextElementSibling : this.doc.getElementsByTagName(SEL.card)[0];
      for (; card; card = card.nextElementSibling) {
        if (card.localName !== SEL.card) continue;
        if (!card.nextSibling) break; // maybe still open in the parser: once something follows it
        read(card);
        this.lastStreamed = card;
      }
    }
    this.deliver(batch, ctx.view);
  }

  /** The page is parsed: the cards the stream passes left (or, on a page not read so, all of them). */
  private parsed(): void {
    if (!this.streaming) return;
    this.streaming = false;
    if (this.frame !== undefined) this.cancelFrame(this.frame);
    this.frame = undefined;
    if (this.streamable && this.ctx) this.streamPass();
    else this.initialPass();
  }

  /** Everything on the page now — marks or not (a restarted content script must re-handle all cards). */
  private initialPass(): void {
    const url = this.opts.getUrl();
    this.lastUrlKey = seenOnUrl(url);
    this.refreshIsland(true);
    const ctx = this.context(url);
    if (!ctx) return;
    this.enterView(ctx);
    if (ctx.listing) this.listing = showsListing(findCards(this.doc), ctx.listing) ? 'listing' : 'results';
    const batch = readView(this.doc, ctx);
    for (const r of batch) r.card.setAttribute(MARK, r.id);
    this.deliver(batch, ctx.view);
  }

  private onMutations(records: MutationRecord[]): void {
    for (const r of records) {
      if (r.type === 'attributes') {
        const target = r.target as Element;
        if (r.attributeName === 'data-props') {
          if (target === this.islandEl || target.matches(SEL.listHydration)) this.islandWritten = true;
          continue;
        }
        this.pending.add(target);
        if (!this.swapped && target.closest(`[${MARK}]`)) this.swapped = true; // a handled card re-pointed
        continue;
      }
      for (const n of r.addedNodes) {
        this.pending.add(n);
        if (n.nodeType === 1) this.nodesAdded = true;
      }
      for (const n of r.removedNodes) {
        if (n.nodeType !== 1) continue;
        const el = n as Element;
        if (el.matches(SEL.injected)) {
          // Moved by us (lib/page puts the toolbar in the rendering that is shown) is not stripped.
          if (el.isConnected) continue;
          const card = (r.target as Element).closest?.(SEL.card) ?? (r.target as Element);
          this.stripped.add(card);
        } else if (!this.swapped && (el.hasAttribute(MARK) || el.querySelector(`[${MARK}]`))) {
          this.swapped = true; // handled cards left the page: the list is being replaced
        }
      }
    }
    if ((this.pending.size || this.stripped.size || this.islandWritten) && !this.opts.signal.aborted) this.schedule();
  }

  private schedule(): void {
    if (this.frame !== undefined || this.opts.signal.aborted) return;
    this.frame = this.requestFrame(() => {
      this.frame = undefined;
      this.guard(() => this.flush());
    });
  }

  private flush(): void {
    this.restore();
    const added = new Set(this.pending);
    this.pending.clear();
    // Cards held for the island are looked at again each time (still held while it has not come).
    for (const card of this.held) added.add(card);
    this.held.clear();
    const url = this.opts.getUrl();
    const urlKey = seenOnUrl(url);
    const urlChanged = urlKey !== this.lastUrlKey;
    this.lastUrlKey = urlKey;
    // What happened in this frame happened after the island as it was: note it before re-reading it.
    if (urlChanged) this.urlNavGen = this.islandGen;
    if ((urlChanged || this.swapped) && this.island) {
      this.holdGen = this.islandGen;
      this.holdUntil = this.now() + (this.opts.holdMs ?? HOLD_MS);
    }
    this.swapped = false;
    this.refreshIsland(this.nodesAdded);
    const ctx = this.context(url);
    if (!ctx) return;
    const changed = this.enterView(ctx);
    const batch = ctx.view.kind === 'paper' ? this.paperBatch(ctx, added, changed) : this.listBatch(ctx, added, changed);
    this.deliver(batch, ctx.view);
  }

  /**
   * Re-reads the island when its attribute was written or (after elements were added) it may have
   * been replaced. Parsing a 1 MB attribute is the costliest step of a read: only when it changed.
   */
  private refreshIsland(mayBeNew: boolean): void {
    const written = this.islandWritten;
    this.islandWritten = false;
    this.nodesAdded = false;
    let el = this.islandEl;
    if (!el?.isConnected && (mayBeNew || el)) el = this.doc.querySelector(SEL.listHydration);
    const raw = el?.getAttribute('data-props') ?? null;
    if (el === this.islandEl && (!written || raw === this.islandRaw)) return;
    this.islandEl = el ?? null;
    if (raw === this.islandRaw && this.island !== undefined) return;
    this.islandRaw = raw;
    this.island = el ? readListHydration(this.doc, this.opts.getUrl().href) : undefined;
    this.islandGen++;
  }

  /** The island was written for what the page shows now (see the module comment). */
  private islandCurrent(): boolean {
    return this.urlNavGen === null || this.islandGen > this.urlNavGen;
  }

  /** New cards the island does not know wait for it: the list was swapped and it has not followed yet. */
  private awaitingIsland(): boolean {
    return this.island !== undefined && this.islandGen === this.holdGen && this.now() < this.holdUntil;
  }

  /**
   * Notes the view; true when it is another one than at the last look (a first papers view after a
   * page that was none included): its cards are then read anew.
   */
  private enterView(ctx: PageContext): boolean {
    const v = ctx.view;
    const key = `${v.kind}\n${ctx.seenOn.url}\n${v.listingDate ?? ''}\n${v.query ?? ''}`;
    if (key === this.viewKey) return false;
    this.viewKey = key;
    this.reported.clear();
    this.listing = 'unknown';
    return true;
  }

  /** Re-marks handled cards that lost our UI (same paper still) and reports them. */
  private restore(): void {
    if (!this.stripped.size) return;
    const cards: Element[] = [];
    for (const card of this.stripped) {
      if (!card.isConnected) continue;
      const id = cardPaperId(card) ?? card.getAttribute(MARK);
      if (!id) continue;
      const mark = card.getAttribute(MARK);
      if (mark !== null && mark !== id) continue; // re-pointed at another paper: read as such below
      card.setAttribute(MARK, id);
      cards.push(card);
    }
    this.stripped.clear();
    if (cards.length && this.opts.onStripped && !this.opts.signal.aborted) {
      try {
        this.opts.onStripped(cards);
      } catch (err) {
        logMissOnce('onStripped', err);
      }
    }
  }

  private listBatch(ctx: PageContext, added: Set<Node>, changed: boolean): ReadCard[] {
    let candidates: Iterable<Element> = this.candidates(added, changed);
    if (ctx.listing && this.listing !== 'results') {
      // A search view: nothing while the page still shows the server's default listing; once the
      // results replace it, every card (a result the site kept from the listing's elements too).
      const all = findCards(this.doc);
      if (showsListing(all, ctx.listing)) {
        this.listing = 'listing';
        return [];
      }
      if (this.listing === 'listing') candidates = all;
      this.listing = 'results';
    }
    // After navigation the candidates come from several sources: report them in page order.
    if (changed) candidates = [...candidates].sort(byDocumentOrder);
    const hold = ctx.view.kind !== 'search' && this.awaitingIsland();
    const batch: ReadCard[] = [];
    for (const card of candidates) {
      if (!card.isConnected) continue;
      const mark = card.getAttribute(MARK);
      const id = mark === null && !hold ? undefined : cardPaperId(card);
      if (mark !== null && mark === id && !(changed && isNew(card, added))) continue;
      // (A paper already reported for this view is the same listing rendered again: nothing to wait for.)
      if (hold && id !== undefined && !ctx.hydration.has(id) && !this.reported.has(id)) {
        this.held.add(card);
        continue;
      }
      const read = readCard(card, ctx);
      if (read) {
        card.setAttribute(MARK, read.id);
        batch.push(read);
      } else if (mark !== null) {
        card.removeAttribute(MARK); // re-pointed but not readable yet: read it once it is complete
      }
    }
    if (this.held.size) this.wakeAfterHold();
    return batch;
  }

  /** A frame once the hold is over, for the cards still held (their island never came). */
  private wakeAfterHold(): void {
    if (this.holdTimer !== undefined) clearTimeout(this.holdTimer);
    this.holdTimer = setTimeout(
      () => {
        this.holdTimer = undefined;
        if (this.held.size) this.schedule();
      },
      Math.max(0, this.holdUntil - this.now()) + 1,
    );
  }

  /** Cards touched by this batch; after a view change also every marked card (reuse check) and every unmarked one. */
  private candidates(added: Set<Node>, changed: boolean): Set<Element> {
    const out = new Set<Element>();
    if (!this.doc.querySelector(SEL.card)) {
      // A layout without <article> cards: rebuild the cards from the links (costlier, still correct).
      for (const card of findCards(this.doc)) out.add(card);
      return out;
    }
    for (const node of added) {
      const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
      if (!el || !el.isConnected || isInjected(el)) continue;
      const around = el.closest(SEL.card);
      if (around) out.add(around);
      else if (node === el) for (const card of el.querySelectorAll(SEL.card)) out.add(card);
    }
    if (changed) {
      for (const card of this.doc.querySelectorAll(`[${MARK}]`)) if (card.matches(SEL.card)) out.add(card);
      for (const card of this.doc.querySelectorAll(`${SEL.card}:not([${MARK}])`)) out.add(card);
    }
    return out;
  }

  private paperBatch(ctx: PageContext, added: Set<Node>, changed: boolean): ReadCard[] {
    const block = findPaperBlock(this.doc);
    if (!block) return [];
    if (block.getAttribute(MARK) === ctx.view.paperId && !(changed && isNew(block, added))) return [];
    const batch = readView(this.doc, ctx);
    for (const r of batch) r.card.setAttribute(MARK, r.id);
    return batch;
  }

  /**
   * The page context, cached per URL, island generation and search-box query. Views whose listing
   * date comes from the page header (daily, search) are recomputed until the header has rendered one.
   */
  private context(url: URL): PageContext | undefined {
    const urlView = detectView(url);
    if (!urlView) {
      this.ctx = undefined;
      return undefined;
    }
    const view = searchBoxView(this.doc, urlView, this.island?.papers);
    const current = this.islandCurrent();
    const key = `${seenOnUrl(url)}\n${view.kind}\n${view.query ?? ''}\n${this.islandGen}\n${current}`;
    if (this.ctx && key === this.ctxKey && !awaitsHeaderDate(this.ctx.view)) return this.ctx;
    const hydration = view.kind === 'paper' ? undefined : this.island;
    this.ctx = pageContext(this.doc, url, view, this.opts.today?.() ?? new Date(), hydration, current);
    this.ctxKey = key;
    return this.ctx;
  }

  private deliver(batch: ReadCard[], view: ViewInfo): void {
    if (!batch.length || this.opts.signal.aborted) return;
    for (const r of batch) {
      if (this.reported.has(r.id)) r.again = true;
      else this.reported.add(r.id);
    }
    try {
      this.opts.onCards(batch, view);
    } catch (err) {
      logMissOnce('onCards', err);
    }
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      logMissOnce('watch', err);
    }
  }

  private requestFrame(cb: () => void): number {
    if (this.win?.requestAnimationFrame) return this.win.requestAnimationFrame(cb);
    return setTimeout(cb, 16) as unknown as number;
  }

  private cancelFrame(id: number): void {
    if (this.win?.cancelAnimationFrame) this.win.cancelAnimationFrame(id);
    else clearTimeout(id);
  }
}

/** The page's stylesheet links (lib/page/features/renderings re-places the toolbars as one loads). */
export const STYLESHEET_LINK = 'link[rel~="stylesheet"]';

/** A stylesheet of the page (for this screen's media) is still loading. */
function stylesPending(doc: Document): boolean {
  const win = doc.defaultView;
  for (const link of doc.querySelectorAll<HTMLLinkElement>(STYLESHEET_LINK)) {
    if (link.sheet || link.disabled) continue;
    if (!link.media || !win?.matchMedia || win.matchMedia(link.media).matches) return true;
  }
  return false;
}

/** The daily and search views show their date in the header, which may render after the first cards. */
function awaitsHeaderDate(view: ViewInfo): boolean {
  return !view.listingDate && (view.kind === 'daily' || view.kind === 'search');
}

/** A card inserted in this batch: it, or one of its ancestors, is among the added nodes. */
function isNew(card: Element, added: Set<Node>): boolean {
  for (let el: Element | null = card; el; el = el.parentElement) if (added.has(el)) return true;
  return false;
}

function byDocumentOrder(a: Element, b: Element): number {
  return a.compareDocumentPosition(b) & 4 /* DOCUMENT_POSITION_FOLLOWING */ ? -1 : 1;
}
