// "For you" ranking benchmark and offline evaluation (issue 7). Node only, no browser.
//
// 1. Precision@10 on real papers: the search-result pages in /work/shared/pages/*.txt, one file per
//    query topic, as parsed into tests/fixtures/search-*.expected.json by
//    tests/fixtures/build-search-fixtures.mjs (each records its query). Each file's query is a tag:
//    star 5 papers of one file, rank every other paper of all files, and count how many of the
//    top 10 belong to that file — against chance, the share of that file among the papers ranked.
//    Averaged over 20 seeded draws of the 5 stars per file (one draw can be lucky).
// 2. Training time on 10,000 seen papers (synthetic, worded and sized like the real ones): the
//    first training of a started background (tokenise everything, pick features, train), the
//    same for a restarted background whose papers' tokens were stored, a retrain after a star
//    (features kept), and after a page of new papers (corpus kept tokenised). Target ≤ 500 ms.
// 3. Scoring time per card: from the card's text against a stored model, as a restarted
//    background does (tokenise + tf-idf + score + explanation). Target ≤ 50 µs.
//
// 4. The same first training in real Chromium, JIT cold, before/after a base git ref
//    (tests/bench/rank/chromium.mjs). Target ≤ 400 ms (issue 14).
//
//   node tests/bench/rank.mjs [quality|speed|chromium] [profile]   or   npm run bench -- rank
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundle, line, median, ROOT, withBase } from './bundle.mjs';

const STARS = 5;
const DRAWS = 20;
const TRAIN_PAPERS = 10_000;
const TRAIN_TARGET_MS = 500;
const SCORE_TARGET_US = 50;
/** Precision at this many papers. */
const TOP = 10;
/** Debian's Python, with python3-sklearn (a pyenv or venv python on PATH may lack it). */
const PYTHON = process.env.RANK_PYTHON ?? '/usr/bin/python3';

/** Papers of each search fixture, with the query the page was for (the "tag"). */
export function loadTopics() {
  const dir = path.join(ROOT, 'tests/fixtures');
  return readdirSync(dir)
    .filter((f) => /^search-.*\.expected\.json$/.test(f))
    .sort()
    .map((f) => {
      const page = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
      return { topic: page.view.query, file: f, papers: page.records.map((r) => ({ id: r.id, title: r.title, abstract: r.abstract })) };
    });
}

function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample(list, k, rand) {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, k);
}

/** The draws: for each topic, DRAWS seeded sets of STARS of its papers (the same for every ranker). */
export function drawStars(topics) {
  return topics.map((t, k) => {
    const rand = seeded(7 + k);
    return Array.from({ length: DRAWS }, () =>
      sample(
        t.papers.map((p) => p.id),
        STARS,
        rand,
      ),
    );
  });
}

/** Every paper once, and the topics each belongs to (a paper can come up in several searches). */
function pool(topics) {
  const all = new Map();
  const topicsOf = new Map();
  for (const t of topics) {
    for (const p of t.papers) {
      all.set(p.id, p);
      topicsOf.set(p.id, [...(topicsOf.get(p.id) ?? []), t.topic]);
    }
  }
  return { all, topicsOf };
}

/**
 * Precision@10 per topic from each draw's ten best unstarred papers (`tops[topic][draw]`): mean
 * over draws, the worst draw, and chance (the topic's share of the papers ranked).
 */
export function precisions(topics, tops) {
  const { all, topicsOf } = pool(topics);
  return topics.map((t, k) => {
    const perDraw = tops[k].map((top) => top.filter((id) => topicsOf.get(id).includes(t.topic)).length / TOP);
    const relevant = [...all.keys()].filter((id) => topicsOf.get(id).includes(t.topic)).length - STARS;
    return {
      topic: t.topic,
      papers: t.papers.length,
      mean: perDraw.reduce((a, b) => a + b, 0) / perDraw.length,
      worst: Math.min(...perDraw),
      chance: relevant / (all.size - STARS),
    };
  });
}

/**
 * Ours: the corpus holds every paper of every topic; a model is trained on each draw's stars (the
 * rest are the negatives, as in the background) and every unstarred paper is ranked.
 */
