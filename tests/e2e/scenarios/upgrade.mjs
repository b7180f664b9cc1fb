// The update path, written once for Chromium and Firefox (upgrade.{chromium,firefox}.test.mjs):
// the previous release (tests/e2e/upgrade/previous.tar.xz, built by build-previous.mjs) makes a
// library through the page and its UI; the current build then runs on the same profile, and
// every row, setting and backup must be there, the schema at the version the current build
// declares. Then a database from a newer version is refused and left as it was.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clickIn, until } from '../harness/util.mjs';
import { FakeSite, fixturePages } from '../harness/site.mjs';
import { grownPage, ARCHIVE, META, PAGE_CARDS } from '../upgrade/build-previous.mjs';
import { chooseValue, clickButton, clickTab, pressKey, typeInto } from './library.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where the previous release's 1,000-card page is served (and where the current era's is, after). */
export const BIG_PAGE = '/papers?q=upgrade';
const CHECK_PAGE = '/papers?q=upgrade-check';
const STARS = 12;
/** Tables the user makes: every row must survive an update unchanged. */
const USER_TABLES = ['stars', 'tags', 'paperTags', 'notes', 'rules', 'settings', 'backups', 'notInterested'];

/** The previous release, unpacked into a temporary folder: `{ dir, meta, chromeDir, firefoxDir, pageHtml }`. */
export async function unpackPrevious() {
  const meta = JSON.parse(await readFile(META, 'utf8'));
  const dir = await mkdtemp(path.join(tmpdir(), 'pd-previous-'));
  execFileSync('tar', ['-xJf', ARCHIVE, '-C', dir]);
  return {
    dir,
    meta,
    chromeDir: path.join(dir, 'chrome-mv3'),
    firefoxDir: path.join(dir, 'firefox-mv2'),
    pageHtml: await readFile(path.join(dir, 'page-1000.html'), 'utf8'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The current version of the code, and the schema version its database declares (lib/db). */
export async function currentRelease() {
  const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
  let schema = null;
  for (const file of await readdir(path.join(ROOT, 'lib/db'), { recursive: true })) {
    if (!file.endsWith('.ts')) continue;
    const m = /export const LATEST_VERSION = (\d+);/.exec(await readFile(path.join(ROOT, 'lib/db', file), 'utf8'));
    if (m) schema = Number(m[1]);
  }
  if (schema == null) throw new Error('no `export const LATEST_VERSION = n;` in lib/db: the upgrade test reads the schema version there');
  return { version, schema };
}

/** The fake site of the upgrade: the fixtures, the previous release's page, and a current-era page of the same ids. */
export async function upgradeSite(previousPage) {
  const site = new FakeSite();
  site.set(BIG_PAGE, { html: previousPage });
  // The same ids (2409.10000 …) in today's fixture markup, to check the stars on the page after the update.
  const pages = fixturePages();
  let best = null;
  for (const file of new Set(Object.values(pages))) {
    const html = await readFile(path.join(ROOT, 'tests/fixtures', file), 'utf8');
    const count = (html.match(/<article[\s>]/g) ?? []).length;
    if (!best || count > best.count) best = { html, count };
  }
  site.set(CHECK_PAGE, { html: grownPage(best.html, 40) });
  return site;
}

/**
 * Everything in the extension's database, read with the raw IndexedDB API from an extension
 * page: the native version, each store's row count, and the rows of the user's tables (papers as
 * their id and a few fields: a migration may rewrite derived fields).
 */
export async function dumpDatabase(b) {
  const page = await b.openPopup();
  try {
    return await page.evaluate(
      (userTables) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('paperdeck');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const names = [...db.objectStoreNames];
            const tx = db.transaction(names);
            const out = { version: db.version, counts: {}, rows: {}, papers: [] };
            for (const name of names) {
              const req = tx.objectStore(name).count();
              req.onsuccess = () => (out.counts[name] = req.result);
              if (userTables.includes(name)) {
                const all = tx.objectStore(name).getAll();
                all.onsuccess = () => (out.rows[name] = all.result);
              }
              if (name === 'papers') {
                const all = tx.objectStore(name).getAll();
                all.onsuccess = () =>
                  (out.papers = all.result.map((p) => [p.id, p.title, p.seenCount, p.firstSeenAt, p.abstract?.length ?? 0]));
              }
            }
            tx.oncomplete = () => (db.close(), resolve(out));
            tx.onerror = () => reject(tx.error);
          };
        }),
      USER_TABLES,
    );
  } finally {
    await page.close();
  }
}

async function waitForRows(b, table, atLeast, what) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const dump = await dumpDatabase(b);
    if ((dump.counts[table] ?? 0) >= atLeast && (dump.counts.journal ?? 0) === 0) return dump;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what} (${table}: ${dump.counts[table]}, journal: ${dump.counts.journal})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A library made as a user makes one, with the previous release: a 1,000-card page visited
 * (seen papers), 12 papers starred on it, two tags and a note with a status in the popup, two
 * hide rules in the popup, sync switched off (a setting), a backup made on the library page.
 * Returns what was made, to find it again after the update.
 */
