import { el, replaceChildren } from './dom';

/** One polite live region for messages (errors where the user acted, undo offers). */
export class Toast {
  private node: HTMLDivElement;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private doc: Document) {
    this.node = el(doc, 'div', { class: 'pd-ui pd-toast', attrs: { role: 'status', 'aria-live': 'polite', hidden: true } });
    doc.body.appendChild(this.node);
  }

  show(message: string, action?: { label: string; run: () => void }, ms = 6000): void {
    clearTimeout(this.timer);
    replaceChildren(
      this.node,
      message,
      action &&
        el(this.doc, 'button', {
          attrs: { type: 'button' },
          on: {
            click: () => {
              this.hide();
              action.run();
            },
          },
        }, action.label),
    );
    if (action) (this.node.lastChild as HTMLElement).style.marginLeft = '8px';
    this.node.hidden = false;
    this.timer = setTimeout(() => this.hide(), ms);
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
