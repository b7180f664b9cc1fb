/**
 * Accessibility of what the content script adds (issue 19): names that contain the visible text,
 * labels, what `hidden` hides, and the page's one polite live region. The e2e suite runs axe-core
 * over the same markup in a real browser (tests/e2e/scenarios/a11y.mjs).
 */
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CardView } from '../../../lib/page/card-view';
import { Pill } from '../../../lib/page/pill';
import { injectStyles } from '../../../lib/page/styles';
import { TagEditor } from '../../../lib/page/tag-editor';
import { Toast } from '../../../lib/page/toast';
import type { PaperRecord } from '../../../lib/model/paper';

function page() {
  const win = new Window({ url: 'https://huggingface.co/papers' });
  const doc = win.document as unknown as Document;
  doc.body.innerHTML = '<article><h3><a href="/papers/2501.00001">A paper</a></h3></article>';
  return { win, doc, card: doc.querySelector('article') as HTMLElement };
}

const record = { id: '2501.00001', title: 'Scaling laws for tests' } as unknown as PaperRecord;
const noop = { toggleStar() {}, openTags() {}, reveal() {} };

/** Words of a text, as speech-input users say them (punctuation and symbols dropped). */
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
/** WCAG 2.5.3 Label in Name: the accessible name holds the visible words, in order. */
function nameHoldsVisibleText(el: Element): boolean {
  const name = words(el.getAttribute('aria-label') ?? el.textContent ?? '').join(' ');
  const visible = words(el.textContent ?? '').join(' ');
  return name.includes(visible);
}

afterEach(() => vi.useRealTimers());

describe('card toolbar', () => {
  it('"+ tag" has a name that holds its visible text; every button has a name', () => {
    const { doc, card } = page();
    const view = new CardView(doc, card, record.id, record, noop);
    view.state = { starred: true, tags: [], seenBefore: false };
    view.render();
    const add = card.querySelector('.pd-chip-add')!;
    expect(add.textContent).toBe('+ tag');
    expect(nameHoldsVisibleText(add)).toBe(true);
    for (const button of card.querySelectorAll('button')) {
      expect((button.getAttribute('aria-label') ?? button.textContent ?? '').trim()).not.toBe('');
      expect(nameHoldsVisibleText(button) || words(button.textContent ?? '').length === 0).toBe(true);
    }
  });

  it('the selection checkbox is labelled with the paper it selects', () => {
    const { doc, card } = page();
    const view = new CardView(doc, card, record.id, record, noop);
    view.render();
    view.setSelectable(true, false, () => {});
    const box = card.querySelector('input[type="checkbox"]')!;
    expect(box.getAttribute('aria-label')).toBe('Select: Scaling laws for tests');
  });

  it('what carries `hidden` is not displayed, whatever our own rules say about its display', () => {
    const { doc } = page();
    const css = injectStyles(doc).textContent;
    expect(css).toMatch(/\.pd-ui\[hidden\], \.pd-ui \[hidden\] \{ display: none !important; \}/);
    // and the focus ring cannot be taken away by the site's `outline: none`
    expect(css).toMatch(/\.pd-ui :focus-visible, \.pd-ui:focus-visible \{\s*outline: 2px solid var\(--pd-focus\) !important/);
    expect(css).toContain('@media (forced-colors: active)');
    expect(css).toContain('@media (prefers-reduced-motion: reduce)');
  });
});

describe('the page’s live region', () => {
  it('is one polite status region, there from the start; the toast and the pill are not live', () => {
    const { doc } = page();
    const toast = new Toast(doc);
    const pill = new Pill(doc, new AbortController().signal);
    const live = doc.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]');
    expect(live).toHaveLength(1);
    expect(live[0]!.getAttribute('aria-live')).toBe('polite');
    expect(live[0]!.hasAttribute('hidden')).toBe(false);
    expect(pill.node.getAttribute('role')).toBe('group');
    toast.destroy();
  });

  it('announces a message with its offer, and u brings the focus to the offer and back', () => {
    vi.useFakeTimers();
    const { doc } = page();
    const before = doc.createElement('button');
    doc.body.append(before);
    before.focus();
    const toast = new Toast(doc);
    const run = vi.fn();
    toast.show('Starred 3 papers.', { label: 'Undo', run });
    vi.advanceTimersByTime(60);
    expect(toast.announced).toBe('Starred 3 papers. Undo available: press u.');
    expect(toast.text).toBe('Starred 3 papers.Undo');
    // Announcing never moves the focus.
    expect(doc.activeElement).toBe(before);
    expect(toast.focusAction()).toBe(true);
    expect(doc.activeElement?.textContent).toBe('Undo');
    (doc.activeElement as HTMLButtonElement).click();
    expect(run).toHaveBeenCalledOnce();
    expect(doc.activeElement).toBe(before);
    toast.announce('Starred: A');
    vi.advanceTimersByTime(60);
    expect(toast.announced).toBe('Starred: A');
    expect(toast.focusAction()).toBe(false); // nothing offered now
  });

  it('the tag editor says what it has to say through it, not a live region of its own', async () => {
    const { doc } = page();
    const announce = vi.fn();
    const editor = new TagEditor({
      doc,
      tags: () => [],
      allTags: () => [],
      add: () => Promise.reject(new Error('Tag names are at most 40 characters.')),
      remove: () => Promise.resolve(),
      close: () => {},
      announce,
    });
    doc.body.append(editor.node);
    expect(editor.node.querySelector('[aria-live]')).toBeNull();
    expect(editor.node.getAttribute('role')).toBe('dialog');
    const input = editor.node.querySelector('input')!;
    input.value = 'x';
    input.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).KeyboardEvent('keydown', { key: 'Enter' }));
    await vi.waitFor(() => expect(announce).toHaveBeenCalledWith('Tag names are at most 40 characters.'));
  });
});
