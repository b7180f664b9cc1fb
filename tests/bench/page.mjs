// Page-feature benchmarks (issue 5), in real Chromium, same run, same fixture page with and
// without the extension:
//  - time until a 100- and a 1,000-card list is fully augmented (every card handled, the first
//    viewport's starred-or-not and marked new/seen: the others are decorated as they come near)
//    vs the plain page's load event;
//  - applying 200 hide rules to 1,000 cards;
//  - the content script's size, gzipped.
// Prints figures against the targets; never fails on a missed one.
import { chromium } from 'playwright-core';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundle, line, median, ROOT } from './bundle.mjs';
import { CHROMIUM_ARGS } from '../e2e/harness/chromium.mjs';
import { inDatabase } from '../e2e/harness/db.mjs';
import { decorateTargets, firstViewport, minimalExtension } from './page/decorate.mjs';

// PD_BENCH_EXT: another build to measure (e.g. an older commit's .output/chrome-mv3, for a before/after).
const EXT = process.env.PD_BENCH_EXT ? path.resolve(process.env.PD_BENCH_EXT) : path.join(ROOT, '.output/chrome-mv3');
const RUNS = 5;

/** The topics of the bench's hide rules (follow.mjs's too). */
export const HIDE_WORDS = [
  'diffusion',
  'robotics',
  'speech',
  'protein',
  'graph neural',
  'federated',
  'medical imaging',
  'autonomous driving',
  'quantum',
  'reinforcement learning',
];

/** 200 rules of every kind over `words`: keywords, and a regex and an author in every ten. */
export function benchRules(prefix, words, action) {
  return Array.from({ length: 200 }, (_, i) => ({
    id: `${prefix}${i}`,
    ...(action === 'follow' ? { action } : {}),
    kind: i % 10 === 9 ? 'regex' : i % 10 === 8 ? 'author' : 'keyword',
    pattern: i % 10 === 9 ? `\\b${words[i % words.length]}s?\\b` : i % 10 === 8 ? `Author ${i}` : `${words[i % words.length]} ${i}`,
    flags: 'i',
    enabled: true,
    createdAt: 0,
  }));
}

/**
 * A search-results page (tests/fixtures/search-b.html) grown to `n` cards with distinct ids, as the
 * user sees it once the results are shown: its result cards (from the fixture's template) in the
 * grid in place of the server's default listing, the template gone (the fake site's script would
 * render it again).
 */
