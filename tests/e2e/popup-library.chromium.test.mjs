// The popup and the library page in real Chromium with the built MV3 extension (issue 6): the
// shared scenarios, then export, import into a fresh profile and hostile files.
import { test, before, after } from 'node:test';
import { launchChromium } from './harness/chromium.mjs';
import { SCENARIO_TIMEOUT } from './harness/util.mjs';
import { chromiumLibraryScenarios, librarySite, libraryScenarios } from './scenarios/library.mjs';

let b;
before(async () => {
  b = await launchChromium({ site: await librarySite() });
});
after(async () => {
  await b?.close();
});

// SCENARIO=<words> runs only the scenarios whose name contains them.
const only = process.env.SCENARIO;
for (const [name, run] of Object.entries({ ...libraryScenarios, ...chromiumLibraryScenarios })) {
  if (only && !name.includes(only)) continue;
  test(`chromium: ${name}`, { timeout: SCENARIO_TIMEOUT }, () => run(b));
}
