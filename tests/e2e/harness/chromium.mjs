// Real Chromium (Debian's /usr/bin/chromium) with the built extension loaded unpacked, driven by
// playwright-core. huggingface.co is answered by a FakeSite; every other host is blocked.
import { chromium } from 'playwright-core';
import { mkdtemp, rm, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeSite } from './site.mjs';

export const CHROME_DIR = fileURLToPath(new URL('../../../.output/chrome-mv3', import.meta.url));
const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Flags for Debian's Chromium here (also used by the benchmarks): root needs --no-sandbox, and
 * without the background-networking flags Chromium keeps dialling Google hosts this machine
 * cannot reach.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Launches Chromium with the extension. `--load-extension` works with Debian's (unbranded)
 * Chromium; Google-branded Chrome ignores it since v137. `userDataDir`: a profile to use and keep
 * (the upgrade test starts the browser again on the same profile); by default a fresh one,
 * deleted on close.
 * @param {{ site?: FakeSite, extensionDir?: string, userDataDir?: string }} [opts]
 */
export async function launchChromium(opts = {}) {
  const extensionDir = opts.extensionDir ?? CHROME_DIR;
  await access(path.join(extensionDir, 'manifest.json')).catch(() => {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build\` first.`);
  });
  const site = opts.site ?? new FakeSite();
  const userDataDir = opts.userDataDir ?? (await mkdtemp(path.join(tmpdir(), 'pd-chromium-')));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: EXECUTABLE,
    headless: true,
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...CHROMIUM_ARGS],
  });
  await context.route(/^https?:\/\//, async (route) => {
    const url = route.request().url();
    if (!FakeSite.owns(url)) {
      site.blocked.push(url);
      return route.abort('blockedbyclient');
    }
    const res = await site.respond(url);
    return route.fulfill({ status: res.status, contentType: res.contentType, body: res.body });
  });

  // The extension id is the host of its service worker's URL. A timeout here means Chromium
  // refused the extension (run with --enable-logging=stderr to see why).
  let worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 }).catch(() => {
    throw new Error('The extension did not load: its service worker never started.');
  });
  const extensionId = new URL(worker.url()).host;
  const errors = [];

  return {
    kind: 'chromium',
    context,
    site,
    extensionId,
    worker,
    /** Page errors thrown on huggingface.co pages (the host page must never break because of us). */
    errors,
    extensionUrl: (file) => `chrome-extension://${extensionId}/${file}`,
    async newPage() {
      const page = await context.newPage();
      page.on('pageerror', (err) => errors.push(err));
      return page;
    },
    async open(pathOrUrl, { init, arg } = {}) {
      const page = await this.newPage();
      // `init(arg)` runs in the page's main world before any of its scripts (and before ours).
      if (init) await page.addInitScript(init, arg);
      const url = /^[a-z-]+:\/\//.test(pathOrUrl) ? pathOrUrl : `https://huggingface.co${pathOrUrl}`;
      await page.goto(url);
      return page;
    },
    openPopup() {
      return this.open(this.extensionUrl('popup.html'));
    },
    openLibrary() {
      return this.open(this.extensionUrl('library.html'));
    },
    /**
     * Reloads the extension from its folder, as "Reload" on chrome://extensions does: after the
     * folder's files were replaced by a newer build, that is an update (runtime.onInstalled says
     * `update`, with the previous version). Restarting the browser is not: Chromium installs a
     * --load-extension folder afresh at each start (reason `install`). A reloaded extension
     * stops being a command-line one, and is disabled unless developer mode is on: it is
     * turned on first. Resolves with the running version once the extension answers again.
     */
    async reloadExtension() {
      const page = await context.newPage();
      try {
        await page.goto('chrome://extensions');
        await page.evaluate(async (id) => {
          await chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true });
          await chrome.developerPrivate.reload(id, { failQuietly: false });
        }, extensionId);
        for (const deadline = Date.now() + 15_000; ;) {
          const [info] = await page.evaluate(
            (id) => chrome.developerPrivate.getExtensionsInfo({ includeDisabled: true }).then((all) => all.filter((e) => e.id === id)),
            extensionId,
          );
          if (info?.state === 'ENABLED') return info.version;
          if (Date.now() > deadline) throw new Error(`the extension did not come back after its reload: ${JSON.stringify(info)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      } finally {
        await page.close();
      }
    },
    async close() {
      await context.close();
      if (!opts.userDataDir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
