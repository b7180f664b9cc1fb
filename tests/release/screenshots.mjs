// Store screenshots, generated from the built extension (.output/chrome-mv3) in real Chromium over
// the fixture site (tests/e2e/harness): a library is made through the page and the popup, then
// four views are captured at the stores' 1280×800, light and dark:
//
//   1-papers    a search-results page with stars, tags, a folded hidden topic and "for you" marks
//   2-popup     the toolbar popup, over the page it was opened on
//   3-library   the library page, searching
//   4-transfer  the library page's export & import panel
//
// It is also a test (tests/e2e/screenshots.test.mjs, in `npm test`): capturing fails when a page
// has a script error or shows an empty, loading or error state where the library should show
// (and first makes sure that check catches the empty popup of the fresh profile).
//
//   node tests/release/screenshots.mjs [out dir] [--docs]
//
// writes the PNGs to the out dir (default .output/store/screenshots); --docs also refreshes the
// two the README shows (docs/). The fixture pages carry no stylesheet of the site's: a small
// approximation of huggingface.co's look (SITE_LOOK below) is added to them for these pictures
// only, and the CDN's avatars and thumbnails are answered with plain placeholders.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../e2e/harness/chromium.mjs';
import { FakeSite } from '../e2e/harness/site.mjs';
import { clickIn, expected, until, untilDecorated, untilScrolled } from '../e2e/harness/util.mjs';
import { clickButton, clickTab, pressKey, typeInto } from '../e2e/scenarios/library.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SIZE = { width: 1280, height: 800 };
export const THEMES = ['light', 'dark'];
/** The two the README shows, copied to docs/ by --docs. */
export const DOCS = ['1-papers-light.png', '2-popup-dark.png'];

/** The search page the pictures show, and the other searches read first (papers to learn from). */
const PAGE = '/papers?q=layer';
const OTHER_PAGES = ['/papers?q=parallel', '/papers?q=pooling'];
/** Papers starred on PAGE (indexes of its cards), their tags, and the topic hidden. */
const STARRED = [0, 1, 6, 9, 10, 14];
const TAGS = [
  [0, 'quantization'],
  [1, 'quantization'],
  [6, 'quantization'],
  [1, 'to-read'],
  [9, 'pruning'],
];
const HIDDEN_TOPIC = 'sequence parallelism';
const SEARCH = 'quantization';

/** A rough stand-in for huggingface.co's stylesheet on the fixture pages (pictures only; no test relies on it). */
const SITE_LOOK = `
:root { color-scheme: light; --look-bg: #fff; --look-fg: #111827; --look-muted: #6b7280; --look-border: #e5e7eb; --look-card: #fff; }
:root.dark { color-scheme: dark; --look-bg: #0b0f19; --look-fg: #e5e7eb; --look-muted: #9ca3af; --look-border: #1f2937; --look-card: #111827; }
html, body { margin: 0; background: var(--look-bg); color: var(--look-fg); font: 15px/1.5 "Source Sans Pro", ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: inherit; text-decoration: none; }
body > header, body > div > header { border-bottom: 1px solid var(--look-border); }
nav, header nav { display: flex; gap: 20px; align-items: center; height: 56px; max-width: 1200px; margin: 0 auto; padding: 0 24px; font-weight: 600; }
main { display: block; max-width: 1200px; margin: 0 auto; padding: 0 24px 40px; }
main > section, main > div > section { padding-top: 24px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h1 + p { margin: 0 0 8px; color: var(--look-muted); }
h1 + p a { text-decoration: underline; }
.grid { display: grid; gap: 16px; }
.grid-cols-1 { grid-template-columns: 1fr; }
@media (min-width: 1024px) { .lg\\:grid-cols-2 { grid-template-columns: 1fr 1fr; } }
.hidden { display: none; }
.flex { display: flex; } .flex-wrap { flex-wrap: wrap; } .items-center { align-items: center; } .gap-2, .gap-x-2 { column-gap: 8px; }
article { display: flex; flex-direction: column; border: 1px solid var(--look-border); border-radius: 12px; padding: 16px 20px;
  background: var(--look-card); box-shadow: 0 1px 2px rgb(0 0 0 / 0.04); }
article h3 { font-size: 18px; line-height: 1.35; margin: 0 0 4px; padding-right: 180px; font-weight: 600; }
article p { margin: 0; font-size: 14px; color: var(--look-muted); display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
article ul { list-style: none; margin: 0; padding: 0; display: flex; }
article .mt-2 { margin-top: 8px; font-size: 13px; color: var(--look-muted); }
.rounded-lg.border { border: 1px solid var(--look-border); border-radius: 8px; padding: 4px 12px; margin: 0 0 16px; font-size: 14px; display: inline-flex; gap: 8px; }
.bg-blue-500 { background: #3b82f6; color: #fff; border-radius: 4px; padding: 0 4px; }
`;

