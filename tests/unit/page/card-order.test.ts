/**
 * The registry's cards in page order (lib/page/card-order.ts `inPageOrder`): the list's one parent
 * walked when every card shares it, the whole page searched otherwise; unmarked or unknown cards
 * left out either way.
 */
import { describe, expect, it } from 'vitest';
import type { CardView } from '../../../lib/page/card-view';
import { inPageOrder } from '../../../lib/page/card-order';

function page(html: string) {
  document.body.innerHTML = html;
  const views = new Map<Element, CardView>();
  for (const card of document.querySelectorAll('article')) views.set(card, { id: card.id } as unknown as CardView);
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
