// The daily digest, end to end (issue 16), in both browsers: a fresh install has none of the
// digest's optional permissions, and the popup's switch asks for them in its click.
//
// What each browser lets a test see beyond that (see the two suites):
// - Firefox answers its own permission prompt "Allow" with a pref, so the user's opt-in is real
//   there; the background then asks for the day at once (its schedule records the request).
//   Firefox's harness answers requests of tabs only (puppeteer intercepts per page), not those of
//   the add-on's background page: the API's answer, the notification and the Digest tab's order are
//   covered by the unit tests (tests/unit/digest) there.
// - Chromium's prompt for a permission with a warning ("Display notifications") cannot be
//   answered from a test (no switch or pref does it outside Chromium's own browser tests): the
//   suite checks the request is made from the click with exactly the optional permissions, and
//   that nothing is fetched while the user has not said yes.
import assert from 'node:assert/strict';

export async function digestSwitch(popup) {
  await popup.waitForSelector('.pd-digest-switch input[type=checkbox]:not([disabled])');
  return popup.evaluate(() => document.querySelector('.pd-digest-switch input').checked);
}

export async function assertNoDigestPermissions(granted) {
  const { permissions } = await granted();
  assert.ok(!permissions.includes('notifications'), `granted: ${permissions}`);
  assert.ok(!permissions.includes('alarms'), `granted: ${permissions}`);
}
