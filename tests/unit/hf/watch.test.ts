// @vitest-environment happy-dom
/**
 * The live-page watcher against a simulated single-page app: the test mutates the document the way
 * HF's Svelte app does (append cards, swap the list on navigation, reuse elements) and checks what is
 * reported, once.
 */
import { loggedMisses, resetMissLog } from '../../../lib/hf/log';
import type { ReadCard } from '../../../lib/hf/read';
import type { ViewInfo } from '../../../lib/hf/views';
import { MARK, watchPapers } from '../../../lib/hf/watch';
import { listCard } from '../../fixtures/templates.mjs';

let url: URL;
let batches: Array<{ ids: string[]; view: ViewInfo }>;
let controller: AbortController;

const card = (id: string, extra: Record<string, unknown> = {}) =>
  listCard({ href: `/papers/${id}`, title: `Paper ${id}`, upvotes: '1', ...extra });

/** Parse markup into nodes (test-only: the reader itself never uses innerHTML). */
function nodes(markup: string): DocumentFragment {
  const t = document.createElement('template');
  t.innerHTML = markup;
  return t.content;
}

function grid(): HTMLElement {
  return document.getElementById('grid')!;
}

function setPage(ids: string[], header = 'Dec 19'): void {
  document.body.innerHTML = `<main><h1>Daily Papers</h1><span id="date">${header}</span><div id="grid">${ids.map((id) => card(id)).join('')}</div></main>`;
}

/** MutationObserver callbacks run as microtasks; the watcher then waits for an animation frame. */
async function settle(): Promise<void> {
  await Promise.resolve();
  await new Promise<void>((r) => requestAnimationFrame(() => r()));
  await new Promise<void>((r) => setTimeout(r, 0));
}

function start(opts: Partial<Parameters<typeof watchPapers>[0]> = {}): void {
  watchPapers({
    doc: document,
    getUrl: () => url,
    onCards: (batch: ReadCard[], view) => batches.push({ ids: batch.map((r) => r.id), view }),
    signal: controller.signal,
    today: () => new Date(2025, 2, 24, 12),
    ...opts,
  });
}

beforeEach(() => {
  resetMissLog();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  url = new URL('https://huggingface.co/papers/date/2024-12-19');
  batches = [];
  controller = new AbortController();
});

afterEach(() => {
  controller.abort();
  document.body.innerHTML = '';
});

