// @vitest-environment happy-dom
/**
 * The page app started while the page is still parsing (the content script runs at document_start,
 * lib/hf/watch.ts reads a list as the parser adds it). The test plays the parser: the first cards
 * are decorated before the page is parsed; the app's toast and pill, made in a body the site had
 * barely begun, end up after the site's content; the no-flash guard holds the cards until the page
 * is parsed; and the records of every batch go to the library in one message once it is.
 */
import { PaperdeckDB } from '../../../lib/db/database';
import { Library } from '../../../lib/db/library';
import { PageApp } from '../../../lib/page/app';
import type { PageChange } from '../../../lib/page/types';
import { READY_ATTR, pageGuard } from '../../../lib/page/guard';
import { hydrationIsland, jsonItem, listCard, listProps } from '../../fixtures/templates.mjs';
import { readSnapshot } from '../../../lib/snapshot/snapshot';
import { buildSeenSnapshot, buildUserSnapshot } from '../../../lib/snapshot/writer';
import { record } from '../db/helpers';
import { pageLibraryOf } from './page-library';
import { until } from './wait';

const IDS = ['2503.00001', '2503.00002', '2503.00003', '2503.00004'];
let state: DocumentReadyState;

function parseCard(id: string): void {
  const t = document.createElement('template');
  t.innerHTML = listCard({ href: `/papers/${id}`, title: `Paper ${id}`, upvotes: '1' }) + '\n';
  document.getElementById('grid')!.append(t.content);
}

beforeEach(() => {
  state = 'loading';
  Object.defineProperty(document, 'readyState', { configurable: true, get: () => state });
  document.documentElement.removeAttribute(READY_ATTR);
  document.body.innerHTML = ''; // the app starts as soon as the parser has made a body
});

/** What the parser adds next: the island's element (its props come with its start tag), its grid empty. */
function parseIslandStart(): void {
  const props = listProps(
    IDS.map((id) => jsonItem({ id, title: `Paper ${id}`, summary: `Abstract of ${id}.`, authors: ['Ana'], upvotes: 1 })),
    { dateString: '2025-03-24', periodType: 'day' },
  );
  const t = document.createElement('template');
  t.innerHTML = `<main>${hydrationIsland(props, 'DailyPapers', '<section><div id="grid"></div></section>')}</main>`;
  document.body.append(t.content);
}

afterEach(() => {
  delete (document as { readyState?: unknown }).readyState;
  document.body.innerHTML = '';
});

