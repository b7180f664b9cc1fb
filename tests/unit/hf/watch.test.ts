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
import { hydrationIsland, jsonItem, listCard, listProps } from '../../fixtures/templates.mjs';
import { settle } from './settle';

let url: URL;
let batches: Array<{ ids: string[]; view: ViewInfo }>;
/** Every card reported, in order, with its record and whether it was a repeat. */
let reads: ReadCard[];
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

/** A list page whose island (DailyPapers, wrapping the list) holds these papers, with full data. */
function setIslandPage(ids: string[], props: { dateString?: string; periodType?: string; trending?: boolean }, cards = ids): void {
  const island = hydrationIsland(
    islandProps(ids, props),
    'DailyPapers',
    `<section><h1>Daily Papers</h1><input type="search" name="daily-papers-search" value=""><div id="grid">${cards.map((id) => card(id)).join('')}</div></section>`,
  );
  document.body.innerHTML = `<main>${island}</main>`;
}

function islandProps(ids: string[], props: { dateString?: string; periodType?: string; trending?: boolean }) {
  return listProps(
    ids.map((id) =>
      jsonItem({
        id,
        title: `Paper ${id}`,
        summary: `Abstract of ${id}.`,
        authors: ['Ana', 'Bo'],
        publishedAt: '2025-03-18T10:00:00.000Z',
        upvotes: 1,
      }),
    ),
    props,
  );
}

/** What the tabs do: the same island's data-props rewritten with the new period's JSON. */
function rewriteIsland(ids: string[], props: { dateString?: string; periodType?: string }): void {
  document.querySelector('[data-target="DailyPapers"]')!.setAttribute('data-props', JSON.stringify(islandProps(ids, props)));
}

function start(opts: Partial<Parameters<typeof watchPapers>[0]> = {}): void {
  watchPapers({
    doc: document,
    getUrl: () => url,
    onCards: (batch: ReadCard[], view) => {
      batches.push({ ids: batch.map((r) => r.id), view });
      reads.push(...batch);
    },
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
  reads = [];
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

  it('reports a card the site renders again for the same view as a repeat, not a new sighting', async () => {
    setPage(['2412.00001', '2412.00002']);
    start();
    grid().replaceChildren(nodes(card('2412.00001') + card('2412.00002'))); // new elements, same view
    await settle();
    expect(batches.map((b) => b.ids)).toEqual([
      ['2412.00001', '2412.00002'],
      ['2412.00001', '2412.00002'],
    ]);
    expect(reads.map((r) => r.again ?? false)).toEqual([false, false, true, true]);
  });

  it('does not take a toolbar we moved for one the site stripped', async () => {
    const stripped: Element[] = [];
    setPage(['2412.00001']);
    start({ onStripped: (cards) => stripped.push(...cards) });
    const article = document.querySelector('article')!;
    const bar = document.createElement('div');
    bar.className = 'pd-ui pd-toolbar';
    article.append(bar);
    await settle();
    article.querySelector('h3')!.after(bar); // moved by us to another place in the card
    await settle();
    expect(stripped).toEqual([]);
    bar.remove(); // gone: the site stripped it
    await settle();
    expect(stripped).toEqual([article]);
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
      watchPapers({
        doc: document,
        getUrl: () => {
          throw new Error('no url');
        },
        onCards: () => {},
        signal: broken.signal,
      }),
    ).not.toThrow();
    broken.abort();
  });
});

