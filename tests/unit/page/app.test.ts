import { readFileSync } from 'node:fs';
import { pageLibraryOf } from './page-library';
import path from 'node:path';
import { Window } from 'happy-dom';
import { PaperdeckDB } from '../../../lib/db/database';
import { Library } from '../../../lib/db/library';
import { EAGER } from '../../../lib/page/nearby';
import { PageApp } from '../../../lib/page/app';
import type { PageChange, PageLibrary } from '../../../lib/page/types';
import { READY_ATTR, pageGuard, type Guard } from '../../../lib/page/guard';
import { readSnapshot, type PageSnapshot } from '../../../lib/snapshot/snapshot';
import { buildSeenSnapshot, buildUserSnapshot } from '../../../lib/snapshot/writer';
import { probedFeatures, until } from './wait';
import type { PaperRecord } from '../../../lib/model/paper';
import { lightRecord, textHash } from '../../../lib/model/record-texts';

const fixture = (name: string) => readFileSync(path.resolve('tests/fixtures', name), 'utf8');
/** The e2e site's stand-in for huggingface.co's stylesheet: `hidden`, `md:flex`, `md:hidden` at 768 px. */
const SITE_CSS = readFileSync(path.resolve('tests/e2e/site/site.css'), 'utf8');
const expected = (name: string) =>
  JSON.parse(fixture(name.replace('.html', '.expected.json'))) as {
    url: string;
    today: string;
    records: Array<{ id: string; title: string; abstract?: string }>;
  };

let dbCount = 0;

/** A papers page in its own happy-dom window, decorated by a PageApp over a real Library (fake-indexeddb). */
async function setup(
  name = 'daily.html',
  opts: {
    now?: number;
    seed?: (library: Library, now: number, exp: ReturnType<typeof expected>) => Promise<unknown>;
    guard?: (doc: Document, signal: AbortSignal) => Guard;
    /** Wraps the page's library (e.g. to hold a reply back). */
    wrap?: (library: PageLibrary) => PageLibrary;
    /** Decorate from the page snapshot (lib/snapshot) made of the seeded library, as the content script does. */
    snapshot?: boolean;
    /** The window's width; with it, the site's stylesheet stand-in (its 768 px breakpoint) is loaded. */
    width?: number;
    /** Return before the page's first batch is painted (a test that holds the paint back). */
    unpainted?: boolean;
    /** IntersectionObservers the test reports to (`near`): happy-dom's never report. */
    observed?: boolean;
  } = {},
) {
  const exp = expected(name);
  const win = new Window({ url: exp.url, ...(opts.width ? { width: opts.width, height: 900 } : {}) });
  const doc = win.document as unknown as Document;
  doc.write(fixture(name));
  if (opts.width) {
    const style = doc.createElement('style');
    style.textContent = SITE_CSS;
    doc.head.appendChild(style);
  }
  const db = new PaperdeckDB(`page-test-${++dbCount}`);
  const library = new Library(db);
  const listeners = new Set<(c: PageChange) => void>();
  library.onChange((c) => listeners.forEach((l) => l(c)));
  const controller = new AbortController();
  const observers = opts.observed ? reportedObservers(win) : null;
  const now = opts.now ?? new Date(`${exp.today}T12:00:00`).getTime();
  await opts.seed?.(library, now, exp);
  let snapshot: PageSnapshot | null = null;
  if (opts.snapshot) {
    await library.settle();
    // Through JSON, as storage.local keeps it.
    const [user, seen] = JSON.parse(
      JSON.stringify([await buildUserSnapshot(library, now), await buildSeenSnapshot(library, now)]),
    ) as unknown[];
    snapshot = readSnapshot(user, seen, now);
  }
  const probe = probedFeatures();
  const firstBatch = probe.nextBatch();
  const app = new PageApp({
    doc,
    features: probe.features,
    library: (opts.wrap ?? ((l) => l))(pageLibraryOf(library, now)),
    onChange: (l) => (listeners.add(l), () => listeners.delete(l)),
    getUrl: () => new URL(win.location.href),
    signal: controller.signal,
    now: () => now,
    guard: opts.guard?.(doc, controller.signal),
    ...(snapshot
      ? {
          snapshot: Promise.resolve(snapshot),
          context: Promise.resolve({ rules: snapshot.rules, settings: snapshot.settings, tags: snapshot.tags }),
        }
      : {}),
  });
  await app.ready;
  // The reader's first batch: read, painted, and every feature done with it (the records sent).
  if (!opts.unpainted) await firstBatch;
  const cleanup = async () => {
    controller.abort();
    db.close();
    await win.happyDOM.close();
  };
  /** These cards came within a screen of the viewport: the page's observers that watch them are told. */
  const near = (cards: Element[]) => observers?.near(cards);
  return { win, doc, app, db, library, controller, exp, probe, firstBatch, cleanup, now, near };
}

/** Replaces the window's IntersectionObserver with one whose reports the test sends. */
function reportedObservers(win: object) {
  const all: Array<{ report: IntersectionObserverCallback; targets: Set<Element>; self: IntersectionObserver }> = [];
  const Observer = class {
    private readonly targets = new Set<Element>();
    constructor(report: IntersectionObserverCallback) {
      all.push({ report, targets: this.targets, self: this as unknown as IntersectionObserver });
    }
    observe(el: Element) {
      this.targets.add(el);
    }
    unobserve(el: Element) {
      this.targets.delete(el);
    }
    disconnect() {
      this.targets.clear();
    }
    takeRecords() {
      return [];
    }
  };
  Object.assign(win, { IntersectionObserver: Observer });
  return {
    near(cards: Element[]) {
      for (const { report, targets, self } of all) {
        const entries = cards.filter((c) => targets.has(c)).map((target) => ({ target, isIntersecting: true }));
        if (entries.length) report(entries as unknown as IntersectionObserverEntry[], self);
      }
    },
  };
}

