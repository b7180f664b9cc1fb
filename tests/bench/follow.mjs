// Follow marks beside hide rules (issue 16): what matching 200 follow rules costs on top of 200 hide
// rules, over the 1,000 records the real reader reads off the 1,000-card page (tests/bench/page.mjs).
// The page does exactly this per card (lib/page/features/follow.ts and hide.ts): one matcher per
// action, both compiled by lib/topics/rules compileRules, each card matched against both.
// Node only (no browser); `npm run bench -- follow`. Target: hide + follow ≤ 10 ms.
import { bundle, line, median } from './bundle.mjs';
import { bigPage } from './page.mjs';

const RUNS = 21;

const WORDS = [
  'diffusion',
  'robotics',
  'speech',
  'protein',
  'graph neural',
  'federated',
  'medical imaging',
  'autonomous driving',
  'quantum',
  'reinforcement learning',
];
const FOLLOW_WORDS = ['language', 'vision', 'agents', 'benchmark', 'retrieval', 'reasoning', 'alignment', 'video', 'tokens', 'scaling'];

/** 200 rules of every kind, as page.mjs's hide set: keywords, a regex and an author in every ten. */
function ruleSet(prefix, words, action) {
  return Array.from({ length: 200 }, (_, i) => ({
    id: `${prefix}${i}`,
    ...(action === 'follow' ? { action } : {}),
    kind: i % 10 === 9 ? 'regex' : i % 10 === 8 ? 'author' : 'keyword',
    pattern: i % 10 === 9 ? `\\b${words[i % words.length]}s?\\b` : i % 10 === 8 ? `Author ${i}` : `${words[i % words.length]} ${i}`,
    flags: 'i',
    enabled: true,
    createdAt: 0,
  }));
}

export async function benchFollow({ log = console.log } = {}) {
  const out = [];
  const say = (s) => (out.push(s), log(s));
  const { compileRules } = await bundle('lib/topics/rules.ts');
  const { readPage } = await bundle('lib/hf/read.ts');
  const { Window } = await import('happy-dom');
  const win = new Window({ url: 'https://huggingface.co/papers?q=bench1000' });
  win.document.write(await bigPage(1000));
  const records = readPage(win.document, new URL(win.location.href)).map((c) => c.record);
  await win.happyDOM.close();

  const hides = ruleSet('h', WORDS, 'hide');
  const follows = ruleSet('f', FOLLOW_WORDS, 'follow');
  // One stored list, as the page gets it: each feature compiles its own action's rules.
  const all = [...hides, ...follows];

  const hideOnly = [];
  const both = [];
  let hidden = 0;
  let followed = 0;
  // Alternated, so both see the same machine load.
  for (let r = 0; r < RUNS; r++) {
    let t0 = performance.now();
    const alone = compileRules(hides);
    for (const rec of records) alone.match(rec);
    hideOnly.push(performance.now() - t0);

    t0 = performance.now();
    const hide = compileRules(all);
    const follow = compileRules(all, { action: 'follow' });
    hidden = 0;
    followed = 0;
    for (const rec of records) {
      // As the page: a followed card is not matched against the hide rules (follow beats hide).
      if (follow.match(rec)) followed++;
      else if (hide.match(rec)) hidden++;
    }
    both.push(performance.now() - t0);
  }
  const h = median(hideOnly);
  const b = median(both);
  say(line('follow', `200 hide rules alone on ${records.length} cards`, h, 'ms'));
  say(line('follow', `200 follow + 200 hide rules on ${records.length} cards (${followed} followed, ${hidden} hidden)`, b, 'ms', 10));
  say(line('follow', 'follow marks on top of the hide rules', b - h, 'ms'));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchFollow();