describe('watchPapers and the island', () => {
  const HOLD = 200;

  it('trusts the island over the URL: its dateString and periodType name the listing', () => {
    url = new URL('https://huggingface.co/papers/date/2030-01-01'); // a future date, clamped by the site
    setIslandPage(['2503.00001'], { dateString: '2025-03-24', periodType: 'day' });
    start();
    expect(batches[0]!.view).toEqual({ kind: 'date', listingDate: '2025-03-24' });
    expect(reads[0]!.record).toMatchObject({ abstract: 'Abstract of 2503.00001.', seenOn: { view: 'date' } });
  });

  it('a tab switch that rewrites the island after the cards: the new cards wait for it, then are read once, in full', async () => {
    url = new URL('https://huggingface.co/papers');
    setIslandPage(['2503.00001', '2503.00002'], { dateString: '2025-03-24', periodType: 'day' });
    start({ holdMs: 10_000 });
    expect(batches[0]).toMatchObject({ ids: ['2503.00001', '2503.00002'], view: { kind: 'daily', listingDate: '2025-03-24' } });
    // Weekly: the site renders the week's (compact) cards, then writes the week's JSON into the island.
    grid().replaceChildren(nodes(card('2503.00010') + card('2503.00011')));
    await settle();
    expect(batches).toHaveLength(1); // held: the island still describes the day
    rewriteIsland(['2503.00010', '2503.00011'], { dateString: '2025-W12', periodType: 'week' });
    await settle();
    expect(batches[1]).toEqual({ ids: ['2503.00010', '2503.00011'], view: { kind: 'week', listingDate: '2025-03-17' } });
    expect(reads[2]!.record).toMatchObject({
      abstract: 'Abstract of 2503.00010.',
      authors: ['Ana', 'Bo'],
      publishedAt: '2025-03-18',
      seenOn: { view: 'week' },
    });
    await settle();
    expect(batches).toHaveLength(2);
  });

  it('a tab switch that rewrites the island first: the new cards are read as they come', async () => {
    url = new URL('https://huggingface.co/papers');
    setIslandPage(['2503.00001'], { dateString: '2025-03-24', periodType: 'day' });
    start({ holdMs: 10_000 });
    rewriteIsland(['2503.00010'], { dateString: '2025-03', periodType: 'month' });
    await settle();
    expect(batches).toHaveLength(1); // nothing new on the page yet
    grid().replaceChildren(nodes(card('2503.00010')));
    await settle();
    expect(batches[1]).toEqual({ ids: ['2503.00010'], view: { kind: 'month', listingDate: '2025-03-01' } });
    expect(reads[1]!.record.abstract).toBe('Abstract of 2503.00010.');
  });

  it('after a URL change the island describes the old view until it is rewritten', async () => {
    url = new URL('https://huggingface.co/papers/date/2025-03-24');
    setIslandPage(['2503.00001'], { dateString: '2025-03-24', periodType: 'day' });
    start({ holdMs: 10_000 });
    url = new URL('https://huggingface.co/papers/week/2025-W12');
    grid().replaceChildren(nodes(card('2503.00001') + card('2503.00010')));
    await settle();
    // A paper the island knows is read at once with its data, under the URL's view; the other waits.
    expect(batches[1]).toEqual({ ids: ['2503.00001'], view: { kind: 'week', listingDate: '2025-03-17' } });
    expect(reads[1]!.record.abstract).toBe('Abstract of 2503.00001.');
    rewriteIsland(['2503.00001', '2503.00010'], { dateString: '2025-W12', periodType: 'week' });
    await settle();
    expect(batches[2]).toEqual({ ids: ['2503.00010'], view: { kind: 'week', listingDate: '2025-03-17' } });
    expect(reads[2]!.record.abstract).toBe('Abstract of 2503.00010.');
  });

  it('reads held cards from the DOM alone when the island never comes', async () => {
    url = new URL('https://huggingface.co/papers/date/2025-03-24');
    setIslandPage(['2503.00001'], { dateString: '2025-03-24', periodType: 'day' });
    start({ holdMs: HOLD });
    url = new URL('https://huggingface.co/papers/date/2025-03-21');
    grid().replaceChildren(nodes(card('2503.00020')));
    await settle();
    expect(batches).toHaveLength(1);
    await new Promise((r) => setTimeout(r, HOLD + 50));
    await settle();
    expect(batches[1]).toEqual({ ids: ['2503.00020'], view: { kind: 'date', listingDate: '2025-03-21' } });
    expect(reads[1]!.record.abstract).toBeUndefined();
  });

  it('the same listing rendered again is not held, even its cards the island does not list', async () => {
    url = new URL('https://huggingface.co/papers/date/2025-03-24');
    setIslandPage(['2503.00001'], { dateString: '2025-03-24', periodType: 'day' }, ['2503.00001', '2503.00099']);
    start({ holdMs: 10_000 });
    grid().replaceChildren(nodes(card('2503.00001') + card('2503.00099')));
    await settle();
    expect(reads.map((r) => [r.id, r.again ?? false])).toEqual([
      ['2503.00001', false],
      ['2503.00099', false],
      ['2503.00001', true],
      ['2503.00099', true],
    ]);
  });

  it('appended cards (no swap, no navigation) are not held', async () => {
    url = new URL('https://huggingface.co/papers/date/2025-03-24');
    setIslandPage(['2503.00001'], { dateString: '2025-03-24', periodType: 'day' });
    start({ holdMs: 10_000 });
    grid().append(nodes(card('2503.00030')));
    await settle();
    expect(batches[1]!.ids).toEqual(['2503.00030']);
  });

  it('a page swapped whole by client-side navigation brings its own island, trusted at once', async () => {
    url = new URL('https://huggingface.co/papers/date/2025-03-24');
    setIslandPage(['2503.00001'], { dateString: '2025-03-24', periodType: 'day' });
    start({ holdMs: 10_000 });
    url = new URL('https://huggingface.co/papers/week/2025-W12');
    const next = document.createElement('template');
    next.innerHTML = hydrationIsland(
      islandProps(['2503.00040'], { dateString: '2025-W12', periodType: 'week' }),
      'DailyPapers',
      `<section><div id="grid">${card('2503.00040')}</div></section>`,
    );
    document.querySelector('main')!.replaceChildren(next.content);
    await settle();
    expect(batches[1]).toEqual({ ids: ['2503.00040'], view: { kind: 'week', listingDate: '2025-03-17' } });
    expect(reads[1]!.record.abstract).toBe('Abstract of 2503.00040.');
  });
});

