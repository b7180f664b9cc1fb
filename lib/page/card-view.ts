import type { HideMode, PaperState, Tag } from '../model/library';
import type { PaperRecord } from '../model/paper';
import { cardHeadings } from '../hf/cards';
import { SEL } from '../hf/selectors';
import { byUser, el, replaceChildren, replaceKeepingFocus, type Child } from './dom';
import { chipButtons, foldParts, isShown, markButtons, toggleAttr, toolbarPrototype } from './card-parts';
import { t } from '../i18n';
import { layoutKey, ShownRendering } from './shown-rendering';

/** The card attribute each rule mode sets (lib/page/styles.ts styles each). */
const HIDE_ATTR: Record<HideMode, string> = { fold: 'data-pd-hidden', dim: 'data-pd-dimmed', hide: 'data-pd-removed' };

export interface CardActions {
  toggleStar(view: CardView): void;
  openTags(view: CardView): void;
  reveal(view: CardView): void;
}

/**
 * Everything Paperdeck adds to one paper card: a toolbar (new badge, tag chips, star) and — when a
 * hide rule matches — a one-line fold that names the rule.
 *
 * Where the toolbar goes: in the card's flow, right after its title heading — a place every card
 * has room for at every width. Never over the card's corner: on the live site the right-hand column
 * there holds the site's own Upvote, GitHub and arXiv buttons (shared/fixtures/README.md). A live
 * card holds two renderings (desktop and phone, one `display: none` at any width), each with its
 * title heading: the ONE toolbar sits in the rendering that is shown, and `features/renderings.ts` moves it
 * when the window crosses the site's breakpoint. A card without a heading gets it at its end; the
 * paper page's title block right after its <h1>.
 */
export class CardView {
  /** The toolbar and its fixed parts, made when first needed: most cards of a long list are never decorated. */
  private own: { toolbar: HTMLDivElement; slot: HTMLSpanElement; badge: HTMLSpanElement; star: HTMLButtonElement } | null = null;
  /** Whether the "new" badge shows (kept until the toolbar is made). */
  private isNew = false;
  /** Tag chips and marks (status, note): made when a card first has any (most cards never do). */
  private chips: HTMLSpanElement | null = null;
  /** The selection checkbox, while the page is in selection mode. */
  private checkbox: HTMLInputElement | null = null;
  /** Reading status and "has a note": shown when set, opening the editor. */
  private marks: HTMLSpanElement | null = null;
  /** What the chips and the marks were last drawn from: a paint that changes neither redraws neither. */
  private drawn = { chips: '', marks: '' };
  private fold: HTMLDivElement | null = null;
  /** The toolbar goes into the card with its first paint, finished (one layout, not two). */
  private attached = false;
  /** The heading the toolbar follows (null: at the card's end). */
  private anchorEl: Element | null = null;
  /** The card's title headings, one per rendering, as last found (the site may render them anew). */
  private headings: Element[] | null = null;
  /** What decides which of those headings is shown (lib/page/shown-rendering.ts), as last found. */
  private layout: string | null = null;
  state: PaperState | undefined;
  hiddenBy: string | null = null;
  hiddenMode: HideMode = 'fold';
  /** The follow rule this paper matches, described (features/follow); a followed card is never hidden by a rule. */
  followedBy: string | null = null;
  /** Why a pill filter folds this card ("with code only", "≥ N upvotes": features/signals), or null. */
  filteredBy: string | null = null;

  constructor(
    private doc: Document,
    readonly card: HTMLElement,
    public id: string,
    public record: PaperRecord,
    private actions: CardActions,
  ) {}

  get toolbar(): HTMLDivElement {
    return this.parts().toolbar;
  }

  get star(): HTMLButtonElement {
    return this.parts().star;
  }

  /** Where other features put their marks, first in the toolbar (lib/page/relevance). */
  get slot(): HTMLSpanElement {
    return this.parts().slot;
  }

  private parts(): NonNullable<CardView['own']> {
    if (this.own) return this.own;
    // One clone of a prototype per card (each DOM call from a content script crosses into the
    // page's engine: building six elements one by one cost ~20 µs a card), and one listener.
    const toolbar = toolbarPrototype(this.doc).cloneNode(true) as HTMLDivElement;
    const [slot, badge, star] = toolbar.children as unknown as [HTMLSpanElement, HTMLSpanElement, HTMLButtonElement];
    badge.hidden = !this.isNew;
    toolbar.addEventListener('click', (e) => {
      // Clicks in the toolbar, its padding included, must not follow the card's link (cards are
      // often links, or sit inside one), nor open the paper from the star.
      e.stopPropagation();
      if (!byUser(e)) return e.preventDefault();
      // (Not `instanceof Element`: the page's window may not be this script's global.)
      if ((e.target as Element | null)?.closest?.('.pd-star') === star) {
        e.preventDefault();
        this.actions.toggleStar(this);
      }
    });
    return (this.own = { toolbar, slot, badge, star });
  }

