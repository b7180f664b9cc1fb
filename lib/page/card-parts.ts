/**
 * The pieces of a card's toolbar and fold (lib/page/card-view.ts puts them in place): made from
 * text only, with the listeners they are given.
 */
import type { ReadingStatus, Tag } from '../model/library';
import { el } from './dom';
import { statusLabel, t } from '../i18n';

const MAX_CHIPS = 3;

/** The reading status and "has a note" marks, each opening the editor. */
export function markButtons(doc: Document, status: ReadingStatus | undefined, note: string | undefined, open: (e: Event) => void) {
  return [
    status &&
      el(
        doc,
        'button',
        {
          class: 'pd-status',
          attrs: { type: 'button', 'data-status': status, title: t('statusMarkTitle', statusLabel(status)) },
          on: { click: open },
        },
        statusLabel(status),
      ),
    note &&
      el(
        doc,
        'button',
        {
          class: 'pd-note-mark',
          // The note itself is the tooltip (text only: title is never parsed as markup).
          attrs: { type: 'button', 'aria-label': t('noteMarkLabel'), title: note.length > 400 ? `${note.slice(0, 400)}…` : note },
          on: { click: open },
        },
        t('noteMark'),
      ),
  ];
}

/** The first tags as chips, "+N" for the rest, and — on a starred paper — the button that adds tags. */
export function chipButtons(doc: Document, tags: readonly Tag[], starred: boolean, openTags: (e: Event) => void) {
  const shown = tags.slice(0, MAX_CHIPS);
  const rest = tags.length - shown.length;
  return [
    ...shown.map((tag) =>
      el(
        doc,
        'button',
        {
          class: 'pd-chip',
          attrs: { type: 'button', 'data-colour': tag.colour, title: t('tagChipTitle', tag.name) },
          on: { click: openTags },
        },
        tag.name,
      ),
    ),
    rest > 0 &&
      el(doc, 'button', { class: 'pd-chip', attrs: { type: 'button', title: t('moreTags') }, on: { click: openTags } }, `+${rest}`),
    // Tags belong to saved papers: the editor is offered once the paper is starred.
    starred &&
      el(
        doc,
        'button',
        {
          class: 'pd-chip-add',
          attrs: { type: 'button', 'aria-label': tags.length ? t('editTags') : t('addTags'), title: t('editTagsTitle') },
          on: { click: openTags },
        },
        tags.length ? '✎' : t('addTagChip'),
      ),
  ];
}

/** The fold's line: the reason, and "Show" (named for the paper it shows). */
export function foldParts(doc: Document, text: string, showLabel: string, onShow: () => void) {
  return [
    el(doc, 'span', { class: 'pd-fold-text', attrs: { title: text } }, text),
    el(
      doc,
      'button',
      {
        attrs: { type: 'button', 'aria-label': showLabel },
        on: {
          click: (e) => {
            e.preventDefault();
            onShow();
          },
        },
      },
      t('show'),
    ),
  ];
}

/** Rendered (not inside a `display: none` rendering). */
export function isShown(el: Element): boolean {
  // checkVisibility is recent (Chrome 105, Firefox 106): measured boxes otherwise.
  return typeof el.checkVisibility === 'function' ? el.checkVisibility() : el.getClientRects().length > 0;
}

const prototypes = new WeakMap<Document, HTMLDivElement>();

/** The toolbar as a card first gets it (unstarred, not new): slot, badge, star. */
export function toolbarPrototype(doc: Document): HTMLDivElement {
  let proto = prototypes.get(doc);
  if (!proto) {
    proto = el(
      doc,
      'div',
      { class: 'pd-ui pd-toolbar' },
      el(doc, 'span', { class: 'pd-slot' }),
      el(doc, 'span', { class: 'pd-new', attrs: { hidden: true, title: t('newBadgeTitle') } }, t('newBadge')),
      el(
        doc,
        'button',
        { class: 'pd-star', attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': t('starPaper'), title: t('starPaperTitle') } },
        '☆',
      ),
    );
    prototypes.set(doc, proto);
  }
  return proto;
}

export function toggleAttr(node: Element, name: string, on: boolean): void {
  if (on) node.setAttribute(name, '');
  else node.removeAttribute(name);
}
