// The daily digest in Chromium (scenarios/digest.mjs says what each browser lets a test see).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './harness/chromium.mjs';
import { assertNoDigestPermissions, digestSwitch } from './scenarios/digest.mjs';

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
