// The pictures each store asks for besides screenshots, drawn in Chromium from the extension's
// own icons (components/public/icon): nothing here is drawn by hand.
//
//   Chrome Web Store (developer.chrome.com/docs/webstore/images): a 128×128 PNG icon whose
//   artwork is 96×96 with 16 px of transparent padding on each side, and the small promo tile,
//   440×280 (the marquee, 1400×560, is optional and only for featured items: not made).
//   addons.mozilla.org: a square icon, 128×128, shown at 64×64 and 32×32 (both sizes given).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../e2e/harness/chromium.mjs';
import { manifestTexts } from './listing.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ICONS = path.join(ROOT, 'components/public/icon');

/** What is made: store folder, file name, size. */
export const STORE_IMAGES = [
  ['chrome', 'icon-128.png', 128, 128],
  ['chrome', 'promo-small-440x280.png', 440, 280],
  ['firefox', 'icon-128.png', 128, 128],
  ['firefox', 'icon-64.png', 64, 64],
];

/** Draws `src` (a data URL) at (x, y, w, h) on a transparent `width`×`height` canvas; returns PNG bytes. */
function draw(page, { src, width, height, x, y, w, h }) {
  return page
    .evaluate(
      async ({ src, width, height, x, y, w, h }) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const canvas = document.createElement('canvas');
        Object.assign(canvas, { width, height });
        const ctx = canvas.getContext('2d');
        ctx.imageSmoothingQuality = 'high';
        ctx.drawImage(img, x, y, w, h);
        return canvas.toDataURL('image/png').split(',')[1];
      },
      { src, width, height, x, y, w, h },
    )
    .then((b64) => Buffer.from(b64, 'base64'));
}

/** The colour of the icon's background (its pixel at 24, 24), for the promo tile. */
function iconColour(page, src) {
  return page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: img.width, height: img.height });
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const [r, g, b] = ctx.getImageData(24, 24, 1, 1).data;
    return `rgb(${r} ${g} ${b})`;
  }, src);
}

/** Writes the store images under `outDir/<store>/`; returns the files written. */
export async function renderStoreImages(outDir) {
  const dataUrl = async (file) => `data:image/png;base64,${(await readFile(path.join(ICONS, file))).toString('base64')}`;
  const [icon96, icon128] = [await dataUrl('96.png'), await dataUrl('128.png')];
  const { name, summary } = manifestTexts();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const files = [];
  const save = async (store, file, png) => {
    await mkdir(path.join(outDir, store), { recursive: true });
    const target = path.join(outDir, store, file);
    await writeFile(target, png);
    files.push(target);
  };
  try {
    const page = await browser.newPage();
    await save('chrome', 'icon-128.png', await draw(page, { src: icon96, width: 128, height: 128, x: 16, y: 16, w: 96, h: 96 }));
    await save('firefox', 'icon-128.png', await draw(page, { src: icon128, width: 128, height: 128, x: 0, y: 0, w: 128, h: 128 }));
    await save('firefox', 'icon-64.png', await draw(page, { src: icon128, width: 64, height: 64, x: 0, y: 0, w: 64, h: 64 }));

    const background = await iconColour(page, icon128);
    await page.setViewportSize({ width: 440, height: 280 });
    // The name and the manifest's one-line summary, beside the icon (text via textContent, not markup).
    await page.setContent(`<!doctype html><html><body style="margin:0;width:440px;height:280px;overflow:hidden;background:${background};
      display:flex;align-items:center;gap:24px;padding:0 32px;box-sizing:border-box;font-family:system-ui,sans-serif;color:#fff">
      <img src="${icon96}" width="96" height="96" style="flex:none;border-radius:20px;box-shadow:0 0 0 2px rgb(255 255 255 / 0.25)">
      <div><h1 id="name" style="margin:0 0 8px;font-size:34px;letter-spacing:-0.01em"></h1>
      <p id="summary" style="margin:0;font-size:15px;line-height:1.35;opacity:0.9"></p></div></body></html>`);
    await page.evaluate(
      ({ name, summary }) => {
        document.getElementById('name').textContent = name;
        document.getElementById('summary').textContent = summary;
      },
      { name, summary },
    );
    await page.evaluate(() => Promise.all([...document.images].map((img) => img.decode())));
    await save('chrome', 'promo-small-440x280.png', await page.screenshot({ type: 'png' }));
  } finally {
    await browser.close();
  }
  return files;
}
