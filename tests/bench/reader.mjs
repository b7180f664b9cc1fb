#!/usr/bin/env node
/**
 * Page-reader benchmark, in real Chromium: `node bench/reader.mjs` (or `benchReader()` from bench/run.mjs).
 *
 *  1. builds lib/hf into one IIFE with vite (lib mode) into a temp dir;
 *  2. serves a generated 1,000-card list page at a fake https://huggingface.co URL through Playwright's
 *     request routing — every other request is aborted, nothing reaches the network;
 *  3. times readPage over the page: median of several reads, each of a fresh copy of the DOM (no JS
 *     wrappers yet, as on a real first read); the very first read (compiling included) is shown too.
 *     The same page is read, run for run in turn, by the reader of a base git ref (`main`, or
 *     PD_BENCH_BASE=<ref>; `none` skips it), so before and after share one machine load; and the
 *     reader's two steps are timed alone: the island (parse and normalise) and the cards (DOM);
 *  4. times the watcher while the page appends 100 cards at a time (MutationObserver callbacks plus
 *     the per-frame batch, measured by wrapping the page's MutationObserver and requestAnimationFrame).
 *
 * Prints figures against the targets; never exits non-zero on a missed target.
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { bundle, median, withBase } from './bundle.mjs';
import { BENCH_URL, benchCards, benchPage } from './reader/page.mjs';

const CARDS = 1000;
const BATCH = 100;
const READ_RUNS = 15;
const TARGET_READ_MS = 20; // 1,000 cards
const TARGET_CARD_US = 20;
const TARGET_BATCH_MS = (BATCH * TARGET_CARD_US) / 1000; // the same per-card budget for live batches

const ms = (x) => `${x.toFixed(2)} ms`;
const verdict = (x, target) => (x <= target ? 'PASS' : 'OVER');

const ENTRY = 'tests/bench/reader/entry.ts';

/** The reader of a base git ref (withBase): its `lib/` and bench entry, built as `PdReaderBase`. */
function buildBaseBundle() {
  return withBase({
    cache: 'pd-reader-bench-base',
    compare: ['lib', ENTRY],
    archive: ['lib', ENTRY],
    build: async (rel) => ({ code: await bundle(`${rel}/${ENTRY}`, { format: 'iife', name: 'PdReaderBase' }) }),
  });
}

async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Belt and braces: even a request that escaped routing could not resolve a host.
      '--host-resolver-rules=MAP * ~NOTFOUND',
      // No image requests: each would be a round trip to this process's router, competing for the
      // same two cores and inflating the timings of the page's own script.
      '--blink-settings=imagesEnabled=false',
    ],
  });
}

/** A page at BENCH_URL whose document is `html`; every other request is aborted. */
async function openPage(browser, html) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  await context.route('**/*', (route) =>
    route.request().url() === BENCH_URL
      ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
      : route.abort(),
  );
  const page = await context.newPage();
  await page.goto(BENCH_URL, { waitUntil: 'domcontentloaded' });
  return { context, page };
}

/**
 * readPage over 1,000 cards. A content script reads each card once, so every run reads a fresh copy of
 * the page's <main> (cloned outside the timing): the DOM nodes have no JavaScript wrappers yet, as on a
 * real first read. The first run also pays for compiling the reader and is reported on its own.
 * With a base bundle, each run reads its own fresh copy with both readers, in alternating order.
 * `steps` also times the reader's two steps alone, each on a fresh copy: the island (readListHydration)
 * and the cards (readCards, given the island already read).
 */