export function evaluate(rank, topics, draws, options = rank.DEFAULT_RANK, follows = null, { train = true } = {}) {
  const { all } = pool(topics);
  const corpus = new rank.Corpus(options.titleWeight);
  for (const p of all.values()) corpus.add(p);
  const prepared = rank.prepareTraining(corpus, options);
  const tops = [];
  const explanations = [];
  for (const [k, topicDraws] of draws.entries()) {
    const perDraw = [];
    for (const [d, stars] of topicDraws.entries()) {
      const starred = new Set(stars);
      // Followed papers are known to the user (marked on the page) as the stars are: ranked apart.
      const followed = follows?.[k][d] ?? new Set();
      const positives = train ? followed : undefined;
      const overall = rank.fitOverall(prepared, { starred, positives, tags: new Map(), notInterested: new Set() }, options);
      const ranked = prepared.ids
        .map((id, i) => ({ id, raw: rank.scoreWith(overall, prepared.x[i]).raw, v: prepared.x[i] }))
        .filter((r) => !starred.has(r.id) && !followed.has(r.id))
        .sort((a, b) => b.raw - a.raw || (a.id < b.id ? -1 : 1));
      const top = ranked.slice(0, TOP);
      if (perDraw.length === 0) explanations.push(rank.explain(overall, prepared.features, top[0].v));
      perDraw.push(top.map((r) => r.id));
    }
    tops.push(perDraw);
  }
  return { tops, explanations, papers: all.size };
}

/**
 * The reference: arxiv-sanity-lite's recipe in scikit-learn (tests/bench/rank_reference.py), on
 * the same papers and draws. `{ tops }`, or `{ missing: why }` when Python or scikit-learn is not
 * there (Debian: apt-get install python3-sklearn) — the bench then prints ours only.
 */
