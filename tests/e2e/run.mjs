// Runs the end-to-end suites against the built extension (.output/). `npm test` builds first.
//
// Nothing here may wait for ever: a page that stops answering or a browser that will not close
// fails its test by name (SCENARIO_TIMEOUT and `until` in harness/util.mjs, the harnesses'
// close()), a file is cancelled after FILE_TIMEOUT_MS, and the whole run is stopped, with a
// message, if it outlives E2E_DEADLINE_MIN minutes.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .map((f) => dir + f);

// Node 20 applies --test-timeout to each file as a whole (it runs in a process of its own); each
// scenario has a limit of its own too (SCENARIO_TIMEOUT, harness/util.mjs). The longest file
// takes ~2.5 min on a quiet machine.
const FILE_TIMEOUT_MS = 15 * 60_000;
const DEADLINE_MIN = Number(process.env.E2E_DEADLINE_MIN) || 30;

// One browser at a time: the machine has 2 cores and each suite launches its own browser. The
// runner is the leader of its own process group, so that a stop takes its children with it.
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', `--test-timeout=${FILE_TIMEOUT_MS}`, ...files], {
  stdio: 'inherit',
  detached: true,
});
const stopAll = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
};
const deadline = setTimeout(() => {
  console.error(
    `\nThe end-to-end tests did not finish within ${DEADLINE_MIN} minutes: stopping them (the test running now is the one that hung).`,
  );
  stopAll('SIGTERM');
  setTimeout(() => {
    stopAll('SIGKILL');
    process.exit(1);
  }, 10_000).unref();
}, DEADLINE_MIN * 60_000);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stopAll(signal), process.exit(1)));
child.on('exit', (code, signal) => {
  clearTimeout(deadline);
  process.exit(signal ? 1 : (code ?? 1));
});
