/**
 * Decorate what is on screen (lib/page/nearby.ts; issue 14): the first cards at once, the others as
 * they come near the viewport or when the page is idle, each once.
 */
import { describe, expect, it } from 'vitest';
import type { CardView } from '../../../lib/page/card-view';
import { EAGER, Nearby } from '../../../lib/page/nearby';

/** A window whose IntersectionObserver and idle callbacks the test drives. */
function fakeWindow() {
  const observed = new Set<Element>();
  let report: ((entries: Array<{ target: Element; isIntersecting: boolean }>) => void) | null = null;
  const idle: Array<(d: { timeRemaining(): number }) => void> = [];
  const win = {
    IntersectionObserver: class {
      constructor(cb: typeof report) {
        report = cb;
      }
      observe(el: Element) {
        observed.add(el);
      }
      unobserve(el: Element) {
        observed.delete(el);
      }
      disconnect() {
        observed.clear();
      }
    },
    requestIdleCallback: (cb: (d: { timeRemaining(): number }) => void) => idle.push(cb),
    setTimeout: () => 0,
  };
  return {
    win: win as unknown as Window & typeof globalThis,
    observed,
    /** The observer says these cards came within a screen of the viewport. */
    near: (cards: Element[]) => report!(cards.map((target) => ({ target, isIntersecting: true }))),
    /** One idle period of `ms`. */
    idle(ms: number) {
      const cb = idle.shift();
      cb?.({ timeRemaining: () => ms });
      return cb !== undefined;
    },
  };
}

const views = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ id: `v${from + i}`, card: { id: `card${from + i}` } }) as unknown as CardView);

describe('Nearby', () => {
  it('decorates the first cards at once, and each other card once, when it comes near: never a card nobody came near', () => {
    const w = fakeWindow();
    const decorated: string[] = [];
    const nearby = new Nearby(w.win, (vs) => decorated.push(...vs.map((v) => v.id)), new AbortController().signal);
    const all = views(300);

    const now = nearby.take(all);
    expect(now.map((v) => v.id)).toEqual(all.slice(0, EAGER).map((v) => v.id));
    expect(w.observed.size).toBe(300 - EAGER);

    // Scrolled: cards 200–209 come near first, out of order.
    w.near(all.slice(200, 210).map((v) => v.card));
    expect(decorated).toEqual(all.slice(200, 210).map((v) => v.id));
    expect(w.observed.size).toBe(300 - EAGER - 10);

    // Nothing is done for the others while the page is idle.
    expect(w.idle(50)).toBe(false);
    expect(decorated).toHaveLength(10);
    // Near again (the observer repeats itself): not decorated twice. The rest come near later.
    w.near(all.slice(200, 210).map((v) => v.card));
    w.near(all.slice(EAGER).map((v) => v.card));
    expect(new Set(decorated).size).toBe(300 - EAGER);
    expect(decorated).toHaveLength(300 - EAGER);
    expect(w.observed.size).toBe(0);

    // Painted again later: decorated at once (it was before), nothing waits.
    expect(nearby.take(all.slice(250, 260))).toHaveLength(10);
    expect(w.idle(50)).toBe(false);
  });

  it('a card that leaves the page is forgotten; a card the user is about to use is decorated now', () => {
    const w = fakeWindow();
    const decorated: string[] = [];
    const nearby = new Nearby(w.win, (vs) => decorated.push(...vs.map((v) => v.id)), new AbortController().signal);
    const all = views(EAGER + 3);
    nearby.take(all);
    const [gone, used, other] = all.slice(EAGER);
    nearby.forget(gone!);
    nearby.now(used!);
    expect(decorated).toEqual([used!.id]);
    nearby.now(used!); // once only
    w.near([gone!.card, used!.card, other!.card]);
    expect(decorated).toEqual([used!.id, other!.id]);
  });

  it('without an IntersectionObserver, every card is decorated at once', () => {
    const nearby = new Nearby(null, () => {}, new AbortController().signal);
    expect(nearby.take(views(500))).toHaveLength(500);
  });

  it('while the page parses, the far cards are observed once it is parsed', async () => {
    const w = fakeWindow();
    const listeners: Array<() => void> = [];
    const doc = { readyState: 'loading', addEventListener: (_: string, fn: () => void) => listeners.push(fn) };
    const all = views(EAGER + 5).map((v) => ({ ...v, card: { ...v.card, ownerDocument: doc } }) as unknown as CardView);
    const nearby = new Nearby(w.win, () => {}, new AbortController().signal);
    expect(nearby.take(all)).toHaveLength(EAGER);
    expect(w.observed.size).toBe(0);
    doc.readyState = 'interactive';
    listeners.forEach((fn) => fn());
    await Promise.resolve(); // (whenParsed's promise)
    expect(w.observed.size).toBe(5);
  });
});