const stars = (doc: Document) => [...doc.querySelectorAll<HTMLButtonElement>('.pd-star')];

describe('no flash of hidden papers (document_start guard)', () => {
  it('keeps unhandled cards invisible until they are matched against the rules, then lets go', async () => {
    let foldedAtRelease: boolean | undefined;
    let target = '';
    const t = await setup('daily.html', {
      seed: async (library, _now, exp) => {
        target = exp.records[0]!.id;
        const word = exp.records[0]!.title.split(/\s+/).find((w) => /^[A-Za-z]{6,}$/.test(w))!;
        await library.addRule({ kind: 'keyword', pattern: word });
      },
      guard: (doc, signal) => {
        const guard = pageGuard(doc, signal);
        expect(doc.documentElement.hasAttribute(READY_ATTR)).toBe(false);
        return {
          get active() {
            return guard.active;
          },
          release() {
            foldedAtRelease ??= doc.querySelector(`[data-pd-id="${target}"]`)?.hasAttribute('data-pd-hidden') ?? false;
            guard.release();
          },
        };
      },
    });
    try {
      expect(foldedAtRelease).toBe(true);
      expect(t.doc.documentElement.hasAttribute(READY_ATTR)).toBe(true);
      expect(t.doc.querySelectorAll('article:not([data-pd-id])')).toHaveLength(0);
    } finally {
      await t.cleanup();
    }
  });

  it('lets go after a timeout even if Paperdeck never answers, and when the script goes away', async () => {
    vi.useFakeTimers();
    try {
      const win = new Window({ url: 'https://huggingface.co/papers' });
      const doc = win.document as unknown as Document;
      doc.write('<html><head></head><body><article>One</article></body></html>');
      const controller = new AbortController();
      const stuck = pageGuard(doc, controller.signal, 3000);
      expect(doc.documentElement.hasAttribute(READY_ATTR)).toBe(false);
      vi.advanceTimersByTime(2999);
      expect(stuck.active).toBe(true);
      vi.advanceTimersByTime(1);
      expect(stuck.active).toBe(false);
      expect(doc.documentElement.hasAttribute(READY_ATTR)).toBe(true);
      doc.documentElement.removeAttribute(READY_ATTR);
      pageGuard(doc, controller.signal);
      controller.abort();
      expect(doc.documentElement.hasAttribute(READY_ATTR)).toBe(true);
      await win.happyDOM.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('PageApp on cards with two renderings (desktop and phone)', () => {
  /** Where each card's toolbars are: the rendering that holds them, and whether it is shown. */
  const placement = (doc: Document) =>
    [...doc.querySelectorAll('[data-pd-id]')].map((card) => {
      const bars = [...card.querySelectorAll('.pd-toolbar')];
      return bars.map((bar) => {
        const rendering = [...card.children].find((c) => c.contains(bar))!;
        const shown = (rendering as unknown as { checkVisibility(): boolean }).checkVisibility();
        // Right after the title heading of its rendering.
        return `${rendering.className.includes('md:hidden') ? 'phone' : 'desktop'}${shown ? '' : ' (hidden)'}${bar.previousElementSibling?.tagName === 'H3' ? '' : ' (not after the title)'}`;
      });
    });

  /** Resizes the window (happy-dom re-evaluates media queries only once a stylesheet changes). */
  const resize = (t: { win: Window; doc: Document }, width: number) => {
    t.win.happyDOM.setWindowSize({ width, height: 900 });
    t.doc.head.appendChild(t.doc.createElement('style'));
  };

  it('puts one toolbar per card, after the title of the rendering that is shown, and moves it when the width crosses 768 px', async () => {
    const t = await setup('trending.html', { width: 1280 });
    try {
      const n = t.exp.records.length;
      expect(placement(t.doc)).toEqual(Array(n).fill(['desktop']));
      resize(t, 400);
      await until(() => expect(placement(t.doc)).toEqual(Array(n).fill(['phone'])));
      resize(t, 1280);
      await until(() => expect(placement(t.doc)).toEqual(Array(n).fill(['desktop'])));
      // Never in the site's own right-hand column of buttons.
      expect(t.doc.querySelectorAll('.right .pd-ui')).toHaveLength(0);
    } finally {
      await t.cleanup();
    }
  });

  it('moves the toolbars when a stylesheet that loads late shows the other rendering', async () => {
    const t = await setup('trending.html', { width: 1280 });
    try {
      const n = t.exp.records.length;
      expect(placement(t.doc)).toEqual(Array(n).fill(['desktop']));
      // The late sheet's rules show the phone rendering at this width; happy-dom loads no <link>, so
      // its load event is dispatched by hand (no resize: only the load can move the toolbars).
      const rules = t.doc.createElement('style');
      rules.textContent = '.md\\:flex { display: none !important } .md\\:hidden { display: flex !important }';
      t.doc.head.appendChild(rules);
      const other = t.doc.createElement('link');
      other.rel = 'preload';
      t.doc.head.appendChild(other);
      other.dispatchEvent(new Event('load'));
      await new Promise((r) => setTimeout(r, 50));
      expect(placement(t.doc)).toEqual(Array(n).fill(['desktop (hidden)']));
      const link = t.doc.createElement('link');
      link.rel = 'alternate stylesheet';
      t.doc.head.appendChild(link);
      link.dispatchEvent(new Event('load'));
      await until(() => expect(placement(t.doc)).toEqual(Array(n).fill(['phone'])));
    } finally {
      await t.cleanup();
    }
  });

  it("at phone width from the start, the star is the phone rendering's, and pressing it stars the paper", async () => {
    const t = await setup('trending.html', { width: 400 });
    try {
      expect(placement(t.doc)).toEqual(Array(t.exp.records.length).fill(['phone']));
      const id = t.exp.records[1]!.id;
      t.doc.querySelector<HTMLButtonElement>(`[data-pd-id="${id}"] .pd-star`)!.click();
      await until(async () => expect((await t.db.stars.toArray()).map((s) => s.paperId)).toEqual([id]));
    } finally {
      await t.cleanup();
    }
  });

  it('a folded card shown again at phone width gets its star in the phone rendering', async () => {
    const t = await setup('trending.html', {
      width: 400,
      seed: (library) => library.addRule({ kind: 'keyword', pattern: 'Speculative' }),
    });
    try {
      const id = t.exp.records[1]!.id;
      const card = t.doc.querySelector(`[data-pd-id="${id}"]`)!;
      expect(card.hasAttribute('data-pd-hidden')).toBe(true);
      card.querySelector<HTMLButtonElement>('.pd-fold button')!.click();
      await until(() => expect(placement(t.doc)[1]).toEqual(['phone']));
    } finally {
      await t.cleanup();
    }
  });

  it('cards the site renders again for the same view are decorated, not seen again', async () => {
    const t = await setup('trending.html', { width: 1280 });
    try {
      const grid = t.doc.querySelector('[data-fixture-list]')!;
      const fresh = [...grid.querySelectorAll('article')].map((a) => {
        const copy = a.cloneNode(true) as Element;
        copy.querySelectorAll('.pd-ui').forEach((n) => n.remove());
        for (const name of copy.getAttributeNames()) if (name.startsWith('data-pd-')) copy.removeAttribute(name);
        return copy;
      });
      const again = t.probe.nextBatch();
      grid.replaceChildren(...fresh);
      // The batch of cards rendered again: painted, and every feature done with it.
      await again;
      expect(placement(t.doc)).toEqual(Array(t.exp.records.length).fill(['desktop']));
      await t.library.settle();
      expect(new Set((await t.db.papers.toArray()).map((p) => p.seenCount))).toEqual(new Set([1]));
    } finally {
      await t.cleanup();
    }
  });
});

describe('PageApp on a daily list', () => {
  it('puts one star button on every paper card and records every paper', async () => {
    const t = await setup();
    try {
      expect(stars(t.doc)).toHaveLength(t.exp.records.length);
      for (const button of stars(t.doc)) {
        expect(button.getAttribute('aria-pressed')).toBe('false');
        expect(button.getAttribute('aria-label')).toBe('Star paper');
      }
      await t.library.settle();
      expect(await t.db.papers.count()).toBe(t.exp.records.length);
    } finally {
      await t.cleanup();
    }
  });

  it('sends a paper its long texts only when the library does not hold the same texts (lib/model/record-texts.ts)', async () => {
    const sent: Array<{ records: PaperRecord[]; hashes: (string | null)[] }> = [];
    let changedId = '';
    const t = await setup('daily.html', {
      // The page read before, with one paper's abstract revised since.
      seed: async (library, now, exp) => {
        const before = exp.records.map((r, i) => (i === 1 ? { ...r, abstract: 'An earlier abstract.' } : r)) as PaperRecord[];
        changedId = before[1]!.id;
        await library.recordRead(
          before.map((r) => [r, textHash(r)]),
          now - 86_400_000,
        );
        await library.settle();
      },
      wrap: (l) => ({
        ...l,
        recordRead: (reads) => (sent.push({ records: reads.map(([r]) => r), hashes: reads.map(([, h]) => h) }), l.recordRead(reads)),
      }),
    });
    try {
      await until(() => expect(sent).toHaveLength(1));
      const [{ records, hashes }] = sent as [(typeof sent)[number]];
      expect(records.map((r) => r.id)).toEqual(t.exp.records.map((r) => r.id));
      records.forEach((r, i) => {
        const full = t.exp.records[i]! as PaperRecord;
        if (r.id === changedId) {
          // Its texts changed: sent whole, with the hash of what the page shows.
          expect(r).toEqual(full);
          expect(hashes[i]).toBe(textHash(full));
        } else {
          // Known texts: counts, title and place only.
          expect(r).toEqual(lightRecord(full));
          expect(hashes[i]).toBeNull();
        }
      });
      await t.library.settle();
      const stored = (await t.db.papers.get(changedId))!;
      expect(stored.abstract).toBe(t.exp.records[1]!.abstract);
      expect(await t.library.staleTexts(t.exp.records.map((r) => [r.id, textHash(r as PaperRecord)]))).toEqual([]);
    } finally {
      await t.cleanup();
    }
  });

  it("puts each toolbar in once, with the paper's state already painted (one layout, not two)", async () => {
    // Hold the first getState reply: the cards are read but no toolbar goes in yet.
    let release!: () => void;
    let held: Promise<void> | null = new Promise<void>((r) => (release = r));
    let asked!: () => void;
    const stateAsked = new Promise<void>((r) => (asked = r));
    const starredId = expected('daily.html').records[0]!.id;
    const t = await setup('daily.html', {
      seed: async (library, now, exp) => {
        await library.recordSeen([exp.records[0] as never], now - 3_600_000);
        await library.star(starredId);
      },
      wrap: (l) => ({ ...l, getState: async (ids) => (asked(), await held, l.getState(ids)) }),
      unpainted: true,
    });
    try {
      // The cards are read: their state is asked for (and held).
      await stateAsked;
      const cards = t.doc.querySelectorAll('[data-pd-id]');
      expect(cards.length).toBe(t.exp.records.length);
      expect(t.doc.querySelectorAll('.pd-toolbar')).toHaveLength(0);
      // Every insertion of a toolbar into a card, as the page would see it.
      const inserted: Array<{ pressed: string | null }> = [];
      const observer = new t.win.MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.addedNodes) {
            const el = n as unknown as Element;
            if (el.nodeType === 1 && el.classList.contains('pd-toolbar'))
              inserted.push({ pressed: el.querySelector('.pd-star')!.getAttribute('aria-pressed') });
          }
        }
      });
      observer.observe(t.doc.body as never, { childList: true, subtree: true });
      release();
      held = null;
      // The batch painted, and every feature done with it: nothing more would come from it.
      await t.firstBatch;
      await t.library.settle();
      observer.disconnect();
      expect(inserted).toHaveLength(t.exp.records.length); // and no more after
      // The starred paper's toolbar arrived pressed: no unpressed first frame.
      const starredCards = t.doc.querySelectorAll(`[data-pd-id="${starredId}"]`).length;
      expect(inserted.filter((i) => i.pressed === 'true')).toHaveLength(starredCards);
    } finally {
      await t.cleanup();
    }
  });

  it('puts its UI back when the site strips it (hydration), without reading the cards again', async () => {
    const t = await setup();
    try {
      const first = t.exp.records[0]!;
      t.doc.querySelector<HTMLButtonElement>(`[data-pd-id="${first.id}"] .pd-star`)!.click();
      await until(async () => expect(await t.db.stars.get(first.id)).toBeTruthy());
      const batches = t.probe.counts.batches;
      // What a hydrating framework does to markup it did not render: drop our children and attributes.
      const cards = [...t.doc.querySelectorAll('[data-pd-id]')];
      for (const card of cards) {
        card.querySelectorAll('.pd-ui').forEach((n) => n.remove());
        for (const name of card.getAttributeNames()) if (name.startsWith('data-pd-')) card.removeAttribute(name);
      }
      expect(stars(t.doc)).toHaveLength(0);
      await until(() => {
        expect(stars(t.doc)).toHaveLength(t.exp.records.length);
        expect(t.doc.querySelectorAll('[data-pd-id]')).toHaveLength(t.exp.records.length);
        const card = t.doc.querySelector(`[data-pd-id="${first.id}"]`)!;
        expect(card.hasAttribute('data-pd-starred')).toBe(true);
        expect(card.querySelector('.pd-star')!.getAttribute('aria-pressed')).toBe('true');
      });
      // Restored, not re-read: no batch read off the page again, each paper recorded once.
      expect(t.probe.counts.batches).toBe(batches);
      await t.library.settle();
      const counts = (await t.db.papers.toArray()).map((p) => p.seenCount);
      expect(new Set(counts)).toEqual(new Set([1]));
    } finally {
      await t.cleanup();
    }
  });

  it('stars and unstars a paper, storing its full record', async () => {
    const t = await setup();
    try {
      const first = t.exp.records[0]!;
      const button = t.doc.querySelector<HTMLButtonElement>(`[data-pd-id="${first.id}"] .pd-star`)!;
      button.click();
      await until(async () => {
        expect(button.getAttribute('aria-pressed')).toBe('true');
        expect(button.getAttribute('aria-label')).toBe('Unstar paper');
        expect(await t.db.stars.get(first.id)).toBeTruthy();
        expect((await t.db.papers.get(first.id))?.title).toBe(first.title);
      });
      // Stored and read back: the button is no longer busy.
      await until(() => expect(button.hasAttribute('aria-busy')).toBe(false));
      button.click();
      await until(async () => {
        expect(button.getAttribute('aria-pressed')).toBe('false');
        expect(await t.db.stars.get(first.id)).toBeUndefined();
      });
    } finally {
      await t.cleanup();
    }
  });

  it('marks papers first seen today as new, and a paper seen yesterday as seen', async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const t = await setup('daily.html', {
      seed: async (library, now, exp) => {
        const yesterday = await import('../../../lib/hf/read').then(({ readPage }) => {
          const win = new Window({ url: exp.url });
          win.document.write(fixture('daily.html'));
          return readPage(win.document as unknown as Document, new URL(exp.url)).map((c) => c.record);
        });
        await library.recordSeen(yesterday.slice(0, 1), now - DAY);
      },
    });
    try {
      const [old, ...rest] = t.exp.records;
      const badge = (id: string) => t.doc.querySelector<HTMLElement>(`[data-pd-id="${id}"] .pd-new`)!;
      expect(badge(old!.id).hidden).toBe(true);
      expect(t.doc.querySelector(`[data-pd-id="${old!.id}"]`)!.hasAttribute('data-pd-seen')).toBe(true);
      for (const r of rest) expect(badge(r.id).hidden).toBe(false);
      expect(t.doc.querySelector('.pd-pill')!.textContent).toContain(`${rest.length} new`);
    } finally {
      await t.cleanup();
    }
  });

  it('folds cards matched by a hide rule, names the rule, and shows one on request', async () => {
    const t = await setup();
    try {
      const target = t.exp.records[0]!;
      const word = target.title
        .split(/\s+/)
        .find((w) => w.length > 6)!
        .replace(/[^\p{L}\p{N}-]/gu, '');
      await t.library.addRule({ kind: 'keyword', pattern: word });
      const card = t.doc.querySelector<HTMLElement>(`[data-pd-id="${target.id}"]`)!;
      const pill = t.doc.querySelector('.pd-pill')!;
      await until(() => {
        expect(card.hasAttribute('data-pd-hidden')).toBe(true);
        expect(card.querySelector('.pd-fold')!.textContent).toContain(`Topic "${word}"`);
        expect(pill.textContent).toMatch(/1 paper hidden/);
      });
      const fold = card.querySelector('.pd-fold')!;
      fold.querySelector('button')!.click();
      await until(() => expect(card.hasAttribute('data-pd-hidden')).toBe(false));
    } finally {
      await t.cleanup();
    }
  });

  it('on a long page, decorates the first cards at once and the others as they come near, but folds every card a rule hides in the frame it is read', async () => {
    const t = await setup('daily.html', {
      seed: (library) => library.addRule({ kind: 'keyword', pattern: 'Zanzibar' }),
      observed: true,
    });
    try {
      const grid = t.doc.querySelector('[data-fixture-list]')!;
      const model = grid.querySelector('article')!;
      const oldId = t.exp.records.find((r) => model.innerHTML.includes(r.id))!.id;
      const cards = Array.from({ length: 80 }, (_, i) => {
        const id = `2504.${String(10000 + i)}`;
        const copy = model.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.pd-ui').forEach((n) => n.remove());
        for (const name of copy.getAttributeNames()) if (name.startsWith('data-pd-')) copy.removeAttribute(name);
        for (const a of copy.querySelectorAll('a')) a.setAttribute('href', a.getAttribute('href')!.replace(oldId, id));
        for (const h of copy.querySelectorAll('h3 a')) h.textContent = i === 70 ? `Zanzibar paper ${i}` : `Paper number ${i}`;
        return copy;
      });
      const batch = t.probe.nextBatch();
      grid.append(...cards);
      await batch;
      // Read and decided, every one: the 71st card, far down, is folded before it could be seen.
      expect(cards.every((c) => c.hasAttribute('data-pd-id'))).toBe(true);
      expect(cards[70]!.hasAttribute('data-pd-hidden')).toBe(true);
      // Decorated: the first cards of the page at once (the page had 4 before), the others not yet.
      const decorated = () => cards.map((c, i) => (c.querySelector('.pd-toolbar') ? i : -1)).filter((i) => i >= 0);
      expect(decorated()).toEqual(Array.from({ length: EAGER - 4 }, (_, i) => i));
      const first = EAGER - 4;
      // Scrolled: cards 60–64 come near and are decorated; the ones between still wait (no idle work).
      t.near(cards.slice(60, 65));
      expect(decorated()).toEqual([...Array.from({ length: first }, (_, i) => i), 60, 61, 62, 63, 64]);
      // All of them near: each decorated once.
      t.near(cards);
      expect(decorated()).toHaveLength(80);
      expect(cards.every((c) => c.querySelectorAll('.pd-toolbar').length === 1)).toBe(true);
    } finally {
      await t.cleanup();
    }
  });

  it('rule modes dim or take a card out of view; pausing rules shows everything; every card hidden is said plainly', async () => {
    const t = await setup();
    try {
      const [a, b] = t.exp.records;
      const card = (id: string) => t.doc.querySelector<HTMLElement>(`[data-pd-id="${id}"]`)!;
      const wordOf = (title: string) => title.split(/\s+/).find((w) => /^[A-Za-z]{6,}$/.test(w))!;
      const dim = await t.library.addRule({ kind: 'keyword', pattern: wordOf(a!.title), mode: 'dim' });
      await t.library.addRule({ kind: 'keyword', pattern: wordOf(b!.title), mode: 'hide' });
      const pill = t.doc.querySelector<HTMLElement>('.pd-pill')!;
      await until(() => {
        expect(card(a!.id).hasAttribute('data-pd-dimmed')).toBe(true);
        expect(card(a!.id).hasAttribute('data-pd-hidden')).toBe(false);
        expect(card(a!.id).querySelector('.pd-fold')!.textContent).toContain('Dimmed by Topic');
        expect(card(b!.id).hasAttribute('data-pd-removed')).toBe(true);
        expect(pill.textContent).toContain('1 paper hidden · 1 dimmed');
      });
      // Keyboard navigation skips the card taken out of view.
      const key = (k: string) =>
        t.doc.body.dispatchEvent(new (t.win.KeyboardEvent as unknown as typeof KeyboardEvent)('keydown', { key: k, bubbles: true }));
      key('j');
      key('j');
      expect(t.doc.querySelector('[data-pd-focused]')?.getAttribute('data-pd-id')).not.toBe(b!.id);

      await t.library.setSettings({ pauseRules: true });
      await until(() => {
        expect(t.doc.querySelectorAll('[data-pd-dimmed], [data-pd-removed], [data-pd-hidden]')).toHaveLength(0);
        expect(pill.textContent).toContain('hide rules paused');
      });

      await t.library.setSettings({ pauseRules: false });
      await t.library.removeRule(dim.id);
      await t.library.addRule({ kind: 'regex', pattern: '.', flags: 'i' }); // matches every paper
      await until(() => {
        expect(pill.hasAttribute('data-pd-warning')).toBe(true);
        expect(pill.textContent).toContain(`all ${t.exp.records.length} papers here are hidden by your rules`);
      });
    } finally {
      await t.cleanup();
    }
  });

  it('turns off a regex rule that is too slow on the page, says which, and the library keeps why', async () => {
    let clock = 0;
    const t = await setup('daily.html', {
      seed: async (library) => {
        await library.addRule({ kind: 'regex', pattern: 'zz-never-here', flags: 'i' });
        // From now on every timed scan looks like 100 ms (over SLOW_REGEX_MS, twice in a row).
        vi.spyOn(performance, 'now').mockImplementation(() => (clock += 100));
      },
    });
    try {
      await until(() =>
        expect(t.doc.querySelector('.pd-toast')!.textContent).toContain('Paperdeck turned off the hide rule Pattern /zz-never-here/i'),
      );
      await until(async () =>
        expect((await t.library.listRules())[0]).toMatchObject({ enabled: false, stopped: { reason: 'slow', ms: 100 } }),
      );
      // The rest of the page is decorated as usual.
      expect(stars(t.doc).length).toBe(t.exp.records.length);
    } finally {
      await t.cleanup();
    }
  });

  it('"Star all shown" stars the papers on screen in one go, with Undo; selection mode stars a chosen few', async () => {
    const t = await setup();
    try {
      const n = t.exp.records.length;
      const pill = t.doc.querySelector<HTMLElement>('.pd-pill')!;
      const buttonNamed = (re: RegExp) => [...pill.querySelectorAll('button')].find((b) => re.test(b.textContent ?? ''))!;
      buttonNamed(/Star all \d+ shown/).click();
      const toast = t.doc.querySelector('.pd-toast')!;
      await until(async () => {
        expect(await t.db.stars.count()).toBe(n);
        expect(toast.textContent).toContain(`Starred ${n} papers.`);
      });
      [...toast.querySelectorAll('button')].find((b) => b.textContent === 'Undo')!.click();
      await until(async () => expect(await t.db.stars.count()).toBe(0));

      buttonNamed(/^Select$/).click();
      const boxes = await until(() => {
        const found = [...t.doc.querySelectorAll<HTMLInputElement>('.pd-select')];
        expect(found).toHaveLength(n);
        return found;
      });
      expect(boxes[0]!.getAttribute('aria-label')).toBe(`Select: ${t.exp.records[0]!.title}`);
      for (const box of boxes.slice(0, 2)) {
        box.checked = true;
        box.dispatchEvent(new t.win.Event('change') as unknown as Event);
      }
      await until(() => expect(pill.textContent).toContain('2 selected'));
      buttonNamed(/★ Star/).click();
      await until(async () =>
        expect((await t.db.stars.toArray()).map((s) => s.paperId).sort()).toEqual([t.exp.records[0]!.id, t.exp.records[1]!.id].sort()),
      );
      buttonNamed(/^Done$/).click();
      await until(() => expect(t.doc.querySelectorAll('.pd-select')).toHaveLength(0));
    } finally {
      await t.cleanup();
    }
  });

  it('never hides a starred paper', async () => {
    const t = await setup();
    try {
      const target = t.exp.records[0]!;
      await t.library.star(target.id);
      await t.library.addRule({ kind: 'regex', pattern: '.', flags: 'i' });
      // The rule is painted: every other card folds (and the starred one's state is known).
      await until(() => {
        const hidden = [...t.doc.querySelectorAll<HTMLElement>('[data-pd-hidden]')].map((c) => c.getAttribute('data-pd-id'));
        expect(hidden).toHaveLength(t.exp.records.length - 1);
      });
      await until(() => expect(t.doc.querySelector(`[data-pd-id="${target.id}"]`)!.hasAttribute('data-pd-starred')).toBe(true));
      expect(t.doc.querySelector(`[data-pd-id="${target.id}"]`)!.hasAttribute('data-pd-hidden')).toBe(false);
    } finally {
      await t.cleanup();
    }
  });

  it('"Show all" reveals every hidden card and "Hide again" folds them back', async () => {
    const t = await setup();
    try {
      await t.library.addRule({ kind: 'regex', pattern: '.', flags: 'i' });
      const pill = t.doc.querySelector('.pd-pill')!;
      await until(() => expect(t.doc.querySelectorAll('[data-pd-hidden]')).toHaveLength(t.exp.records.length));
      [...pill.querySelectorAll('button')].find((b) => b.textContent === 'Show all')!.click();
      expect(t.doc.querySelectorAll('[data-pd-hidden]')).toHaveLength(0);
      expect(pill.textContent).toMatch(/hidden papers shown/);
      [...pill.querySelectorAll('button')].find((b) => b.textContent === 'Hide again')!.click();
      expect(t.doc.querySelectorAll('[data-pd-hidden]')).toHaveLength(t.exp.records.length);
    } finally {
      await t.cleanup();
    }
  });

  it('tags a starred paper from the keyboard with suggestions from existing tags', async () => {
    const t = await setup();
    try {
      const [a, b] = t.exp.records;
      await t.library.star(a!.id);
      await t.library.tag(a!.id, 'reading-group');
      await until(() =>
        expect([...t.doc.querySelectorAll(`[data-pd-id="${a!.id}"] .pd-chip`)].map((c) => c.textContent)).toEqual(['reading-group']),
      );
      // Keyboard: j focuses the first card, t opens the tag editor (starring the paper first if needed).
      const key = (k: string, target: EventTarget = t.doc.body) =>
        target.dispatchEvent(
          new (t.win.KeyboardEvent as unknown as typeof KeyboardEvent)('keydown', { key: k, bubbles: true, cancelable: true }),
        );
      key('j');
      key('j');
      const focused = t.doc.querySelector('[data-pd-focused]');
      expect(focused?.getAttribute('data-pd-id')).toBe(b!.id);
      key('t');
      const input = await until(async () => {
        expect(await t.db.stars.get(b!.id)).toBeTruthy();
        const found = t.doc.querySelector<HTMLInputElement>('.pd-editor input');
        expect(found).toBeTruthy();
        return found!;
      });
      input.value = 'read';
      input.dispatchEvent(new t.win.Event('input') as unknown as Event);
      const options = [...t.doc.querySelectorAll('.pd-suggestions li')].map((li) => li.textContent);
      expect(options).toEqual(['reading-group']);
      key('Enter', input);
      await until(() =>
        expect([...t.doc.querySelectorAll(`[data-pd-id="${b!.id}"] .pd-chip`)].map((c) => c.textContent)).toEqual(['reading-group']),
      );
      // A new tag by typing.
      input.value = 'Must read';
      key('Enter', input);
      await until(async () =>
        expect((await t.library.getState([b!.id]))[b!.id]!.tags.map((x) => x.name).sort()).toEqual(['Must read', 'reading-group']),
      );
      key('Escape', input);
      expect(t.doc.querySelector('.pd-editor')).toBeNull();
    } finally {
      await t.cleanup();
    }
  });

  it('sets a reading status and a note from the card editor, and shows them on the card', async () => {
    const t = await setup();
    try {
      const [a] = t.exp.records;
      const card = () => t.doc.querySelector(`[data-pd-id="${a!.id}"]`)!;
      const toolbarOrder = () => [...card().querySelector('.pd-toolbar')!.children].map((c) => c.className);
      // A plain card carries no empty containers for chips or marks; they come when needed, in place.
      expect(toolbarOrder()).toEqual(['pd-slot', 'pd-new', 'pd-star']);
      card().querySelector<HTMLButtonElement>('.pd-star')!.click();
      await until(() => expect(toolbarOrder()).toEqual(['pd-slot', 'pd-new', 'pd-chips', 'pd-star']));
      await until(() => expect(card().querySelector('.pd-star')!.hasAttribute('aria-busy')).toBe(false));
      card().querySelector<HTMLButtonElement>('.pd-chip-add')!.click();
      const editor = await until(() => {
        const found = t.doc.querySelector('.pd-editor');
        expect(found).toBeTruthy();
        return found!;
      });
      expect(editor.getAttribute('aria-label')).toBe('Tags, reading status and note');
      const reading = editor.querySelector<HTMLButtonElement>('[data-status="reading"]')!;
      reading.click();
      await until(async () => {
        expect(reading.getAttribute('aria-pressed')).toBe('true');
        expect((await t.db.notes.get(a!.id))?.status).toBe('reading');
      });
      const note = editor.querySelector<HTMLTextAreaElement>('textarea.pd-note-field')!;
      note.value = 'Compare with <b>ours</b>';
      note.dispatchEvent(new t.win.Event('change') as unknown as Event);
      await until(async () => {
        expect(await t.db.notes.get(a!.id)).toMatchObject({ status: 'reading', text: 'Compare with <b>ours</b>' });
        expect(card().querySelector('.pd-status')?.textContent).toBe('Reading');
        expect(card().querySelector('.pd-note-mark')).toBeTruthy();
      });
      // (The editor opens under the toolbar, inside it: it follows the toolbar wherever it goes.)
      expect(toolbarOrder()).toEqual(['pd-slot', 'pd-new', 'pd-marks', 'pd-chips', 'pd-star', 'pd-ui pd-editor']);
      const mark = card().querySelector('.pd-note-mark')!;
      // The note is text in a tooltip, never markup.
      expect(mark.getAttribute('title')).toBe('Compare with <b>ours</b>');
      expect(card().querySelector('b')).toBeNull();
      // Clicking the active status again clears it.
      reading.click();
      await until(async () => {
        expect(card().querySelector('.pd-status')).toBeNull();
        expect((await t.db.notes.get(a!.id))?.status).toBeUndefined();
      });
    } finally {
      await t.cleanup();
    }
  });

  it('paints every card right from the page snapshot alone, with the background asleep', async () => {
    const DAY = 86_400_000;
    let asked = 0;
    const t = await setup('daily.html', {
      snapshot: true,
      seed: async (library, now, exp) => {
        const [a, b, c] = exp.records;
        await library.recordSeen([a, b] as never, now - 2 * DAY);
        await library.star(a!.id, now);
        await library.tag(a!.id, 'to cite', now);
        await library.setStatus(a!.id, 'reading', now);
        const word = c!.title.split(/\s+/).find((w) => /^[A-Za-z]{6,}$/.test(w))!;
        await library.addRule({ kind: 'keyword', pattern: word }, now);
      },
      // Whatever would need the background to answer: asleep, it would have to be woken first.
      wrap: (l) => ({
        ...l,
        getState: (ids) => ((asked += 1), l.getState(ids)),
        listRules: () => ((asked += 1), l.listRules()),
        getSettings: () => ((asked += 1), l.getSettings()),
        listTags: () => ((asked += 1), l.listTags()),
      }),
    });
    try {
      const [a, b, c, d] = t.exp.records;
      const card = (id: string) => t.doc.querySelector(`[data-pd-id="${id}"]`)!;
      expect(asked).toBe(0);
      expect(card(a!.id).querySelector('.pd-star')!.getAttribute('aria-pressed')).toBe('true');
      expect([...card(a!.id).querySelectorAll('.pd-chip')].map((x) => x.textContent)).toEqual(['to cite']);
      expect(card(a!.id).querySelector('.pd-status')!.textContent).toBe('Reading');
      // Seen two days ago: not new; never seen: new; matched by the rule: folded, naming it.
      expect(card(b!.id).querySelector<HTMLElement>('.pd-new')!.hidden).toBe(true);
      expect(card(b!.id).hasAttribute('data-pd-seen')).toBe(true);
      expect(card(d!.id).querySelector<HTMLElement>('.pd-new')!.hidden).toBe(false);
      expect(card(c!.id).hasAttribute('data-pd-hidden')).toBe(true);
      // The records still go to the background, after the paint.
      await until(async () => {
        await t.library.settle();
        expect(await t.db.papers.count()).toBe(t.exp.records.length);
      });
    } finally {
      await t.cleanup();
    }
  });

  it("a second press while the first one's result is being read back is not lost", async () => {
    // Hold getState replies while `held` is set: the star is stored, its read-back waits.
    let held: Promise<void> | null = null;
    const t = await setup('daily.html', {
      wrap: (l) => ({ ...l, getState: async (ids) => (await held, l.getState(ids)) }),
    });
    try {
      const id = t.exp.records[0]!.id;
      const star = () => t.doc.querySelector<HTMLButtonElement>(`[data-pd-id="${id}"] .pd-star`)!;
      let release!: () => void;
      held = new Promise<void>((r) => (release = r));
      star().click();
      await until(async () => expect(await t.db.stars.get(id)).toBeTruthy());
      star().click(); // during the read-back of the first
      expect(star().getAttribute('aria-pressed')).toBe('false');
      release();
      held = null;
      await until(async () => expect(await t.db.stars.get(id)).toBeUndefined());
      await until(() => expect(star().hasAttribute('aria-busy')).toBe(false));
      expect(star().getAttribute('aria-pressed')).toBe('false');
    } finally {
      await t.cleanup();
    }
  });

  it('ignores shortcuts while the user types in a field of the page', async () => {
    const t = await setup();
    try {
      const field = t.doc.createElement('input');
      t.doc.body.appendChild(field);
      field.dispatchEvent(new (t.win.KeyboardEvent as unknown as typeof KeyboardEvent)('keydown', { key: 'j', bubbles: true }));
      expect(t.doc.querySelector('[data-pd-focused]')).toBeNull();
    } finally {
      await t.cleanup();
    }
  });

  it('acts only on what the user does: a page script clicking the star or pressing keys changes nothing', async () => {
    const t = await setup();
    try {
      const [a, b] = t.exp.records;
      const untrusted = <E extends Event>(event: E): E => (Object.defineProperty(event, 'isTrusted', { value: false }), event);
      const star = t.doc.querySelector<HTMLButtonElement>(`[data-pd-id="${a!.id}"] .pd-star`)!;
      // What a script on the page can do: synthetic events, which browsers mark untrusted.
      star.dispatchEvent(untrusted(new t.win.MouseEvent('click', { bubbles: true, cancelable: true }) as unknown as MouseEvent));
      t.doc.body.dispatchEvent(untrusted(new t.win.KeyboardEvent('keydown', { key: 'j', bubbles: true }) as unknown as KeyboardEvent));
      const pillButton = [...t.doc.querySelectorAll<HTMLButtonElement>('.pd-pill button')].find((x) =>
        x.textContent?.includes('Star all'),
      )!;
      pillButton.dispatchEvent(untrusted(new t.win.MouseEvent('click', { bubbles: true }) as unknown as MouseEvent));
      await t.library.settle();
      expect(star.getAttribute('aria-pressed')).toBe('false');
      expect(t.doc.querySelector('[data-pd-focused]')).toBeNull();
      expect(await t.db.stars.count()).toBe(0);
      // The user's own click (an event without the untrusted mark) stars.
      t.doc.querySelector<HTMLButtonElement>(`[data-pd-id="${b!.id}"] .pd-star`)!.click();
      await until(async () => expect(await t.db.stars.get(b!.id)).toBeTruthy());
      expect(await t.db.stars.count()).toBe(1);
    } finally {
      await t.cleanup();
    }
  });

  it('reflects a star made in another tab without reload', async () => {
    const t = await setup();
    try {
      const id = t.exp.records[2]!.id;
      await t.library.star(id); // as if from another tab: the change feed tells this page
      await until(() => expect(t.doc.querySelector(`[data-pd-id="${id}"] .pd-star`)!.getAttribute('aria-pressed')).toBe('true'));
    } finally {
      await t.cleanup();
    }
  });

  it('shows a clear error and puts the star back when storing fails', async () => {
    const t = await setup();
    try {
      const { LibraryError } = await import('../../../lib/db/errors');
      vi.spyOn(t.library, 'star').mockRejectedValue(new LibraryError('quota', 'Storage is full — nothing was lost.'));
      const button = stars(t.doc)[0]!;
      button.click();
      await until(() => {
        expect(button.getAttribute('aria-pressed')).toBe('false');
        expect(button.hasAttribute('data-pd-error')).toBe(true);
        expect(t.doc.querySelector('.pd-toast')!.textContent).toContain('Storage is full — nothing was lost.');
      });
    } finally {
      await t.cleanup();
    }
  });

  it('takes everything it added off the page when the extension goes away', async () => {
    const t = await setup();
    try {
      t.controller.abort();
      expect(t.doc.querySelectorAll('.pd-ui')).toHaveLength(0);
      expect(t.doc.getElementById('pd-styles')).toBeNull();
    } finally {
      await t.cleanup();
    }
  });
});
