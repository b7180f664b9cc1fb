/**
 * The decoration targets of issue 14, in real Chromium, every figure printed beside the same page
 * without any extension and with a throw-away minimal extension, measured in the same run
 * (interleaved, so all see the same machine load). Never fails.
 *
 *  - extra time to fully decorated: ms from navigation start until every card is handled and every
 *    card of the first viewport shows its toolbar, minus the plain page's load event (negative:
 *    decorated before the plain page finished loading). Paperdeck with its service worker awake,
 *    and asleep (stopped through CDP `ServiceWorker.stopAllWorkers` before each load).
 *  - main-thread time the extension adds: the renderer's task time (CDP Performance.getMetrics
 *    TaskDuration, once the page is decorated and quiet) minus the plain page's; and the longest
 *    task of the load (PerformanceObserver longtask), with and without the extension.
 * With PD_BENCH_BEFORE=<another build's chrome-mv3 folder> (page.mjs), that build is measured too,
 * in the same interleaved rounds, and printed as "before".
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import { median } from '../bundle.mjs';
import { listOf, realWeight } from './pages.mjs';

// PD_BENCH_RUNS: more rounds on a busy machine (each is a load of every page in every browser).
const RUNS = Number(process.env.PD_BENCH_RUNS) || 5;

/**
 * The minimal extension: ~30 lines, a document_start content script that reads its state from
 * storage.local while the page parses and decorates each card as the parser adds it (the first
 * 40 at once, the others when an IntersectionObserver says they are near) — one button and one
 * attribute per card. Not a design to copy: the floor of what any extension can do.
 */
export async function minimalExtension() {
  const dir = await mkdtemp(path.join(tmpdir(), 'pd-bench-min-'));
  const manifest = {
    manifest_version: 3,
    name: 'minimal',
    version: '1',
    permissions: ['storage'],
    background: { service_worker: 'bg.js' },
    content_scripts: [{ matches: ['https://huggingface.co/papers*'], js: ['content.js'], run_at: 'document_start' }],
  };
  const content = `
    let starred = null, eager = 40, queue = [];
    const io = new IntersectionObserver((es) => es.forEach((e) => e.isIntersecting && (io.unobserve(e.target), star(e.target))), { rootMargin: '100% 0px' });
    const star = (card) => {
      const b = document.createElement('button');
      b.className = 'min-star';
      const id = card.querySelector('a[href^="/papers/"]')?.getAttribute('href') ?? '';
      b.textContent = starred.has(id) ? '\\u2605' : '\\u2606';
      card.querySelector('h3')?.after(b);
    };
    const handle = (card) => {
      card.setAttribute('data-min-id', '');
      if (eager-- > 0) star(card); else io.observe(card);
    };
    const flush = () => { for (const c of document.querySelectorAll('article:not([data-min-id])')) if (c.nextSibling || document.readyState !== 'loading') handle(c); };
    let frame = 0;
    new MutationObserver(() => { if (starred && !frame) frame = requestAnimationFrame(() => { frame = 0; flush(); }); }).observe(document, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', () => starred && flush());
    chrome.storage.local.get('s').then((o) => { starred = new Set(o.s ?? []); flush(); });`;
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(path.join(dir, 'content.js'), content);
  await writeFile(path.join(dir, 'bg.js'), '');
  return dir;
}

/** How many cards are in the first viewport (1280 × 720), from the plain page. */
export async function firstViewport(context, url) {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const k = await page.evaluate(
    () => [...document.querySelectorAll('article')].filter((a) => a.getBoundingClientRect().top < innerHeight).length,
  );
  await page.close();
  return k;
}

/**
 * One load: `mark` is the attribute a handled card gets, `tool` what the extension puts in a card
 * (null: the plain page). Returns navigation-relative times and the main thread's task time.
 */
async function load(context, url, { n, k, mark, tool, asleep = false }) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  if (asleep) {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
  }
  await page.addInitScript(
    ([n, k, mark, tool]) => {
      const w = window;
      w.__longest = 0;
      new PerformanceObserver((list) => list.getEntries().forEach((e) => (w.__longest = Math.max(w.__longest, e.duration)))).observe({
        type: 'longtask',
        buffered: true,
      });
      // The plain page runs the same observer (watching for nothing), so its cost is in every baseline.
      const decorated = new Set();
      let marked = 0;
      const articles = document.getElementsByTagName('article');
      const obs = new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'attributes') {
            if (r.oldValue === null && r.target.tagName === 'ARTICLE') marked++;
            continue;
          }
          for (const node of r.addedNodes) if (node.nodeType === 1 && node.matches(tool)) decorated.add(node.closest('article'));
        }
        if (marked < n) return;
        for (let i = 0; i < k; i++) if (!decorated.has(articles[i])) return;
        w.__decoratedAt = performance.now();
        obs.disconnect();
      });
      obs.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: [mark], attributeOldValue: true });
    },
    [n, k, mark ?? 'data-pd-none', tool ?? '.pd-none'],
  );
  await page.goto(url, { waitUntil: 'load' });
  if (tool) await page.waitForFunction(() => window.__decoratedAt !== undefined, undefined, { timeout: 60_000 });
  // Quiet: what the extension does after paint (records to the worker) counts too.
  await page.waitForTimeout(400);
  const r = await page.evaluate(() => ({
    load: performance.getEntriesByType('navigation')[0].loadEventEnd,
    decorated: window.__decoratedAt,
    longest: window.__longest,
  }));
  const { metrics } = await cdp.send('Performance.getMetrics');
  r.task = metrics.find((m) => m.name === 'TaskDuration').value * 1000;
  await page.close();
  return r;
}

