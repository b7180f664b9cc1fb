// The daily digest, end to end (issue 16), in both browsers: a fresh install has none of the
// digest's optional permissions; the popup's switch asks for them in its click; then, opted in,
// the background's one request is answered by the fixture, a notification says what the day holds
// (a follow rule made in the library page counts), and the Digest tab lists the day in order.
//
// How each browser lets a test get there:
// - Firefox answers its own permission prompt "Allow" with a pref, so the opt-in is real. Its
//   background page is not a tab, and WebDriver BiDi neither reports nor intercepts its requests:
//   they go through a local proxy answering from the same fixtures (harness/proxy.mjs). Headless
//   Firefox has no notification service and closes a notification at once: the test sees the
//   create call's text and the close event.
// - Chromium's prompt for a permission with a warning ("Display notifications") cannot be
//   answered from a test (its own tests use a C++ auto-confirm hook): the suite checks the
//   request is made from the click with exactly the optional permissions and that nothing is
//   fetched before a yes; the rest runs on a copy of the build whose manifest lists the
//   permissions as granted (the one simulated step), where the service worker's fetch is routed
//   by context.route and chrome.notifications is real.
import assert from 'node:assert/strict';
import { clickIn, selectByLabel, until } from '../harness/util.mjs';

export async function digestSwitch(popup) {
  await popup.waitForSelector('.pd-digest-switch input[type=checkbox]:not([disabled])');
  return popup.evaluate(() => document.querySelector('.pd-digest-switch input').checked);
}

export async function assertNoDigestPermissions(granted) {
  const { permissions } = await granted();
  assert.ok(!permissions.includes('notifications'), `granted: ${permissions}`);
  assert.ok(!permissions.includes('alarms'), `granted: ${permissions}`);
}

/**
 * Follows an organization from the library page's rules tab, as a user would (the Follow rules
 * tab, "Follow by", the name, "Follow").
 */
export async function followOrganization(library, name) {
  await library.waitForSelector('#pd-lib-tab-rules');
  await clickIn(library, '#pd-lib-tab-rules');
  await library.waitForSelector('#pd-rule-action-tab-follow');
  await clickIn(library, '#pd-rule-action-tab-follow');
  const form = 'form.pd-rule-form';
  await library.waitForSelector(`${form} select`);
  await selectByLabel(library, `${form} select`, 'Organization');
  await library.type(`${form} input[type=text]`, name);
  await clickIn(library, `${form} button[type=submit]`);
  await until(library, (name) => document.querySelector('.pd-follows')?.textContent.includes(name), name, { what: `the rule on ${name}` });
}

/** The Digest tab's papers in order: [id, reasons in words] per paper, the hidden ones left out. */
export async function digestList(library) {
  await library.waitForSelector('#pd-lib-tab-digest');
  await clickIn(library, '#pd-lib-tab-digest');
  return until(
    library,
    () => {
      const items = [...document.querySelectorAll('ol.pd-digest-list > li.pd-digest-item')];
      return (
        items.length > 0 &&
        items.map((li) => [
          li.querySelector('[data-paper-id]')?.dataset.paperId,
          [...li.querySelectorAll('.pd-reason')].map((r) => r.textContent),
        ])
      );
    },
    undefined,
    { what: 'the Digest tab to list the day' },
  );
}

/**
 * What the opt-in must lead to, seen from the extension: the one request to the API, for the last
 * complete UTC day; the day kept, ranked as the fixture and the follow rule say; and the Digest
 * tab listing it in that order with the reasons. (The notification is checked by each suite.)
 */
// Following deepmind puts its paper (41 upvotes) above the day's most upvoted (88).
export const FOLLOWED = 'deepmind';
export const EXPECTED_ORDER = ['2612.01001', '2612.01003', '2612.01005', '2612.01002', '2612.01004'];
export const EXPECTED_NOTIFICATION = '1 paper for you today — 1 from labs you follow';

export async function assertDigestDay(site, library) {
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  assert.deepEqual(
    site.requests.filter((r) => r.startsWith('/api/')),
    [`/api/daily_papers?date=${day}&limit=100`],
  );
  const list = await digestList(library);
  assert.deepEqual(
    list.map(([id]) => id),
    EXPECTED_ORDER,
  );
  assert.deepEqual(list[0][1], ['following: Organization deepmind']);
  assert.deepEqual(list[1][1], ['▲ 88 upvotes today']);
}
