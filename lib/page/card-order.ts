/**
 * Moving cards into another order and back, without breaking the site: cards move among their own
 * siblings, in their own container (no card leaves its parent and nothing else in the container
 * moves; the site's list framework keeps its anchors, which are not element children), so the
 * site's own updates keep working. Restored, the original order comes back node for node.
 */
import { MARK_ATTR } from '../hf/selectors';
import type { CardView } from './card-view';

/**
 * The marked cards of `views` (card → view) in page order. Cards nearly always share one parent
 * (the list's grid): its children are walked then (1,000 cards: a fraction of a millisecond), where
 * a search of the whole document for the mark took 5–10 ms on a 1,000-card page, several times a load.
 */
export function inPageOrder(doc: Document, views: ReadonlyMap<Element, CardView>): CardView[] {
  let parent: Element | null = null;
  for (const card of views.keys()) {
    if (parent === null) parent = card.parentElement;
    if (!parent || card.parentElement !== parent) {
      parent = null;
      break;
    }
  }
  if (!views.size) return [];
  const out: CardView[] = [];
  // By index: `for…of` over a DOM collection goes through the iterator protocol, several times the
  // cost (lib/hf/cards.ts), and this runs on every pill update of a 1,000-card page.
  const cards = parent ? parent.children : doc.querySelectorAll(`[${MARK_ATTR}]`);
  for (let i = 0; i < cards.length; i++) {
    const card = cards[i]!;
    const view = views.get(card);
    if (view && card.hasAttribute(MARK_ATTR)) out.push(view);
  }
  return out;
}

export class CardOrder {
  /** Each sorted container's children in the site's order. */
  private readonly original = new Map<Element, Element[]>();

  /** Sorts the cards by `key`, highest first, each within its own container (stable). */
  sort(views: readonly CardView[], key: (view: CardView) => number): void {
    for (const [container, items] of groupItems(views)) {
      const known = this.original.get(container);
      if (!known) this.original.set(container, [...container.children]);
      else appendMissing(known, container.children); // arrived while sorted
      const keyed = items.map(({ item, view }, i) => ({ item, key: key(view), i }));
      // Stable: equal keys keep the site's order.
      keyed.sort((a, b) => b.key - a.key || a.i - b.i);
      const slots = new Set(items.map((x) => x.item));
      let next = 0;
      const target = [...container.children].map((child) => (slots.has(child) ? keyed[next++]!.item : child));
      reorder(container, target);
      container.setAttribute('data-pd-sorted', '');
    }
  }

  /** Puts every container back in the site's order. */
  restore(): void {
    for (const [container, order] of this.original) {
      if (container.isConnected) {
        const present = new Set(container.children);
        const target = order.filter((child) => present.has(child));
        appendMissing(target, container.children);
        reorder(container, target);
      }
      container.removeAttribute('data-pd-sorted');
    }
    this.original.clear();
  }
}

/**
 * Cards grouped by the container that holds several of them, each with the child of that
 * container it sits in (a card may be wrapped: <li><article …></li>).
 */
function groupItems(views: readonly CardView[]): Map<Element, Array<{ item: Element; view: CardView }>> {
  const groups = new Map<Element, Array<{ item: Element; view: CardView }>>();
  const seen = new Set<Element>();
  // How many marked cards each ancestor holds, counted once for all (a search of the grid per card
  // made sorting a 1,000-card page quadratic).
  const held = new Map<Element, number>();
  const doc = views[0]?.card.ownerDocument;
  for (const card of doc ? doc.querySelectorAll(`[${MARK_ATTR}]`) : []) {
    for (let node = card.parentElement; node && node !== card.ownerDocument.body; node = node.parentElement) {
      held.set(node, (held.get(node) ?? 0) + 1);
    }
  }
  for (const view of views) {
    let item: Element = view.card;
    while (item.parentElement && item.parentElement !== item.ownerDocument.body && held.get(item.parentElement) === 1) {
      item = item.parentElement;
    }
    const container = item.parentElement;
    if (!container || seen.has(item)) continue;
    seen.add(item);
    const list = groups.get(container) ?? [];
    list.push({ item, view });
    groups.set(container, list);
  }
  for (const [container, list] of groups) if (list.length < 2) groups.delete(container);
  return groups;
}

/** Adds to `list` the children it does not hold yet, in their order. */
function appendMissing(list: Element[], children: HTMLCollection): void {
  const has = new Set(list);
  for (const child of children) if (!has.has(child)) list.push(child);
}

/**
 * Puts `container`'s element children in `target` order. Each element moves together with the
 * text and comment nodes just before it (frameworks keep anchors there), and only units out of
 * place move: sorting and then restoring gives back exactly the same child nodes.
 */
function reorder(container: Element, target: readonly Element[]): void {
  const unitOf = (element: Element): Node[] => {
    const nodes: Node[] = [element];
    for (let n = element.previousSibling; n && n.nodeType !== 1; n = n.previousSibling) nodes.unshift(n);
    return nodes;
  };
  const current = [...container.children];
  for (let i = 0; i < target.length; i++) {
    const want = target[i]!;
    if (current[i] === want) continue;
    const before = current[i] ? unitOf(current[i]!)[0]! : null;
    for (const node of unitOf(want)) container.insertBefore(node, before);
    current.splice(current.indexOf(want), 1);
    current.splice(i, 0, want);
  }
}
