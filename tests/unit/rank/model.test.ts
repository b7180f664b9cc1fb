import { Corpus, type RankText } from '../../../lib/rank/corpus';
import { DEFAULT_RANK, MIN_STARS, MIN_TAG_PAPERS, isRankModel, scoreWith, trainRanker, type RankLabels } from '../../../lib/rank/model';
import { explain, topTerms } from '../../../lib/rank/explain';
import { percentile, quantiles } from '../../../lib/rank/quantiles';
import { trainSvm } from '../../../lib/rank/svm';
import { DEFAULT_FEATURES, TextVectorizer, selectFeatures } from '../../../lib/rank/tfidf';
import { ALL, DIFFUSION, OTHER, ROBOTS, SPEECH, ids } from './papers';

function corpusOf(papers: readonly RankText[]): Corpus {
  const corpus = new Corpus();
  for (const p of papers) corpus.add(p);
  return corpus;
}

function labels(over: Partial<RankLabels> = {}): RankLabels {
  return { starred: new Set(), tags: new Map(), notInterested: new Set(), ...over };
}

/** Every paper but the starred ones, best first. */
function ranking(papers: readonly RankText[], l: RankLabels) {
  const { model, vectors } = trainRanker(corpusOf(papers), l);
  const rows = papers
    .filter((p) => !l.starred.has(p.id))
    .map((p) => ({ id: p.id, ...scoreWith(model.overall!, vectors.get(p.id)!) }))
    .sort((a, b) => b.raw - a.raw);
  return { model, vectors, rows, scoreOf: (id: string) => rows.find((r) => r.id === id)! };
}

const starFirst = (papers: readonly RankText[], n = 5) => new Set(ids(papers.slice(0, n)));

