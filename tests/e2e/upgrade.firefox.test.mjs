// The update path in real Firefox: the previous release (tests/e2e/upgrade/previous.tar.xz) is
// installed as a temporary add-on and makes a library of 1,000+ papers; the current build is then
// installed over it in the same running browser. Firefox treats a temporary add-on installed
// again with the same id as an update of it (runtime.onInstalled says `update`, the background
// restarts, storage and IndexedDB stay: the pinned UUID keeps the origin). A temporary add-on
// does not outlive the browser, so unlike Chromium there is no restart in between. Then a newer
// version's database is refused. See scenarios/upgrade.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FIREFOX_DIR, geckoId, launchFirefox } from './harness/firefox.mjs';
import { checkNewerRefused, checkUpgraded, makeLibrary, unpackPrevious, upgradeSite } from './scenarios/upgrade.mjs';

let previous;
let b;
before(async () => {
  previous = await unpackPrevious();
});
after(async () => {
  await b?.close();
  await previous?.cleanup();
});

/** Page errors that are not script errors (see ../shared/TOOLCHAIN.md, Firefox test noise). */
const realErrors = (errors) => errors.filter((e) => !/Cross-Origin Request Blocked/.test(String(e?.message ?? e)));

test(
  'firefox: an update from the previous release keeps every row, setting and backup, and upgrades the schema; a newer database is refused',
  { timeout: 300_000 },
  async () => {
    assert.equal(await geckoId(previous.firefoxDir), await geckoId(FIREFOX_DIR), 'the same add-on id across versions');
    const site = await upgradeSite(previous.pageHtml);
    b = await launchFirefox({ extensionDir: previous.firefoxDir, site });
    const made = await makeLibrary(b);

    // The update, as Firefox does it for a temporary add-on: installed again, same id.
    await b.browser.installExtension(FIREFOX_DIR);
    const upgraded = await checkUpgraded(b, made);
    await checkNewerRefused(b, upgraded);
    assert.deepEqual([...realErrors(b.errors), ...site.blocked], [], 'no page error, no request left the machine');
  },
);