describe('watchPapers', () => {
  it('reads the page at start and marks every card', () => {
    setPage(['2412.00001', '2412.00002']);
    start();
    expect(batches).toEqual([{ ids: ['2412.00001', '2412.00002'], view: { kind: 'date', listingDate: '2024-12-19' } }]);
    expect([...document.querySelectorAll('article')].map((a) => a.getAttribute(MARK))).toEqual(['2412.00001', '2412.00002']);
  });

  it('reports appended cards once, in one batch per frame', async () => {
    setPage(['2412.00001']);
    start();
    grid().append(nodes(card('2412.00002')));
    grid().append(nodes(card('2412.00003')));
    await settle();
    grid().append(nodes(card('2412.00004')));
    await settle();
    await settle(); // an idle frame reports nothing
    expect(batches.map((b) => b.ids)).toEqual([['2412.00001'], ['2412.00002', '2412.00003'], ['2412.00004']]);
  });

  it('does not re-read a card when something changes inside it', async () => {
    setPage(['2412.00001']);
    start();
    document.querySelector('a[href^="/login"] .leading-none')!.textContent = '2';
    document.querySelector('article')!.append(nodes('<span>late text</span>'));
    await settle();
    expect(batches).toHaveLength(1);
  });

  it('ignores what Paperdeck injects into cards', async () => {
    setPage(['2412.00001']);
    start();
    document.querySelector('article')!.append(nodes('<div class="pd-ui pd-toolbar"><button class="pd-star">★</button></div>'));
    await settle();
    expect(batches).toHaveLength(1);
  });

  it('follows client-side navigation: new cards for the new view, stale ones not re-reported', async () => {
    setPage(['2412.00001', '2412.00002']);
    start();
    // The SPA keeps one old card in place (not removed, not new), removes the other, adds two.
    url = new URL('https://huggingface.co/papers/date/2024-12-20');
    document.querySelectorAll('article')[1]!.remove();
    grid().append(nodes(card('2412.00003') + card('2412.00004')));
    await settle();
    expect(batches[1]).toEqual({ ids: ['2412.00003', '2412.00004'], view: { kind: 'date', listingDate: '2024-12-20' } });
    expect(batches).toHaveLength(2);
  });

  it('re-reports a marked card the SPA inserts anew for the new view', async () => {
    setPage(['2412.00001', '2412.00002']);
    start();
    url = new URL('https://huggingface.co/papers?q=diffusion');
    const kept = document.querySelector('article')!;
    grid().replaceChildren(kept); // detached and inserted again: a new element of the new view
    await settle();
    expect(batches[1]).toMatchObject({ ids: ['2412.00001'], view: { kind: 'search', query: 'diffusion' } });
  });

  it('re-reads a card element the SPA reuses for another paper', async () => {
    setPage(['2412.00001', '2412.00002']);
    start();
    url = new URL('https://huggingface.co/papers/date/2024-12-20');
    // Svelte keyed-each reuse: same <article>, links re-pointed and text updated in place.
    const reused = document.querySelectorAll('article')[1]!;
    for (const a of reused.querySelectorAll('a[href^="/papers/"]')) a.setAttribute('href', '/papers/2412.00009');
    reused.querySelector('h3 a')!.firstChild!.nodeValue = 'Paper 2412.00009';
    await settle();
    expect(batches[1]!.ids).toEqual(['2412.00009']);
    expect(batches[1]!.view.listingDate).toBe('2024-12-20');
    expect(reused.getAttribute(MARK)).toBe('2412.00009');
  });

  it('reads a card once its link arrives', async () => {
    setPage([]);
    start();
    grid().append(nodes('<article><div class="skeleton"></div></article>'));
    await settle();
    expect(batches).toEqual([]);
    document.querySelector('article .skeleton')!.append(nodes('<h3><a href="/papers/2412.00005">Late</a></h3>'));
    await settle();
    expect(batches.map((b) => b.ids)).toEqual([['2412.00005']]);
  });

  it('uses the header date of the search view and today for its year', async () => {
    url = new URL('https://huggingface.co/papers?q=x');
    document.body.innerHTML = `<main><h1>Daily Papers</h1><span>Dec 18</span><div id="grid">${card('2412.00001', { date: 'Mar 23' })}</div></main>`;
    start({ today: () => new Date(2025, 11, 20, 12) });
    expect(batches[0]!.view).toEqual({ kind: 'search', query: 'x', listingDate: '2025-12-18' });
  });

  it('waits on non-papers pages and starts reading when the SPA gets to one', async () => {
    url = new URL('https://huggingface.co/models');
    setPage(['2412.00001']);
    start();
    expect(batches).toEqual([]);
    url = new URL('https://huggingface.co/papers/trending');
    grid().append(nodes(card('2412.00002')));
    await settle();
    expect(batches.map((b) => b.ids)).toEqual([['2412.00001', '2412.00002']]);
  });

  it('reads the single paper page block, and again when the SPA shows another paper in it', async () => {
    url = new URL('https://huggingface.co/papers/2412.00001');
    document.body.innerHTML =
      '<main><section><a href="https://arxiv.org/abs/2412.00001">arXiv</a><h1>First paper</h1><p>Published on Dec 19, 2024</p></section><div id="c"></div></main>';
    start();
    expect(batches).toEqual([{ ids: ['2412.00001'], view: { kind: 'paper', paperId: '2412.00001' } }]);
    document.getElementById('c')!.append(nodes('<p>comment</p>'));
    await settle();
    expect(batches).toHaveLength(1);
    url = new URL('https://huggingface.co/papers/2412.00002');
    document.querySelector('h1')!.replaceChildren('Second paper');
    document.querySelector('section a')!.setAttribute('href', 'https://arxiv.org/abs/2412.00002');
    await settle();
    expect(batches[1]).toEqual({ ids: ['2412.00002'], view: { kind: 'paper', paperId: '2412.00002' } });
  });

  it('stops on abort', async () => {
    setPage(['2412.00001']);
    start();
    controller.abort();
    grid().append(nodes(card('2412.00002')));
    await settle();
    expect(batches).toHaveLength(1);
  });

  it('does nothing when started with an aborted signal', () => {
    setPage(['2412.00001']);
    controller.abort();
    start();
    expect(batches).toEqual([]);
  });

  it('never throws into the page: a failing consumer or URL source is logged once', async () => {
    setPage(['2412.00001']);
    let calls = 0;
    expect(() =>
      start({
        onCards: () => {
          calls++;
          throw new Error('consumer bug');
        },
      }),
    ).not.toThrow();
    grid().append(nodes(card('2412.00002')));
    await settle();
    expect(calls).toBe(2); // later batches still delivered
    expect(loggedMisses()).toEqual(['onCards']);

    const broken = new AbortController();
    expect(() =>
      watchPapers({ doc: document, getUrl: () => { throw new Error('no url'); }, onCards: () => {}, signal: broken.signal }),
    ).not.toThrow();
    broken.abort();
  });
});
