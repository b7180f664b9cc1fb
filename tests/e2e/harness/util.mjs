// Helpers that work the same on a Playwright page (Chromium) and a Puppeteer page (Firefox),
// so the scenarios are written once for both browsers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readTable } from './db.mjs';

// The database helpers live in harness/db.mjs; the scenarios import them from here with the rest.
export { inDatabase, readTable, patchRows } from './db.mjs';

/**
 * Each scenario's own limit: a scenario that hangs fails by name and the suite goes on. (The
 * slowest take ~15 s on a quiet machine; tests/e2e/run.mjs also limits each file and the run.)
 */
export const SCENARIO_TIMEOUT = 180_000;

class PageHung extends Error {}

/** `promise`, or a PageHung error once `ms` have passed without an answer. */
export function answerWithin(promise, ms, what) {
  let timer;
  const hung = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new PageHung(`The page did not answer within ${ms} ms while waiting for ${what}`)), ms);
  });
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer));
}

/** Polls `fn(arg)` in the page until it returns a truthy value; returns that value. `fn` must return
 * plain data (a boolean, not an element): Puppeteer serialises a DOM node to undefined. `before`
 * runs before each look. */
export async function until(page, fn, arg, { timeout = 10_000, interval = 50, what = 'condition', before } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      // A page that stops answering (a script of ours or the page's stuck in a loop) fails here,
      // by name, rather than holding the run until the test's own timeout.
      const look = async () => (await before?.(), page.evaluate(fn, arg));
      last = await answerWithin(look(), Math.max(deadline - Date.now(), 0) + 5_000, what);
      if (last) return last;
    } catch (e) {
      if (e instanceof PageHung) throw e;
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Scrolls the page through, a screen at a time, and back to where it was: every card has come
 * near the viewport. Cards past the first screen are decorated (star, marks) only then
 * (lib/page/nearby.ts).
 */
export function scrollThrough(page) {
  return page.evaluate(async () => {
    const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const root = document.scrollingElement ?? document.documentElement;
    const at = root.scrollTop;
    for (let y = 0; y < root.scrollHeight; y += innerHeight) {
      root.scrollTop = y;
      await frames();
    }
    root.scrollTop = at;
    await frames();
  });
}

/** `until`, with the page scrolled through before each look (see scrollThrough). */
export function untilScrolled(page, fn, arg, opts) {
  return until(page, fn, arg, { ...opts, before: () => scrollThrough(page) });
}

/**
 * Waits until the page holds `n` cards (a search page: once its results are shown), each decorated
 * (scrolled through: see scrollThrough; only once the cards are there). Returns the number of
 * stars, at least `n`.
 */
export async function untilDecorated(page, n, { search = false, what = `${n} cards decorated`, timeout } = {}) {
  const opts = { what, ...(timeout ? { timeout } : {}) };
  const there = ({ n, search }) =>
    (!search || window.__fixtureResultsShown === true) && document.querySelectorAll('[data-pd-id]').length === n;
  await until(page, there, { n, search }, opts);
  return untilScrolled(
    page,
    ({ n, search }) => {
      const stars = document.querySelectorAll('.pd-star').length;
      return (
        (!search || window.__fixtureResultsShown === true) && document.querySelectorAll('[data-pd-id]').length === n && stars >= n && stars
      );
    },
    { n, search },
    opts,
  );
}

/** The golden records of a fixture page. */
export function expected(fixture) {
  const file = fileURLToPath(new URL(`../../fixtures/${fixture.replace(/\.html$/, '')}.expected.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8'));
}

export const starState = (page, id) =>
  page.evaluate((id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') ?? null, id);

/**
 * Waits until every page read is merged into `papers` (the background logs each read in the
 * `journal` table and merges it a moment later). Call before looking at `papers` rows.
 */
export async function untilMerged(page, { timeout = 10_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const pending = (await readTable(page, 'journal')).length;
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pending} page read(s) to be merged`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Clicks an element as a user does: a real click through the browser's input pipeline (Paperdeck's
 * page UI acts only on trusted events; element.click() from a script is refused, as a hostile
 * page's would be). The element is first scrolled to the middle of the viewport: Puppeteer clicks
 * at its coordinates after scrolling it just into view, where a fixed element (the site's header,
 * our pill) could be on top of it.
 */
export async function clickIn(page, selector) {
  await page.evaluate((selector) => {
    const el = document.querySelector(selector);
    if (!el) throw new Error(`nothing matches ${selector}`);
    el.scrollIntoView({ block: 'center', inline: 'center' });
  }, selector);
  // Puppeteer finds the element, then clicks it: a repaint in between (our chips are rebuilt when
  // the card's state arrives) detaches the one it found — Puppeteer then says "detached", or, when
  // it measures the old node's box first (Firefox over BiDi), "not clickable". Find it again, as a
  // user's eye would.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.click(selector);
      return true;
    } catch (error) {
      if (attempt >= 5 || !/detached|not attached|not clickable/i.test(String(error?.message ?? error))) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Picks the option whose text starts with `label` in a <select>, as a user's choice would (change event). */
export function selectByLabel(page, selector, label) {
  return page.evaluate(
    ({ selector, label }) => {
      const select = document.querySelector(selector);
      const option = [...select.options].find((o) => o.textContent.startsWith(label));
      if (!option) throw new Error(`no option "${label}" in ${selector}`);
      select.value = option.value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { selector, label },
  );
}

/** Resizes the page's viewport (Playwright: setViewportSize; Puppeteer: setViewport). */
export async function setWidth(page, width, height = 800) {
  if (typeof page.setViewportSize === 'function') await page.setViewportSize({ width, height });
  else await page.setViewport({ width, height });
}

/**
 * The papers of a fixture's DailyPapers island, read from the file (on a search page: the server's
 * default listing, which must never be recorded as seen there).
 */
export function islandIds(fixture) {
  const file = fileURLToPath(new URL(`../../fixtures/${fixture}`, import.meta.url));
  const m = /data-target="DailyPapers" data-props="([^"]*)"/.exec(readFileSync(file, 'utf8'));
  if (!m) return [];
  const json = m[1]
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return JSON.parse(json).dailyPapers.map((item) => item.paper.id);
}

/**
 * Drops the page snapshot (lib/snapshot) from an extension page: for scenarios that write or clear
 * IndexedDB behind the extension's back, which no write of the extension ever does. The page then
 * asks the background, which reads the tables.
 */
export function dropPageSnapshot(extensionPage) {
  return extensionPage.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.local.remove(['pd:page', 'pd:seen']));
}
