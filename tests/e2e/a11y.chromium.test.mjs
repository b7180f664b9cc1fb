// Accessibility (issue 19) in real Chromium with the built MV3 extension: axe-core over our UI on
// the papers pages and over the extension's pages, and the keyboard-only scenarios.
import { test, before, after } from 'node:test';
import { launchChromium } from './harness/chromium.mjs';
import { SCENARIO_TIMEOUT } from './harness/util.mjs';
import { a11yScenarios } from './scenarios/a11y.mjs';

let b;
before(async () => {
  b = await launchChromium();
});
after(async () => {
  await b?.close();
});

// SCENARIO=<words> runs only the scenarios whose name contains them.
const only = process.env.SCENARIO;
for (const [name, run] of Object.entries(a11yScenarios)) {
  if (only && !name.includes(only)) continue;
  test(`chromium: ${name}`, { timeout: SCENARIO_TIMEOUT }, () => run(b));
}