describe('trainRanker: the overall model', () => {
  it('ranks the rest of a starred topic above every other paper', () => {
    const { rows } = ranking(ALL, labels({ starred: starFirst(DIFFUSION) }));
    const rest = new Set(ids(DIFFUSION.slice(5)));
    const top = rows.slice(0, rest.size).map((r) => r.id);
    expect(new Set(top)).toEqual(rest);
    // …and the same with another topic starred instead.
    const robots = ranking(ALL, labels({ starred: starFirst(ROBOTS) }))
      .rows.slice(0, 3)
      .map((r) => r.id);
    expect(robots.every((id) => ids(ROBOTS).includes(id))).toBe(true);
  });

  it('maps scores to 0..1, the starred topic near the top and the others low', () => {
    const { rows, scoreOf } = ranking(ALL, labels({ starred: starFirst(DIFFUSION) }));
    for (const r of rows) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    for (const id of ids(DIFFUSION.slice(5))) expect(scoreOf(id).score).toBeGreaterThan(0.8);
    for (const id of ids(SPEECH)) expect(scoreOf(id).score).toBeLessThan(0.8);
    // "top" (above 90% of the papers seen) marks only papers of the starred topic.
    const topIds = rows.filter((r) => r.top).map((r) => r.id);
    expect(topIds.length).toBeGreaterThan(0);
    expect(topIds.every((id) => ids(DIFFUSION).includes(id))).toBe(true);
  });

  it('a "not interested" paper lowers the papers like it, and less so the others', () => {
    const starred = starFirst(DIFFUSION);
    const before = ranking(ALL, labels({ starred }));
    // Not interested in video generation: the video paper's neighbours drop, still images less.
    const after = ranking(ALL, labels({ starred, notInterested: new Set(['2501.00007']) }));
    const drop = (id: string) => before.scoreOf(id).raw - after.scoreOf(id).raw;
    expect(after.scoreOf('2501.00007').raw).toBeLessThan(before.scoreOf('2501.00007').raw);
    expect(after.rows.findIndex((r) => r.id === '2501.00007')).toBeGreaterThan(before.rows.findIndex((r) => r.id === '2501.00007'));
    // A speech paper does not share the video paper's words: it barely moves.
    expect(drop('2501.00007')).toBeGreaterThan(5 * Math.abs(drop('2503.00001')));
  });

  it('a robot paper marked "not interested" pulls other robot papers down', () => {
    const starred = new Set([...ids(DIFFUSION.slice(0, 3)), ...ids(ROBOTS.slice(0, 2))]);
    const before = ranking(ALL, labels({ starred }));
    const after = ranking(ALL, labels({ starred, notInterested: new Set(ids(ROBOTS.slice(2, 4))) }));
    for (const p of ROBOTS.slice(4)) expect(after.scoreOf(p.id).raw).toBeLessThan(before.scoreOf(p.id).raw);
  });

  it('takes extra positives (a follow) as stars, never over a "not interested" mark, and not for the cold start', () => {
    const starred = starFirst(DIFFUSION);
    const heldOut = ROBOTS.at(-1)!.id;
    const before = ranking(ALL, labels({ starred }));
    const followed = new Set(ids(ROBOTS.slice(0, 3)));
    const after = ranking(ALL, labels({ starred, positives: followed }));
    // A robot paper nobody labelled now ranks above a speech paper, and above where it was.
    expect(after.scoreOf(heldOut).raw).toBeGreaterThan(before.scoreOf(heldOut).raw);
    expect(after.rows.findIndex((r) => r.id === heldOut)).toBeLessThan(after.rows.findIndex((r) => r.id === SPEECH[0]!.id));
    // The same papers marked "not interested" as well: they stay negatives, the robot paper stays low.
    const refused = ranking(ALL, labels({ starred, positives: followed, notInterested: followed }));
    expect(refused.scoreOf(heldOut).raw).toBeLessThan(before.scoreOf(heldOut).raw);
    // Extra positives alone train nothing: the cold start ends with stars.
    const cold = trainRanker(corpusOf(ALL), labels({ starred: starFirst(DIFFUSION, MIN_STARS - 1), positives: followed }));
    expect(cold.model.overall).toBeNull();
  });

  it('the followed papers weigh followWeight stars all together: many of them never outweigh the stars', () => {
    const starred = starFirst(DIFFUSION);
    const followed = new Set(ids([...ROBOTS, ...SPEECH]));
    const rest = ids(DIFFUSION.slice(5));
    const topOf = (weight: number) => {
      const { model, vectors } = trainRanker(corpusOf(ALL), labels({ starred, positives: followed }), {
        ...DEFAULT_RANK,
        followWeight: weight,
      });
      return ALL.filter((p) => !starred.has(p.id) && !followed.has(p.id))
        .map((p) => ({ id: p.id, raw: scoreWith(model.overall!, vectors.get(p.id)!).raw }))
        .sort((a, b) => b.raw - a.raw)
        .slice(0, rest.length)
        .map((r) => r.id);
    };
    const hits = (top: string[]) => top.filter((id) => rest.includes(id)).length;
    // One star's worth in all: the starred topic keeps (nearly) the whole lead over the papers
    // nobody labelled; a star each (what the default caps) gives more of it away.
    expect(hits(topOf(1))).toBeGreaterThanOrEqual(rest.length - 1);
    expect(hits(topOf(1))).toBeGreaterThan(hits(topOf(Infinity)));
  });

  it(`is cold below ${MIN_STARS} stars`, () => {
    expect(trainRanker(corpusOf(ALL), labels({ starred: starFirst(DIFFUSION, MIN_STARS - 1) })).model.overall).toBeNull();
    const { model } = trainRanker(corpusOf(ALL), labels({ starred: starFirst(DIFFUSION, MIN_STARS) }));
    expect(model.overall).not.toBeNull();
    expect(model.starred).toBe(MIN_STARS);
    // Stars on papers the corpus does not hold don't count.
    const ghost = new Set([...ids(DIFFUSION.slice(0, 4)), '2509.99999']);
    expect(trainRanker(corpusOf(ALL), labels({ starred: ghost })).model.overall).toBeNull();
  });

  it('explains a score with the terms that raised it', () => {
    const { model, vectors } = ranking(ALL, labels({ starred: starFirst(DIFFUSION) }));
    const terms = explain(model.overall!, model.features, vectors.get('2501.00009')!);
    expect(terms.length).toBeGreaterThan(0);
    expect(terms.length).toBeLessThanOrEqual(5);
    expect(terms.some((t) => t.includes('diffusion'))).toBe(true);
    // Only words of the paper itself, and none the starred papers lack.
    const paper = DIFFUSION[8]!;
    const text = `${paper.title} ${paper.abstract}`.toLowerCase();
    for (const t of terms) for (const w of t.split(' ')) expect(text).toContain(w);
    // A speech paper has nothing in common with the stars: no words to show for it.
    expect(explain(model.overall!, model.features, vectors.get('2503.00004')!)).toEqual([]);
    expect(topTerms(model.overall!, model.features)).toContain('diffusion');
  });

  it('never says the same words twice in an explanation: phrases absorb their words and chain up', () => {
    const terms = ['adaptation', 'low', 'low rank', 'rank', 'rank adaptation', 'speech', 'speech recognition'];
    const features = { terms, idf: new Float32Array(terms.length).fill(1) };
    // Contributions, strongest first: "low rank", "rank adaptation", "rank", "speech", "speech recognition", "low".
    const w = Float32Array.from([0.1, 0.2, 0.9, 0.7, 0.8, 0.6, 0.5]);
    const scorer = { w, b: 0, quantiles: new Float32Array(101), positives: 5 };
    const v = { idx: Uint16Array.from(terms.keys()), val: new Float32Array(terms.length).fill(1) };
    expect(explain(scorer, features, v)).toEqual(['low rank adaptation', 'speech recognition']);
  });

  it('is deterministic: the same papers in another order give the same model', () => {
    const l = labels({ starred: starFirst(DIFFUSION), notInterested: new Set(['2502.00001']) });
    const a = trainRanker(corpusOf(ALL), l).model;
    const b = trainRanker(corpusOf([...ALL].reverse()), l).model;
    expect(b.features.terms).toEqual(a.features.terms);
    expect([...b.features.idf]).toEqual([...a.features.idf]);
    expect([...b.overall!.w]).toEqual([...a.overall!.w]);
    expect(b.overall!.b).toBe(a.overall!.b);
    expect([...b.overall!.quantiles]).toEqual([...a.overall!.quantiles]);
  });

  it('produces a model that survives structured cloning (IndexedDB) and is recognised', () => {
    const { model } = trainRanker(corpusOf(ALL), labels({ starred: starFirst(DIFFUSION) }));
    const copy = structuredClone(model);
    expect(isRankModel(copy)).toBe(true);
    expect(isRankModel({ ...copy, format: 0 })).toBe(false);
    expect(isRankModel({ ...copy, overall: { ...copy.overall!, w: new Float32Array(3) } })).toBe(false);
    expect(isRankModel(null)).toBe(false);
  });
});