describe('PageApp started while the page parses', () => {
  it('decorates the first cards before the page is parsed, then keeps its own blocks last, lets the guard go and records once', async () => {
    const now = new Date('2025-03-24T12:00:00').getTime();
    const db = new PaperdeckDB(`parsing-test-${Date.now()}`);
    const library = new Library(db);
    await library.addRule({ kind: 'keyword', pattern: 'unrelated' }); // a rule in force: the guard is held
    const page = pageLibraryOf(library, now);
    const sends: string[][] = [];
    const scored: string[][] = [];
    const controller = new AbortController();
    const guard = pageGuard(document, controller.signal);
    // The state comes from the page snapshot, as in the content script (no round trip per batch).
    await library.settle();
    const snapshot = readSnapshot(await buildUserSnapshot(library, now), await buildSeenSnapshot(library, now), now)!;
    new PageApp({
      doc: document,
      library: { ...page, recordRead: (reads) => (sends.push(reads.map(([r]) => r.id)), page.recordRead(reads)) },
      onChange: () => () => {},
      // "For you": the first screen's scores asked for at once, the rest once the page is parsed.
      rank: {
        scoreCards: async (ids) => (
          scored.push(ids),
          { state: 'cold', starred: 0, needed: 5, trainedAt: 0, scores: {}, notInterested: [] }
        ),
        notInterested: async () => false,
      },
      getUrl: () => new URL('https://huggingface.co/papers/date/2025-03-24'),
      signal: controller.signal,
      now: () => now,
      guard,
      snapshot: Promise.resolve(snapshot),
      context: Promise.resolve({ rules: snapshot.rules, settings: snapshot.settings, tags: snapshot.tags }),
    });
    try {
      parseIslandStart();
      parseCard(IDS[0]!);
      parseCard(IDS[1]!);
      await until(() => expect(document.querySelectorAll('.pd-toolbar')).toHaveLength(2));
      parseCard(IDS[2]!);
      await until(() => expect(document.querySelectorAll('.pd-toolbar')).toHaveLength(3));
      // Still parsing: the site's content comes after the app's blocks, the guard holds, nothing sent.
      expect(document.querySelector('main')!.previousElementSibling).not.toBeNull();
      expect(guard.active).toBe(true);
      expect(sends).toEqual([]);
      expect(scored).toEqual([IDS.slice(0, 2)]);

      parseCard(IDS[3]!);
      state = 'interactive';
      document.dispatchEvent(new Event('DOMContentLoaded'));
      await until(() => expect(sends).toHaveLength(1));
      expect([...sends[0]!].sort()).toEqual(IDS);
      await until(() => expect(scored).toEqual([IDS.slice(0, 2), IDS.slice(2)]));
      expect(document.querySelectorAll('.pd-toolbar')).toHaveLength(4);
      // The pill, counted once the page is parsed, counts every card.
      expect(document.querySelector('.pd-pill')!.textContent).toMatch(/^4 new/);
      expect(guard.active).toBe(false);
      expect(document.documentElement.hasAttribute(READY_ATTR)).toBe(true);
      // The site's content first, then Paperdeck's live region, toast and pill (the pill's room may follow).
      const body = [...document.body.children];
      expect(body[0]!.tagName).toBe('MAIN');
      expect(body.slice(1).every((el) => el.classList.contains('pd-ui'))).toBe(true);
      expect(body.slice(1).map((el) => el.className)).toEqual(expect.arrayContaining(['pd-ui pd-live', 'pd-ui pd-toast', 'pd-ui pd-pill']));
      expect(await library.getState(IDS).then((s) => Object.keys(s).sort())).toEqual(IDS);
    } finally {
      controller.abort();
      db.close();
    }
  });

  it('a paper starred after the snapshot was read, before its card is parsed, is painted starred (the change is heard)', async () => {
    const now = new Date('2025-03-24T12:00:00').getTime();
    const db = new PaperdeckDB(`parsing-test-${Date.now()}-b`);
    const library = new Library(db);
    await library.recordRead([[record(IDS[1]!), null]], now); // seen on an earlier visit
    await library.settle();
    // The snapshot as read at document_start: nothing starred.
    const snapshot = readSnapshot(await buildUserSnapshot(library, now), await buildSeenSnapshot(library, now), now)!;
    let tell: ((change: PageChange) => void) | undefined;
    const controller = new AbortController();
    new PageApp({
      doc: document,
      library: pageLibraryOf(library, now),
      onChange: (listener) => ((tell = listener), () => {}),
      getUrl: () => new URL('https://huggingface.co/papers/date/2025-03-24'),
      signal: controller.signal,
      now: () => now,
      snapshot: Promise.resolve(snapshot),
      context: Promise.resolve({ rules: snapshot.rules, settings: snapshot.settings, tags: snapshot.tags }),
    });
    try {
      // Starred in another tab while the page downloads: announced, but not in the snapshot read.
      await library.star(IDS[1]!, now);
      tell!({ ids: [IDS[1]!], what: ['stars'] });
      // The change is handled (no card on the page to refresh yet) before the cards come.
      await new Promise((r) => setTimeout(r, 50));
      parseIslandStart();
      parseCard(IDS[0]!);
      parseCard(IDS[1]!);
      state = 'interactive';
      document.dispatchEvent(new Event('DOMContentLoaded'));
      const pressed = (id: string) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed');
      await until(() => expect([pressed(IDS[0]!), pressed(IDS[1]!)]).toEqual(['false', 'true']));
    } finally {
      controller.abort();
      db.close();
    }
  });
});
