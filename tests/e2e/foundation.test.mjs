import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium, CHROME_DIR } from './harness/chromium.mjs';

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

test('the content script bundles neither the database nor zod (it only reads the page and sends messages)', async () => {
  const code = await readFile(path.join(CHROME_DIR, 'content-scripts/content.js'), 'utf8');
  assert.ok(code.length > 10_000, 'content script built');
  assert.doesNotMatch(code, /indexedDB|Dexie/, 'no IndexedDB in the content script (it would be the site\'s)');
  assert.doesNotMatch(code, /ZodError|\$ZodType/, 'no zod in the content script (the background validates)');
});

test('the extension loads and its service worker runs', () => {
  assert.match(browser.extensionId, /^[a-p]{32}$/);
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

test('no request left the machine', () => {
  assert.deepEqual(browser.site.blocked, []);
});
