// The update path in real Chromium: the previous release (tests/e2e/upgrade/previous.tar.xz)
// makes a library of 1,000+ papers; the browser stops and starts again on the same profile; the
// current build replaces the previous one in the same folder and is reloaded as on
// chrome://extensions (an update: same id, from the fixed key; runtime.onInstalled says
// `update`). Then a newer version's database is refused. See scenarios/upgrade.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROME_DIR, launchChromium } from './harness/chromium.mjs';
import { checkNewerRefused, checkUpgraded, makeLibrary, unpackPrevious, upgradeSite } from './scenarios/upgrade.mjs';

let previous;
let work;
let b;
before(async () => {
  previous = await unpackPrevious();
  work = await mkdtemp(path.join(tmpdir(), 'pd-upgrade-chromium-'));
});
after(async () => {
  await b?.close();
  await previous?.cleanup();
  if (work) await rm(work, { recursive: true, force: true });
});

test(
  'chromium: an update from the previous release keeps every row, setting and backup, and upgrades the schema; a newer database is refused',
  { timeout: 240_000 },
  async () => {
    const extensionDir = path.join(work, 'extension');
    const userDataDir = path.join(work, 'profile');
    const site = await upgradeSite(previous.pageHtml);

    await cp(previous.chromeDir, extensionDir, { recursive: true });
    b = await launchChromium({ extensionDir, userDataDir, site });
    const previousId = b.extensionId;
    const made = await makeLibrary(b);
    // Stop, and start again on the same profile.
    await b.close();
    b = await launchChromium({ extensionDir, userDataDir, site });
    assert.equal(b.extensionId, previousId);

    // The update: the new version's files where the old ones were, then a reload.
    await rm(extensionDir, { recursive: true });
    await cp(CHROME_DIR, extensionDir, { recursive: true });
    const version = await b.reloadExtension();
    assert.notEqual(version, previous.meta.version, `updated from ${previous.meta.version} to ${version}`);
    assert.equal(b.extensionId, previousId, 'the same id across versions');
    const upgraded = await checkUpgraded(b, made);
    await checkNewerRefused(b, upgraded);
    assert.deepEqual([...b.errors, ...site.blocked], [], 'no page error, no request left the machine');
  },
);