describe('watchPapers on a search page', () => {
  it('reads nothing while the default listing shows, then every result once, never joined to the island', async () => {
    url = new URL('https://huggingface.co/papers?q=diffusion');
    setIslandPage(['2512.00001', '2512.00002'], { dateString: '2025-12-18', periodType: 'day' });
    start({ holdMs: 10_000 });
    expect(batches).toEqual([]);
    // A result that is also in the listing keeps its element (a keyed re-render): it is a result now.
    const kept = document.querySelectorAll('article')[0]!;
    grid().replaceChildren(kept, nodes(card('2512.00009')));
    await settle();
    expect(batches).toEqual([{ ids: ['2512.00001', '2512.00009'], view: { kind: 'search', query: 'diffusion' } }]);
    expect(reads[0]!.record.abstract).toBeUndefined(); // the island's data is not the results'
    // The grid replaced again while the query is the same: the same papers, not new sightings.
    grid().replaceChildren(nodes(card('2512.00001') + card('2512.00009')));
    await settle();
    expect(reads.slice(2).map((r) => [r.id, r.again])).toEqual([
      ['2512.00001', true],
      ['2512.00009', true],
    ]);
    // The query changes: a new view, its results are sightings.
    url = new URL('https://huggingface.co/papers?q=diffusion%20models');
    grid().replaceChildren(nodes(card('2512.00009') + card('2512.00010')));
    await settle();
    expect(reads.slice(4).map((r) => [r.id, r.again ?? false, r.record.seenOn.url])).toEqual([
      ['2512.00009', false, 'https://huggingface.co/papers?q=diffusion%20models'],
      ['2512.00010', false, 'https://huggingface.co/papers?q=diffusion%20models'],
    ]);
  });

  it('never reads the listing when the site touches its cards (hydration), and reads a result kept in place', async () => {
    url = new URL('https://huggingface.co/papers?q=diffusion');
    setIslandPage(['2512.00001', '2512.00002'], { dateString: '2025-12-18', periodType: 'day' });
    start({ holdMs: 10_000 });
    const [first, second] = document.querySelectorAll('article');
    first!.append(nodes('<span>hydrated</span>'));
    await settle();
    expect(batches).toEqual([]);
    // The results: the first listing card stays where it is (the same paper is a result), untouched.
    second!.remove();
    grid().append(nodes(card('2512.00009')));
    await settle();
    expect(batches).toEqual([{ ids: ['2512.00001', '2512.00009'], view: { kind: 'search', query: 'diffusion' } }]);
  });

  it('a query typed in the search box makes the list a search, whatever the URL, once results show', async () => {
    url = new URL('https://huggingface.co/papers/date/2025-12-18');
    setIslandPage(['2512.00001'], { dateString: '2025-12-18', periodType: 'day' });
    start({ holdMs: 10_000 });
    (document.querySelector('input[name="daily-papers-search"]') as HTMLInputElement).value = 'sparse';
    grid().replaceChildren(nodes(card('2512.00050')));
    await settle();
    expect(batches[1]).toEqual({ ids: ['2512.00050'], view: { kind: 'search', query: 'sparse' } });
  });

  it('a query left in the box (restored by the browser) while the listing shows: the listing is read as such', () => {
    url = new URL('https://huggingface.co/papers/date/2025-12-18');
    setIslandPage(['2512.00001', '2512.00002'], { dateString: '2025-12-18', periodType: 'day' });
    (document.querySelector('input[name="daily-papers-search"]') as HTMLInputElement).value = 'sparse';
    start();
    expect(batches).toEqual([{ ids: ['2512.00001', '2512.00002'], view: { kind: 'date', listingDate: '2025-12-18' } }]);
  });
});