export async function makeLibrary(b) {
  const page = await b.open(BIG_PAGE);
  await until(page, (n) => document.querySelectorAll('.pd-star').length >= n && document.querySelectorAll('.pd-star').length, PAGE_CARDS, {
    what: `${PAGE_CARDS} stars on the page`,
    timeout: 60_000,
    interval: 200,
  });
  const cards = await page.evaluate(
    (n) =>
      [...document.querySelectorAll('[data-pd-id]')].slice(0, n).map((c) => ({
        id: c.getAttribute('data-pd-id'),
        title: c.querySelector('h3')?.textContent.trim(),
      })),
    STARS,
  );
  assert.equal(new Set(cards.map((c) => c.title)).size, STARS, 'the papers to star have distinct titles');
  for (const { id } of cards) {
    await clickIn(page, `[data-pd-id="${id}"] .pd-star`);
    await until(page, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'true', id, {
      what: `${id} starred`,
    });
  }
  await page.close();
  await waitForRows(b, 'papers', PAGE_CARDS, `${PAGE_CARDS} papers recorded`);

  const popup = await b.openPopup();
  const tags = [
    [cards[0], 'quantization'],
    [cards[1], 'quantization'],
    [cards[2], 'systems'],
  ];
  for (const [paper, name] of tags) {
    await clickButton(popup, `Edit tags of “${paper.title}”`);
    const input = `input[aria-label="Add a tag to “${paper.title}”"]`;
    await until(popup, (s) => !!document.querySelector(s), input, { what: 'the tag editor' });
    await typeInto(popup, input, name);
    await pressKey(popup, input, 'Enter');
    await until(
      popup,
      ({ row, name }) => [...document.querySelectorAll(`${row} .pd-chip-name`)].some((c) => c.textContent === name),
      { row: `[data-paper-id="${paper.id}"]`, name },
      { what: `tag ${name}` },
    );
    await pressKey(popup, input, 'Escape');
  }
  const noted = cards[3];
  await clickButton(popup, `Note and reading status of “${noted.title}”`);
  const note = `textarea[aria-label="Note on “${noted.title}”"]`;
  await until(popup, (s) => !!document.querySelector(s), note, { what: 'the note editor' });
  await chooseValue(popup, `select[aria-label="Reading status of “${noted.title}”"]`, 'reading');
  await typeInto(popup, note, 'Compare with the upgrade baseline.');
  await pressKey(popup, note, 'Enter', true);
  await until(popup, (s) => !document.querySelector(s), note, { what: 'the note saved' });

  await clickTab(popup, 'Hidden topics');
  for (const word of ['YOLO', 'pruning']) {
    await until(popup, () => !!document.querySelector('#pd-new-rule-pattern'), undefined, { what: 'the rule form' });
    await typeInto(popup, '#pd-new-rule-pattern', word);
    await popup.evaluate(() => document.querySelector('form.pd-rule-form').requestSubmit());
    await until(
      popup,
      (w) => document.querySelector('.pd-rules')?.textContent.includes(w) && document.querySelector('#pd-new-rule-pattern')?.value === '',
      word,
      { what: `rule ${word}` },
    );
  }
  // A setting: sync off.
  await until(
    popup,
    () => {
      const box = [...document.querySelectorAll('.pd-sync-toggle input')][0];
      if (!box) return false;
      if (box.checked) box.click();
      return !box.checked;
    },
    undefined,
    { what: 'sync switched off' },
  );
  await popup.close();

  const library = await b.openLibrary();
  await clickTab(library, 'Export & import');
  await clickButton(library, 'Back up now');
  await until(library, () => document.body.textContent.includes('Backup made.'), undefined, { what: 'the backup' });
  await library.close();

  const dump = await dumpDatabase(b);
  assert.equal(dump.counts.stars, STARS);
  assert.equal(dump.rows.notes.length, 1);
  assert.equal(dump.rows.rules.length, 2);
  assert.ok(dump.rows.backups.length >= 1);
  assert.equal(dump.rows.settings[0]?.value?.sync, false);
  return { cards, dump };
}

