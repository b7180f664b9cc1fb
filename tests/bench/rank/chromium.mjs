/**
 * The ranking's first training in real Chromium (issue 14: "≤ 400 ms, JIT cold included").
 *
 * 10,000 synthetic papers worded like real ones (tests/bench/rank.mjs syntheticPapers), every
 * 200th starred: tokenise every paper, pick the features and vectorise, fit the overall model
 * (tests/bench/rank/entry.ts, bundled and minified as the extension is). Each run is JIT cold: a
 * new browser context, so a new renderer process that has compiled none of the ranking's code.
 * The papers are fetched and parsed in the page before the clock starts (the background reads
 * them from IndexedDB, which tests/bench/store.mjs times).
 *
 * Before/after in one run: the same runs with the lib/rank of a base git ref (`main`, or
 * PD_BENCH_BASE=<ref>; `none` skips it), built from the same entry, in alternating order so both
 * share the machine's load. Beside each wall time, the page's main-thread CPU time (CDP
 * Performance.getMetrics ThreadTime): on a loaded machine the wall time also counts waits for a core.
 *
 *   node tests/bench/rank.mjs chromium [profile]     (or npm run bench -- rank)
 *
 * `profile`: one more cold run of the unminified bundle under the CDP Profiler, the functions
 * with the most self time printed (and the whole profile written to a .cpuprofile file).
 */
import { cpSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS } from '../../e2e/harness/chromium.mjs';
import { ROOT, bundle, median, withBase } from '../bundle.mjs';

const STAR_EVERY = 200;
const RUNS = Number(process.env.PD_BENCH_RUNS) || 7;
const TARGET_MS = 400;
const ORIGIN = 'http://bench.local';
const ENTRY = 'tests/bench/rank/entry.ts';

/**
 * The base ref's lib/ with this tree's entry (it uses only the ranking's public steps), built as
 * `PdRankBase` (withBase).
 */
function buildBase() {
  return withBase({
    cache: 'pd-rank-bench-base',
    compare: ['lib/rank', 'lib/text.ts'],
    archive: ['lib'],
    build: async (rel) => {
      cpSync(path.join(ROOT, ENTRY), path.join(ROOT, rel, ENTRY));
      return { code: await bundle(`${rel}/${ENTRY}`, { format: 'iife', name: 'PdRankBase' }) };
    },
  });
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const ms = (x) => `${x.toFixed(0)} ms`;

/**
 * One JIT-cold first training: a new context (a new renderer process), the papers parsed in the
 * page, then the bundle loaded and run once. `profile`: under the CDP Profiler, returned too.
 */
async function coldRun(browser, scripts, global, papersJson, starred, { profile = false } = {}) {
  const context = await browser.newContext();
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === `${ORIGIN}/`) return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>rank bench</title>' });
      if (url === `${ORIGIN}/papers.json`) return route.fulfill({ contentType: 'application/json', body: papersJson });
      const script = scripts[url.slice(ORIGIN.length + 1)];
      if (script) return route.fulfill({ contentType: 'text/javascript', body: script });
      return route.abort(); // never the network
    });
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/`);
    await page.evaluate(async () => {
      globalThis.papers = await (await fetch('/papers.json')).json();
    });
    await page.addScriptTag({ url: `/${global}.js` });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const thread = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value * 1000;
    // Each step one call, timed inside the page (wall) and by the main thread's CPU time around it.
    const step = async (fn) => {
      const before = await thread();
      const wall = await page.evaluate(fn, [global, starred]);
      return { wall, cpu: (await thread()) - before };
    };
    const steps = {
      tokenise: await step(([g]) => {
        const t = performance.now();
        globalThis[g].tokenise(globalThis.papers);
        return performance.now() - t;
      }),
      prepare: await step(([g]) => {
        const t = performance.now();
        globalThis[g].prepare();
        return performance.now() - t;
      }),
      fit: await step(([g, s]) => {
        const t = performance.now();
        globalThis[g].fit(s);
        return performance.now() - t;
      }),
    };
    const result = await page.evaluate(([g]) => globalThis[g].result(), [global]);
    const cpu = steps.tokenise.cpu + steps.prepare.cpu + steps.fit.cpu;
    Object.assign(result, {
      total: steps.tokenise.wall + steps.prepare.wall + steps.fit.wall,
      tokenise: steps.tokenise.wall,
      prepare: steps.prepare.wall,
      fit: steps.fit.wall,
      cpuSteps: { tokenise: steps.tokenise.cpu, prepare: steps.prepare.cpu, fit: steps.fit.cpu },
    });
    const cpuProfile = profile ? (await cdp.send('Profiler.stop')).profile : undefined;
    // The same training again in the same page: what the code costs once compiled (the cold
    // run's excess is compiling and running in the JIT's first tiers).
    const warm = await page.evaluate(([g, s]) => globalThis[g].firstTraining(globalThis.papers, s).total, [global, starred]);
    return { ...result, cpu, warm, cpuProfile };
  } finally {
    await context.close();
  }
}

/** The functions with the most self time in a CDP profile (by name and place), best first. */
function selfTimes(profile, top = 25) {
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFn = new Map();
  let all = 0;
  for (const node of profile.nodes) {
    const t = (dt.get(node.id) ?? 0) / 1000;
    all += t;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : ''}`.trim();
    byFn.set(key, (byFn.get(key) ?? 0) + t);
  }
  return { all, top: [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top) };
}