/** Placeholders for the CDN's pictures: a soft gradient, with the look of an avatar or a thumbnail. */
function placeholder(url) {
  const seed = [...url].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const hue = seed % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 70% 80%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360} 70% 60%)"/></linearGradient></defs><rect width="64" height="64" fill="url(#g)"/></svg>`;
  return { status: 200, contentType: 'image/svg+xml', body: svg };
}

/** The fixture site, dressed for pictures. */
class ShowcaseSite extends FakeSite {
  async respond(urlString) {
    const url = new URL(urlString);
    if (url.hostname !== 'huggingface.co')
      return /\.(png|jpe?g|webp|gif)$/i.test(url.pathname) ? placeholder(urlString) : super.respond(urlString);
    const res = await super.respond(urlString);
    if (res.status === 200 && res.contentType.startsWith('text/html') && !url.pathname.startsWith('/__fixture/')) {
      const style = `<style id="pd-showcase-look">${SITE_LOOK}</style>`;
      res.body = res.body.includes('</head>') ? res.body.replace('</head>', `${style}</head>`) : style + res.body;
    }
    return res;
  }
}

/** Runs in the page: what a store picture must not show. Returns the problems found in the viewport. */
export function pageProblems(expect) {
  const inView = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && style.visibility !== 'hidden' && !el.closest('[hidden]');
  };
  const visible = (selector) => [...document.querySelectorAll(selector)].filter(inView);
  const problems = [];
  for (const [selector, what] of [
    ['.pd-empty', 'an empty state'],
    ['.pd-loading', 'a loading state'],
    ['[role="alert"]', 'an error'],
    ['.pd-error', 'an error'],
  ]) {
    for (const el of visible(selector)) problems.push(`${what}: "${el.textContent.trim().slice(0, 80)}"`);
  }
  for (const [selector, min, what, where = 'view'] of expect) {
    // 'page': somewhere on the page (the search results are one full-width card a row: two fit the view).
    const n = where === 'page' ? document.querySelectorAll(selector).length : visible(selector).length;
    if (n < min) problems.push(`${what}: ${n} ${where === 'page' ? 'on the page' : 'in view'}, expected at least ${min}`);
  }
  return problems;
}

/**
 * Makes the library the pictures show, through the page and the popup: three searches read
 * (papers to learn from), six papers starred, five tags, a hidden topic, a backup.
 */
async function makeLibrary(b) {
  for (const url of OTHER_PAGES) {
    const page = await b.open(url);
    await until(page, () => document.querySelectorAll('.pd-star').length > 0, undefined, { what: `stars on ${url}` });
    await page.close();
  }
  const records = expected('search-b.html').records;
  const page = await b.open(PAGE);
  await untilDecorated(page, records.length, { search: true, what: 'stars' });
  for (const i of STARRED) {
    const id = records[i].id;
    await clickIn(page, `[data-pd-id="${id}"] .pd-star`);
    await until(page, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'true', id, {
      what: `star ${id}`,
    });
  }
  await page.close();

  const popup = await b.openPopup();
  for (const [i, name] of TAGS) {
    const { id, title } = records[i];
    await until(popup, (t) => document.body.textContent.includes(t), title, { what: 'the starred paper in the popup' });
    await clickButton(popup, `Edit tags of “${title}”`);
    const input = `input[aria-label="Add a tag to “${title}”"]`;
    await until(popup, (s) => !!document.querySelector(s), input, { what: 'the tag editor' });
    await typeInto(popup, input, name);
    await pressKey(popup, input, 'Enter');
    await until(
      popup,
      ({ row, name }) => [...document.querySelectorAll(`${row} .pd-chip-name`)].some((c) => c.textContent === name),
      { row: `[data-paper-id="${id}"]`, name },
      { what: `tag ${name}` },
    );
    await pressKey(popup, input, 'Escape');
  }
  await clickTab(popup, 'Hidden topics');
  await until(popup, () => !!document.querySelector('#pd-new-rule-pattern'), undefined, { what: 'the rule form' });
  await typeInto(popup, '#pd-new-rule-pattern', HIDDEN_TOPIC);
  await popup.evaluate(() => document.querySelector('form.pd-rule-form').requestSubmit());
  await until(
    popup,
    (w) => document.querySelector('.pd-rules')?.textContent.includes(w) && document.querySelector('#pd-new-rule-pattern')?.value === '',
    HIDDEN_TOPIC,
    { what: 'the hidden topic' },
  );
  await popup.close();

  const library = await b.openLibrary();
  await clickTab(library, 'Export & import');
  await clickButton(library, 'Back up now');
  await until(library, () => document.body.textContent.includes('Backup made.'), undefined, { what: 'the backup' });
  await library.close();
  return records;
}

