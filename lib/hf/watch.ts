/**
 * The live page: read what is there at document idle, then follow the single-page app — date arrows,
 * search typing, infinite scroll — with ONE MutationObserver whose records are batched per animation
 * frame (uBlock Origin's rule: DOM work once a frame, never per mutation).
 *
 * Each handled card gets `data-pd-id="<arXiv id>"` (refined-github's selector observer: mark what you
 * handled so nothing is read twice). A marked card is read again only when
 *  - the SPA reused the element for another paper (its title link's id ≠ the mark), or
 *  - the URL changed and the element is new in this batch (inserted for the new view).
 * Marked cards left over from the previous view are not re-reported; removed ones are simply gone.
 */
import { cardPaperId, findCards, isInjected } from './cards';
import { type ListHydration, readListHydration } from './hydration';
import { logMissOnce } from './log';
import { findPaperBlock } from './paper-page';
import { type PageContext, type ReadCard, pageContext, readCard, readView, seenOnUrl } from './read';
import { MARK_ATTR, SEL } from './selectors';
import { type ViewInfo, detectView } from './views';

export type { ReadCard };

/** The attribute that marks a handled card (everything Paperdeck adds is `pd-` / `data-pd-`). */
export const MARK = MARK_ATTR;

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
  /** Nodes added (or links re-pointed) since the last frame. */
  private readonly pending = new Set<Node>();
  /** Handled cards that lost our UI since the last frame. */
  private readonly stripped = new Set<Element>();
  private frame: number | undefined;
  /** The URL (without #hash) the hydration JSON describes: the one the page was loaded with. */
  private readonly loadedKey: string;
  private hydration: ListHydration | undefined | null = null; // null: not parsed yet
  private ctx: PageContext | undefined;
  private ctxKey = '';
  private lastKey = '';

  constructor(private readonly opts: WatchOptions) {
    this.doc = opts.doc;
    this.win = opts.doc.defaultView as (Window & typeof globalThis) | null;
    this.loadedKey = seenOnUrl(opts.getUrl());
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
    // paper in place (a reused element whose text nodes are updated in place adds no child nodes).
    observer.observe(body, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
    this.opts.signal.addEventListener(
      'abort',
      () => {
        observer.disconnect();
        if (this.frame !== undefined) this.cancelFrame(this.frame);
        this.pending.clear();
      },
      { once: true },
    );
    this.guard(() => this.initialPass());
  }

  /** Everything on the page now — marks or not (a restarted content script must re-handle all cards). */
  private initialPass(): void {
    const url = this.opts.getUrl();
    this.lastKey = seenOnUrl(url);
    const ctx = this.context(url);
    if (!ctx) return;
    const batch = readView(this.doc, ctx);
    for (const r of batch) r.card.setAttribute(MARK, r.id);
    this.deliver(batch, ctx.view);
  }

  private onMutations(records: MutationRecord[]): void {
    for (const r of records) {
      if (r.type === 'attributes') this.pending.add(r.target);
      else {
        for (const n of r.addedNodes) this.pending.add(n);
        for (const n of r.removedNodes) {
          if (n.nodeType !== 1 || !(n as Element).matches(SEL.injected)) continue;
          const card = (r.target as Element).closest?.(SEL.card) ?? (r.target as Element);
          this.stripped.add(card);
        }
      }
    }
    if ((this.pending.size || this.stripped.size) && this.frame === undefined && !this.opts.signal.aborted) {
      this.frame = this.requestFrame(() => {
        this.frame = undefined;
        this.guard(() => this.flush());
      });
    }
  }

  private flush(): void {
    this.restore();
    const added = new Set(this.pending);
    this.pending.clear();
    const url = this.opts.getUrl();
    const key = seenOnUrl(url);
    const changed = key !== this.lastKey;
    this.lastKey = key;
    const ctx = this.context(url);
    if (!ctx) return;
    const batch = ctx.view.kind === 'paper' ? this.paperBatch(ctx, added, changed) : this.listBatch(ctx, added, changed);
    this.deliver(batch, ctx.view);
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
    // After navigation the candidates come from several sources: report them in page order.
    if (changed) candidates = [...candidates].sort(byDocumentOrder);
    const batch: ReadCard[] = [];
    for (const card of candidates) {
      if (!card.isConnected) continue;
      const mark = card.getAttribute(MARK);
      if (mark !== null && mark === cardPaperId(card) && !(changed && isNew(card, added))) continue;
      const read = readCard(card, ctx);
      if (read) {
        card.setAttribute(MARK, read.id);
        batch.push(read);
      } else if (mark !== null) {
        card.removeAttribute(MARK); // re-pointed but not readable yet: read it once it is complete
      }
    }
    return batch;
  }

  /** Cards touched by this batch; after a URL change also every marked card (reuse check) and every unmarked one. */
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
   * The page context for a URL, cached per URL. Views whose listing date comes from the page header
   * (daily, search) are recomputed until the header has rendered one.
   */
  private context(url: URL): PageContext | undefined {
    const key = seenOnUrl(url);
    if (this.ctx && key === this.ctxKey && !awaitsHeaderDate(this.ctx.view)) return this.ctx;
    const view = detectView(url);
    if (!view) {
      this.ctx = undefined;
      return undefined;
    }
    // The hydration JSON is not refreshed by client-side navigation: trust it only on the URL it came with.
    const hydration = key === this.loadedKey && view.kind !== 'paper' ? this.loadedHydration(url) : undefined;
    this.ctx = pageContext(this.doc, url, view, this.opts.today?.() ?? new Date(), hydration);
    this.ctxKey = key;
    return this.ctx;
  }

  /** Parsed once: re-parsing a 1 MB attribute on every infinite-scroll batch would dominate the cost. */
  private loadedHydration(url: URL): ListHydration | undefined {
    if (this.hydration === null) this.hydration = readListHydration(this.doc, url.href);
    return this.hydration;
  }

  private deliver(batch: ReadCard[], view: ViewInfo): void {
    if (!batch.length || this.opts.signal.aborted) return;
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
