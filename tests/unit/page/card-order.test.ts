/**
 * The registry's cards in page order (lib/page/card-order.ts `inPageOrder`): the list's one parent
 * walked when every card shares it, the whole page searched otherwise; unmarked or unknown cards
 * left out either way. And `CardOrder`: cards sorted within their own container (a wrapped card
 * moves with its wrapper), then restored node for node.
 */
import { describe, expect, it } from 'vitest';
import type { CardView } from '../../../lib/page/card-view';
import { CardOrder, inPageOrder } from '../../../lib/page/card-order';

function page(html: string) {
  document.body.innerHTML = html;
  const views = new Map<Element, CardView>();
  for (const card of document.querySelectorAll('article')) views.set(card, { id: card.id, card } as unknown as CardView);
  const ids = () => inPageOrder(document, views).map((v) => v.id);
  return { views, ids };
}

describe('cards in page order', () => {
  it('follows the one list they share, as the site moves them, leaving out cards without the mark', () => {
    const { ids } = page(
      '<div id="grid"><article id="a" data-pd-id="a"></article><p></p><article id="b" data-pd-id="b"></article>' +
        '<article id="c"></article><article id="d" data-pd-id="d"></article></div>',
    );
    expect(ids()).toEqual(['a', 'b', 'd']);
    const grid = document.getElementById('grid')!;
    grid.prepend(document.getElementById('d')!);
    expect(ids()).toEqual(['d', 'a', 'b']);
  });

  it('searches the page when the cards are in several lists, and knows only registered cards', () => {
    const { views, ids } = page(
      '<section><article id="a" data-pd-id="a"></article></section>' +
        '<section><div><article id="b" data-pd-id="b"></article></div><article id="c" data-pd-id="c"></article></section>',
    );
    expect(ids()).toEqual(['a', 'b', 'c']);
    views.delete(document.getElementById('b')!);
    expect(ids()).toEqual(['a', 'c']);
    views.clear();
    expect(ids()).toEqual([]);
  });
});

describe('sorting cards within their containers', () => {
  it('moves each wrapped card with its wrapper, each list on its own, and restores the same nodes', () => {
    const { views } = page(
      '<ul id="one"><!--a--><li><article id="a" data-pd-id="a"></article></li><li class="ad"></li>' +
        '<!--b--><li><article id="b" data-pd-id="b"></article></li><li><article id="c" data-pd-id="c"></article></li></ul>' +
        '<div id="two"><article id="d" data-pd-id="d"></article><article id="e" data-pd-id="e"></article></div>',
    );
    const one = document.getElementById('one')!;
    const two = document.getElementById('two')!;
    const before = [...one.childNodes, ...two.childNodes];
    const key: Record<string, number> = { a: 1, b: 2, c: 3, d: 1, e: 2 };
    const order = new CardOrder();
    order.sort([...views.values()], (v) => key[v.id]!);
    const cardsIn = (list: Element) => [...list.querySelectorAll('article')].map((a) => a.id);
    expect(cardsIn(one)).toEqual(['c', 'b', 'a']);
    expect(cardsIn(two)).toEqual(['e', 'd']);
    // The wrappers moved (each card is still in its <li>), the other child kept its place, and each
    // comment node travelled with the wrapper after it.
    for (const id of ['a', 'b', 'c']) expect(document.getElementById(id)!.parentElement!.parentElement).toBe(one);
    expect(one.children[1]!.className).toBe('ad');
    expect(document.getElementById('b')!.parentElement!.previousSibling!.textContent).toBe('b');
    expect(one.hasAttribute('data-pd-sorted')).toBe(true);
    order.restore();
    expect([...one.childNodes, ...two.childNodes]).toEqual(before);
    expect(one.hasAttribute('data-pd-sorted')).toBe(false);
  });
});
