// Accessibility (issue 19) in real Firefox ESR with the built MV2 add-on (puppeteer-core over WebDriver BiDi): axe-core over our UI on
// the papers pages and over the extension's pages, and the keyboard-only scenarios.
import { test, before, after } from 'node:test';
import { launchFirefox } from './harness/firefox.mjs';
import { SCENARIO_TIMEOUT } from './harness/util.mjs';
import { a11yScenarios } from './scenarios/a11y.mjs';

let b;
before(async () => {
  b = await launchFirefox();
});
after(async () => {
  await b?.close();
});

// SCENARIO=<words> runs only the scenarios whose name contains them.
const only = process.env.SCENARIO;
for (const [name, run] of Object.entries(a11yScenarios)) {
  if (only && !name.includes(only)) continue;
  // The extension pages' themes are emulated through Playwright's emulateMedia; the export's
  // download is caught by Playwright only. Both run in Chromium.
  if (name.includes('the popup, the library page') || name.includes('export')) continue;
  test(`firefox: ${name}`, { timeout: SCENARIO_TIMEOUT }, () => run(b));
}