/** Opens the papers page at the stores' size, every card painted and marked. */
async function papersPage(b, records) {
  const page = await b.newPage();
  await page.setViewportSize(SIZE);
  await page.goto(`https://huggingface.co${PAGE}`);
  const unstarred = records.length - STARRED.length;
  // "For you" marks come once the background has trained on the stars (a moment after them).
  await untilScrolled(
    page,
    (n) => document.querySelectorAll('.pd-rel-mark:not([hidden]) .pd-rel:not([hidden])').length >= n,
    unstarred - 10,
    {
      what: '"for you" marks',
      timeout: 20_000,
    },
  );
  await untilScrolled(page, () => document.querySelectorAll('[data-pd-hidden] .pd-fold').length > 0, undefined, { what: 'a folded card' });
  return page;
}

/** The viewport as a PNG, after fonts and a frame. */
async function shot(page, options = {}) {
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  return page.screenshot({ type: 'png', ...options });
}

/** The popup drawn over the page it was opened from, the way the browser shows it. */
async function composed(b, background, popup, theme) {
  const page = await b.newPage();
  await page.setViewportSize(SIZE);
  const dark = theme === 'dark';
  await page.setContent(`<!doctype html><html><body style="margin:0;width:${SIZE.width}px;height:${SIZE.height}px;overflow:hidden;background:#000">
    <img src="data:image/png;base64,${background.toString('base64')}" style="position:absolute;inset:0;filter:brightness(${dark ? 0.8 : 0.93})">
    <img src="data:image/png;base64,${popup.toString('base64')}" style="position:absolute;top:12px;right:24px;border-radius:10px;
      box-shadow:0 12px 40px rgb(0 0 0 / ${dark ? 0.7 : 0.28}), 0 0 0 1px rgb(${dark ? '255 255 255 / 0.12' : '0 0 0 / 0.12'})">
  </body></html>`);
  await page.evaluate(() => Promise.all([...document.images].map((img) => img.decode())));
  const png = await shot(page);
  await page.close();
  return png;
}

/**
 * Launches Chromium with the built extension, makes the library and captures every view in
 * both themes into `outDir`. Throws, naming each problem, when a capture shows a page error or
 * an empty, loading or error state. Returns `{ files, timings }`.
 */
