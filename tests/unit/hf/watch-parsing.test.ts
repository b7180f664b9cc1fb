// @vitest-environment happy-dom
/**
 * The watcher started while the page is still parsing (the content script runs at document_start):
 * the test plays the parser — the island's element first, then the cards one by one, then
 * DOMContentLoaded — and checks that a list is read as it arrives, each card once and with its
 * island data, a card still open in the parser is not read, and the pages that are not read so (a
 * search's default listing, a page without an island) wait for the end of parsing, as before.
 */
import { resetMissLog } from '../../../lib/hf/log';
import type { ReadCard } from '../../../lib/hf/read';
import { MARK, watchPapers } from '../../../lib/hf/watch';
import { hydrationIsland, jsonItem, listCard, listProps } from '../../fixtures/templates.mjs';
import { settle } from './settle';

let url: URL;
let batches: string[][];
let reads: ReadCard[];
let controller: AbortController;
let state: DocumentReadyState;

const card = (id: string) => listCard({ href: `/papers/${id}`, title: `Paper ${id}`, upvotes: '1' });

/** One card as the parser leaves it: complete (it is closed once anything follows it). */
function parseCard(id: string): void {
  const t = document.createElement('template');
  t.innerHTML = card(id);
  document.getElementById('grid')!.append(t.content);
}

/** The page's start as parsed so far: the island's element (its props come with its start tag), an empty grid. */
function parseIslandStart(ids: string[]): void {
  const props = listProps(
    ids.map((id) => jsonItem({ id, title: `Paper ${id}`, summary: `Abstract of ${id}.`, authors: ['Ana'], upvotes: 1 })),
    { dateString: '2025-03-24', periodType: 'day' },
  );
  document.body.innerHTML = `<main>${hydrationIsland(props, 'DailyPapers', '<section><div id="grid"></div></section>')}</main>`;
}

function finishParsing(): void {
  state = 'interactive';
  document.dispatchEvent(new Event('DOMContentLoaded'));
}

function start(): void {
  watchPapers({
    doc: document,
    getUrl: () => url,
    onCards: (batch) => {
      batches.push(batch.map((r) => r.id));
      reads.push(...batch);
    },
    signal: controller.signal,
    today: () => new Date(2025, 2, 24, 12),
  });
}

beforeEach(() => {
  resetMissLog();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  url = new URL('https://huggingface.co/papers/date/2025-03-24');
  batches = [];
  reads = [];
  controller = new AbortController();
  state = 'loading';
  Object.defineProperty(document, 'readyState', { configurable: true, get: () => state });
});

afterEach(() => {
  controller.abort();
  // The document's own readyState again.
  delete (document as { readyState?: unknown }).readyState;
  document.body.innerHTML = '';
});

describe('watchPapers while the page parses', () => {
  it('reads a list as the parser adds it, each card once, with its island data; the last one once something follows it', async () => {
    document.body.innerHTML = '';
    start();
    await settle();
    expect(batches).toEqual([]); // nothing parsed yet
    parseIslandStart(['2503.00001', '2503.00002', '2503.00003']);
    parseCard('2503.00001');
    await settle();
    expect(batches).toEqual([]); // the only card may still be open in the parser
    parseCard('2503.00002');
    await settle();
    expect(batches).toEqual([['2503.00001']]);
    document.getElementById('grid')!.append(document.createTextNode('\n')); // the parser closed it
    await settle();
    expect(batches).toEqual([['2503.00001'], ['2503.00002']]);
    parseCard('2503.00003');
    finishParsing();
    await settle();
    expect(batches).toEqual([['2503.00001'], ['2503.00002'], ['2503.00003']]);
    expect(reads.map((r) => r.record.abstract)).toEqual(['Abstract of 2503.00001.', 'Abstract of 2503.00002.', 'Abstract of 2503.00003.']);
    expect(reads[0]!.record.seenOn).toMatchObject({ view: 'date' });
    expect([...document.querySelectorAll('article')].map((a) => a.getAttribute(MARK))).toEqual(['2503.00001', '2503.00002', '2503.00003']);
    // After parsing, the watcher follows the page as before: an appended card is read once.
    parseCard('2503.00004');
    await settle();
    expect(batches.at(-1)).toEqual(['2503.00004']);
    expect(reads).toHaveLength(4);
  });

  it("waits for the page's stylesheet while it loads (which rendering is shown is not known before), then reads on", async () => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    let sheet: object | null = null;
    Object.defineProperty(link, 'sheet', { configurable: true, get: () => sheet });
    document.head.append(link);
    try {
      start();
      parseIslandStart(['2503.00001', '2503.00002', '2503.00003']);
      parseCard('2503.00001');
      parseCard('2503.00002');
      await settle();
      expect(batches).toEqual([]);
      sheet = {}; // loaded
      parseCard('2503.00003');
      await settle();
      expect(batches).toEqual([['2503.00001', '2503.00002']]);
    } finally {
      link.remove();
    }
  });

  it('a card outside the grid the passes follow (another container) is read at the end of parsing', async () => {
    start();
    parseIslandStart(['2503.00001', '2503.00002', '2503.00003']);
    parseCard('2503.00001');
    parseCard('2503.00002');
    await settle();
    expect(batches).toEqual([['2503.00001']]);
    const t = document.createElement('template');
    t.innerHTML = `<div id="more">${card('2503.00003')}</div>`;
    document.querySelector('section')!.append(t.content);
    await settle();
    // The grid's last card and the other container's are not among the grid's cards followed by another.
    expect(batches).toEqual([['2503.00001']]);
    finishParsing();
    await settle();
    expect(batches).toEqual([['2503.00001'], ['2503.00002', '2503.00003']]);
  });

  it('a search page: its server cards are the default listing, never read while parsing nor after', async () => {
    url = new URL('https://huggingface.co/papers?q=robots');
    start();
    parseIslandStart(['2503.00001', '2503.00002']);
    parseCard('2503.00001');
    parseCard('2503.00002');
    await settle();
    expect(batches).toEqual([]);
    finishParsing();
    await settle();
    expect(batches).toEqual([]);
  });

  it('a list without an island is read in one batch once parsed', async () => {
    document.body.innerHTML = '<main><span>Mar 24</span><div id="grid"></div></main>';
    start();
    parseCard('2503.00001');
    parseCard('2503.00002');
    await settle();
    expect(batches).toEqual([]);
    finishParsing();
    expect(batches).toEqual([['2503.00001', '2503.00002']]);
  });

  it('stops on abort while parsing: nothing read after', async () => {
    start();
    parseIslandStart(['2503.00001', '2503.00002']);
    parseCard('2503.00001');
    controller.abort();
    parseCard('2503.00002');
    finishParsing();
    await settle();
    expect(batches).toEqual([]);
  });
});
