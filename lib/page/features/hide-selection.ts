import { t } from '../../i18n';
import type { PageFeature } from '../context';
import { el, onlyByUser } from '../dom';

const MIN = 2;
const MAX = 80;

/**
 * Select a few words in a paper's title or abstract → a small "Hide topic" button appears by the
 * selection. It is fixed-positioned, so it never moves the page.
 */
export const hideSelection: PageFeature = {
  name: 'hide-selection',
  init(ctx, signal) {
    installSelectionHide(ctx.doc, signal, (text) => void ctx.actions.addRule({ kind: 'keyword', pattern: text }, t('hidingTopic', text)));
    return {};
  },
};

function installSelectionHide(doc: Document, signal: AbortSignal, hide: (text: string) => void): { readonly button: HTMLButtonElement } {
  let text = '';
  const button = el(doc, 'button', {
    class: 'pd-ui pd-hide-selection',
    attrs: { type: 'button', hidden: true },
    on: {
      mousedown: (e) => e.preventDefault(), // keep the selection while clicking
      click: (e) => {
        e.stopPropagation();
        button.hidden = true;
        if (text) hide(text);
      },
    },
  });
  doc.body.appendChild(button);
  signal.addEventListener('abort', () => button.remove());

  const update = () => {
    const selection = doc.getSelection();
    const picked = selection && !selection.isCollapsed ? selection.toString().trim().replace(/\s+/g, ' ') : '';
    const anchor = selection?.anchorNode;
    const inCard = anchor && (anchor instanceof Element ? anchor : anchor.parentElement)?.closest('[data-pd-id]');
    const inOurUi = anchor && (anchor instanceof Element ? anchor : anchor.parentElement)?.closest('.pd-ui');
    if (!picked || picked.length < MIN || picked.length > MAX || !inCard || inOurUi) {
      button.hidden = true;
      return;
    }
    text = picked;
    button.textContent = t('hideTopicButton', picked.length > 32 ? picked.slice(0, 31) + '…' : picked);
    const rect = selection.getRangeAt(0).getBoundingClientRect();
    button.style.left = `${Math.max(4, Math.round(rect.left))}px`;
    button.style.top = `${Math.max(4, Math.round(rect.bottom + 6))}px`;
    button.hidden = false;
  };
  doc.addEventListener(
    'mouseup',
    onlyByUser(() => setTimeout(update, 0)),
    { signal },
  );
  doc.addEventListener(
    'keyup',
    onlyByUser((e: KeyboardEvent) => e.shiftKey && update()),
    { signal },
  );
  doc.addEventListener('scroll', () => (button.hidden = true), { signal, passive: true, capture: true });
  doc.addEventListener(
    'selectionchange',
    () => {
      if (doc.getSelection()?.isCollapsed) button.hidden = true;
    },
    { signal },
  );
  return { button };
}