export async function bigPage(n) {
  const html = await readFile(path.join(ROOT, 'tests/fixtures/search-b.html'), 'utf8');
  const template = /<template data-fixture-results>([\s\S]*?)<\/template>/.exec(html);
  const cards = template[1].match(/<article[\s\S]*?<\/article>/g);
  const grown = Array.from({ length: n }, (_, i) => {
    const id = `2409.${String(10000 + i).padStart(5, '0')}`;
    return cards[i % cards.length]
      .replace(/\/papers\/[0-9a-z.\-/]+?(?=["?#])/gi, `/papers/${id}`)
      .replace(/next=%2Fpapers%2F[^"]+/, `next=%2Fpapers%2F${id}`);
  });
  const open = html.indexOf('<div class="grid grid-cols-1 gap-6" data-fixture-list>');
  const listStart = html.indexOf('>', open) + 1;
  const listEnd = html.indexOf('</div></section>', listStart);
  if (open < 0 || listEnd < 0) throw new Error('bench: the search fixture has no results grid');
  return (
    html.slice(0, listStart) + grown.join('\n') + html.slice(listEnd, template.index) + html.slice(template.index + template[0].length)
  );
}

/**
 * The least any extension that marks cards by stored state can do: a document_end content script
 * that reads each card's paper link, asks its service worker once, and on the answer adds one
 * button and one attribute per card. Written to a temporary folder; it is the floor under our
 * overhead, measured in the same run.
 */
async function floorExtension() {
  const dir = await mkdtemp(path.join(tmpdir(), 'pd-bench-floor-'));
  const manifest = {
    manifest_version: 3,
    name: 'floor',
    version: '1',
    background: { service_worker: 'bg.js' },
    host_permissions: ['https://huggingface.co/*'],
    content_scripts: [{ matches: ['https://huggingface.co/papers*'], js: ['content.js'], run_at: 'document_end' }],
  };
  const content = `
    const cards = [...document.querySelectorAll('article')];
    const ids = cards.map((c) => c.querySelector('a[href^="/papers/"]')?.getAttribute('href') ?? '');
    chrome.runtime.sendMessage({ ids }).then((states) => {
      cards.forEach((card, i) => {
        const b = document.createElement('button');
        b.textContent = states[i] ? '\u2605' : '\u2606';
        card.appendChild(b);
        card.setAttribute('data-pd-seen', '');
      });
    });`;
  const bg = `chrome.runtime.onMessage.addListener((m, _s, reply) => { reply(m.ids.map(() => false)); });`;
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(path.join(dir, 'content.js'), content);
  await writeFile(path.join(dir, 'bg.js'), bg);
  return dir;
}

/** `withExtension`: false (no extension), true (Paperdeck's build) or a folder holding another one. */
export async function launch(withExtension) {
  const dir = await mkdtemp(path.join(tmpdir(), 'pd-bench-page-'));
  const ext = typeof withExtension === 'string' ? withExtension : EXT;
  const args = withExtension ? [...CHROMIUM_ARGS, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`] : CHROMIUM_ARGS;
  const context = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true, args });
  if (withExtension && !context.serviceWorkers().length) await context.waitForEvent('serviceworker', { timeout: 15_000 });
  return { context, close: async () => (await context.close(), await rm(dir, { recursive: true, force: true })) };
}

/** Load event of the page, ms from navigation start. */
async function plainLoad(context, url) {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const t = await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
  await page.close();
  return t;
}

/**
 * Time from navigation start until every card is handled (Paperdeck's data-pd-id, the floor's
 * data-pd-seen) and each of the first `k` cards — the first viewport's (firstViewport) — shows its
 * new or seen mark. Cards further down are decorated as they come near the viewport
 * (lib/page/nearby.ts): waiting for a mark on all n, as this did before, never ended.
 */
async function augmented(context, url, n, k) {
  const page = await context.newPage();
  await page.addInitScript(
    ([n, k]) => {
      // Main-world observer: the content script's DOM changes are visible here.
      const articles = document.getElementsByTagName('article');
      const marked = (card) => card.hasAttribute('data-pd-seen') || card.querySelector('.pd-new:not([hidden])') !== null;
      const done = () => {
        if (document.querySelectorAll('[data-pd-id], [data-pd-seen]').length < n) return false;
        for (let i = 0; i < k; i++) if (!articles[i] || !marked(articles[i])) return false;
        return true;
      };
      new MutationObserver((_, obs) => {
        if (done()) {
          window.__augmentedAt = performance.now();
          obs.disconnect();
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden', 'data-pd-seen'] });
    },
    [n, k],
  );
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__augmentedAt !== undefined, undefined, { timeout: 30_000 });
  const t = await page.evaluate(() => window.__augmentedAt);
  await page.close();
  return t;
}

/** First contentful paint of a page load, ms from navigation start. */
async function firstPaint(context, url) {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const t = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const read = () => performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime;
        const tick = () => (read() !== undefined ? resolve(read()) : requestAnimationFrame(tick));
        tick();
      }),
  );
  await page.close();
  return t;
}

/** Puts a hide rule in the extension's database (null: removes it), from an extension page. */
async function setRule(context, rule) {
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  const page = await context.newPage();
  await page.goto(new URL('/popup.html', worker.url()).href);
  await inDatabase(page, [rule ? { op: 'put', table: 'rules', value: rule } : { op: 'delete', table: 'rules', key: 'bench-guard' }]);
  await page.close();
}

/** Answers huggingface.co from `pages`; a `net=<ms>` parameter delays the answer that long (network time). */
export async function serve(context, pages) {
  await context.route(/^https?:\/\//, async (route) => {
    const url = new URL(route.request().url());
    const delay = Number(url.searchParams.get('net') ?? 0);
    url.searchParams.delete('net');
    const body = url.hostname === 'huggingface.co' ? pages.get(url.pathname + url.search) : undefined;
    if (body && delay) await new Promise((r) => setTimeout(r, delay));
    return body ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }) : route.fulfill({ status: 404, body: '' });
  });
}

export async function benchPage({ log = console.log } = {}) {
  const out = [];
  const say = (s) => (out.push(s), log(s));
  const sizes = [100, 1000];
  const pages = new Map();
  for (const n of sizes) pages.set(`/papers?q=bench${n}`, await bigPage(n));

  const floorDir = await floorExtension();
  const minDir = await minimalExtension();
  const plain = await launch(false);
  const ext = await launch(true);
  const floor = await launch(floorDir);
  const min = await launch(minDir);
  // Another build beside this one in the decoration targets (a before/after of one change).
  const before = process.env.PD_BENCH_BEFORE ? await launch(path.resolve(process.env.PD_BENCH_BEFORE)) : null;
  try {
    if (before) await serve(before.context, pages);
    await serve(plain.context, pages);
    await serve(ext.context, pages);
    await serve(floor.context, pages);
    await serve(min.context, pages);
    await decorateTargets({ plain: plain.context, ext: ext.context, min: min.context, before: before?.context }, pages, say);
    if (process.env.BENCH_TARGETS_ONLY) return out;
    for (const n of sizes) {
      const url = `https://huggingface.co/papers?q=bench${n}`;
      const k = await firstViewport(plain.context, url);
      const base = [],
        aug = [],
        least = [];
      // Alternate runs so all three see the same machine load; the first extension run records
      // the papers (all new), later ones read a library that knows them (the everyday case).
      for (let i = 0; i < RUNS; i++) {
        base.push(await plainLoad(plain.context, url));
        aug.push(await augmented(ext.context, url, n, k));
        least.push(await augmented(floor.context, url, n, k));
      }
      const b = median(base),
        a = median(aug),
        f = median(least);
      const overhead = ((a - b) / b) * 100;
      say(line('page', `${n} cards: plain load event`, b, 'ms'));
      say(line('page', `${n} cards: fully augmented`, a, 'ms'));
      say(line('page', `${n} cards: overhead (+${(a - b).toFixed(1)} ms)`, overhead, '%', n === 100 ? 5 : 10));
      say(
        line(
          'page',
          `${n} cards: floor, a minimal extension (one message, one button per card): +${(f - b).toFixed(1)} ms`,
          ((f - b) / b) * 100,
          '%',
        ) + `; Paperdeck beyond it +${(a - f).toFixed(1)} ms`,
      );
    }
    // The same 100-card page answered after 300 ms, as over a network (huggingface.co's papers
    // list takes longer than that to arrive): what the overhead is against a load with network time.
    {
      const url = 'https://huggingface.co/papers?q=bench100&net=300';
      const base = [],
        aug = [];
      for (let i = 0; i < RUNS; i++) {
        base.push(await plainLoad(plain.context, url));
        aug.push(await augmented(ext.context, url, 100));
      }
      const b = median(base),
        a = median(aug);
      say(
        line(
          'page',
          `100 cards answered after 300 ms (network time): plain load ${b.toFixed(1)} ms, fully augmented ${a.toFixed(1)} ms; overhead (+${(a - b).toFixed(1)} ms)`,
          ((a - b) / b) * 100,
          '%',
        ) + '  (info)',
      );
    }
    // The document_start guard (lib/page/guard.ts): first contentful paint of the 100-card page
    // without the extension, with it and no hide rule (the guard goes at once), and with a rule
    // (the guard holds the cards until they are matched). Same browser runs, interleaved.
    const url = 'https://huggingface.co/papers?q=bench100';
    const plainFcp = [],
      noRuleFcp = [],
      ruleFcp = [];
    for (let i = 0; i < RUNS + 2; i++) {
      plainFcp.push(await firstPaint(plain.context, url));
      noRuleFcp.push(await firstPaint(ext.context, url));
    }
    await setRule(ext.context, { id: 'bench-guard', kind: 'keyword', pattern: 'zzzunmatchedtopic', enabled: true, createdAt: Date.now() });
    for (let i = 0; i < RUNS + 2; i++) ruleFcp.push(await firstPaint(ext.context, url));
    await setRule(ext.context, null);
    const fp = (xs) => `${median(xs).toFixed(1)} ms [min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}]`;
    say(
      `page: first contentful paint, 100 cards: plain ${fp(plainFcp)}; extension, no rule ${fp(noRuleFcp)}; extension, a hide rule (guard held) ${fp(ruleFcp)}`,
    );
    say(line('page', 'guard: FCP with a rule minus without', median(ruleFcp) - median(noRuleFcp), 'ms'));
  } finally {
    await plain.close();
    await ext.close();
    await floor.close();
    await min.close();
    await before?.close();
    await rm(floorDir, { recursive: true, force: true });
    await rm(minDir, { recursive: true, force: true });
  }
  say(
    'page: note: fixtures load from memory with no network latency, so the plain load is far shorter than on the live site and the overhead % is a worst case',
  );

  // 200 rules over 1,000 cards' records (read by the real reader from the 1,000-card page).
  const { compileRules } = await bundle('lib/topics/rules.ts');
  const { readPage } = await bundle('lib/hf/read.ts');
  const { Window } = await import('happy-dom');
  const win = new Window({ url: 'https://huggingface.co/papers?q=bench1000' });
  win.document.write(pages.get('/papers?q=bench1000'));
  const records = readPage(win.document, new URL(win.location.href)).map((c) => c.record);
  await win.happyDOM.close();
  const rules = benchRules('r', HIDE_WORDS);
  const times = [];
  let hidden = 0;
  for (let r = 0; r < 15; r++) {
    const t0 = performance.now();
    const matcher = compileRules(rules);
    hidden = 0;
    for (const rec of records) if (matcher.match(rec)) hidden++;
    times.push(performance.now() - t0);
  }
  say(line('page', `200 hide rules on ${records.length} cards (${hidden} hidden)`, median(times), 'ms', 10));
  // A harder set: 200 topics of distinct words, each a word of the abstracts plus a suffix, so every
  // rule's word nearly occurs and none does (the matcher's cost should not depend on the words).
  const vocab = [...new Set(records.flatMap((r) => (r.abstract ?? '').toLowerCase().match(/[a-z]{5,}/g) ?? []))];
  const nearly = Array.from({ length: 200 }, (_, i) => ({
    id: `n${i}`,
    kind: 'keyword',
    pattern: `${vocab[(i * 7) % vocab.length]}x`,
    enabled: true,
    createdAt: 0,
  }));
  const nearTimes = [];
  for (let r = 0; r < 15; r++) {
    const t0 = performance.now();
    const matcher = compileRules(nearly);
    for (const rec of records) matcher.match(rec);
    nearTimes.push(performance.now() - t0);
  }
  say(line('page', `200 distinct near-miss topic words on ${records.length} cards`, median(nearTimes), 'ms'));

  const content = await readFile(path.join(EXT, 'content-scripts/content.js'));
  say(line('page', `content script ${(content.length / 1024).toFixed(1)} KB, gzip`, gzipSync(content).length / 1024, 'KB', 40));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPage();