  /** Its toolbar is on the page (lib/page/nearby.ts decides when). */
  get decorated(): boolean {
    return this.attached;
  }

  get starred(): boolean {
    return this.state?.starred ?? false;
  }

  /**
   * The heading the toolbar should follow now: the title heading of the rendering that is shown.
   * Reads only (layout may be computed): call it for every card of a paint before any write.
   */
  anchor(shown: ShownRendering = new ShownRendering()): Element | null {
    const headings = this.titleHeadings();
    if (headings.length === 0) return this.card.querySelector(SEL.paperTitle);
    if (headings.length === 1) return headings[0]!;
    const at = shown.indexOf((this.layout ??= layoutKey(this.card, headings)), headings);
    if (at >= 0) return headings[at]!;
    // Nothing shown (the card is folded, or not laid out): the toolbar stays where it is.
    return this.anchorEl && headings.includes(this.anchorEl) ? this.anchorEl : headings[0]!;
  }

  private titleHeadings(): Element[] {
    const known = this.headings;
    if (known && known.every((h) => h.isConnected && this.card.contains(h))) return known;
    this.layout = null;
    return (this.headings = cardHeadings(this.card));
  }

  /** Whether the card has more than one rendering (its toolbar may have to move on a resize). */
  get renderings(): number {
    return this.titleHeadings().length;
  }

  /** Puts the toolbar after `anchor` (at the card's end without one); nothing moves when it is there. */
  place(anchor: Element | null): void {
    if (!this.attached) return;
    if (anchor && anchor.isConnected && this.card.contains(anchor)) {
      if (this.toolbar.previousSibling !== anchor) {
        const focused = this.toolbar.contains(this.doc.activeElement);
        anchor.after(this.toolbar);
        // Moving an element drops its focus: keep it for a keyboard user who resized the window.
        if (focused && isShown(this.star)) this.star.focus({ preventScroll: true });
      }
      this.anchorEl = anchor;
    } else if (this.toolbar.parentNode !== this.card) {
      this.card.appendChild(this.toolbar);
      this.anchorEl = null;
    }
  }

  /**
   * Paints state: star, tags, marks (lib/page/features add theirs in the same task: one layout).
   * `anchor`: where the toolbar goes (see anchor()).
   */
  render(anchor: Element | null = this.anchor()): void {
    const starred = this.starred;
    this.star.setAttribute('aria-pressed', String(starred));
    this.star.setAttribute('aria-label', starred ? t('unstarPaper') : t('starPaper'));
    this.star.title = starred ? t('unstarPaperTitle') : t('starPaperTitle');
    this.star.textContent = starred ? '★' : '☆';
    toggleAttr(this.card, 'data-pd-starred', starred);
    this.renderChips(this.state?.tags ?? []);
    this.renderMarks();
    if (!this.attached) {
      // Not at construction: the card's state comes a round trip later, and a toolbar put in
      // before it would make the browser lay out every card twice (measured on 1,000 cards).
      this.attached = true;
    }
    this.place(anchor);
  }

  /** The "new" badge (first seen today), or the card marked as seen on an earlier visit. */
  setNew(isNew: boolean): void {
    this.isNew = isNew;
    if (this.own) this.own.badge.hidden = !isNew;
    toggleAttr(this.card, 'data-pd-seen', !isNew && this.state !== undefined);
  }

  /** The marks or the chips container, put in its place (marks, chips, star) when first needed. */
  private container(which: 'marks' | 'chips'): HTMLSpanElement {
    const existing = this[which];
    if (existing) return existing;
    const made = el(this.doc, 'span', { class: which === 'marks' ? 'pd-marks' : 'pd-chips' });
    this.toolbar.insertBefore(made, which === 'marks' ? (this.chips ?? this.star) : this.star);
    return (this[which] = made);
  }