async function benchRead(browser, bundle, { hydration = true, base, steps = false } = {}) {
  const { context, page } = await openPage(browser, benchPage(CARDS, { hydration }));
  await page.addScriptTag({ content: bundle });
  if (base) await page.addScriptTag({ content: base });
  const r = await page.evaluate(
    ({ runs, steps }) => {
      const url = new URL(location.href);
      const today = new Date(2025, 2, 24, 12);
      const main = document.querySelector('main');
      const pristine = main.cloneNode(true);
      const freshDom = () => main.replaceChildren(...pristine.cloneNode(true).childNodes);
      const timeRead = (reader) => {
        freshDom();
        const t = performance.now();
        const out = reader.readPage(document, url, { today });
        return [performance.now() - t, out];
      };
      const readers = [PdReader];
      if (window.PdReaderBase) readers.push(window.PdReaderBase); // the base ref's reader, when built
      const firsts = readers.map((reader) => timeRead(reader));
      const [first, cards] = firsts[0];
      const times = readers.map(() => []);
      const island = [];
      const dom = [];
      for (let i = 0; i < runs; i++) {
        const order = i % 2 ? [...readers.keys()].reverse() : [...readers.keys()];
        for (const k of order) times[k].push(timeRead(readers[k])[0]);
        if (!steps) continue;
        freshDom();
        let t = performance.now();
        PdReader.readListHydration(document, url.href);
        island.push(performance.now() - t);
        freshDom();
        const ctx = PdReader.pageContext(document, url, PdReader.detectView(url), today, PdReader.readListHydration(document, url.href));
        const found = PdReader.findCards(document);
        t = performance.now();
        PdReader.readCards(found, ctx);
        dom.push(performance.now() - t);
      }
      const same = (a, b) => JSON.stringify(a.map((c) => [c.id, c.record])) === JSON.stringify(b.map((c) => [c.id, c.record]));
      const valid = cards.filter((c) => PdReader.PaperRecord.safeParse(c.record).success).length;
      const zod = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        for (const c of cards) PdReader.PaperRecord.safeParse(c.record);
        zod.push(performance.now() - t);
      }
      return {
        first,
        times: times[0],
        base: readers.length > 1 ? { first: firsts[1][0], times: times[1], same: same(cards, firsts[1][1]) } : undefined,
        island,
        dom,
        cards: cards.length,
        valid,
        zod,
      };
    },
    { runs: READ_RUNS, steps },
  );
  await context.close();
  return r;
}

async function benchWatch(browser, bundle) {
  // The page starts with one batch of cards (and their JSON), then the "infinite scroll" appends more.
  const { context, page } = await openPage(browser, benchPage(BATCH));
  await page.addScriptTag({ content: bundle });
  await page.evaluate(
    ({ batchHtml }) => {
      const w = window;
      w.__pd = { moMs: [], frameMs: [], reported: [], batches: batchHtml };
      // Time what the watcher does on the main thread: its observer callbacks and its frame callbacks.
      const NativeMO = w.MutationObserver;
      w.MutationObserver = class extends NativeMO {
        constructor(cb) {
          super((records, observer) => {
            const t = performance.now();
            cb(records, observer);
            w.__pd.moMs.push(performance.now() - t);
          });
        }
      };
      const nativeRaf = w.requestAnimationFrame.bind(w);
      w.requestAnimationFrame = (cb) =>
        nativeRaf((ts) => {
          const t = performance.now();
          cb(ts);
          w.__pd.frameMs.push(performance.now() - t);
        });
      const t = performance.now();
      PdReader.watchPapers({
        doc: document,
        getUrl: () => new URL(location.href),
        onCards: (batch) => w.__pd.reported.push(batch.length),
        signal: new AbortController().signal,
        today: () => new Date(2025, 2, 24, 12),
      });
      w.__pd.startMs = performance.now() - t;
    },
    { batchHtml: Array.from({ length: CARDS / BATCH - 1 }, (_, b) => benchCards(BATCH * (b + 1), BATCH)) },
  );
  const perBatch = [];
  for (let b = 0; b < CARDS / BATCH - 1; b++) {
    const r = await page.evaluate(async (b) => {
      const w = window;
      // Parse the next 100 cards outside the measurement, as the site's own rendering would.
      const tpl = document.createElement('template');
      tpl.innerHTML = w.__pd.batches[b];
      const before = { mo: w.__pd.moMs.length, frame: w.__pd.frameMs.length, reported: w.__pd.reported.length };
      document.querySelector('article').parentElement.append(tpl.content);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const sum = (xs) => xs.reduce((a, x) => a + x, 0);
      return {
        mo: sum(w.__pd.moMs.slice(before.mo)),
        frame: sum(w.__pd.frameMs.slice(before.frame)),
        reported: sum(w.__pd.reported.slice(before.reported)),
      };
    }, b);
    perBatch.push(r);
  }
  const start = await page.evaluate(() => ({ ms: window.__pd.startMs, reported: window.__pd.reported[0] }));
  await context.close();
  return { start, perBatch };
}

