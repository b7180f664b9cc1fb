import { t } from '../i18n';
import { el, replaceChildren } from './dom';

export interface ToastAction {
  label: string;
  /** When the label alone does not say what the button does. */
  ariaLabel?: string;
  run: () => void;
}

/**
 * What Paperdeck says on the page: a toast (errors where the user acted, undo offers) and the
 * page's ONE polite live region. Everything that happened is announced there (starred, hidden by
 * a rule, "Undo available"), never by moving the focus. The region is in the page from the start
 * and never `display: none`, so screen readers pick up every change; the visible toast is not a
 * live region itself (it would be read twice). Its buttons are reached with the `u` shortcut
 * (lib/page/features/shortcuts.ts), which is the only thing that moves focus to it.
 */
export class Toast {
  private node: HTMLDivElement;
  private live: HTMLDivElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private liveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Where the focus was before the `u` shortcut took it to the toast's button. */
  private returnFocus: HTMLElement | null = null;

  constructor(private doc: Document) {
    this.node = el(doc, 'div', { class: 'pd-ui pd-toast', attrs: { hidden: true } });
    this.live = el(doc, 'div', { class: 'pd-ui pd-live', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
    doc.body.append(this.live, this.node);
  }

  show(message: string, action?: ToastAction | ToastAction[], ms = 6000): void {
    clearTimeout(this.timer);
    const actions = action === undefined ? [] : Array.isArray(action) ? action : [action];
    replaceChildren(
      this.node,
      message,
      ...actions.map((a) =>
        el(
          this.doc,
          'button',
          {
            attrs: { type: 'button', ...(a.ariaLabel ? { 'aria-label': a.ariaLabel } : {}) },
            on: {
              click: () => {
                this.hide();
                a.run();
              },
            },
          },
          a.label,
        ),
      ),
    );
    // "press u" after the buttons, drawn by the stylesheet (the toast's text stays the message's).
    if (actions.length) this.node.setAttribute('data-pd-hint', t('toastKeyHint'));
    else this.node.removeAttribute('data-pd-hint');
    this.node.hidden = false;
    this.announce(actions.length ? t('announceWithActions', message, actions.map((a) => a.ariaLabel ?? a.label).join(', ')) : message);
    // Offers stay long enough to be read and taken.
    this.timer = setTimeout(() => this.hide(), actions.length > 1 ? Math.max(ms, 10_000) : ms);
  }

  /** Says `message` to screen readers only (what a visible change already shows to the eye). */
  announce(message: string): void {
    clearTimeout(this.liveTimer);
    // Emptied first, then filled a moment later: the same words twice are announced twice.
    this.live.textContent = '';
    this.liveTimer = setTimeout(() => (this.live.textContent = message), 50);
  }

  /** Moves the focus to the toast's first button (the `u` shortcut); false when it offers none. */
  focusAction(): boolean {
    const button = this.node.hidden ? null : this.node.querySelector('button');
    if (!button) return false;
    const active = this.doc.activeElement;
    this.returnFocus = active && active !== this.doc.body ? (active as HTMLElement) : null;
    button.focus();
    return true;
  }

  hide(): void {
    clearTimeout(this.timer);
    const hadFocus = this.node.contains(this.doc.activeElement);
    this.node.hidden = true;
    // Focus that the `u` shortcut brought here goes back where it was.
    if (hadFocus && this.returnFocus?.isConnected) this.returnFocus.focus({ preventScroll: true });
    this.returnFocus = null;
  }

  get text(): string {
    return this.node.hidden ? '' : (this.node.textContent ?? '');
  }

  /** What the live region says now (for tests). */
  get announced(): string {
    return this.live.textContent ?? '';
  }

  destroy(): void {
    clearTimeout(this.timer);
    clearTimeout(this.liveTimer);
    this.node.remove();
    this.live.remove();
  }
}
