// Scenarios for the popup and the library page (issue 6): search, tag filter, export, import;
// (issue 9) notes and reading status, imports from other tools with a preview, local backups.
// `libraryScenarios` run in Chromium and Firefox; `chromiumLibraryScenarios` need what only the
// Playwright harness gives (downloads, file inputs, a second fresh profile).
// Each takes a launched harness `b` whose fake site is `librarySite()`.
import assert from 'node:assert/strict';
import { readFile, rm, writeFile, mkdtemp, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeSite, fixturePages } from '../harness/site.mjs';
import { clickIn, expected, readTable, selectByLabel, until } from '../harness/util.mjs';

// ---- the site ------------------------------------------------------------------------------

const UTF8_TITLE = 'Łukasz’s Über-Autoencoders: “Große” Modelle — 日本語';
const FORMULA_TITLE = '=HYPERLINK(evil) Efficient Long-Context Retrieval';

/**
 * The daily page with two titles changed to what exports must survive: UTF-8 outside Latin-1,
 * and a title that a spreadsheet would run as a formula. Both are plain text on the page, as a
 * real title could be. Returns the records as the content script reads them.
 */
function dailyRecords() {
  const records = expected('daily.html').records.map((r) => ({ ...r }));
  records[1].title = UTF8_TITLE; // "Sparse Autoencoders Revisited"
  records[2].title = FORMULA_TITLE; // "Efficient Long-Context Retrieval with Learned Sketches"
  return records;
}

export async function librarySite() {
  const original = expected('daily.html').records;
  let html = await readFile(new URL('../../fixtures/daily.html', import.meta.url), 'utf8');
  html = html.replaceAll(original[1].title, UTF8_TITLE).replaceAll(original[2].title, FORMULA_TITLE);
  return new FakeSite({ ...fixturePages(), '/papers': { html } });
}

export const RECORDS = dailyRecords();

/**
 * A paper and a word that only its abstract holds: in no title, author or organization of any
 * paper on the page, and in no other abstract (so a match can only come from the abstract index).
 */
export function abstractOnlyWord(records = RECORDS) {
  const words = (s) => (s ?? '').toLowerCase().match(/\p{L}+/gu) ?? [];
  const heads = new Set(records.flatMap((r) => [r.title, ...(r.authors ?? []), r.organization?.slug, r.organization?.name].flatMap(words)));
  for (const paper of records) {
    if (!paper.abstract) continue;
    const others = new Set(records.filter((r) => r !== paper).flatMap((r) => words(r.abstract)));
    const word = words(paper.abstract).find((w) => w.length >= 7 && !heads.has(w) && !others.has(w));
    if (word) return { paper, word };
  }
  throw new Error('no paper on the daily fixture has a word of its own in its abstract');
}

// ---- page helpers (Playwright and Puppeteer alike) --------------------------------------------

/** Sets an input's value as typing does (Preact listens to `input`). */
export function typeInto(page, selector, value) {
  return page.evaluate(
    ({ selector, value }) => {
      const el = document.querySelector(selector);
      if (!el) throw new Error(`no ${selector}`);
      el.focus();
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    { selector, value },
  );
}

/** Picks the option whose text starts with `label` in a <select>. */
/** Clicks the button with this exact accessible label (aria-label or text). */
export function clickButton(page, name) {
  return until(
    page,
    (name) => {
      const button = [...document.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent.trim()) === name);
      if (!button || button.disabled) return false;
      button.click();
      return true;
    },
    name,
    { what: `button "${name}"` },
  );
}

/** Picks a <select>'s option by value, as a user's choice does (Preact listens to `change`). */
export function chooseValue(page, selector, value) {
  return page.evaluate(
    ({ selector, value }) => {
      const select = document.querySelector(selector);
      if (!select) throw new Error(`no ${selector}`);
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { selector, value },
  );
}

/** A key pressed in a field (with Ctrl when asked). */
export function pressKey(page, selector, key, ctrlKey = false) {
  return page.evaluate(
    ({ selector, key, ctrlKey }) =>
      document.querySelector(selector).dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey, bubbles: true })),
    { selector, key, ctrlKey },
  );
}

export function clickTab(page, name) {
  return until(
    page,
    (name) => {
      const tab = [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent.trim().startsWith(name));
      if (!tab) return false;
      tab.click();
      return tab.getAttribute('aria-selected') === 'true';
    },
    name,
    { what: `tab "${name}"` },
  );
}

/** Titles the popup's saved list shows, in order. */
const popupTitles = (page) =>
  page.evaluate(() => [...document.querySelectorAll('ul[aria-label^="Saved papers"] .pd-title')].map((a) => a.textContent));
