// Follow marks beside hide rules (issue 16): what matching 200 follow rules costs on top of 200 hide
// rules, over the 1,000 records the real reader reads off the 1,000-card page (tests/bench/page.mjs).
// The page compiles both actions' rules into one matcher (lib/topics/rules compileRuleSets) and
// reads each card once for both (lib/page/features/rules.ts); this prints that beside hide rules
// alone, follow rules alone, and the two compiled apart (each card read twice, as before).
// Each figure: compiling the rules and matching every card, median of RUNS runs taken in turn (the
// same machine load for all), as wall time and as this process's CPU time (on a shared, loaded
// machine the wall time also counts the other processes' turns).
// Before/after in one run: the matcher of a base git ref (`main`, or PD_BENCH_BASE=<ref>; `none`
// skips it) runs the same cases in turn, and must give the same verdicts.
// Node only (no browser); `npm run bench -- follow`. Target: hide + follow ≤ 10 ms.
import os from 'node:os';
import { bundle, line, median, withBase } from './bundle.mjs';
import { HIDE_WORDS, benchRules, bigPage } from './page.mjs';

const RUNS = 61;

const FOLLOW_WORDS = ['language', 'vision', 'agents', 'benchmark', 'retrieval', 'reasoning', 'alignment', 'video', 'tokens', 'scaling'];

/** The rules module (lib/topics/rules.ts) of a base git ref (withBase), with the messages it imports. */
function baseRules() {
  return withBase({
    cache: 'pd-follow-bench-base',
    compare: ['lib/topics'],
    archive: ['lib', 'components/public/_locales'],
    build: async (rel) => ({ module: await bundle(`${rel}/lib/topics/rules.ts`) }),
  });
}

/** Runs `f` once, returning [wall ms, CPU ms]. */
function timed(f) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return [wall, (used.user + used.system) / 1000];
}

export async function benchFollow({ log = console.log } = {}) {
  const out = [];
  const say = (s) => (out.push(s), log(s));
  const { compileRules, compileRuleSets } = await bundle('lib/topics/rules.ts');
  const base = await baseRules();
  const { readPage } = await bundle('lib/hf/read.ts');
  const { Window } = await import('happy-dom');
  const win = new Window({ url: 'https://huggingface.co/papers?q=bench1000' });
  win.document.write(await bigPage(1000));
  const records = readPage(win.document, new URL(win.location.href)).map((c) => c.record);
  await win.happyDOM.close();

  const hides = benchRules('h', HIDE_WORDS, 'hide');
  const follows = benchRules('f', FOLLOW_WORDS, 'follow');
  // One stored list, as the page gets it.
  const all = [...hides, ...follows];

  let hidden = 0;
  let followed = 0;
  const combined = (compile) => () => {
    const m = compile(all);
    hidden = 0;
    followed = 0;
    for (const rec of records) {
      const v = m.match(rec);
      // As the page: follow beats hide.
      if (v.follow) followed++;
      else if (v.hide) hidden++;
    }
  };
  /** Each card's verdict, as rule ids (outside the timed runs): the base's must be the same. */
  const verdicts = (compile) => {
    const m = compile(all);
    return records.map((rec) => `${m.match(rec).hide?.id ?? ''}/${m.match(rec).follow?.id ?? ''}`).join(',');
  };
  const cases = {
    'hide alone': () => {
      const m = compileRules(hides);
      for (const rec of records) m.match(rec);
    },
    'follow alone': () => {
      const m = compileRules(all, { action: 'follow' });
      for (const rec of records) m.match(rec);
    },
    'two matchers': () => {
      const hide = compileRules(all);
      const follow = compileRules(all, { action: 'follow' });
      for (const rec of records) if (!follow.match(rec)) hide.match(rec);
    },
    ...(base
      ? {
          'hide alone (before)': () => {
            const m = base.module.compileRules(hides);
            for (const rec of records) m.match(rec);
          },
          'combined (before)': combined(base.module.compileRuleSets),
        }
      : {}),
    combined: combined(compileRuleSets),
  };
  const wall = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const cpu = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  // In turn, so all see the same machine load; the first runs warm the JIT.
  for (let r = 0; r < RUNS + 5; r++) {
    for (const [name, f] of Object.entries(cases)) {
      const [w, c] = timed(f);
      if (r < 5) continue;
      wall[name].push(w);
      cpu[name].push(c);
    }
  }
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const n = records.length;
  const fig = (name) => `${median(cpu[name]).toFixed(2)} ms CPU`;
  say(`follow: ${n} cards, median of ${RUNS} runs (compile + match), load average ${load}`);
  say(line('follow', `200 hide rules alone (${fig('hide alone')})`, median(wall['hide alone']), 'ms'));
  say(line('follow', `200 follow rules alone (${fig('follow alone')})`, median(wall['follow alone']), 'ms'));
  say(line('follow', `200 + 200 as two matchers, each card read twice (${fig('two matchers')})`, median(wall['two matchers']), 'ms'));
  say(
    line(
      'follow',
      `200 follow + 200 hide rules in one pass (${followed} followed, ${hidden} hidden; ${fig('combined')})`,
      median(wall.combined),
      'ms',
      10,
    ),
  );
  say(line('follow', 'follow marks on top of the hide rules', median(wall.combined) - median(wall['hide alone']), 'ms'));
  if (base) {
    const before = median(wall['combined (before)']);
    say(
      line(
        'follow',
        `(before) 200 hide rules alone, matcher of ${base.ref} (${base.commit}) (${fig('hide alone (before)')})`,
        median(wall['hide alone (before)']),
        'ms',
      ),
    );
    say(
      line(
        'follow',
        `(before) 200 follow + 200 hide rules in one pass, matcher of ${base.ref} (${fig('combined (before)')}; now ${((100 * median(wall.combined)) / before).toFixed(0)} % of it; ${verdicts(base.module.compileRuleSets) === verdicts(compileRuleSets) ? 'the same verdicts' : 'VERDICTS DIFFER'})`,
        before,
        'ms',
      ),
    );
  } else
    say(
      `follow: (before) no base matcher to compare with (PD_BENCH_BASE=${process.env.PD_BENCH_BASE ?? 'main'}: none, unknown, or the same lib/topics)`,
    );
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchFollow();
