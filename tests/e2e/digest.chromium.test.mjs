// The daily digest in Chromium (scenarios/digest.mjs says what each browser lets a test see).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROME_DIR, launchChromium } from './harness/chromium.mjs';
import { until } from './harness/util.mjs';
import {
  EXPECTED_NOTIFICATION,
  FOLLOWED,
  assertDigestDay,
  assertNoDigestPermissions,
  digestSwitch,
  followOrganization,
} from './scenarios/digest.mjs';

let b;
before(async () => {
  b = await launchChromium();
});
after(async () => {
  await b?.close();
});

test('a fresh install has none of the digest permissions, declared optional, and the switch is off', async () => {
  await assertNoDigestPermissions(() => b.worker.evaluate(() => chrome.permissions.getAll()));
  const manifest = await b.worker.evaluate(() => chrome.runtime.getManifest());
  assert.deepEqual(manifest.optional_permissions, ['alarms', 'notifications']);
  assert.ok(!manifest.permissions.includes('alarms') && !manifest.permissions.includes('notifications'));
  const popup = await b.openPopup();
  assert.equal(await digestSwitch(popup), false);
  await popup.close();
});

test('the switch asks for exactly the optional permissions in its click, and nothing is fetched before the user says yes', async () => {
  const popup = await b.open(b.extensionUrl('popup.html'), {
    // Records each permissions.request (the real one still runs and shows the browser's prompt).
    init: () => {
      const request = chrome.permissions.request.bind(chrome.permissions);
      globalThis.__pdAsked = [];
      chrome.permissions.request = (p, ...rest) => (globalThis.__pdAsked.push(p), request(p, ...rest));
    },
  });
  await digestSwitch(popup);
  await popup.click('.pd-digest-switch input[type=checkbox]');
  await popup.waitForFunction(() => globalThis.__pdAsked.length > 0);
  assert.deepEqual(await popup.evaluate(() => globalThis.__pdAsked), [{ permissions: ['alarms', 'notifications'] }]);
  // The prompt is up, unanswered: still off, nothing granted, no request to the API.
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await popup.evaluate(() => document.querySelector('.pd-digest-switch input').checked), false);
  await assertNoDigestPermissions(() => b.worker.evaluate(() => chrome.permissions.getAll()));
  assert.deepEqual(
    b.site.requests.filter((r) => r.startsWith('/api/')),
    [],
  );
  await popup.close();
});

/**
 * The build as the user's "Allow" leaves it: a copy whose manifest also lists the digest's optional
 * permissions as required, so they are granted at install. This is the one simulated step: Chromium's prompt cannot be
 * answered from outside (its own tests call a C++ auto-confirm hook; no switch or pref does it).
 * A profile whose Preferences already hold the grant was not tried: Chromium installs a
 * --load-extension folder afresh at each start, and it keeps extension settings MAC-protected.
 * Everything else is the real path: the switch's click still calls permissions.request (which
 * resolves "granted" without a prompt), the background hears the switch and sets its real alarm,
 * its service worker's fetch is routed to the fixture by context.route, and
 * chrome.notifications shows the day. The `key` keeps the extension id.
 */
async function grantedCopy() {
  const dir = await mkdtemp(path.join(tmpdir(), 'pd-granted-'));
  await cp(CHROME_DIR, dir, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
  manifest.permissions.push(...manifest.optional_permissions);
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

test('opt in → the routed API answers → a notification → the Digest tab lists the day in order (the grant simulated)', async () => {
  await b.close();
  const dir = await grantedCopy();
  try {
    b = await launchChromium({ extensionDir: dir });
    const library = await b.openLibrary();
    await followOrganization(library, FOLLOWED);

    // What the background passes to chrome.notifications.create (the real one still runs).
    await b.worker.evaluate(() => {
      globalThis.__pdNotified = [];
      for (const api of new Set([globalThis.chrome, globalThis.browser].map((ns) => ns?.notifications).filter(Boolean))) {
        const create = api.create.bind(api);
        api.create = (id, options) => (globalThis.__pdNotified.push({ id, message: options.message }), create(id, options));
      }
    });
    const popup = await b.openPopup();
    assert.equal(await digestSwitch(popup), false);
    await popup.click('.pd-digest-switch input[type=checkbox]');
    await until(popup, () => document.querySelector('.pd-digest-switch input').checked, undefined, { what: 'the switch on' });
    // The background's real daily alarm (lib/digest/schedule.ts DAILY_ALARM).
    await until(b.worker, () => chrome.alarms.get('paperdeck-digest-daily').then(Boolean), undefined, { what: 'the daily alarm' });

    const shown = await until(
      b.worker,
      () => chrome.notifications.getAll().then((all) => Object.keys(all).length > 0 && Object.keys(all)),
      undefined,
      {
        what: 'a notification',
        timeout: 15_000,
      },
    );
    assert.deepEqual(shown, ['paperdeck-digest']);
    assert.deepEqual(await b.worker.evaluate(() => globalThis.__pdNotified), [{ id: 'paperdeck-digest', message: EXPECTED_NOTIFICATION }]);
    // The popup says when the last day came, with the way to it.
    await popup.waitForSelector('.pd-digest-switch a[href$="library.html#digest"]');

    await assertDigestDay(b.site, library);
    assert.deepEqual(b.site.blocked, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