describe('trainRanker: per tag', () => {
  it(`trains a model for each tag with at least ${MIN_TAG_PAPERS} papers`, () => {
    const tags = new Map([
      ['speech', new Set(ids(SPEECH.slice(0, 3)))],
      ['tiny', new Set(ids(OTHER.slice(0, MIN_TAG_PAPERS - 1)))],
    ]);
    const { model, vectors } = trainRanker(corpusOf(ALL), labels({ tags }));
    expect(Object.keys(model.tags)).toEqual(['speech']);
    expect(model.overall).toBeNull();
    const speech = model.tags.speech!;
    const rest = ALL.filter((p) => !tags.get('speech')!.has(p.id))
      .map((p) => ({ id: p.id, raw: scoreWith(speech, vectors.get(p.id)!).raw }))
      .sort((a, b) => b.raw - a.raw);
    expect(new Set(rest.slice(0, 3).map((r) => r.id))).toEqual(new Set(ids(SPEECH.slice(3))));
  });
});

describe('tf-idf', () => {
  const sortedIds = (corpus: Corpus) => [...corpus.ids()].sort();

  /** Each paper's vector from the corpus (the training's) and from its text (scoring's) are the same, row by row. */
  const sameVectors = (corpus: Corpus, papers: readonly RankText[], options = DEFAULT_FEATURES) => {
    const ids = sortedIds(corpus);
    const { features, vectorizer } = selectFeatures(corpus, ids, options);
    const { rows, vectors } = vectorizer.all();
    const fromText = new TextVectorizer(features);
    let bigrams = 0;
    for (const p of papers) {
      const i = ids.indexOf(p.id);
      const a = vectors[i]!;
      const b = fromText.vector(p.title, p.abstract);
      expect(a.idx.length).toBeGreaterThan(0);
      expect([...b.idx]).toEqual([...a.idx]);
      expect([...b.val]).toEqual([...a.val]);
      expect([...rows.idx.subarray(rows.start[i], rows.start[i + 1])]).toEqual([...a.idx]);
      bigrams += [...a.idx].filter((f) => features.terms[f]!.includes(' ')).length;
    }
    expect(bigrams).toBeGreaterThan(0);
  };

  it('gives a paper the same vector from the corpus and from its text', () => {
    sameVectors(corpusOf(ALL), ALL);
  });

  it('gives a paper the same vector from the corpus and from its text when bigrams come from a sample', () => {
    const papers = Array.from({ length: 10 }, (_, k) => ALL.map((p) => ({ ...p, id: `${p.id}v${k}` }))).flat();
    sameVectors(corpusOf(papers), papers, { ...DEFAULT_FEATURES, bigramSample: 50 });
  });

  it('L2-normalises, weighs rare terms above common ones, and drops terms seen once', () => {
    const corpus = corpusOf(ALL);
    const ids = sortedIds(corpus);
    const { features, vectorizer } = selectFeatures(corpus, ids);
    const v = vectorizer.all().vectors[ids.indexOf('2501.00001')]!;
    const norm = Math.sqrt([...v.val].reduce((s, x) => s + x * x, 0));
    expect(norm).toBeCloseTo(1, 5);
    const weight = (term: string) => v.val[[...v.idx].indexOf(features.terms.indexOf(term))] ?? 0;
    expect(weight('resolution')).toBeGreaterThan(weight('image'));
    expect(weight('image')).toBeGreaterThan(0);
    expect(features.terms).not.toContain('autoencoder'); // one paper only
    expect(features.terms).toContain('diffusion model');
    expect(features.terms).toContain('reinforcement learning');
    expect(features.terms).not.toContain('pretrained autoencoder'); // a bigram seen once
  });

  it('keeps the most frequent terms under the cap, ties broken the same way every time', () => {
    const corpus = corpusOf(ALL);
    const ids = sortedIds(corpus);
    const all = selectFeatures(corpus, ids).features;
    const capped = selectFeatures(corpus, ids, { ...DEFAULT_FEATURES, maxFeatures: 15 }).features;
    expect(capped.terms).toHaveLength(15);
    const idf = (f: typeof all, term: string) => f.idf[f.terms.indexOf(term)]!;
    const dropped = all.terms.filter((t) => !capped.terms.includes(t));
    const worstKept = Math.max(...capped.terms.map((t) => idf(capped, t)));
    for (const t of dropped) expect(idf(all, t)).toBeGreaterThanOrEqual(worstKept);
    expect(capped.terms).toContain('diffusion');
    const again = selectFeatures(corpusOf([...ALL].reverse()), ids, { ...DEFAULT_FEATURES, maxFeatures: 15 }).features;
    expect(again.terms).toEqual(capped.terms);
  });

  it('counts word document frequencies right as papers change and leave', () => {
    const corpus = new Corpus();
    const paper = { id: '2501.00001', title: 'Diffusion Models' };
    expect(corpus.add(paper)).toBe(true);
    expect(corpus.add(paper)).toBe(false); // unchanged: not tokenised again
    expect(corpus.add({ ...paper, abstract: 'Latent diffusion, latent noise.' })).toBe(true);
    corpus.add({ id: '2501.00002', title: 'Latent Spaces' });
    corpus.add({ id: '2501.00003', title: 'Robot Arms' });
    // Every word in at least one paper is a feature; its idf gives its document frequency back.
    const df = (word: string) => {
      const ids = sortedIds(corpus);
      const { features } = selectFeatures(corpus, ids, { ...DEFAULT_FEATURES, minDf: 1, maxDfRatio: 1 });
      const f = features.terms.indexOf(word);
      return f < 0 ? 0 : Math.round((ids.length + 1) / Math.exp(features.idf[f]! - 1) - 1);
    };
    expect(df('latent')).toBe(2);
    expect(df('diffusion')).toBe(1);
    expect(df('robot')).toBe(1);
    corpus.remove('2501.00002');
    expect(df('latent')).toBe(1);
    expect(df('space')).toBe(0);
    expect(corpus.size).toBe(2);
  });

  it('picks bigrams from a sample on a big corpus: the frequent ones, with exact document frequencies', () => {
    // 400 papers from the hand-made ones, each repeated under new ids.
    const corpus = new Corpus();
    for (let k = 0; k < 10; k++) for (const p of ALL) corpus.add({ ...p, id: `${p.id}v${k}` });
    const ids = sortedIds(corpus);
    const exact = selectFeatures(corpus, ids, { ...DEFAULT_FEATURES, bigramSample: 10_000 });
    const sampled = selectFeatures(corpus, ids, { ...DEFAULT_FEATURES, bigramSample: 50 });
    const idfOf = (f: typeof exact.features, term: string) => f.idf[f.terms.indexOf(term)];
    let checked = 0;
    // Every bigram of two original papers (20 copies, each run of 10 copies holding a sampled
    // paper: every 8th) is found from the sample of 50, with the exact idf.
    for (const term of exact.features.terms) {
      if (!term.includes(' ')) continue;
      const df = Math.round((ids.length + 1) / Math.exp(idfOf(exact.features, term)! - 1) - 1);
      if (df < 20) continue;
      expect(sampled.features.terms).toContain(term);
      expect(idfOf(sampled.features, term)).toBe(idfOf(exact.features, term));
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    expect(sampled.features.terms.length).toBeLessThan(exact.features.terms.length);
    expect(sampled.features.terms.filter((t) => !t.includes(' '))).toEqual(exact.features.terms.filter((t) => !t.includes(' ')));
  });
});

describe('score mapping', () => {
  it('percentile is monotone and bounded', () => {
    const q = quantiles(Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3));
    let last = -1;
    for (let raw = -4; raw <= 4; raw += 0.05) {
      const p = percentile(raw, q);
      expect(p).toBeGreaterThanOrEqual(last);
      last = p;
    }
    expect(percentile(-10, q)).toBe(0);
    expect(percentile(10, q)).toBe(1);
    expect(percentile(0, q)).toBeCloseTo(0.5, 1);
  });
});

describe('trainSvm', () => {
  it('separates a linearly separable set', () => {
    // Four rows of three features: (0: 1), (0: 0.8, 2: 0.6), (1: 1), (1: 0.6, 2: 0.8).
    const x = {
      start: Int32Array.from([0, 1, 3, 4, 6]),
      idx: Uint16Array.from([0, 0, 2, 1, 1, 2]),
      val: Float32Array.from([1, 0.8, 0.6, 1, 0.6, 0.8]),
    };
    const y = Int8Array.from([1, 1, -1, -1]);
    const { w, b, report } = trainSvm(x, y, new Float64Array(4).fill(1), 3);
    expect(report.converged).toBe(true);
    y.forEach((yi, i) => {
      let s = b;
      for (let k = x.start[i]!; k < x.start[i + 1]!; k++) s += w[x.idx[k]!]! * x.val[k]!;
      expect(Math.sign(s)).toBe(yi);
    });
  });
});