/** Deep-equal rows found by their JSON, so order and key order do not matter. */
function assertRowsKept(table, before, after) {
  const canonical = (v) =>
    JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
  const have = new Set(after.map(canonical));
  const lost = before.filter((r) => !have.has(canonical(r)));
  assert.deepEqual(lost, [], `${table}: ${lost.length} of ${before.length} rows lost or changed`);
}

/**
 * After the update: the current version runs, the schema is at the version it declares, every
 * row the previous release wrote is there, and the UI and the page show the library.
 */
export async function checkUpgraded(b, made) {
  const { version, schema } = await currentRelease();
  const running = await b.openPopup();
  const manifestVersion = await running.evaluate(() => (globalThis.browser ?? globalThis.chrome).runtime.getManifest().version);
  assert.equal(manifestVersion, version, 'the current build runs');
  // The popup: what is new, and the saved papers.
  await until(running, (v) => document.querySelector('.pd-whats-new')?.textContent.includes(`updated to ${v}`), version, {
    what: 'the note about the update',
  });
  await until(running, (n) => document.querySelectorAll('ul[aria-label^="Saved papers"] [data-paper-id]').length === n, STARS, {
    what: `${STARS} saved papers in the popup`,
  });
  await running.close();

  const after = await waitForRows(b, 'papers', PAGE_CARDS, 'papers after the update');
  assert.equal(Math.floor(after.version / 10), schema, `the database is at schema version ${schema} (native ${after.version})`);
  assert.ok(after.version >= made.dump.version, 'the database was never taken back to an older version');
  for (const table of USER_TABLES) assertRowsKept(table, made.dump.rows[table] ?? [], after.rows[table] ?? []);
  for (const table of ['stars', 'tags', 'paperTags', 'notes', 'rules', 'settings']) {
    assert.equal(after.rows[table].length, made.dump.rows[table].length, `${table}: nothing added either`);
  }
  assertRowsKept('papers', made.dump.papers, after.papers);
  assert.equal(after.papers.length, made.dump.papers.length, 'papers: as many as before');

  // The library page lists the backup; the page shows the stars (read through the new background).
  const library = await b.openLibrary();
  await clickTab(library, 'Export & import');
  await until(
    library,
    () => /made by you/.test(document.querySelector('[aria-label="Backups kept in this browser"]')?.textContent ?? ''),
    undefined,
    { what: 'the backup listed' },
  );
  await library.close();
  const page = await b.open(CHECK_PAGE);
  const starred = made.cards.map((c) => c.id);
  await until(
    page,
    (ids) => ids.every((id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'true'),
    starred,
    { what: 'the stars on the page after the update' },
  );
  await page.close();
  // The library as it is now (that visit counted its papers as seen once more).
  return waitForRows(b, 'papers', PAGE_CARDS, 'papers after the visit');
}

/**
 * A newer version's database (one schema version more, with a table this code does not know) is
 * refused by the current build: the popup and the library page say so, and every row stays.
 */
export async function checkNewerRefused(b, before) {
  const probe = await b.openPopup();
  const future = before.version + 10;
  await probe.evaluate(
    (future) =>
      new Promise((resolve, reject) => {
        // Our own pages' connections close on versionchange (Dexie's default), so this is not blocked for long.
        const open = indexedDB.open('paperdeck', future);
        open.onupgradeneeded = () => open.result.createObjectStore('fromTheFuture').put({ made: 'by a newer Paperdeck' }, 'x');
        open.onsuccess = () => (open.result.close(), resolve(true));
        open.onerror = () => reject(open.error);
      }),
    future,
  );
  await probe.close();
  const message = 'written by a newer version of Paperdeck';
  const popup = await b.openPopup();
  await until(popup, (m) => document.querySelector('[role="alert"]')?.textContent.includes(m), message, {
    what: 'the popup refusing the newer library',
  });
  await popup.close();
  const library = await b.openLibrary();
  await until(library, (m) => document.querySelector('[role="alert"]')?.textContent.includes(m), message, {
    what: 'the library page refusing the newer library',
  });
  await library.close();
  const after = await dumpDatabase(b);
  assert.equal(after.version, future, 'the newer database keeps its version');
  for (const table of USER_TABLES) assertRowsKept(table, before.rows[table] ?? [], after.rows[table] ?? []);
  // (Without seenCount: a page read still being merged when `before` was read may count once more.)
  const unseen = (papers) => papers.map(([id, title, , firstSeenAt, abstract]) => [id, title, firstSeenAt, abstract]);
  assertRowsKept('papers', unseen(before.papers), unseen(after.papers));
  assert.equal(after.papers.length, before.papers.length);
}
