// Real Firefox (Debian's firefox-esr) with the built extension installed as a temporary add-on,
// driven by puppeteer-core over WebDriver BiDi (there is no geckodriver package, and Playwright
// cannot drive stock Firefox). huggingface.co is answered by a FakeSite through request
// interception; every other host is blocked.
import puppeteer from 'puppeteer-core';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeSite } from './site.mjs';
import { startSiteProxy } from './proxy.mjs';
import { answerWithin } from './util.mjs';

export const FIREFOX_DIR = fileURLToPath(new URL('../../../.output/firefox-mv2', import.meta.url));
const EXECUTABLE = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
// Pinned so that moz-extension://<uuid>/popup.html is known before the add-on installs (and, for
// the upgrade test, so that a reinstall keeps the same origin, as an installed add-on does).
export const UUID = '6a1f3c2e-8d4b-4e9a-9f0c-2b7d5e1a4c3f';

/** The add-on id, as the build declares it (written once, in wxt.config.ts). */
export async function geckoId(extensionDir = FIREFOX_DIR) {
  const manifest = JSON.parse(await readFile(path.join(extensionDir, 'manifest.json'), 'utf8'));
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${extensionDir}/manifest.json declares no gecko id`);
  return id;
}

/**
 * `proxy`: also answer requests that are not a tab's (the add-on's background page) from the same
 * FakeSite, through a local HTTPS proxy (harness/proxy.mjs says why and how).
 * @param {{ site?: FakeSite, extensionDir?: string, prefs?: Record<string, unknown>, proxy?: boolean }} [opts]
 */
export async function launchFirefox(opts = {}) {
  const extensionDir = opts.extensionDir ?? FIREFOX_DIR;
  await access(path.join(extensionDir, 'manifest.json')).catch(() => {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build\` first.`);
  });
  const id = await geckoId(extensionDir);
  const site = opts.site ?? new FakeSite();
  const proxy = opts.proxy ? await startSiteProxy(site) : null;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: EXECUTABLE,
    headless: true,
    args: ['--remote-allow-system-access'],
    // The proxy's certificate is its own (harness/proxy.mjs); nothing else is reached over TLS.
    acceptInsecureCerts: proxy !== null,
    extraPrefsFirefox: {
      'xpinstall.signatures.required': false,
      'extensions.webextensions.uuids': JSON.stringify({ [id]: UUID }),
      // No background traffic from Firefox itself.
      'network.captive-portal-service.enabled': false,
      'browser.safebrowsing.update.enabled': false,
      ...proxy?.prefs,
      ...opts.prefs,
    },
  });
  await browser.installExtension(extensionDir);
  const errors = [];

  async function newPage() {
    const page = await browser.newPage();
    page.on('pageerror', (err) => errors.push(err));
    await page.setRequestInterception(true);
    const answer = async (request) => {
      const url = request.url();
      if (!/^https?:/.test(url)) return request.continue();
      if (!FakeSite.owns(url)) {
        site.blocked.push(url);
        return request.abort('blockedbyclient');
      }
      const res = await site.respond(url);
      return request.respond({ status: res.status, contentType: res.contentType, body: res.body });
    };
    page.on('request', (request) =>
      answer(request).catch((error) => {
        // A request the browser dropped before our answer (its page closed or navigated away) needs
        // none; Firefox says "no such request". Anything else is a real failure.
        if (!/no such request/i.test(String(error?.message ?? error))) throw error;
      }),
    );
    return page;
  }

  return {
    kind: 'firefox',
    browser,
    site,
    errors,
    extensionUrl: (file) => `moz-extension://${UUID}/${file}`,
    newPage,
    async open(pathOrUrl, { init, arg } = {}) {
      const page = await newPage();
      // `init(arg)` runs in the page's main world before any of its scripts (and before ours).
      if (init) await page.evaluateOnNewDocument(init, arg);
      const url = /^[a-z-]+:\/\//.test(pathOrUrl) ? pathOrUrl : `https://huggingface.co${pathOrUrl}`;
      if (url.startsWith('moz-extension://')) {
        // goto on a moz-extension page never resolves under BiDi: start it, then wait for the DOM.
        // Polled with page.evaluate, not waitForFunction: Puppeteer builds the waited-for predicate
        // with `new Function` inside the page, which the extension page's CSP refuses ("call to
        // Function() blocked by CSP") once the navigation has landed.
        page.goto(url).catch(() => {});
        // Poll with evaluate, which runs in the frame's current realm. (waitForFunction stays in
        // the about:blank realm the navigation destroys and fails with "Waiting failed", and
        // page.url() is not updated for moz-extension navigations.)
        for (const deadline = Date.now() + 15_000; ;) {
          const ready = await page
            .evaluate(() => location.protocol === 'moz-extension:' && document.readyState !== 'loading')
            .catch(() => false);
          if (ready) break;
          if (Date.now() > deadline) throw new Error(`${url} did not open`);
          await new Promise((r) => setTimeout(r, 50));
        }
      } else {
        await page.goto(url);
      }
      return page;
    },
    openPopup() {
      return this.open(this.extensionUrl('popup.html'));
    },
    openLibrary() {
      return this.open(this.extensionUrl('library.html'));
    },
    async close() {
      // A Firefox that does not quit when asked is killed: the next suite needs the machine.
      await answerWithin(browser.close(), 30_000, 'Firefox to quit').catch(() => browser.process()?.kill('SIGKILL'));
      await proxy?.close();
    },
  };
}