const f = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(0)} ms`;

/**
 * The targets table. `browsers`: { plain, ext, min } contexts already serving `pages` (a Map of
 * path → html; this adds its own). Prints one line per measure.
 */
export async function decorateTargets({ plain, ext, min, before }, pages, say) {
  const cases = [
    { name: '100 cards', path: '/papers/date/2025-03-24?dec=100', html: () => listOf(100), n: 100, target: 15, mainTarget: null },
    { name: '1,000 cards', path: '/papers/date/2025-03-24?dec=1000', html: () => listOf(1000), n: 1000, target: 40, mainTarget: 40 },
    {
      name: 'real weight (50 trending cards, ~500 KB island, ~1.4 MB HTML)',
      path: '/papers/trending?dec=real',
      html: realWeight,
      n: 50,
      target: 15,
      mainTarget: 20,
    },
  ];
  for (const c of cases) pages.set(c.path, c.html());
  say(
    'page: targets (issue 14) — each beside the plain page and a ~30-line minimal document_start extension, same run, medians of ' + RUNS,
  );
  for (const c of cases) {
    const url = `https://huggingface.co${c.path}`;
    const k = await firstViewport(plain, url);
    const rows = { plain: [], awake: [], asleep: [], min: [], beforeAwake: [], beforeAsleep: [] };
    const pd = { n: c.n, k, mark: 'data-pd-id', tool: '.pd-toolbar' };
    for (let i = 0; i < RUNS; i++) {
      rows.plain.push(await load(plain, url, { n: c.n, k }));
      rows.awake.push(await load(ext, url, pd));
      if (before) rows.beforeAwake.push(await load(before, url, pd));
      rows.asleep.push(await load(ext, url, { ...pd, asleep: true }));
      if (before) rows.beforeAsleep.push(await load(before, url, { ...pd, asleep: true }));
      rows.min.push(await load(min, url, { n: c.n, k, mark: 'data-min-id', tool: '.min-star' }));
    }
    const m = (rs, key) => median(rs.map((r) => r[key]));
    const base = m(rows.plain, 'load');
    const extra = (rs) => median(rs.map((r) => r.decorated)) - base;
    const verdict = (x, t) => (x <= t ? 'ok' : 'OVER');
    say(
      `page: ${c.name}: plain load event ${base.toFixed(0)} ms (${k} cards in the first viewport); extra time to fully decorated: ` +
        `Paperdeck worker awake ${f(extra(rows.awake))}, worker asleep ${f(extra(rows.asleep))} (target ≤ +${c.target} ms) ${verdict(Math.max(extra(rows.awake), extra(rows.asleep)), c.target)}; ` +
        `minimal extension ${f(extra(rows.min))}` +
        (before ? `; before: awake ${f(extra(rows.beforeAwake))}, asleep ${f(extra(rows.beforeAsleep))}` : ''),
    );
    const task = (rs) => m(rs, 'task') - m(rows.plain, 'task');
    const longest = (rs) => m(rs, 'longest');
    say(
      `page: ${c.name}: main-thread time added: Paperdeck ${f(task(rows.awake))} awake, ${f(task(rows.asleep))} asleep` +
        (c.mainTarget ? ` (target ≤ ${c.mainTarget} ms) ${verdict(Math.max(task(rows.awake), task(rows.asleep)), c.mainTarget)}` : '') +
        `; minimal extension ${f(task(rows.min))}` +
        (before ? `; before: ${f(task(rows.beforeAwake))} awake, ${f(task(rows.beforeAsleep))} asleep` : '') +
        `; longest task of the load: plain ${longest(rows.plain).toFixed(0)} ms, Paperdeck ${longest(rows.awake).toFixed(0)} ms${before ? ` (before ${longest(rows.beforeAwake).toFixed(0)} ms)` : ''}, minimal ${longest(rows.min).toFixed(0)} ms (0: none ≥ 50 ms)` +
        ` [load average ${os.loadavg()[0].toFixed(2)}]`,
    );
  }
}
