// `npm run bench`: every benchmark, one after another (2 cores: never two browsers at once).
// Each prints its figures against its issue's target; none fails on a missed target.
import os from 'node:os';

const suites = [
  ['reader', () => import('./reader.mjs').then((m) => m.benchReader())],
  ['store', () => import('./store.mjs').then((m) => m.benchStore())],
  ['page', () => import('./page.mjs').then((m) => m.benchPage())],
  ['follow', () => import('./follow.mjs').then((m) => m.benchFollow())],
  ['export', () => import('./export.mjs').then(async (m) => (await m.benchExport()).forEach((l) => console.log(l)))],
  ['ui', () => import('./ui.mjs').then((m) => m.benchUiBeforeAfter())],
  ['rank', () => import('./rank.mjs').then(async (m) => (await m.benchRank()).forEach((l) => console.log(l)))],
];
const only = process.argv.slice(2);
console.log(
  `bench: load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${os.cpus().length} cores`,
);
let failed = 0;
for (const [name, run] of suites) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n== ${name}`);
  try {
    await run();
  } catch (e) {
    failed++;
    console.error(`bench ${name} could not run: ${e?.stack ?? e}`);
  }
}
process.exit(failed ? 1 : 0);
