// Chromium-only surfaces: the context menu on links to papers, and the side panel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './harness/chromium.mjs';
import { readTable, until } from './harness/util.mjs';

let b;
before(async () => {
  b = await launchChromium();
});
after(async () => {
  await b?.close();
});

test('the built manifest declares the context menu and side panel, and nothing more', async () => {
  const manifest = await b.worker.evaluate(() => chrome.runtime.getManifest());
  assert.deepEqual([...manifest.permissions].sort(), ['contextMenus', 'scripting', 'sidePanel', 'storage', 'unlimitedStorage']);
  assert.equal(manifest.side_panel.default_path, 'sidepanel.html');
});

test('context menu "Star this paper" on an arXiv link saves it (a stub) and it shows in the side panel', async () => {
  // The browser's menu UI cannot be clicked from a test; the click event it sends is dispatched
  // to the background's real listener instead.
  await b.worker.evaluate(() =>
    chrome.contextMenus.onClicked.dispatch(
      {
        menuItemId: 'pd-menu-star',
        linkUrl: 'https://arxiv.org/abs/1706.03762v7',
        linkText: 'Attention Is All You Need',
        editable: false,
        pageUrl: 'https://example.org/',
      },
      { id: -1 },
    ),
  );
  const panel = await b.open(b.extensionUrl('sidepanel.html'));
  await until(panel, () => document.body.textContent.includes('Attention Is All You Need'), undefined, {
    what: 'stub paper in the side panel',
  });
  const stars = await readTable(panel, 'stars');
  assert.ok(
    stars.some((s) => s.paperId === '1706.03762'),
    'starred',
  );
  const paper = (await readTable(panel, 'papers')).find((p) => p.id === '1706.03762');
  assert.equal(paper.title, 'Attention Is All You Need');
  // The panel fills its width (the popup's fixed 380 px would not).
  const width = await panel.evaluate(() => document.querySelector('.pd-popup').getBoundingClientRect().width);
  assert.equal(width, await panel.evaluate(() => document.documentElement.clientWidth));
  await panel.close();
});

test('context menu on a link that is not a paper writes nothing', async () => {
  const page = await b.openPopup();
  const before = await readTable(page, 'stars');
  await b.worker.evaluate(() =>
    chrome.contextMenus.onClicked.dispatch(
      { menuItemId: 'pd-menu-star', linkUrl: 'https://huggingface.co/papers?q=x', editable: false, pageUrl: 'https://example.org/' },
      { id: -1 },
    ),
  );
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await readTable(page, 'stars'), before);
  await page.close();
});
