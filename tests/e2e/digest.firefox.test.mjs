// The daily digest in Firefox ESR (scenarios/digest.mjs says what each browser lets a test see).
// Firefox's prompt for optional permissions is answered "Allow" by its pref
// extensions.webextOptionalPermissionPrompts=false: permissions.request still runs from the
// popup's click and still grants only what the manifest lists as optional.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchFirefox } from './harness/firefox.mjs';
import { assertNoDigestPermissions, digestSwitch } from './scenarios/digest.mjs';

let b;
before(async () => {
  b = await launchFirefox({ prefs: { 'extensions.webextOptionalPermissionPrompts': false } });
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

test('firefox: opting in grants notifications (never alarms), and the background asks for the day at once', async () => {
  const popup = await openExtension('popup.html');
  await digestSwitch(popup);
  await popup.click('.pd-digest-switch input[type=checkbox]');
  for (const deadline = Date.now() + 10_000; !(await digestSwitch(popup));) {
    if (Date.now() > deadline) throw new Error('the switch did not turn on');
    await new Promise((r) => setTimeout(r, 100));
  }
  const { permissions } = await inExtension(() => browser.permissions.getAll());
  assert.ok(permissions.includes('notifications'), `granted: ${permissions}`);
  assert.ok(!permissions.includes('alarms'), 'Firefox has no optional alarms: timers wake its background page');

  // The background heard the switch and made its one request for the last complete UTC day.
  const expected = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  let schedule;
  for (const deadline = Date.now() + 10_000; ;) {
    schedule = await inExtension(() => browser.storage.local.get('digest:schedule').then((s) => s['digest:schedule']));
    if (schedule?.attempts) break;
    if (Date.now() > deadline) throw new Error('the background made no request');
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(schedule.listing, expected);
  assert.equal(schedule.attempts, 1);

  // Turning it off removes the permission again.
  await popup.click('.pd-digest-switch input[type=checkbox]');
  for (const deadline = Date.now() + 10_000; await digestSwitch(popup);) {
    if (Date.now() > deadline) throw new Error('the switch did not turn off');
    await new Promise((r) => setTimeout(r, 100));
  }
  await assertNoDigestPermissions(() => inExtension(() => browser.permissions.getAll()));
  await popup.close();
});

test('firefox: nothing reached the network', () => {
  assert.deepEqual(b.site.blocked, []);
});
