// The daily digest in Firefox ESR (scenarios/digest.mjs says what each browser lets a test see).
// Firefox's prompt for optional permissions is answered "Allow" by its pref
// extensions.webextOptionalPermissionPrompts=false: permissions.request still runs from the
// popup's click and still grants only what the manifest lists as optional. The background page's
// request to the API, which WebDriver BiDi does not see, is answered through a local proxy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchFirefox } from './harness/firefox.mjs';
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
  // `proxy`: the background page's request to the API is answered by the fixture too (harness/proxy.mjs).
  b = await launchFirefox({ proxy: true, prefs: { 'extensions.webextOptionalPermissionPrompts': false } });
});
after(async () => {
  await b?.close();
});

/** An extension page opened the sturdy way (see popup-library.firefox.test.mjs). */
async function openExtension(file) {
  const p = await b.newPage();
  p.goto(b.extensionUrl(file)).catch(() => {});
  for (const deadline = Date.now() + 20_000; ;) {
    const ready = await p.evaluate(() => location.protocol === 'moz-extension:' && document.readyState !== 'loading').catch(() => false);
    if (ready) return p;
    if (Date.now() > deadline) throw new Error(`${file} did not open`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs `fn` in a fresh extension page (a page opened before a grant may lack the granted API). */
async function inExtension(fn) {
  const p = await openExtension('popup.html');
  try {
    return await p.evaluate(fn);
  } finally {
    await p.close();
  }
}

test('firefox: a fresh install has none of the digest permissions, and the switch is off', async () => {
  await assertNoDigestPermissions(() => inExtension(() => browser.permissions.getAll()));
  const popup = await openExtension('popup.html');
  assert.equal(await digestSwitch(popup), false);
  await popup.close();
});

test('firefox: opt in → the API answers the background → a notification → the Digest tab lists the day in order; off takes the permission back', async () => {
  const library = await openExtension('library.html');
  await followOrganization(library, FOLLOWED);
  // The answer waits until a page is listening for what it sets off.
  const release = b.site.holdApi();
  const popup = await openExtension('popup.html');
  await digestSwitch(popup);
  await popup.click('.pd-digest-switch input[type=checkbox]');
  await until(popup, () => document.querySelector('.pd-digest-switch input').checked, undefined, { what: 'the switch on' });
  const { permissions } = await inExtension(() => browser.permissions.getAll());
  assert.ok(permissions.includes('notifications'), `granted: ${permissions}`);
  assert.ok(!permissions.includes('alarms'), 'Firefox has no optional alarms: timers wake its background page');

  // A page opened after the grant hears the notification's events; it also records what the
  // background page passes to notifications.create (the real one still runs). Headless Firefox
  // has no notification service: it closes the notification as soon as it is made.
  const watcher = await openExtension('popup.html');
  await watcher.evaluate(async () => {
    globalThis.__pdSeen = [];
    browser.notifications.onClosed.addListener((id) => globalThis.__pdSeen.push({ closed: id }));
    const api = (await browser.runtime.getBackgroundPage()).browser.notifications;
    const create = api.create.bind(api);
    api.create = (id, options) => (globalThis.__pdSeen.push({ id, message: options.message }), create(id, options));
  });
  release();
  const seen = await until(watcher, () => globalThis.__pdSeen.some((e) => e.closed) && globalThis.__pdSeen, undefined, {
    what: 'the notification',
    timeout: 15_000,
  });
  assert.deepEqual(seen, [{ id: 'paperdeck-digest', message: EXPECTED_NOTIFICATION }, { closed: 'paperdeck-digest' }]);
  await watcher.close();

  await assertDigestDay(b.site, library);

  // Turning it off removes the permission again.
  await popup.click('.pd-digest-switch input[type=checkbox]');
  await until(popup, () => !document.querySelector('.pd-digest-switch input').checked, undefined, { what: 'the switch off' });
  await assertNoDigestPermissions(() => inExtension(() => browser.permissions.getAll()));
  await popup.close();
  await library.close();
});

test('firefox: nothing reached the network', () => {
  assert.deepEqual(b.site.blocked, []);
});