export async function benchReader() {
  const lines = [];
  const say = (s) => {
    lines.push(s);
    console.log(s);
  };
  const reader = await bundle(ENTRY, { format: 'iife', name: 'PdReader' });
  const base = await buildBaseBundle();
  const browser = await launch();
  try {
    const read = await benchRead(browser, reader, { base: base?.code, steps: true });
    const med = median(read.times);
    say(
      `reader: read ${read.cards} cards  ${ms(med)}  (target ≤ ${TARGET_READ_MS} ms)  ${verdict(med, TARGET_READ_MS)}   [median of ${READ_RUNS} reads of a fresh DOM with its 3 MB hydration JSON; min ${ms(Math.min(...read.times))}, max ${ms(Math.max(...read.times))}; very first read, compiling included, ${ms(read.first)}]`,
    );
    if (read.base) {
      const bmed = median(read.base.times);
      say(
        `reader: (before) the reader of ${base.ref} (${base.commit}), the same reads in turn  ${ms(bmed)}   [min ${ms(Math.min(...read.base.times))}; very first read ${ms(read.base.first)}; now ${((100 * med) / bmed).toFixed(0)} % of it; ${read.base.same ? 'the same records' : 'RECORDS DIFFER'}]`,
      );
    } else
      say(
        `reader: (before) no base reader to compare with (PD_BENCH_BASE=${process.env.PD_BENCH_BASE ?? 'main'}: none, unknown, or the same reader)`,
      );
    say(
      `reader: (info) its steps alone: the island (find, parse, normalise ${read.cards} items)  ${ms(median(read.island))} [min ${ms(Math.min(...read.island))}], the cards (DOM, joined to the island)  ${ms(median(read.dom))} [min ${ms(Math.min(...read.dom))}]`,
    );
    const perCard = (med * 1000) / read.cards;
    say(`reader: per card  ${perCard.toFixed(1)} µs  (target ≤ ${TARGET_CARD_US} µs)  ${verdict(perCard, TARGET_CARD_US)}`);
    const domOnly = await benchRead(browser, reader, { hydration: false });
    say(
      `reader: (info) read ${domOnly.cards} cards without hydration JSON (DOM only, as after client-side navigation)  ${ms(median(domOnly.times))}   [min ${ms(Math.min(...domOnly.times))}]`,
    );
    say(
      `reader: (info) zod safeParse of the ${read.cards} records  ${ms(median(read.zod))}  — done where records enter the store, not per read; ${read.valid}/${read.cards} valid`,
    );

    const watch = await benchWatch(browser, reader);
    const costs = watch.perBatch.map((b) => b.mo + b.frame);
    const batchMed = median(costs);
    const reportedOk = watch.perBatch.every((b) => b.reported === BATCH);
    say(
      `reader: (info) load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} on ${cpus().length} cores — other work on the machine inflates every figure`,
    );
    say(`reader: (info) watch start, ${watch.start.reported} cards on the page, compiling included  ${ms(watch.start.ms)}`);
    say(
      `reader: observer, append ${BATCH} cards  ${ms(batchMed)} a batch  (target ≤ ${TARGET_BATCH_MS} ms)  ${verdict(batchMed, TARGET_BATCH_MS)}   [median of ${costs.length}; max ${ms(Math.max(...costs))}; observer callbacks ${ms(median(watch.perBatch.map((b) => b.mo)))}, frame batch ${ms(median(watch.perBatch.map((b) => b.frame)))}; ${reportedOk ? `each batch reported ${BATCH} cards once` : 'MISREPORTED: ' + watch.perBatch.map((b) => b.reported).join(',')}]`,
    );
  } finally {
    await browser.close();
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchReader().catch((err) => {
    console.error('reader bench failed:', err);
  });
}
