/**
 * Which cards to decorate now (issue 14, "decorate what is on screen"). A 1,000-card page had every
 * card's toolbar, marks and chips built before the first viewport was done. Now:
 *  - what decides whether a card may be seen at all (its rules' fold: the features' `decide`) still
 *    applies to every card, in the frame it is read: nothing hidden ever flashes;
 *  - the decorations (`paint`) go on the first cards at once, and on any other card only as it comes
 *    within a screen of the viewport (one IntersectionObserver): a card nobody scrolls to costs its
 *    read and its verdict, nothing more, so a 1,000-card page costs about what a 40-card page does.
 *    (An earlier design also decorated the rest in idle slices: ~250 ms of main thread on 1,000
 *    cards, profiled, for toolbars nobody had seen.) A card the user reaches without scrolling (a
 *    keyboard shortcut) is decorated at once (`now`).
 * A card decorated once stays so: later paints of it are immediate.
 */
import type { CardView } from './card-view';
import { whenParsed } from './dom';

/** Cards decorated in the paint that reads them, whatever the observer says (a first screen and more). */
export const EAGER = 40;

type PageWindow = Window & typeof globalThis;

export class Nearby {
  private readonly decorated = new WeakSet<CardView>();
  /** Painted while far away: decorated when they come near. */
  private readonly waiting = new Set<CardView>();
  private readonly byCard = new WeakMap<Element, CardView>();
  private readonly observer: IntersectionObserver | null;
  private eager = EAGER;
  /** Waiting cards not observed yet: while the page parses (see take). */
  private unobserved: CardView[] | null = null;

  constructor(
    win: PageWindow | null,
    private readonly decorate: (views: CardView[]) => void,
    private readonly signal: AbortSignal,
  ) {
    this.observer = win?.IntersectionObserver
      ? new win.IntersectionObserver((entries) => this.onEntries(entries), { rootMargin: '100% 0px' })
      : null;
    signal.addEventListener('abort', () => this.observer?.disconnect(), { once: true });
  }

  /** Of the cards being painted, those to decorate now; the others wait their turn. */
  take(views: readonly CardView[]): CardView[] {
    const now: CardView[] = [];
    for (const view of views) {
      if (this.decorated.has(view)) now.push(view);
      else if (this.eager > 0 || !this.observer) {
        this.eager--;
        this.decorated.add(view);
        now.push(view);
      } else if (!this.waiting.has(view)) {
        this.waiting.add(view);
        this.byCard.set(view.card, view);
        if (view.card.ownerDocument?.readyState === 'loading') this.observeWhenParsed(view);
        else this.observer.observe(view.card);
      }
    }
    return now;
  }

  /**
   * While the page parses, the far cards are observed once it is parsed: each observed card is
   * checked against the viewport in every frame the browser draws, and they are far anyway.
   */
  private observeWhenParsed(view: CardView): void {
    if (this.unobserved) return void this.unobserved.push(view);
    this.unobserved = [view];
    void whenParsed(view.card.ownerDocument).then(() => {
      const views = this.unobserved ?? [];
      this.unobserved = null;
      if (this.signal.aborted) return;
      for (const v of views) if (this.waiting.has(v)) this.observer?.observe(v.card);
    });
  }

  /** Decorate this card now, near or not (the user is about to use it: a keyboard shortcut). */
  now(view: CardView): void {
    if (this.decorated.has(view)) return;
    this.admit(view);
    this.decorate([view]);
  }

  /** The card left the page. */
  forget(view: CardView): void {
    if (this.waiting.delete(view)) this.observer?.unobserve(view.card);
  }

  /** A waiting card's turn has come: it is decorated from now on. */
  private admit(view: CardView): void {
    this.forget(view);
    this.decorated.add(view);
  }

  private onEntries(entries: IntersectionObserverEntry[]): void {
    if (this.signal.aborted) return;
    const near: CardView[] = [];
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const view = this.byCard.get(entry.target);
      if (!view || !this.waiting.has(view)) continue;
      this.admit(view);
      near.push(view);
    }
    if (near.length) this.decorate(near);
  }
}