export function reference(topics, draws) {
  const { all } = pool(topics);
  const job = {
    papers: [...all.values()].map((p) => ({ id: p.id, title: p.title, abstract: p.abstract ?? '' })),
    draws: draws.flat(),
    k: TOP,
  };
  const run = spawnSync(PYTHON, [path.join(ROOT, 'tests/bench/rank_reference.py')], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  // A Python without scikit-learn stops at the import, before reading its input (EPIPE here).
  const module = /No module named '?(\w+)/.exec(run.stderr ?? '')?.[1];
  if (module) return { missing: `${PYTHON} has no module ${module}` };
  if (run.error) return { missing: `${PYTHON} could not run (${run.error.code ?? run.error.message})` };
  if (run.status !== 0) return { missing: `the script failed: ${run.stderr.trim().split('\n').pop()}` };
  const { top, sklearn } = JSON.parse(run.stdout);
  const tops = draws.map((topicDraws, k) => top.slice(k * DRAWS, k * DRAWS + topicDraws.length));
  return { tops, sklearn };
}

/** `n` synthetic papers worded like the real ones: real sentences, a third of their words swapped
 * for words of a large invented vocabulary (so term and bigram counts grow as in a real library). */
export function syntheticPapers(topics, n, seed = 11) {
  const rand = seeded(seed);
  const sentences = [];
  const titles = [];
  for (const t of topics) {
    for (const p of t.papers) {
      titles.push(p.title.split(/\s+/));
      for (const s of (p.abstract ?? '').split(/(?<=\.)\s+/)) if (s.length > 30) sentences.push(s.split(/\s+/));
    }
  }
  const invented = (k) => {
    let s = '';
    let x = k + 1;
    const letters = 'abcdefghiklmnoprstuvz';
    while (x > 0) ((s += letters[x % letters.length]), (x = Math.floor(x / letters.length)));
    return s + 'ion';
  };
  // Zipf-like: small ids are frequent.
  const word = () => invented(Math.floor(50_000 * rand() ** 3));
  const mutate = (words) => words.map((w) => (rand() < 0.33 ? word() : w)).join(' ');
  const papers = [];
  for (let i = 0; i < n; i++) {
    const title = mutate(titles[Math.floor(rand() * titles.length)]);
    // Ten sentences: ~1,650 characters, like the real abstracts (1,616 on average in the fixtures).
    const abstract = Array.from({ length: 10 }, () => mutate(sentences[Math.floor(rand() * sentences.length)])).join(' ');
    papers.push({ id: `25${String((i % 12) + 1).padStart(2, '0')}.${String(i).padStart(5, '0')}`, title, abstract });
  }
  return papers;
}

/** The ranking's modules under `dir` (this tree's lib/, or a base ref's copy): no barrel in lib/rank (knip), so one by one. */
async function rankModules(dir = 'lib') {
  return Object.assign(
    {},
    await bundle(`${dir}/rank/model.ts`),
    await bundle(`${dir}/rank/corpus.ts`),
    await bundle(`${dir}/rank/tfidf.ts`),
    await bundle(`${dir}/rank/tokenize.ts`),
    await bundle(`${dir}/rank/explain.ts`),
  );
}

/**
 * The lib/rank of a base git ref (`main`, or PD_BENCH_BASE=<ref>; `none` skips), for precision@10
 * before/after in one run; undefined when it is the same code.
 */
function baseRank() {
  return withBase({
    cache: 'pd-rank-quality-base',
    compare: ['lib/rank', 'lib/text.ts'],
    archive: ['lib'],
    build: async (rel) => ({ rank: await rankModules(`${rel}/lib`) }),
  });
}

export async function benchRank({ parts = ['quality', 'speed', 'chromium'], profile = false } = {}) {
  const rank = await rankModules();
  rank.compileRules = (await bundle('lib/topics/rules.ts')).compileRules;
  const topics = loadTopics();
  const lines = [];
  if (parts.includes('quality')) lines.push(...quality(rank, topics, await baseRank()));
  if (parts.includes('speed')) lines.push(...speed(rank, topics));
  if (parts.includes('chromium')) {
    const { benchRankChromium } = await import('./rank/chromium.mjs');
    lines.push(...(await benchRankChromium(syntheticPapers(topics, TRAIN_PAPERS), { log: () => {}, profile })));
  }
  return lines;
}

/** Precision@10 of ours and of the reference, on the same draws; and of `base`'s lib/rank when given. */
function quality(rank, topics, base) {
  const lines = [];

  const draws = drawStars(topics);
  const ours = evaluate(rank, topics, draws);
  const mine = precisions(topics, ours.tops);
  const ref = reference(topics, draws);
  const theirs = ref.tops ? precisions(topics, ref.tops) : null;
  lines.push(
    `rank: precision@${TOP} with ${STARS} stars from one topic, ranking the other papers of ${topics.length} topics (${ours.papers} papers; mean of ${DRAWS} draws, worst draw in brackets)`,
  );
  lines.push(
    theirs
      ? `rank:   reference: arxiv-sanity-lite's recipe, scikit-learn ${ref.sklearn} (tf-idf 1-2-grams, sublinear tf, English stop words; LinearSVC C=0.01, balanced), same draws`
      : `rank:   reference not run: ${ref.missing} (Debian: apt-get install python3-sklearn); ours only`,
  );
  const cell = (r) => `${r.mean.toFixed(3)} (${r.worst.toFixed(2)})`;
  mine.forEach((r, k) => {
    const vs = theirs ? `  reference ${cell(theirs[k])}` : '';
    lines.push(`rank:   "${r.topic}" (${r.papers} papers)  ours ${cell(r)}${vs}  chance ${r.chance.toFixed(2)}`);
    lines.push(`rank:       ours: top paper of the first draw explained by: ${ours.explanations[k].join(', ')}`);
  });
  const mean = (rs) => rs.reduce((a, r) => a + r.mean, 0) / rs.length;
  if (base) {
    // The same draws ranked by the base ref's code: a change to lib/rank shows its effect here.
    const before = precisions(topics, evaluate(base.rank, topics, draws).tops);
    const diff = (k) => (mine[k].mean - before[k].mean >= 0 ? '+' : '') + (mine[k].mean - before[k].mean).toFixed(3);
    lines.push(
      `rank:   (before) the lib/rank of ${base.ref} (${base.commit}), same draws: ${before.map((r, k) => `"${r.topic}" ${cell(r)} (now ${diff(k)})`).join(', ')}; average ${mean(before).toFixed(3)} (now ${mean(mine).toFixed(3)})`,
    );
  } else {
    lines.push(
      `rank:   (before) no base to compare with (PD_BENCH_BASE=${process.env.PD_BENCH_BASE ?? 'main'}: none, unknown, or the same lib/rank)`,
    );
  }
  lines.push(...withFollows(rank, topics, draws));
  if (theirs) {
    const behind = mine.filter((r, k) => r.mean < theirs[k].mean).map((r) => `"${r.topic}"`);
    lines.push(
      `rank:   average  ours ${mean(mine).toFixed(3)}  reference ${mean(theirs).toFixed(3)}  chance ${(mine.reduce((a, r) => a + r.chance, 0) / mine.length).toFixed(3)}: ${
        behind.length ? `ours behind on ${behind.join(', ')}` : 'ours at least as good on every topic'
      }`,
    );
  }

  return lines;
}

/**
 * Follows as positives (issue 16): each draw's user also follows the topic's query as a keyword,
 * and the papers that rule matches (lib/topics, as in the background) train the model beside the
 * stars, weighing RankOptions.followWeight stars in all, and a full star each for comparison. All
 * three rank the same papers: all but the stars and the followed ones (both known to the user).
 */
function withFollows(rank, topics, draws) {
  const { all } = pool(topics);
  const papers = [...all.values()];
  let matched = 0;
  let rulesMade = 0;
  const follows = draws.map((topicDraws, k) => {
    // The user follows what they searched for: the topic's query, as a keyword rule.
    const rule = { id: 'follow', action: 'follow', kind: 'keyword', pattern: topics[k].topic, enabled: true, createdAt: 0 };
    const matcher = rank.compileRules([rule], { action: 'follow' });
    return topicDraws.map((stars) => {
      rulesMade++;
      const ids = new Set(papers.filter((p) => !stars.includes(p.id) && matcher.match(p)).map((p) => p.id));
      matched += ids.size;
      return ids;
    });
  });
  const lines = [
    `rank: with the topic's query followed as a keyword (${rulesMade} draws, ${(matched / Math.max(1, rulesMade)).toFixed(1)} papers each on average): ours with the followed papers weighing ${rank.DEFAULT_RANK.followWeight} star(s) in all (the default), and a star each`,
  ];
  // The same papers ranked in all three: every paper but the stars and the followed ones.
  const mine = precisions(topics, evaluate(rank, topics, draws, rank.DEFAULT_RANK, follows, { train: false }).tops);
  const weighted = precisions(topics, evaluate(rank, topics, draws, rank.DEFAULT_RANK, follows).tops);
  // Each followed paper a full star, for comparison.
  const full = precisions(topics, evaluate(rank, topics, draws, { ...rank.DEFAULT_RANK, followWeight: Infinity }, follows).tops);
  const cell = (r) => `${r.mean.toFixed(3)} (${r.worst.toFixed(2)})`;
  mine.forEach((r, k) => {
    const verdict = weighted[k].mean >= r.mean ? 'not lower' : 'LOWER';
    lines.push(`rank:   "${r.topic}"  stars only ${cell(r)}  + follows ${cell(weighted[k])} ${verdict}  (a star each: ${cell(full[k])})`);
  });
  const avg = (rs) => (rs.reduce((a, r) => a + r.mean, 0) / rs.length).toFixed(3);
  lines.push(`rank:   average  stars only ${avg(mine)}  + follows ${avg(weighted)}  (a star each: ${avg(full)})`);
  return lines;
}

/**
 * Training and scoring times (Node; the first training in real Chromium: tests/bench/rank/chromium.mjs,
 * and with its IndexedDB reads: tests/bench/store.mjs).
 */
function speed(rank, topics) {
  const lines = [];
  // Training on 10,000 papers: 50 stars, 5 tags of 20 papers, 20 "not interested".
  const synth = syntheticPapers(topics, TRAIN_PAPERS);
  const starred = new Set(synth.filter((_, i) => i % 200 === 0).map((p) => p.id));
  const tags = new Map(
    Array.from({ length: 5 }, (_, k) => [`tag-${k}`, new Set(synth.filter((_, i) => i % 500 === k * 7).map((p) => p.id))]),
  );
  const notInterested = new Set(synth.filter((_, i) => i % 500 === 3).map((p) => p.id));
  const labels = { starred, tags, notInterested };
  // Wall time, and this process's CPU time: on a shared machine the second says what the code costs.
  const timed = (fn) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const value = fn();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { value, wall, cpu: (cpu.user + cpu.system) / 1000 };
  };
  const cold = [];
  const restarted = [];
  const afterStar = [];
  const afterPapers = [];
  const tagMs = [];
  let tokenised;
  let last;
  const noTags = { ...labels, tags: new Map() };
  const newPapers = syntheticPapers(topics, 50, 7).map((p, i) => ({ ...p, id: `2601.${String(i).padStart(5, '0')}` }));
  for (let run = 0; run < 3; run++) {
    // A started background: tokenise everything, pick features, train (what a worker does the
    // first time it retrains).
    const first = timed(() => {
      const corpus = new rank.Corpus();
      tokenised = timed(() => synth.forEach((p) => corpus.add(p)));
      const prepared = rank.prepareTraining(corpus);
      rank.fitOverall(prepared, noTags);
      return { corpus, prepared };
    });
    cold.push(first);
    const { corpus, prepared } = first.value;
    // A restarted background with every paper's tokens stored (lib/rank/service): the word list
    // and each paper's token ids as IndexedDB gives them back (own arrays), checked against the
    // hash of the paper's text. Reading them from IndexedDB is not counted (no browser here).
    const stems = corpus.stems();
    const stored = synth.map((p) => ({ hash: rank.textHash(p), tokens: corpus.get(p.id).tokens.slice() }));
    restarted.push(
      timed(() => {
        const again = new rank.Corpus(rank.TITLE_WEIGHT, stems);
        synth.forEach((p, i) => {
          const row = stored[i];
          if (!(row.hash === rank.textHash(p) && again.addTokens(p, row.tokens))) again.add(p);
        });
        rank.fitOverall(rank.prepareTraining(again), noTags);
      }),
    );
    // A star or a tag later: same papers, so features and vectors are reused; only the model is fitted.
    const more = { ...noTags, starred: new Set([...starred, synth[1].id]) };
    afterStar.push(timed(() => rank.fitOverall(prepared, more)));
    // A page with 50 new papers: those are tokenised, features and vectors redone, model fitted.
    afterPapers.push(
      timed(() => {
        newPapers.forEach((p) => corpus.add(p));
        rank.fitOverall(rank.prepareTraining(corpus), more);
      }),
    );
    newPapers.forEach((p) => corpus.remove(p.id));
    last = rank.trainRanker(corpus, labels);
    tagMs.push(last.ms.tags / tags.size);
    if (run === 0) {
      lines.push(
        `rank: ${TRAIN_PAPERS.toLocaleString('en')} synthetic papers tokenised in ${tokenised.wall.toFixed(0)} ms (CPU ${tokenised.cpu.toFixed(0)} ms): ${corpus.words.toLocaleString('en')} distinct words, ${last.model.features.terms.length.toLocaleString('en')} features kept`,
      );
    }
  }
  const withCpu = (text, runs) => `${text}  (CPU ${median(runs.map((r) => r.cpu)).toFixed(0)} ms)`;
  const report = (what, runs) => lines.push(withCpu(line('rank', what, median(runs.map((r) => r.wall)), 'ms', TRAIN_TARGET_MS), runs));
  report(
    `first training of a started background on ${TRAIN_PAPERS.toLocaleString('en')} papers (tokenise + tf-idf + overall model), median of 3`,
    cold,
  );
  report(
    `first training of a restarted background, tokens stored (hash check + tf-idf + overall model; IndexedDB read not counted)`,
    restarted,
  );
  report('retrain after a star or a tag (papers unchanged: features kept)', afterStar);
  report('retrain after a page brings 50 new papers (corpus kept tokenised)', afterPapers);
  lines.push(line('rank', 'each tag model on top (per tag)', median(tagMs), 'ms'));

  // Scoring: fresh papers (not in the corpus), from their text, against the stored model.
  const model = last.model;
  const vectorizer = new rank.TextVectorizer(model.features, model.titleWeight);
  const cards = syntheticPapers(topics, 2000, 99);
  const perCard = [];
  let sink = 0;
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    for (const c of cards) {
      const v = vectorizer.vector(c.title, c.abstract);
      const s = rank.scoreWith(model.overall, v);
      sink += s.score + rank.explain(model.overall, model.features, v).length;
    }
    perCard.push(((performance.now() - t0) * 1000) / cards.length);
  }
  lines.push(
    line('rank', 'scoring a card from its text (tokenise + tf-idf + score + 5 terms), median of 5', median(perCard), 'µs', SCORE_TARGET_US),
  );
  const known = [...last.vectors.values()].slice(0, 2000);
  const t0 = performance.now();
  for (let run = 0; run < 5; run++) for (const v of known) sink += rank.scoreWith(model.overall, v).raw;
  lines.push(
    line(
      'rank',
      'scoring a paper already in the corpus (vector kept)',
      ((performance.now() - t0) * 1000) / (5 * known.length),
      'µs',
      SCORE_TARGET_US,
    ),
  );
  if (Number.isNaN(sink)) lines.push('rank: (NaN in scores)');
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const words = process.argv.slice(2);
  const parts = words.filter((a) => a === 'quality' || a === 'speed' || a === 'chromium');
  for (const l of await benchRank({ ...(parts.length ? { parts } : {}), profile: words.includes('profile') })) console.log(l);
}