/** `papers`: the rank bench's synthetic ones (tests/bench/rank.mjs syntheticPapers). */
export async function benchRankChromium(papers, { log = console.log, profile = false } = {}) {
  const lines = [];
  const say = (s) => {
    lines.push(s);
    log(s);
  };
  const papersJson = JSON.stringify(papers);
  const starred = papers.filter((_, i) => i % STAR_EVERY === 0).map((p) => p.id);
  const scripts = { 'PdRank.js': await bundle(ENTRY, { format: 'iife', name: 'PdRank' }) };
  const base = await buildBase();
  if (base) scripts['PdRankBase.js'] = base.code;

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const version = browser.version();
    say(
      `rank: Chromium ${version} headless; first training of ${papers.length.toLocaleString('en')} papers (${starred.length} starred), each run JIT cold in a new renderer; load average ${load()}`,
    );
    const runs = { now: [], base: [] };
    for (let k = 0; k < RUNS; k++) {
      const order = base ? (k % 2 ? ['base', 'now'] : ['now', 'base']) : ['now'];
      for (const which of order) {
        runs[which].push(await coldRun(browser, scripts, which === 'now' ? 'PdRank' : 'PdRankBase', papersJson, starred));
      }
    }
    const stepOf = (rs, k) => `${ms(median(rs.map((r) => r[k])))} / ${ms(median(rs.map((r) => r.cpuSteps[k])))}`;
    const summary = (rs) => {
      const wall = rs.map((r) => r.total);
      const med = median(wall);
      return {
        med,
        text: `median ${ms(med)}, min ${ms(Math.min(...wall))}, max ${ms(Math.max(...wall))} [median of ${rs.length}; main-thread CPU ${ms(median(rs.map((r) => r.cpu)))}; steps (wall / CPU): tokenise ${stepOf(rs, 'tokenise')}, features + vectors ${stepOf(rs, 'prepare')}, overall model ${stepOf(rs, 'fit')}; ${rs[0].terms.toLocaleString('en')} features; run again in the same page, JIT warm: median ${ms(median(rs.map((r) => r.warm)))}]`,
      };
    };
    const now = summary(runs.now);
    say(`rank: first training in Chromium, JIT cold  ${now.text}  (target ≤ ${TARGET_MS} ms) ${now.med <= TARGET_MS ? 'ok' : 'OVER'}`);
    if (base) {
      const before = summary(runs.base);
      const same = runs.now.every((r) => r.model === runs.base[0].model && r.terms === runs.base[0].terms);
      say(
        `rank:   (before) the lib/rank of ${base.ref} (${base.commit}), the same runs in turn  ${before.text}; now ${((100 * now.med) / before.med).toFixed(0)} % of it; ${same ? 'the same model' : `ANOTHER MODEL (${runs.now[0].model} vs ${runs.base[0].model})`}`,
      );
    } else {
      say(
        `rank:   (before) no base to compare with (PD_BENCH_BASE=${process.env.PD_BENCH_BASE ?? 'main'}: none, unknown, or the same lib/rank)`,
      );
    }
    say(`rank:   load average now ${load()}`);

    if (profile) {
      const code = await bundle(ENTRY, { format: 'iife', name: 'PdRankProfile', minify: false });
      const run = await coldRun(browser, { ...scripts, 'PdRankProfile.js': code }, 'PdRankProfile', papersJson, starred, { profile: true });
      const file = path.join(tmpdir(), `pd-rank-${Date.now()}.cpuprofile`);
      writeFileSync(file, JSON.stringify(run.cpuProfile));
      const { all, top } = selfTimes(run.cpuProfile);
      say(`rank: profile of one cold run (unminified, ${ms(run.total)}; ${ms(all)} sampled), written to ${file}; self time:`);
      for (const [fn, t] of top) say(`rank:   ${t.toFixed(1).padStart(7)} ms  ${fn}`);
    }
  } finally {
    await browser.close();
  }
  return lines;
}
