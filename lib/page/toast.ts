import { el, replaceChildren } from './dom';

export interface ToastAction {
  label: string;
  /** When the label alone does not say what the button does. */
  ariaLabel?: string;
  run: () => void;
}

/** One polite live region for messages (errors where the user acted, undo offers). */
export class Toast {
  private node: HTMLDivElement;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private doc: Document) {
    this.node = el(doc, 'div', { class: 'pd-ui pd-toast', attrs: { role: 'status', 'aria-live': 'polite', hidden: true } });
    doc.body.appendChild(this.node);
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
    this.node.hidden = false;
    // Offers stay long enough to be read and taken.
    this.timer = setTimeout(() => this.hide(), actions.length > 1 ? Math.max(ms, 10_000) : ms);
  }

  hide(): void {
    clearTimeout(this.timer);
    this.node.hidden = true;
  }

  get text(): string {
    return this.node.hidden ? '' : (this.node.textContent ?? '');
  }

  destroy(): void {
    clearTimeout(this.timer);
    this.node.remove();
  }
}
