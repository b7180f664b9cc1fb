/**
 * Which of a live card's renderings (desktop or phone: lib/hf/selectors.ts) is shown, asked of the
 * browser once per kind of card rather than once per card.
 *
 * Asking whether an element is rendered makes the browser bring style up to date for it, and the
 * live grid's cards are `content-visibility: auto`: for a card off screen that means working out a
 * subtree the browser had skipped, ~0.5 ms a card. A paint of 1,000 cards spent over half a second
 * there (issue 14's profile). Cards laid out alike — the same tags, classes and inline styles from
 * each title heading up to the card — show the same rendering, so one answer serves them all.
 */
import { isShown } from './card-parts';

/** Cards probed without finding a shown rendering (folded, not laid out) before the pass stops asking. */
const MAX_MISSES = 8;

/** One pass over the cards of a paint or a resize; make a new one for the next (the width may change). */
export class ShownRendering {
  private readonly byLayout = new Map<string, number>();
  private misses = 0;
  /** How many cards the browser was asked about (tests). */
  probes = 0;

  /** Index of the heading whose rendering is shown, or -1 when none is. `layout`: layoutKey of the card. */
  indexOf(layout: string, headings: readonly Element[]): number {
    const known = this.byLayout.get(layout);
    if (known !== undefined) return known;
    if (this.misses >= MAX_MISSES) return -1;
    this.probes++;
    const found = headings.findIndex(isShown);
    if (found >= 0) this.byLayout.set(layout, found);
    else this.misses++;
    return found;
  }
}

/** What decides which rendering of a card is shown: the path from each title heading up to the card. */
export function layoutKey(card: Element, headings: readonly Element[]): string {
  const parts: string[] = [];
  for (const heading of headings) {
    for (let node: Element | null = heading; node; node = node.parentElement) {
      parts.push(node.tagName, node.getAttribute('class') ?? '', node.getAttribute('style') ?? '');
      if (node === card) break;
    }
    parts.push('|');
  }
  return parts.join('\u0000');
}
