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

  it('a repaint keeps the keyboard focus on the chip it was on: same buttons when nothing changed, the same place when a tag came', () => {
    const { doc, card } = page();
    const view = new CardView(doc, card, record.id, record, noop);
    view.state = { starred: true, tags: [], seenBefore: false };
    view.render();
    const add = card.querySelector<HTMLButtonElement>('.pd-chip-add')!;
    add.focus();
    view.render(); // e.g. the background's change announcement for this paper, nothing new in it
    expect(card.querySelector('.pd-chip-add')).toBe(add);
    expect(doc.activeElement).toBe(add);

    view.state = { starred: true, tags: [{ id: 't1', name: 'robotics', colour: 'blue', createdAt: 0 }], seenBefore: false };
    view.render();
    expect(card.querySelector('.pd-chip-add')).not.toBe(add);
    expect(card.querySelectorAll('.pd-chip')).toHaveLength(1);
    // It was the first button of the chips; the first button is now the new tag's chip, in the same place.
    expect(doc.activeElement).toBe(card.querySelector('.pd-chips')!.children[0]);

    view.state = { starred: true, tags: [], seenBefore: false, status: 'reading', note: 'see §3' };
    const mark = () => card.querySelector<HTMLButtonElement>('.pd-note-mark')!;
    view.render();
    mark().focus();
    const before = mark();
    view.render();
    expect(mark()).toBe(before);
    expect(doc.activeElement).toBe(before);
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

  it('the pill, made anew at every update, keeps a keyboard user on the button they were on', () => {
    const { doc } = page();
    const pill = new Pill(doc, new AbortController().signal);
    const button = (text: string) => {
      const b = doc.createElement('button');
      b.textContent = text;
      return b;
    };
    pill.update(['3 new', button('Show all'), button('Select')], false);
    const select = [...pill.node.querySelectorAll('button')].find((b) => b.textContent === 'Select')!;
    select.focus();
    // Another paint: new buttons, the "Select" one now first.
    pill.update(['4 new', button('Select'), button('Show all')], false);
    expect(select.isConnected).toBe(false);
    expect(doc.activeElement?.textContent).toBe('Select');
    expect(doc.activeElement?.parentElement).toBe(pill.node);
    // Its text changed ("Select" became "Done"): the control in its place.
    pill.update(['4 new', button('Done'), button('Show all')], false);
    expect(doc.activeElement?.textContent).toBe('Done');
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
