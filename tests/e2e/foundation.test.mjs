import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { launchChromium, CHROME_DIR } from './harness/chromium.mjs';
import { FIREFOX_DIR } from './harness/firefox.mjs';
import { readZip } from './harness/zip.mjs';
import { inDatabase } from './harness/db.mjs';
import { permissionProblems, readListing } from '../release/listing.mjs';

const ROOT = path.join(CHROME_DIR, '../..');

/** The id Chrome gives an extension with this manifest `key`: SHA-256 of the key, 32 hex digits as a–p. */
function idFromKey(key) {
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
}

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

test('the built manifest asks for huggingface.co only and injects on papers pages', async () => {
  const manifest = JSON.parse(await readFile(path.join(CHROME_DIR, 'manifest.json'), 'utf8'));
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual(manifest.host_permissions, ['https://huggingface.co/*']);
  assert.deepEqual(manifest.content_scripts.map((c) => c.matches).flat(), ['https://huggingface.co/papers*']);
});

test("each browser's manifest asks for exactly the permissions the store listing justifies (tests/release/listing.json)", async () => {
  const listing = readListing();
  const problems = [];
  for (const [browser, dir] of [
    ['chrome', CHROME_DIR],
    ['firefox', FIREFOX_DIR],
  ]) {
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    problems.push(...permissionProblems(listing, manifest, browser));
  }
  assert.deepEqual(problems, []);
});

test('the content script bundles neither the database nor zod (it only reads the page and sends messages)', async () => {
  const code = await readFile(path.join(CHROME_DIR, 'content-scripts/content.js'), 'utf8');
  assert.ok(code.length > 10_000, 'content script built');
  assert.doesNotMatch(code, /indexedDB|Dexie/, "no IndexedDB in the content script (it would be the site's)");
  assert.doesNotMatch(code, /ZodError|\$ZodType/, 'no zod in the content script (the background validates)');
});

test("the popup's, side panel's and library page's first screen load neither Dexie nor zod (lib/db/deferred.ts loads them after), in at most 8 files", async () => {
  const staticImports = (code) =>
    [...code.matchAll(/\bimport\s*(?:[\w$\s{},*]*?from\s*)?["']\.\/([^"']+)["']/g)].map((m) => `chunks/${m[1]}`);
  for (const page of ['popup.html', 'sidepanel.html', 'library.html']) {
    const html = await readFile(path.join(CHROME_DIR, page), 'utf8');
    // The entry script (it starts the first rows' read, then imports the page's code, app-*.js)
    // and everything both load statically: the first screen's whole graph.
    const entry = html.match(/<script type="module"[^>]* src="\/(chunks\/[^"]+\.js)"/)?.[1];
    assert.ok(entry, `${page} has an entry script`);
    const app = (await readFile(path.join(CHROME_DIR, entry), 'utf8')).match(/import\(\s*["`']\.\/(app-[^"`']+\.js)["`']\s*\)/)?.[1];
    assert.ok(app, `${page}'s entry imports the page's code`);
    const graph = new Set();
    const visit = async (chunk) => {
      if (graph.has(chunk)) return;
      graph.add(chunk);
      const code = await readFile(path.join(CHROME_DIR, chunk), 'utf8');
      assert.doesNotMatch(code, /Dexie/, `no Dexie in ${chunk} (${page})`);
      assert.doesNotMatch(code, /\$ZodType/, `no zod in ${chunk} (${page})`);
      for (const file of staticImports(code)) await visit(file);
    };
    await visit(entry);
    await visit(`chunks/${app}`);
    assert.ok(graph.size > 3, `${page} loads its chunks: ${[...graph].join(', ')}`);
    // Few files: each is a request the browser serves one by one from the extension's folder, and
    // fifteen of them were most of the wait for the first rows (wxt.config.ts firstScreenChunks).
    assert.ok(graph.size <= 8, `${page}'s first screen is at most 8 files: ${[...graph].join(', ')}`);
  }
});

test('the extension loads and its service worker runs', () => {
  assert.match(browser.extensionId, /^[a-p]{32}$/);
});

test('the Chrome build has the fixed key: Chrome gives it the id the key derives, the one the README names', async () => {
  const manifest = JSON.parse(await readFile(path.join(CHROME_DIR, 'manifest.json'), 'utf8'));
  assert.match(manifest.key ?? '', /^MII[A-Za-z0-9+/]{300,}={0,2}$/, 'a base64 RSA public key');
  assert.equal(browser.extensionId, idFromKey(manifest.key));
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(browser.extensionId), `README names the extension id ${browser.extensionId}`);
});

test("the store zips: Chrome's manifest is the build's without the key (the store refuses one), Firefox's keeps the gecko id", async (t) => {
  const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
  const zip = (browser) => path.join(ROOT, `.output/paperdeck-${version}-${browser}.zip`);
  if (
    !(await access(zip('chrome')).then(
      () => true,
      () => false,
    ))
  )
    return t.skip('no store zips: `npm run zip` writes them');
  const built = JSON.parse(await readFile(path.join(CHROME_DIR, 'manifest.json'), 'utf8'));
  const chrome = await readZip(zip('chrome'));
  const { key, ...withoutKey } = built;
  assert.ok(key, 'the build has its key');
  assert.deepEqual(JSON.parse(chrome.get('manifest.json')), withoutKey);
  assert.ok(chrome.has('background.js') && chrome.has('content-scripts/content.js'), 'the zip holds the build');
  const firefox = await readZip(zip('firefox'));
  const builtFirefox = JSON.parse(await readFile(path.join(FIREFOX_DIR, 'manifest.json'), 'utf8'));
  assert.deepEqual(JSON.parse(firefox.get('manifest.json')), builtFirefox);
  assert.equal(builtFirefox.key, undefined, 'no Chrome key in the Firefox manifest');
  // (That the gecko id never changes is checked against the previous release: upgrade.*.test.mjs.)
  assert.match(builtFirefox.browser_specific_settings.gecko.id, /^[\w.-]+@[\w.-]+$/);
});

test('the content script runs on a routed /papers page', async () => {
  const page = await browser.open('/papers');
  // Visible effect: a star button on the first paper card.
  await page.locator('.pd-star').first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.close();
});

test('the popup renders', async () => {
  const page = await browser.openPopup();
  await page.getByRole('heading', { name: 'Paperdeck' }).waitFor();
  await page.close();
});

// The tests' own database helper (harness/db.mjs) on a page of the routed site, whose origin has
// no database of ours: it must wait for one to be made, never make it (a raw open would, and on a
// fresh profile it then hangs the test that asked: the previous CI run's 90-minute hang).
test("the tests' database helper waits for the database to be made and never makes one", async () => {
  const page = await browser.open('/papers');
  await assert.rejects(inDatabase(page, [{ op: 'getAll', table: 'rules' }], { timeout: 300 }), /did not make its database/);
  assert.deepEqual(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)), []);
  // Made 500 ms from now, as an extension's schema would be: the helper waits for it, then writes.
  await page.evaluate(() =>
    setTimeout(() => {
      const open = indexedDB.open('paperdeck', 60);
      open.onupgradeneeded = () => open.result.createObjectStore('rules', { keyPath: 'id' });
      open.onsuccess = () => open.result.close();
    }, 500),
  );
  const rule = { id: 'r1', pattern: 'x' };
  assert.deepEqual(
    await inDatabase(page, [
      { op: 'put', table: 'rules', value: rule },
      { op: 'getAll', table: 'rules' },
    ]),
    [true, [rule]],
  );
  await page.close();
});

test('no request left the machine', () => {
  assert.deepEqual(browser.site.blocked, []);
});
