import type { PaperState, Tag } from '../model/library';
import type { PaperRecord } from '../model/paper';
import { el, replaceChildren } from './dom';

const MAX_CHIPS = 3;

export interface CardActions {
  toggleStar(view: CardView): void;
  openTags(view: CardView): void;
  reveal(view: CardView): void;
}

/**
 * Everything Paperdeck adds to one paper card: a toolbar (new badge, tag chips, star) placed
 * absolutely in the card's corner so the card's own layout never moves, and — when a hide rule
 * matches — a one-line fold that names the rule.
 */
export class CardView {
  readonly toolbar: HTMLDivElement;
  readonly star: HTMLButtonElement;
  /** Where other features put their marks, first in the toolbar (lib/page/relevance). */
  readonly slot: HTMLSpanElement;
  private chips: HTMLSpanElement;
  private badge: HTMLSpanElement;
  private fold: HTMLDivElement | null = null;
  state: PaperState | undefined;
  hiddenBy: string | null = null;

  constructor(
    private doc: Document,
    readonly card: HTMLElement,
    public id: string,
    public record: PaperRecord,
    private actions: CardActions,
  ) {
    this.star = el(doc, 'button', {
      class: 'pd-star',
      attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': 'Star paper', title: 'Star paper (s)' },
      on: {
        click: (e) => {
          // Cards are often links, or sit inside one: the star must not open the paper.
          e.preventDefault();
          e.stopPropagation();
          actions.toggleStar(this);
        },
      },
    }, '☆');
    this.chips = el(doc, 'span', { class: 'pd-chips' });
    this.badge = el(doc, 'span', { class: 'pd-new', attrs: { hidden: true, title: 'First seen today' } }, 'New');
    this.slot = el(doc, 'span', { class: 'pd-slot' });
    this.toolbar = el(
      doc,
      'div',
      {
        class: 'pd-ui pd-toolbar',
        // Clicks on the toolbar's padding must not follow the card's link either.
        on: { click: (e) => e.stopPropagation() },
      },
      this.slot,
      this.badge,
      this.chips,
      this.star,
    );
    card.appendChild(this.toolbar);
  }

  get starred(): boolean {
    return this.state?.starred ?? false;
  }

  /** Paints state: star, tags, new badge, seen attribute. */
  render(isNew: boolean): void {
    const starred = this.starred;
    this.star.setAttribute('aria-pressed', String(starred));
    this.star.setAttribute('aria-label', starred ? 'Unstar paper' : 'Star paper');
    this.star.title = starred ? 'Unstar paper (s)' : 'Star paper (s)';
    this.star.textContent = starred ? '★' : '☆';
    this.badge.hidden = !isNew;
    toggleAttr(this.card, 'data-pd-starred', starred);
    toggleAttr(this.card, 'data-pd-seen', !isNew && this.state !== undefined);
    this.renderChips(this.state?.tags ?? []);
  }

  private renderChips(tags: Tag[]): void {
    const shown = tags.slice(0, MAX_CHIPS);
    const rest = tags.length - shown.length;
    const openTags = (e: Event) => {
      e.preventDefault();
      e.stopPropagation();
      this.actions.openTags(this);
    };
    replaceChildren(
      this.chips,
      ...shown.map((tag) =>
        el(this.doc, 'button', {
          class: 'pd-chip',
          attrs: { type: 'button', 'data-colour': tag.colour, title: `Tag: ${tag.name} (click to edit tags)` },
          on: { click: openTags },
        }, tag.name),
      ),
      rest > 0 && el(this.doc, 'button', { class: 'pd-chip', attrs: { type: 'button', title: 'More tags' }, on: { click: openTags } }, `+${rest}`),
      // Tags belong to saved papers: the editor is offered once the paper is starred.
      this.starred &&
        el(this.doc, 'button', {
          class: 'pd-chip-add',
          attrs: { type: 'button', 'aria-label': tags.length ? 'Edit tags' : 'Add tags', title: 'Edit tags (t)' },
          on: { click: openTags },
        }, tags.length ? '✎' : '+ tag'),
    );
  }

  /** Folds the card to a line naming the rule, or unfolds it (reason null). */
  setHidden(reason: string | null): void {
    if (reason === this.hiddenBy) return;
    this.hiddenBy = reason;
    if (reason === null) {
      this.fold?.remove();
      this.fold = null;
      this.card.removeAttribute('data-pd-hidden');
      return;
    }
    const text = `Hidden by ${reason}: ${this.record.title}`;
    if (!this.fold) {
      this.fold = el(this.doc, 'div', { class: 'pd-ui pd-fold', on: { click: (e) => e.stopPropagation() } });
      this.card.prepend(this.fold);
    }
    replaceChildren(
      this.fold,
      el(this.doc, 'span', { class: 'pd-fold-text', attrs: { title: text } }, text),
      el(this.doc, 'button', {
        attrs: { type: 'button', 'aria-label': `Show hidden paper: ${this.record.title}` },
        on: {
          click: (e) => {
            e.preventDefault();
            this.actions.reveal(this);
          },
        },
      }, 'Show'),
    );
    this.card.setAttribute('data-pd-hidden', '');
  }

  get foldButton(): HTMLButtonElement | null {
    return this.fold?.querySelector('button') ?? null;
  }

  /** Removes everything Paperdeck added to the card. */
  destroy(): void {
    this.toolbar.remove();
    this.fold?.remove();
    for (const name of ['data-pd-hidden', 'data-pd-starred', 'data-pd-seen', 'data-pd-focused']) this.card.removeAttribute(name);
  }
}

function toggleAttr(node: Element, name: string, on: boolean): void {
  if (on) node.setAttribute(name, '');
  else node.removeAttribute(name);
}
