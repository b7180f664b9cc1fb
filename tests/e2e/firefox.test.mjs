// The shared scenarios in real Firefox ESR with the built MV2 add-on.
import { test, before, after } from 'node:test';
import { launchFirefox } from './harness/firefox.mjs';
import { SCENARIO_TIMEOUT } from './harness/util.mjs';
import { pageScenarios } from './scenarios/page.mjs';
import { relevanceScenarios } from './scenarios/relevance.mjs';
import { followScenarios } from './scenarios/follow.mjs';

let b;
before(async () => {
  b = await launchFirefox();
});
after(async () => {
  await b?.close();
});

// SCENARIO=<words> runs only the scenarios whose name contains them.
const only = process.env.SCENARIO;
for (const [name, run] of Object.entries({ ...pageScenarios, ...relevanceScenarios, ...followScenarios })) {
  if (only && !name.includes(only)) continue;
  test(`firefox: ${name}`, { timeout: SCENARIO_TIMEOUT }, () => run(b));
}
