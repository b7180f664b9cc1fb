/**
 * A small menu of actions under a button in a card's toolbar ("Follow…", a keyword chip): a
 * disclosure — the button says whether it is open (`aria-expanded`), the choices are plain buttons
 * in a labelled group right after it, reached with Tab (or ↓/↑), Escape closes it and gives the
 * focus back to the button, and so does leaving it. One is open at a time on the page; it is built
 * only when opened, so cards cost nothing for it.
 */
import { byUser, el } from './dom';

export interface MenuItem {
  label: string;
  /** What a screen reader says when the label alone is not enough. */
  ariaLabel?: string;
  run(): void;
}

let open: { button: HTMLElement; menu: HTMLElement } | null = null;

/** Closes the open menu (the focus goes back to its button when it was inside). */
export function closeMenu(refocus = false): void {
  if (!open) return;
  const { button, menu } = open;
  open = null;
  const hadFocus = menu.contains(menu.ownerDocument.activeElement);
  menu.remove();
  button.setAttribute('aria-expanded', 'false');
  if (refocus || hadFocus) button.focus({ preventScroll: true });
}

/** Opens `items` under `button` (or closes them when they are open there already). */
export function toggleMenu(doc: Document, button: HTMLElement, label: string, items: readonly MenuItem[]): void {
  if (open?.button === button) return closeMenu(true);
  closeMenu();
  const stop = (e: Event) => {
    // The card may be a link: a choice must not open the paper.
    e.preventDefault();
    e.stopPropagation();
  };
  const buttons = items.map((item) =>
    el(
      doc,
      'button',
      {
        class: 'pd-menu-item',
        attrs: { type: 'button', 'aria-label': item.ariaLabel },
        on: {
          click: (e) => {
            stop(e);
            closeMenu(true);
            item.run();
          },
        },
      },
      item.label,
    ),
  );
  const menu = el(doc, 'div', { class: 'pd-menu', attrs: { role: 'group', 'aria-label': label } }, ...buttons);
  menu.addEventListener('keydown', (e) => {
    if (!byUser(e)) return;
    const at = buttons.indexOf(doc.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      stop(e);
      closeMenu(true);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      stop(e);
      const next = (at + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length;
      buttons[next]?.focus();
    }
  });
  // Tabbing or clicking away closes it.
  menu.addEventListener('focusout', (e) => {
    const to = e.relatedTarget as Node | null;
    if (to && (menu.contains(to) || to === button)) return;
    if (open?.menu === menu) closeMenu();
  });
  menu.addEventListener('click', (e) => e.stopPropagation());
  button.after(menu);
  button.setAttribute('aria-expanded', 'true');
  open = { button, menu };
  buttons[0]?.focus({ preventScroll: true });
}