  private renderMarks(): void {
    const status = this.state?.status;
    const note = this.state?.note;
    if (!status && !note && !this.marks) return;
    const key = JSON.stringify([status, note]);
    if (this.marks && key === this.drawn.marks) return;
    this.drawn.marks = key;
    const open = (e: Event) => {
      e.preventDefault();
      e.stopPropagation();
      this.actions.openTags(this);
    };
    this.redraw(this.container('marks'), markButtons(this.doc, status, note, open));
  }

  private renderChips(tags: Tag[]): void {
    if (!tags.length && !this.starred && !this.chips) return;
    const key = JSON.stringify([this.starred, tags.map((tag) => [tag.id, tag.name, tag.colour])]);
    if (this.chips && key === this.drawn.chips) return;
    this.drawn.chips = key;
    const openTags = (e: Event) => {
      e.preventDefault();
      e.stopPropagation();
      this.actions.openTags(this);
    };
    this.redraw(this.container('chips'), chipButtons(this.doc, tags, this.starred, openTags));
  }

  /** New buttons in a container; a keyboard user on one of the old ones stays there (else on the star). */
  private redraw(container: HTMLSpanElement, children: Child[]): void {
    if (!replaceKeepingFocus(container, children)) this.star.focus({ preventScroll: true });
  }

  /**
   * What a matching rule does to the card (reason null: nothing). `fold`: the card shrinks to one
   * line naming the rule, with "Show"; `dim`: the card stays, faded, under that line; `hide`: the
   * card is taken out of view entirely (the page's pill still counts it and offers "Show all").
   */
  setHidden(reason: string | null, mode: HideMode = 'fold'): void {
    if (reason === this.hiddenBy && mode === this.hiddenMode) return;
    this.hiddenBy = reason;
    this.hiddenMode = mode;
    for (const name of Object.values(HIDE_ATTR)) this.card.removeAttribute(name);
    if (reason === null) {
      this.fold?.remove();
      this.fold = null;
      return;
    }
    const text = t(mode === 'dim' ? 'foldDimmed' : 'foldHidden', reason, this.record.title);
    if (!this.fold) {
      this.fold = el(this.doc, 'div', { class: 'pd-ui pd-fold', on: { click: (e) => e.stopPropagation() } });
      this.card.prepend(this.fold);
    }
    const label = t(mode === 'dim' ? 'showDimmedPaper' : 'showHiddenPaper', this.record.title);
    replaceChildren(this.fold, ...foldParts(this.doc, text, label, () => this.actions.reveal(this)));
    this.card.setAttribute(HIDE_ATTR[mode], '');
  }

  /** Out of view entirely (a rule in "hide" mode): keyboard navigation skips it. */
  get removed(): boolean {
    return this.hiddenBy !== null && this.hiddenMode === 'hide';
  }

  get foldButton(): HTMLButtonElement | null {
    return this.fold?.querySelector('button') ?? null;
  }

  /** Shows (or removes) the selection checkbox, first in the toolbar. */
  setSelectable(on: boolean, checked: boolean, onToggle: (view: CardView, checked: boolean) => void): void {
    if (!on) {
      this.checkbox?.remove();
      this.checkbox = null;
      this.card.removeAttribute('data-pd-selected');
      return;
    }
    if (!this.checkbox) {
      this.checkbox = el(this.doc, 'input', {
        class: 'pd-select',
        attrs: { type: 'checkbox', 'aria-label': t('selectPaper', this.record.title) },
        on: { change: () => onToggle(this, this.checkbox!.checked), click: (e) => e.stopPropagation() },
      });
      this.toolbar.prepend(this.checkbox);
    }
    this.checkbox.checked = checked;
    if (checked) this.card.setAttribute('data-pd-selected', '');
    else this.card.removeAttribute('data-pd-selected');
  }

  /**
   * Puts back what the site removed (a hydrating framework drops children and attributes it did
   * not render): the toolbar, the fold, and the state attributes. A no-op when nothing is missing.
   */
  reattach(): void {
    if (this.attached && !this.card.contains(this.toolbar)) this.place(this.anchor());
    if (this.fold) {
      if (this.fold.parentNode !== this.card) this.card.prepend(this.fold);
      const mode = this.hiddenMode;
      this.card.setAttribute(HIDE_ATTR[mode], '');
    }
  }

  /** Removes everything Paperdeck added to the card. */
  destroy(): void {
    this.own?.toolbar.remove();
    this.fold?.remove();
    for (const name of [...Object.values(HIDE_ATTR), 'data-pd-starred', 'data-pd-seen', 'data-pd-focused']) this.card.removeAttribute(name);
  }
}
