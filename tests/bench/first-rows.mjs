// First rows of the popup and the library page, two builds interleaved in one run: the A/B that
// tests/bench/ui.mjs cannot give (it runs a PD_BENCH_BEFORE build whole, then this one, so a change
// in the machine's load between the two reads as a change of build; here load moves both alike).
// Each build gets its own profile, seeded once (50,000 papers, 10,000 stars, as ui.mjs) and with
// the library page opened once to save its caches (ui.mjs's "opened again"); then the builds take
// turns, one browser at a time, in the order A B, B A, A B… Prints medians and minimums, the
// popup's phases (ui.mjs's), and the load averages. Never fails on a figure.
// Run: PD_BENCH_BEFORE=/tmp/old/chrome-mv3 node tests/bench/first-rows.mjs   (B: .output/chrome-mv3, or PD_BENCH_AFTER)
// PD_BENCH_ROUNDS (6), PD_BENCH_POPUPS (6 per round), PD_BENCH_LIBRARY (2 per round); PD_BENCH_MORE: more builds
// (comma-separated, named C, D…), each a variant measured in the same run, in the same turns.
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { EXTENSION_DIR, launchWithExtension, seedLibrary } from './ui.mjs';

const ROUNDS = Number(process.env.PD_BENCH_ROUNDS) || 6;
const POPUPS = Number(process.env.PD_BENCH_POPUPS) || 6;
const LIBRARY = Number(process.env.PD_BENCH_LIBRARY) || 2;

/**
 * When the page's live rows are painted, whichever build draws them (the pages carry nothing for
 * it): an init script gives every element inside a paper row (`[data-paper-id]`, the popup's;
 * `[role=row]`, the library page's grid) an `elementtiming` attribute as it enters the document,
 * and Element Timing reports when each was first painted (renderTime: the frame's presentation).
 */
function probeRowPaint() {
  const painted = [];
  globalThis.__pdRowPaint = painted;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.identifier === 'pd-row') painted.push(e.renderTime || e.loadTime);
  }).observe({ type: 'element', buffered: true });
  const ROW = '[data-paper-id], [role="row"]';
  // (A whole tree may come in at once: the rows are then among its descendants.)
  const tag = (el) => {
    const inRow = el.closest(ROW) ? [el, ...el.querySelectorAll('*')] : el.querySelectorAll(`:is(${ROW}), :is(${ROW}) *`);
    for (const e of inRow) e.setAttribute('elementtiming', 'pd-row');
  };
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) tag(n);
  }).observe(document, { childList: true, subtree: true });
}

/** The page's marks, from navigation start (ms): first rows and ui.mjs's phases, and their paint. */
async function marks(page) {
  await page.waitForFunction(() => performance.getEntriesByName('pd-first-rows').length > 0, null, { timeout: 30_000 });
  await page.waitForFunction(() => globalThis.__pdRowPaint?.length > 0, null, { timeout: 30_000 });
  return page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    const live = Math.min(...globalThis.__pdRowPaint);
    const fcp = at('first-contentful-paint');
    return {
      live,
      fcp,
      first: at('pd-first-rows'),
      html: performance.getEntriesByType('navigation')[0].domInteractive,
      main: at('pd-main'),
      load: at('pd-store-load'),
      read: at('pd-store-first-read'),
    };
  });
}

/** One turn of a build: a popup opened to warm up, POPUPS popups, LIBRARY library pages. */
async function turn({ context, url }, into) {
  await context.addInitScript(probeRowPaint);
  const warm = await context.newPage();
  await warm.goto(url('popup.html'));
  await marks(warm);
  await warm.close();
  for (let i = 0; i < POPUPS; i++) {
    const page = await context.newPage();
    await page.setViewportSize({ width: 380, height: 580 });
    await page.goto(url('popup.html'));
    into.popup.push(await marks(page));
    await page.close();
  }
  for (let i = 0; i < LIBRARY; i++) {
    const page = await context.newPage();
    await page.goto(url('library.html'));
    into.library.push(await marks(page));
    // (Its load goes on a moment, as a user's page would, before the next opening.)
    await page.waitForTimeout(1500);
    await page.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const figure = (xs) => `median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)} ms (n=${xs.length})`;
const loads = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

export async function benchFirstRowsAB(
  before = process.env.PD_BENCH_BEFORE,
  after = process.env.PD_BENCH_AFTER || EXTENSION_DIR,
  more = (process.env.PD_BENCH_MORE || '').split(',').filter(Boolean),
) {
  if (!before) throw new Error('PD_BENCH_BEFORE: the other build (e.g. a copy of an older .output/chrome-mv3)');
  const builds = [before, after, ...more].map((dir, i) => ({
    name: String.fromCharCode(65 + i),
    dir: path.resolve(dir),
    popup: [],
    library: [],
  }));
  const lines = [`first rows A/B: ${builds.map((b) => `${b.name} ${b.dir}`).join(', ')}; load ${loads()}`];
  try {
    for (const build of builds) {
      build.profile = await mkdtemp(path.join(tmpdir(), 'pd-bench-ab-'));
      const browser = await launchWithExtension(build.dir, { profile: build.profile });
      const setup = await browser.context.newPage();
      await setup.goto(browser.url('popup.html'));
      await seedLibrary(setup, { papers: 50_000, stars: 10_000 });
      await setup.goto(browser.url('library.html'));
      await setup.waitForSelector('[data-state="ready"]', { timeout: 300_000 });
      // The caches are saved in idle time after the load.
      await setup.waitForTimeout(8000);
      await browser.close();
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const build of round % 2 ? [...builds].reverse() : builds) {
        const browser = await launchWithExtension(build.dir, { profile: build.profile });
        try {
          await turn(browser, build);
        } finally {
          await browser.close();
        }
      }
      lines.push(`  round ${round + 1} done; load ${loads()}`);
    }
    for (const { name, popup, library } of builds) {
      const phase = (f) => `${median(popup.map(f)).toFixed(0)} ms`;
      lines.push(
        `${name}: popup first rows ${figure(popup.map((m) => m.first))}; library page first rows ${figure(library.map((m) => m.first))}`,
        `${name}:   rows painted (Element Timing): popup ${figure(popup.map((m) => m.live))}; library page ${figure(library.map((m) => m.live))}`,
        `${name}:   first contentful paint: popup ${figure(popup.map((m) => m.fcp))}; library page ${figure(library.map((m) => m.fcp))}`,
        `${name}:   popup phases (medians): HTML ${phase((m) => m.html)}, scripts ${phase((m) => m.main - m.html)}, ` +
          `shell render ${phase((m) => m.load - m.main)}, first read ${phase((m) => m.read - m.load)}, rows drawn ${phase((m) => m.first - m.read)}`,
      );
    }
    lines.push(`load average now ${loads()}`);
  } finally {
    for (const { profile } of builds) if (profile) await rm(profile, { recursive: true, force: true });
  }
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  for (const line of await benchFirstRowsAB()) console.log(line);
}
