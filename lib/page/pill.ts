/**
 * The status pill (bottom right, fixed: it never moves the page): what Paperdeck did on this page
 * — new papers, hidden ones, bulk actions, "for you" — each part given by a feature, joined by "·".
 * It rises off any card toolbar passing under it (lib/page/pill-dodge.ts). A named group, not a live
 * region: it changes with every paint; what happened is announced once by the toast's live region.
 */
import { t } from '../i18n';
import type { PillPart } from './context';
import { el, replaceKeepingFocus } from './dom';
import { PillDodge } from './pill-dodge';

export class Pill {
  readonly node: HTMLDivElement;
  private readonly dodge: PillDodge;

  constructor(doc: Document, signal: AbortSignal) {
    this.node = el(doc, 'div', { class: 'pd-ui pd-pill', attrs: { role: 'group', 'aria-label': t('extName'), hidden: true } });
    doc.body.appendChild(this.node);
    this.dodge = new PillDodge(this.node, signal);
  }

  /** Shows these parts (hidden when there are none); `warning` when something needs the user's eye. */
  update(parts: readonly PillPart[], warning: boolean): void {
    this.node.toggleAttribute('data-pd-warning', warning);
    const joined = parts.flatMap((p, i) => (i > 0 && typeof p === 'string' ? [' · ', p] : [p]));
    // A keyboard user on one of the pill's controls stays on it: a control a feature keeps from one
    // update to the next (a filter's select), or the button made anew in its stead.
    replaceKeepingFocus(this.node, joined);
    this.node.hidden = parts.length === 0;
  }

  /** Something of ours on a card that the pill must not cover. */
  avoid(target: Element | null): void {
    if (target) this.dodge.observe(target);
  }

  forget(target: Element): void {
    this.dodge.unobserve(target);
  }

  destroy(): void {
    this.node.remove();
  }
}