export async function captureScreenshots({ outDir = path.join(ROOT, '.output/store/screenshots'), log = () => {} } = {}) {
  const started = Date.now();
  const timings = {};
  await mkdir(outDir, { recursive: true });
  const b = await launchChromium({ site: new ShowcaseSite() });
  const files = [];
  const problems = [];
  try {
    // First, the check itself: on a fresh profile the popup's empty state must be caught.
    // (Polled: the popup may show its loading state again a moment after its empty one.)
    const empty = await b.openPopup();
    const expectSaved = [['ul[aria-label^="Saved papers"] [data-paper-id]', 1, 'saved papers']];
    let seen = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      seen = await empty.evaluate(pageProblems, expectSaved);
      if (
        seen.some((p) => p.startsWith('an empty state: "No saved papers yet.')) &&
        seen.includes('saved papers: 0 in view, expected at least 1')
      )
        break;
    }
    await empty.close();
    if (!seen.some((p) => p.startsWith('an empty state: '))) {
      throw new Error(`The screenshots' check missed the empty popup (it found: ${JSON.stringify(seen)})`);
    }

    const records = await makeLibrary(b);
    timings.library = Date.now() - started;

    const check = async (page, name, expect = []) => {
      for (const p of await page.evaluate(pageProblems, expect)) problems.push(`${name}: ${p}`);
    };
    const save = async (name, png) => {
      const file = path.join(outDir, name);
      await writeFile(file, png);
      files.push(file);
      log(`  ${name}`);
    };

    const papers = await papersPage(b, records);
    timings.marks = Date.now() - started;
    const popup = await b.openPopup();
    await popup.setViewportSize({ width: 380, height: 580 });
    await until(popup, (n) => document.querySelectorAll('ul[aria-label^="Saved papers"] [data-paper-id]').length >= n, STARRED.length, {
      what: 'saved papers in the popup',
    });
    const library = await b.openLibrary();
    await library.setViewportSize(SIZE);
    await until(library, () => document.querySelectorAll('[role="grid"] [role="row"]').length > 10, undefined, {
      what: 'library rows',
    });
    await typeInto(library, 'input[type="search"]', SEARCH);
    await until(
      library,
      (w) => {
        const titles = [...document.querySelectorAll('[role="grid"] .pd-title')].map((a) => a.textContent.toLowerCase());
        return titles.length >= 3 && titles.every((t) => t.includes(w.slice(0, 7)));
      },
      SEARCH,
      { what: `the library searching "${SEARCH}"` },
    ).catch(() => {});
    const transfer = await b.openLibrary();
    await transfer.setViewportSize(SIZE);
    await clickTab(transfer, 'Export & import');
    await until(
      transfer,
      () => /made by you/.test(document.querySelector('[aria-label="Backups kept in this browser"]')?.textContent ?? ''),
      undefined,
      { what: 'the backup listed' },
    );

    timings.opened = Date.now() - started;
    for (const theme of THEMES) {
      const dark = theme === 'dark';
      // The site marks dark mode with a class on <html> (Paperdeck's page styles follow it); the
      // extension's pages follow the system.
      await papers.evaluate((dark) => document.documentElement.classList.toggle('dark', dark), dark);
      for (const page of [popup, library, transfer]) await page.emulateMedia({ colorScheme: theme });

      await check(papers, `papers (${theme})`, [
        ['.pd-star[aria-pressed="true"]', 2, 'starred papers'],
        ['.pd-chip', 2, 'tags on cards'],
        ['[data-pd-hidden] .pd-fold', 1, 'a folded hidden topic', 'page'],
        ['.pd-rel-mark:not([hidden]) .pd-rel:not([hidden])', 1, '"for you" marks', 'page'],
      ]);
      const papersPng = await shot(papers);
      await save(`1-papers-${theme}.png`, papersPng);

      await check(popup, `popup (${theme})`, [['ul[aria-label^="Saved papers"] [data-paper-id]', 4, 'saved papers']]);
      const popupPng = await shot(popup, { clip: { x: 0, y: 0, width: 380, height: 580 } });
      await save(`2-popup-${theme}.png`, await composed(b, papersPng, popupPng, theme));

      await check(library, `library (${theme})`, [['[role="grid"] [role="row"]', 3, 'papers found']]);
      await save(`3-library-${theme}.png`, await shot(library));

      await check(transfer, `export & import (${theme})`, [
        ['input[type="radio"]', 3, 'export formats'],
        ['[aria-label="Backups kept in this browser"] li', 1, 'backups'],
      ]);
      await save(`4-transfer-${theme}.png`, await shot(transfer));
    }
    timings.total = Date.now() - started;
    const errors = b.errors.map((e) => `page error: ${e.message ?? e}`);
    const network = b.site.blocked.map((u) => `a request left the machine: ${u}`);
    problems.push(...errors, ...network);
  } finally {
    await b.close();
  }
  if (problems.length) throw new Error(`The screenshots show what a store picture must not:\n- ${problems.join('\n- ')}`);
  return { files, timings };
}

/** Copies the README's two pictures into docs/. */
export async function refreshDocs(outDir) {
  await mkdir(path.join(ROOT, 'docs'), { recursive: true });
  for (const name of DOCS) await copyFile(path.join(outDir, name), path.join(ROOT, 'docs', name.replace(/^\d-/, '')));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outDir = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(ROOT, '.output/store/screenshots'));
  console.log(`Screenshots of .output/chrome-mv3 → ${path.relative(ROOT, outDir)}`);
  captureScreenshots({ outDir, log: console.log })
    .then(async ({ timings }) => {
      if (args.includes('--docs')) {
        await refreshDocs(outDir);
        console.log(`docs/: ${DOCS.map((n) => n.replace(/^\d-/, '')).join(', ')}`);
      }
      console.log(`Done in ${(timings.total / 1000).toFixed(1)} s (library made in ${(timings.library / 1000).toFixed(1)} s).`);
    })
    .catch((e) => {
      console.error(e.message ?? e);
      process.exit(1);
    });
}
