/**
 * Which rendering of a card is shown is asked of the browser once per kind of card, not once per card
 * (lib/page/shown-rendering.ts; issue 14: on a 1,000-card page that question was half a second).
 */
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { cardHeadings } from '../../../lib/hf/cards';
import { layoutKey, ShownRendering } from '../../../lib/page/shown-rendering';

/** A card with a desktop and a phone rendering; `swap`: the phone one is the shown one at every width. */
const card = (id: number, swap = false) =>
  `<article><div class="${swap ? 'hidden' : 'desktop'}"><h3><a href="/papers/2501.0${id}">Paper ${id}</a></h3></div>` +
  `<div class="${swap ? 'phone-always' : 'phone'}"><h3><a href="/papers/2501.0${id}">Paper ${id}</a></h3></div></article>`;

function page(width: number, body: string) {
  const win = new Window({ url: 'https://huggingface.co/papers', width, height: 900 });
  const doc = win.document as unknown as Document;
  doc.head.innerHTML =
    '<style>.hidden { display: none } @media (max-width: 767px) { .desktop { display: none } } @media (min-width: 768px) { .phone { display: none } }</style>';
  doc.body.innerHTML = body;
  const cards = [...doc.querySelectorAll('article')];
  const probed: Element[] = [];
  const proto = Object.getPrototypeOf(cards[0]!.querySelector('h3')!) as { checkVisibility(): boolean };
  const real = proto.checkVisibility;
  proto.checkVisibility = function (this: Element) {
    probed.push(this);
    return real.call(this);
  };
  return { win, cards, probed, restore: () => (proto.checkVisibility = real) };
}

/** For each card, which of its headings is shown (0: desktop, 1: phone, -1: none). */
function shownIndexes(cards: Element[], pass: ShownRendering) {
  return cards.map((c) => {
    const headings = cardHeadings(c);
    return pass.indexOf(layoutKey(c, headings), headings);
  });
}

describe('ShownRendering', () => {
  it('asks the browser about one card for a page of cards laid out alike, and gets every card right at either width', () => {
    for (const [width, expected] of [
      [1280, 0],
      [400, 1],
    ] as const) {
      const t = page(width, Array.from({ length: 200 }, (_, i) => card(1000 + i)).join(''));
      try {
        const pass = new ShownRendering();
        expect(shownIndexes(t.cards, pass)).toEqual(Array(200).fill(expected));
        expect(pass.probes).toBe(1);
        // The first card's headings, until one was shown: no other card was looked at.
        expect(t.probed.every((h) => t.cards[0]!.contains(h))).toBe(true);
      } finally {
        t.restore();
      }
    }
  });

  it('a card laid out differently is asked about on its own, and gets its own answer', () => {
    const t = page(1280, [card(1000), card(1001, true), card(1002), card(1003, true)].join(''));
    try {
      const pass = new ShownRendering();
      expect(shownIndexes(t.cards, pass)).toEqual([0, 1, 0, 1]);
      expect(pass.probes).toBe(2);
    } finally {
      t.restore();
    }
  });

  it('a card with nothing shown (folded, not laid out) teaches nothing, and a page of them stops asking', () => {
    const hidden = (id: number) => card(id).replace('<article>', '<article style="display: none">');
    const t = page(1280, [hidden(1000), card(1001), ...Array.from({ length: 30 }, (_, i) => hidden(1100 + i))].join(''));
    try {
      const pass = new ShownRendering();
      const got = shownIndexes(t.cards, pass);
      // The hidden card's inline style is part of its layout: its answer is its own (none shown).
      expect(got.slice(0, 2)).toEqual([-1, 0]);
      expect(got.slice(2)).toEqual(Array(30).fill(-1));
      // One that found the shown rendering, eight that found none; then no more questions.
      expect(pass.probes).toBe(9);
    } finally {
      t.restore();
    }
  });
});