/** Titles the library page's list shows (the rows in view), in order. */
const libraryTitles = (page) =>
  page.evaluate(() => [...document.querySelectorAll('[role="grid"][aria-label^="Papers"] .pd-title')].map((a) => a.textContent));

async function waitForTitles(page, read, want, what) {
  const key = JSON.stringify(want);
  const deadline = Date.now() + 10_000;
  let last;
  for (;;) {
    last = await read(page);
    if (JSON.stringify(last) === key) return;
    if (Date.now() > deadline) assert.deepEqual(last, want, `${what}: the list shows ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Stars these papers on the daily page, skipping those already starred (asked of the database:
 * the page paints its stars' states a moment after the buttons appear).
 */
async function ensureStarred(b, ids) {
  const probe = await b.openPopup();
  const starred = new Set((await readTable(probe, 'stars')).map((s) => s.paperId));
  await probe.close();
  const missing = ids.filter((id) => !starred.has(id));
  if (missing.length === 0) return;
  const page = await b.open('/papers');
  try {
    await until(page, (n) => document.querySelectorAll('.pd-star').length >= n, RECORDS.length, { what: 'stars on /papers' });
    for (const id of missing) {
      await clickIn(page, `[data-pd-id="${id}"] .pd-star`);
      await until(page, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'true', id, {
        what: `${id} starred`,
      });
    }
  } finally {
    await page.close();
  }
}

/** Makes sure the daily page's papers are in the library (opening the page records them). */
async function ensureSeen(b) {
  const probe = await b.openPopup();
  try {
    const known = new Set((await readTable(probe, 'papers')).map((p) => p.id));
    if (RECORDS.every((r) => known.has(r.id))) return;
    const page = await b.open('/papers');
    await until(page, (n) => document.querySelectorAll('.pd-star').length >= n, RECORDS.length, { what: 'stars on /papers' });
    await page.close();
    const ids = RECORDS.map((r) => r.id);
    const deadline = Date.now() + 10_000;
    while (!ids.every((id) => known.has(id))) {
      if (Date.now() > deadline) throw new Error('the daily papers were not recorded');
      await new Promise((r) => setTimeout(r, 50));
      for (const p of await readTable(probe, 'papers')) known.add(p.id);
    }
  } finally {
    await probe.close();
  }
}

/** Tags a paper from the popup's tag editor (type the name, Enter), unless it has the tag already. */
async function ensureTagged(popup, paper, name) {
  await until(popup, (t) => document.body.textContent.includes(t), paper.title, { what: 'paper in popup' });
  const row = `[data-paper-id="${paper.id}"]`;
  const has = await popup.evaluate(
    ({ row, name }) => [...document.querySelectorAll(`${row} .pd-chip-name`)].some((c) => c.textContent === name),
    { row, name },
  );
  if (has) return;
  await clickButton(popup, `Edit tags of “${paper.title}”`);
  const input = `input[aria-label="Add a tag to “${paper.title}”"]`;
  await until(popup, (s) => !!document.querySelector(s), input, { what: 'tag editor' });
  await typeInto(popup, input, name);
  const key = (k) =>
    popup.evaluate(({ s, k }) => document.querySelector(s).dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })), {
      s: input,
      k,
    });
  await key('Enter');
  await until(popup, (name) => !!document.querySelector(`button[aria-label="Remove tag ${name}"]`), name, { what: 'tag chip' });
  await key('Escape');
  await until(popup, (name) => [...document.querySelectorAll('#pd-popup-tag-filter option')].some((o) => o.textContent === name), name, {
    what: 'tag in the filter',
  });
}

/** The library as stored, every table sorted by key: what "the same library" means. */
async function storedLibrary(page) {
  const sortBy = (rows, key) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const [papers, stars, tags, paperTags, rules, settings] = await Promise.all(
    ['papers', 'stars', 'tags', 'paperTags', 'rules', 'settings'].map((t) => readTable(page, t)),
  );
  return {
    // Without the store's bookkeeping, which backups leave out: `updatedAt`, when the row was written
    // (lib/db/updated-at.ts), and `textHash`, of the texts a page last sent (lib/model/record-texts.ts).
    papers: sortBy(
      papers.map(({ updatedAt: _, textHash: _hash, ...paper }) => paper),
      (p) => p.id,
    ),
    stars: sortBy(stars, (s) => s.paperId),
    tags: sortBy(tags, (t) => t.id),
    paperTags: sortBy(paperTags, (l) => `${l.paperId} ${l.tagId}`),
    rules: sortBy(rules, (r) => r.id),
    settings,
  };
}

// ---- scenarios shared by both browsers -------------------------------------------------------

export const libraryScenarios = {
  async 'a paper starred on the page shows in the popup and is found there by a word only its abstract has'(b) {
    const { paper, word } = abstractOnlyWord();
    const other = RECORDS.find((r) => r.id !== paper.id && !(r.abstract ?? '').toLowerCase().includes(word));
    assert.ok(!paper.title.toLowerCase().includes(word), 'the word is not in the title');
    await ensureStarred(b, [other.id, paper.id]);
    const popup = await b.openPopup();
    await until(popup, (t) => document.body.textContent.includes(t), paper.title, { what: 'the starred paper in the popup' });
    await waitForTitles(popup, popupTitles, [paper.title, other.title], 'popup, newest star first');
    await typeInto(popup, 'input[type="search"]', word);
    await waitForTitles(popup, popupTitles, [paper.title], `popup search "${word}"`);
    const status = await popup.evaluate(() => document.querySelector('#pd-search-status')?.textContent);
    assert.match(status, /^1 match\b/);
    // A word nothing holds: an empty state that says so.
    await typeInto(popup, 'input[type="search"]', 'zzyzxq');
    await until(popup, () => document.body.textContent.includes('No saved paper matches “zzyzxq”'), undefined, { what: 'no-match state' });
    await popup.close();
  },

  async 'the library page finds a paper by a word only its abstract has'(b) {
    const { paper, word } = abstractOnlyWord();
    await ensureSeen(b);
    const page = await b.openLibrary();
    // Every paper seen is listed, starred or not.
    await until(page, (n) => document.querySelectorAll('[role="grid"] [role="row"]').length >= n, RECORDS.length, {
      what: 'library rows',
    });
    await typeInto(page, 'input[type="search"]', word);
    await waitForTitles(page, libraryTitles, [paper.title], `library search "${word}"`);
    const sort = await page.evaluate(() => document.querySelector('#pd-sort').value);
    assert.equal(sort, 'relevance', 'a search orders by best match');
    await page.close();
  },

  async 'a tag filter shows only the papers with that tag, in the popup and the library'(b) {
    const [tagged, untagged] = [RECORDS[0], RECORDS[3]];
    await ensureStarred(b, [tagged.id, untagged.id]);
    const popup = await b.openPopup();
    await ensureTagged(popup, tagged, 'to-read');
    const before = await popupTitles(popup);
    assert.ok(before.includes(untagged.title) && before.includes(tagged.title), 'both papers listed before filtering');
    await selectByLabel(popup, '#pd-popup-tag-filter', 'to-read');
    await waitForTitles(popup, popupTitles, [tagged.title], 'popup filtered by tag');
    await selectByLabel(popup, '#pd-popup-tag-filter', 'Untagged');
    await waitForTitles(
      popup,
      popupTitles,
      before.filter((t) => t !== tagged.title),
      'popup, untagged only',
    );
    await popup.close();

    const library = await b.openLibrary();
    await until(
      library,
      () => [...document.querySelectorAll('#pd-tag-filter option')].some((o) => o.textContent.startsWith('to-read')),
      undefined,
      { what: 'tag in the library filter' },
    );
    await selectByLabel(library, '#pd-tag-filter', 'to-read (1)');
    await waitForTitles(library, libraryTitles, [tagged.title], 'library filtered by tag');
    await library.close();
  },

  async 'a status and a note set on a starred paper in the library page: the status filter shows only it, a word of the note finds it'(b) {
    const paper = RECORDS[3];
    const word = 'quokkafish'; // in no title, abstract or author of the fixtures
    assert.ok(!JSON.stringify(RECORDS).toLowerCase().includes(word));
    await ensureStarred(b, [paper.id]);
    const page = await b.openLibrary();
    await until(page, (n) => document.querySelectorAll('[role="grid"] [role="row"]').length >= n, RECORDS.length, {
      what: 'library rows',
    });
    await clickButton(page, `Note and reading status of “${paper.title}”`);
    const status = `select[aria-label="Reading status of “${paper.title}”"]`;
    const note = `textarea[aria-label="Note on “${paper.title}”"]`;
    await until(page, (s) => !!document.querySelector(s), note, { what: 'the note editor' });
    await chooseValue(page, status, 'reading');
    await typeInto(page, note, `Compare with the ${word} baseline`);
    await pressKey(page, note, 'Enter', true); // Ctrl+Enter: saves and closes
    await until(page, (s) => !document.querySelector(s), note, { what: 'the note editor closed' });
    const stored = (await readTable(page, 'notes')).find((n) => n.paperId === paper.id);
    assert.equal(stored?.status, 'reading');
    assert.equal(stored?.text, `Compare with the ${word} baseline`);

    // The status filter shows only that paper; no status, every other one.
    await selectByLabel(page, '#pd-status', 'Reading (1)');
    await waitForTitles(page, libraryTitles, [paper.title], 'library filtered by status');
    await selectByLabel(page, '#pd-status', 'No status');
    await until(
      page,
      (t) => {
        const titles = [...document.querySelectorAll('[role="grid"] .pd-title')].map((a) => a.textContent);
        return titles.length > 0 && !titles.includes(t);
      },
      paper.title,
      { what: 'papers without a status' },
    );
    await selectByLabel(page, '#pd-status', 'Any status');
    // A word only the note holds finds the paper.
    await typeInto(page, 'input[type="search"]', word);
    await waitForTitles(page, libraryTitles, [paper.title], `library search "${word}"`);
    await page.close();

    // The popup shows the status and the note on the paper's row, and finds it by the note too.
    const popup = await b.openPopup();
    const row = `[data-paper-id="${paper.id}"]`;
    await until(popup, (row) => /Reading/.test(document.querySelector(row)?.textContent ?? ''), row, { what: 'the status in the popup' });
    assert.match(await popup.evaluate((row) => document.querySelector(row).textContent, row), new RegExp(word));
    await typeInto(popup, 'input[type="search"]', word);
    await waitForTitles(popup, popupTitles, [paper.title], `popup search "${word}"`);
    await popup.close();
  },
};

/**
 * Runs in the page: every visible element with its own text (or an icon button's glyph) against
 * the colour behind it. WCAG 2.2 AA: 4.5:1 for text, 3:1 for large text (24px, or 18.66px bold)
 * and for icons that show state (1.4.11). Disabled controls are exempt. Returns the failures.
 */
function contrastProblems() {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1]
      .split(/[ ,/]+/)
      .filter(Boolean)
      .map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let n = el; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    if (matchMedia('(prefers-color-scheme: dark)').matches && !layers.some((l) => l.a >= 1)) bg = { r: 18, g: 18, b: 18, a: 1 };
    for (const l of layers.reverse()) bg = over(l, bg);
    return bg;
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((c) => c.nodeType === 3 && c.data.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || rect.width === 0 || rect.height === 0) continue;
    if (el.closest('[hidden], .pd-visually-hidden, [aria-hidden="true"]') || el.closest(':disabled')) continue;
    const fg = parse(style.color);
    if (!fg) continue;
    const bg = background(el);
    const a = lum(over(fg, bg));
    const b = lum(bg);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize);
    const bold = Number(style.fontWeight) >= 700;
    const icon = !!el.closest('.pd-icon-button');
    const need = icon || size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < need) {
      const text = el.textContent.trim().slice(0, 30);
      out.push(`"${text}" (${el.tagName.toLowerCase()}.${[...el.classList].join('.')}) ${ratio.toFixed(2)}:1 < ${need}:1`);
    }
  }
  return out;
}

// ---- Chromium only: downloads, file inputs, a second profile ----------------------------------

const FORMATS = [
  { label: 'JSON backup', ext: 'json' },
  { label: 'CSV', ext: 'csv' },
  { label: 'BibTeX', ext: 'bib' },
  { label: 'RIS', ext: 'ris' },
  { label: 'Markdown', ext: 'md' },
];

/** The user's local date, as file names carry it. */
function localDate(d = new Date()) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function openTransfer(b) {
  const page = await b.openLibrary();
  await clickTab(page, 'Export & import');
  await page.locator('button[type="submit"]', { hasText: 'Export' }).waitFor();
  return page;
}

/** Exports one format from the library page's UI; returns the downloaded file's name and text. */
async function exportFrom(page, label) {
  await page.getByRole('radio', { name: new RegExp(`^${label} —`) }).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
  const file = await download.path();
  const text = await readFile(file, 'utf8');
  await page.getByText(`to ${download.suggestedFilename()}.`).waitFor();
  return { filename: download.suggestedFilename(), text };
}

async function tempDir() {
  return mkdtemp(path.join(tmpdir(), 'pd-e2e-files-'));
}

/**
 * Chooses a file in the import panel and waits for the verdict: null when it was checked and
 * offered for import, else the refusal shown. (`expect` tells an old refusal from the new one.)
 */
async function chooseBackup(page, file, expect = /./) {
  await page.locator('#pd-import-file').setInputFiles(file);
  const verdict = await until(
    page,
    (source) => {
      if (document.querySelector('[role="group"][aria-label="Backup checked"]')) return { accepted: true };
      const alert = document.querySelector('section[aria-labelledby="pd-import-heading"] [role="alert"]');
      return alert && new RegExp(source).test(alert.textContent) ? { refusal: alert.textContent } : false;
    },
    expect.source,
    { what: `the verdict on ${path.basename(file)}`, timeout: 15_000 },
  ).catch(async (e) => {
    const shown = await page.evaluate(() => document.querySelector('section[aria-labelledby="pd-import-heading"]')?.textContent);
    throw new Error(`${e.message}; the import panel says: ${shown}`);
  });
  return verdict.accepted ? null : verdict.refusal;
}

export const chromiumLibraryScenarios = {
  async 'export each format from the library page: the files hold what they should, named by the date'(b) {
    const ids = RECORDS.map((r) => r.id);
    await ensureStarred(b, ids);
    const popup = await b.openPopup();
    await ensureTagged(popup, RECORDS[0], 'to-read');
    await popup.close();
    const page = await openTransfer(b);
    const files = {};
    for (const { label, ext } of FORMATS) {
      const file = await exportFrom(page, label);
      assert.equal(file.filename, `paperdeck-${localDate()}.${ext}`, `${label}: file name carries the date`);
      files[ext] = file.text;
    }
    await page.close();

    // JSON backup: the versioned envelope, every paper, star and tag.
    const backup = JSON.parse(files.json);
    assert.equal(backup.format, 'paperdeck-backup');
    assert.equal(backup.version, 1);
    assert.deepEqual(new Set(backup.library.stars.map((s) => s.paperId)), new Set(ids));
    for (const r of RECORDS)
      assert.ok(
        backup.library.papers.some((p) => p.id === r.id && p.title === r.title),
        `backup holds ${r.id}`,
      );
    assert.ok(
      backup.library.tags.some((t) => t.name === 'to-read'),
      'backup holds the tag',
    );

    // CSV: UTF-8 with a BOM, titles intact, a formula-looking title defused, one row per paper.
    const csv = files.csv;
    assert.equal(csv.charCodeAt(0), 0xfeff, 'CSV opens with a UTF-8 byte-order mark');
    const rows = csv.slice(1).split('\r\n').filter(Boolean);
    assert.match(rows[0], /^arxiv_id,title,/);
    assert.equal(rows.length, 1 + backup.library.papers.length);
    assert.ok(
      rows.some((row) => row.startsWith(`${RECORDS[1].id},${UTF8_TITLE},`)),
      'the UTF-8 title is intact',
    );
    assert.ok(
      rows.some((row) => row.startsWith(`${RECORDS[2].id},'${FORMULA_TITLE},`)),
      'the formula is escaped with a leading quote',
    );
    assert.ok(!rows.some((row) => row.includes(`,${FORMULA_TITLE}`)), 'no cell starts with "="');

    // BibTeX: one @misc per paper with its arXiv eprint.
    const bib = files.bib;
    assert.equal((bib.match(/^@misc\{/gm) ?? []).length, backup.library.papers.length);
    for (const r of RECORDS) assert.match(bib, new RegExp(`eprint = \\{${r.id.replace('.', '\\.')}\\}`), `eprint of ${r.id}`);
    assert.equal((bib.match(/archivePrefix = \{arXiv\}/g) ?? []).length, backup.library.papers.length);
    assert.ok(bib.includes('日本語'), 'BibTeX keeps the UTF-8 title');

    // RIS: one record per paper, closed by ER.
    const ris = files.ris;
    assert.equal((ris.match(/^TY {2}- /gm) ?? []).length, backup.library.papers.length);
    assert.equal((ris.match(/^ER {2}- /gm) ?? []).length, backup.library.papers.length);
    for (const r of RECORDS) assert.ok(ris.includes(`UR  - https://arxiv.org/abs/${r.id}`), `RIS link of ${r.id}`);

    // Markdown: a reading list of links to the papers' pages.
    const md = files.md;
    for (const r of RECORDS) assert.ok(md.includes(`](https://huggingface.co/papers/${r.id})`), `Markdown link to ${r.id}`);
    assert.ok(md.includes('日本語'), 'Markdown keeps the UTF-8 title');
  },

  async 'a JSON backup imported into a fresh profile gives back the same library; hostile files are refused and change nothing'(b) {
    const { launchChromium } = await import('../harness/chromium.mjs');
    const dir = await tempDir();
    const other = await launchChromium({ site: await librarySite() });
    try {
      await ensureStarred(
        b,
        RECORDS.map((r) => r.id),
      );
      const tagging = await b.openPopup();
      await ensureTagged(tagging, RECORDS[0], 'to-read');
      await tagging.close();
      const source = await openTransfer(b);
      const backup = await exportFrom(source, 'JSON backup');
      const want = await storedLibrary(source);
      const wantPopup = await b.openPopup();
      await until(wantPopup, () => !!document.querySelector('ul[aria-label^="Saved papers"] .pd-title'), undefined, { what: 'popup rows' });
      const wantTitles = await popupTitles(wantPopup);
      await wantPopup.close();
      await source.close();
      const backupFile = path.join(dir, backup.filename);
      await writeFile(backupFile, backup.text);

      // The fresh profile: nothing in it yet.
      const page = await openTransfer(other);
      assert.equal((await readTable(page, 'papers')).length, 0, 'the second profile starts empty');
      assert.equal(await chooseBackup(page, backupFile), null, 'the backup is accepted');
      const summary = await page.getByRole('group', { name: 'Backup checked' }).textContent();
      assert.match(summary, new RegExp(`${want.papers.length} papers, ${want.stars.length} stars, ${want.tags.length} tags?,`));
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      const report = await page.locator('.pd-ok', { hasText: 'Imported:' }).textContent();
      assert.match(report, new RegExp(`${want.papers.length} papers added`));
      assert.match(report, new RegExp(`${want.stars.length} stars added`));
      assert.match(report, new RegExp(`${want.tags.length} tags? added`));
      assert.deepEqual(await storedLibrary(page), want, 'the same library, table by table');

      // And it looks the same: the popup lists the same papers in the same order.
      const popup = await other.openPopup();
      await waitForTitles(popup, popupTitles, wantTitles, 'the popup of the restored profile');
      await popup.close();

      // Hostile and broken files: each refused with a sentence that says why; nothing written.
      const valid = JSON.parse(backup.text);
      const hostile = [
        {
          name: 'prototype-pollution.json',
          text: backup.text.replace('"library": {', '"library": {"__proto__": {"polluted": true},'),
          refusal: /contains the key "__proto__".*Nothing was imported/,
        },
        {
          name: 'truncated.json',
          text: backup.text.slice(0, Math.floor(backup.text.length / 2)),
          refusal: /not valid JSON \(it may be truncated\)/,
        },
        { name: 'future.json', text: JSON.stringify({ ...valid, version: 99 }), refusal: /newer Paperdeck \(backup version 99/ },
        {
          name: 'script.json',
          text: JSON.stringify({
            ...valid,
            library: {
              ...valid.library,
              papers: valid.library.papers.map((p, i) =>
                i === 0 ? { ...p, title: '<script>window.__pdPwned = 1</script>', projectPage: 'javascript:window.__pdPwned=1' } : p,
              ),
            },
          }),
          refusal: /damaged or was edited by hand: library\.papers\[0\]\.projectPage/,
        },
        { name: 'not-a-backup.json', text: JSON.stringify({ hello: 'world' }), refusal: /not a Paperdeck backup/ },
        { name: 'huge.json', size: 100 * 1024 * 1024, refusal: /too large \(100\.0 MB\)/ },
      ];
      for (const file of hostile) {
        const p = path.join(dir, file.name);
        if (file.size) {
          await writeFile(p, '');
          await truncate(p, file.size); // sparse: 100 MB on paper, nothing on disk
        } else await writeFile(p, file.text);
        const refusal = await chooseBackup(page, p, file.refusal);
        assert.match(refusal ?? '(accepted)', file.refusal, `${file.name} is refused with a clear message`);
        assert.equal(await page.getByRole('button', { name: 'Import', exact: true }).count(), 0, `${file.name}: nothing to confirm`);
      }
      assert.deepEqual(await storedLibrary(page), want, 'the library is unchanged');
      assert.equal(await page.evaluate(() => ({}).polluted ?? window.__pdPwned), undefined, 'nothing polluted or run');
      await page.close();
    } finally {
      await other.close();
      await rm(dir, { recursive: true, force: true });
    }
  },

  async 'a title holding markup is imported as text and never run'(b) {
    const dir = await tempDir();
    try {
      await ensureStarred(b, [RECORDS[0].id]);
      const page = await openTransfer(b);
      const source = JSON.parse((await exportFrom(page, 'JSON backup')).text);
      const id = '2501.99999';
      const title = '<img src=x onerror="window.__pdPwned=1"><script>window.__pdPwned=2</script> Markup as text';
      const base = source.library.papers[0];
      const library = {
        ...source.library,
        papers: [...source.library.papers, { ...base, id, title }],
        stars: [...source.library.stars, { paperId: id, starredAt: Date.now() }],
      };
      const file = path.join(dir, 'markup.json');
      await writeFile(file, JSON.stringify({ ...source, library }));
      assert.equal(await chooseBackup(page, file), null, 'a title is text: accepted');
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.locator('.pd-ok', { hasText: 'Imported:' }).waitFor();
      await page.close();

      const popup = await b.openPopup();
      const link = popup.getByRole('link', { name: title });
      await link.waitFor();
      assert.equal(await link.evaluate((a) => a.querySelector('img, script') === null && a.textContent), title);
      assert.equal(await popup.evaluate(() => window.__pdPwned), undefined, 'nothing ran');
      await popup.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },

  async 'light and dark themes: every text and icon meets WCAG AA contrast, every control has a name'(b) {
    await ensureStarred(
      b,
      RECORDS.map((r) => r.id),
    );
    const tagging = await b.openPopup();
    await ensureTagged(tagging, RECORDS[0], 'to-read');
    await tagging.close();
    const views = [
      { open: () => b.openPopup(), tab: null, what: 'popup' },
      { open: () => b.openPopup(), tab: 'Hidden topics', what: 'popup, hidden topics' },
      { open: () => b.openPopup(), tab: 'Shortcuts', what: 'popup, shortcuts' },
      { open: () => b.openLibrary(), tab: null, what: 'library' },
      { open: () => b.openLibrary(), tab: 'Tags', what: 'library, tags' },
      { open: () => b.openLibrary(), tab: 'Export & import', what: 'library, export & import' },
      // Issue 9: the note editor (popup, library page) and an import preview.
      {
        open: () => b.openPopup(),
        tab: null,
        what: 'popup, note editor',
        prepare: (page) => clickButton(page, `Note and reading status of “${RECORDS[0].title}”`),
      },
      {
        open: () => b.openLibrary(),
        tab: null,
        what: 'library, note panel',
        prepare: (page) => clickButton(page, `Note and reading status of “${RECORDS[0].title}”`),
      },
      {
        open: () => b.openLibrary(),
        tab: 'Export & import',
        what: 'library, import preview',
        prepare: async (page) => {
          await typeInto(page, '#pd-import-text', `${RECORDS[0].id}\n2509.99999\nnot an id`);
          await clickButton(page, 'Preview import');
          await until(page, () => !!document.querySelector('[role="group"][aria-label="Import preview"]'), undefined, {
            what: 'the import preview',
          });
        },
      },
    ];
    const problems = [];
    for (const scheme of ['light', 'dark']) {
      for (const view of views) {
        const page = await view.open();
        await page.emulateMedia({ colorScheme: scheme });
        await until(
          page,
          () =>
            !document.querySelector('.pd-loading') &&
            !!document.querySelector('.pd-title, .pd-shortcuts, .pd-panel, .pd-rules, .pd-tag-list, .pd-empty'),
          undefined,
          { what: `${view.what} loaded` },
        );
        if (view.tab) {
          await clickTab(page, view.tab);
          await until(page, () => !document.querySelector('.pd-loading'), undefined, { what: `${view.tab} loaded` });
        }
        await view.prepare?.(page);
        // Something selected and focused too, so those states are checked as well.
        if (view.what === 'library') await page.evaluate(() => document.querySelector('[role="grid"]')?.focus());
        const found = await page.evaluate(contrastProblems);
        problems.push(...found.map((f) => `${scheme} ${view.what}: ${f}`));
        // Names: every interactive node in the accessibility tree has one (the browser's own computation).
        const cdp = await page.context().newCDPSession(page);
        const { nodes } = await cdp.send('Accessibility.getFullAXTree');
        const INTERACTIVE = new Set([
          'button',
          'textbox',
          'searchbox',
          'combobox',
          'listbox',
          'option',
          'checkbox',
          'radio',
          'link',
          'tab',
          'menuitem',
          'slider',
          'switch',
        ]);
        for (const n of nodes) {
          if (n.ignored || !INTERACTIVE.has(n.role?.value)) continue;
          if (!String(n.name?.value ?? '').trim()) problems.push(`${scheme} ${view.what}: a ${n.role.value} without a name`);
        }
        await cdp.detach();
        await page.close();
      }
    }
    assert.deepEqual([...new Set(problems)], []);
  },

  async 'BibTeX and id-list imports through the UI: the preview counts what will change, cancel writes nothing, confirm stars the papers'(
    b,
  ) {
    const dir = await tempDir();
    try {
      const known = RECORDS[0];
      await ensureStarred(b, [known.id]);
      const bib = path.join(dir, 'refs.bib');
      await writeFile(
        bib,
        [
          `@misc{known, title={${known.title}}, eprint={${known.id}}, archivePrefix={arXiv}}`,
          '@misc{one, title={Imported from {BibTeX}: one}, author={Doe, Jane}, eprint={2509.00001}, archivePrefix={arXiv}, keywords={imported-e2e}}',
          '@article{two, title={Imported from BibTeX: two}, journal={arXiv preprint arXiv:2509.00002}, year={2025}}',
          '@article{nope, title={No arXiv id here}, journal={Nature}, year={2020}}',
        ].join('\n\n'),
      );
      const page = await openTransfer(b);
      const before = await storedLibrary(page);
      const preview = async (file) => {
        await page.locator('#pd-import-file').setInputFiles(file);
        const group = page.getByRole('group', { name: 'Import preview' });
        await group.waitFor();
        return group;
      };
      const counts = async (group) => await group.getByRole('list', { name: 'What would change' }).getByRole('listitem').allTextContents();

      let group = await preview(bib);
      assert.match(await group.textContent(), /“refs\.bib” \(BibTeX\): 3 entries read\./);
      assert.deepEqual(await counts(group), [
        '2 new papers',
        '1 paper already in your library: nothing in it changes',
        '2 stars to add (1 already starred)',
        '1 new tag: imported-e2e',
        '1 tag link to add',
      ]);
      assert.match(await group.textContent(), /no arXiv id/, 'the journal paper is reported as skipped');
      await group.getByRole('button', { name: 'Cancel' }).click();
      await group.waitFor({ state: 'detached' });
      assert.deepEqual(await storedLibrary(page), before, 'cancel wrote nothing');

      group = await preview(bib);
      await group.getByRole('button', { name: 'Import', exact: true }).click();
      const report = await page.locator('.pd-ok', { hasText: 'Imported from “refs.bib”:' }).textContent();
      assert.match(report, /2 papers added/);
      assert.match(report, /2 stars added/);
      let stars = new Set((await readTable(page, 'stars')).map((s) => s.paperId));
      assert.ok(stars.has('2509.00001') && stars.has('2509.00002'), 'the imported papers are starred');
      const papers = await readTable(page, 'papers');
      assert.equal(papers.find((p) => p.id === '2509.00001')?.title, 'Imported from BibTeX: one');

      // A list of ids and links: ids only, the known one counted as such.
      const ids = path.join(dir, 'ids.txt');
      await writeFile(ids, '2509.00003\nhttps://arxiv.org/abs/2509.00004v2\n2509.00001\n');
      group = await preview(ids);
      assert.deepEqual((await counts(group)).slice(0, 3), [
        '2 new papers (2 known only by their arXiv id until you see their pages)',
        '1 paper already in your library: nothing in it changes',
        '2 stars to add (1 already starred)',
      ]);
      await group.getByRole('button', { name: 'Import', exact: true }).click();
      await page.locator('.pd-ok', { hasText: 'Imported from “ids.txt”:' }).waitFor();
      stars = new Set((await readTable(page, 'stars')).map((s) => s.paperId));
      assert.ok(stars.has('2509.00003') && stars.has('2509.00004'), 'the listed papers are starred');
      await page.close();

      // The popup lists them (an id-only paper under its id until a page shows its title).
      const popup = await b.openPopup();
      await until(
        popup,
        () => document.body.textContent.includes('arXiv:2509.00004') && document.body.textContent.includes('Imported from BibTeX: one'),
        undefined,
        { what: 'imported papers in the popup' },
      );
      await popup.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },

  async 'a backup made with "Back up now" is restored after the paper is un-starred'(b) {
    const paper = RECORDS[2];
    await ensureStarred(b, [paper.id]);
    const page = await openTransfer(b);
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText('Backup made.').waitFor();

    const popup = await b.openPopup();
    await clickButton(popup, `Unstar “${paper.title}”`);
    await until(popup, () => !!document.querySelector('.pd-undo'), undefined, { what: 'the Undo offer' });
    await popup.close();
    assert.ok(!(await readTable(page, 'stars')).some((s) => s.paperId === paper.id), 'un-starred');

    const newest = page.getByRole('list', { name: 'Backups kept in this browser' }).getByRole('listitem').first();
    assert.match(await newest.textContent(), /made by you/);
    await newest.getByRole('button', { name: /^Restore the backup of / }).click();
    await page.getByText(/^Restored: 1 star,/).waitFor();
    assert.ok(
      (await readTable(page, 'stars')).some((s) => s.paperId === paper.id),
      'the star is back',
    );
    await page.close();
  },

  async 'nothing reached the network'(b) {
    assert.deepEqual(b.site.blocked, []);
  },
};
