/**
 * "For you": a linear model per tag and one overall, over tf-idf features of title + abstract,
 * trained from the user's own papers (after arxiv-sanity-lite: a linear SVM per tag).
 *
 * - Overall: starred papers are the positives, with the caller's extra positives (papers liked
 *   without a star: those of a followed author, lab or keyword, issue 16); every other paper seen
 *   is a negative; papers marked "not interested" are negatives that weigh as much as a star, and
 *   stay negatives when an extra positive rule takes them in (a star alone overrides them).
 * - Per tag: the papers carrying the tag against all others.
 * - Classes are balanced by cost (a handful of stars against thousands of papers seen).
 * - A score on 0..1 is the share of seen-but-not-starred papers that rank lower: 0.82 = "above
 *   82% of what you saw"; "top" is above TOP_SCORE. Not the margin's sign: every paper seen is a
 *   training negative, so the model puts nearly all of them below zero, the best ones included.
 *   The raw margin stays available for sorting.
 * - An explanation is the terms contributing most to a paper's score (weight × tf-idf):
 *   lib/rank/explain.
 * - Cold start: fewer than MIN_STARS stars → no overall model (callers say so instead of guessing).
 *
 * Everything here is pure and deterministic: the same papers and labels give the same model,
 * whatever order they arrive in. The model is plain data (typed arrays), stored as is in IndexedDB.
 */
import type { Corpus } from './corpus';
import { TITLE_WEIGHT } from './tokenize';
import { DEFAULT_SVM, trainSvm, type LinearModel, type SvmOptions } from './svm';
import { DEFAULT_FEATURES, selectFeatures, type FeatureOptions, type Features } from './tfidf';
import { dot, type SparseRows, type SparseVector } from './vectors';
import { percentile, quantiles } from './quantiles';

/** Stars needed before the overall model guesses anything (issue 7: "fewer than 5 → say so"). */
export const MIN_STARS = 5;
/** Papers a tag needs before "more like this tag" is offered. */
export const MIN_TAG_PAPERS = 3;
/** A paper is highlighted when it ranks above this share of the papers seen but not starred. */
export const TOP_SCORE = 0.9;
/** Terms given as an explanation. */
export const EXPLAIN_TERMS = 5;

/**
 * Bumped whenever a stored model could not be read by this code, or would score differently
 * (2: tokenizer version 2 makes other bigrams; a stored model is retrained).
 */
export const MODEL_FORMAT = 2;

export interface RankLabels {
  starred: ReadonlySet<string>;
  /**
   * Positives of the overall model besides the stars (e.g. papers matching a follow rule). They
   * train it as a star does but do not end its cold start: that takes MIN_STARS stars.
   */
  positives?: ReadonlySet<string>;
  /** Tag id → ids of its papers. */
  tags: ReadonlyMap<string, ReadonlySet<string>>;
  notInterested: ReadonlySet<string>;
}

export interface RankOptions {
  features: FeatureOptions;
  /** Regularisation: smaller = smoother weights (arxiv-sanity-lite uses 0.01 to 0.1). */
  c: number;
  /** A "not interested" paper's cost, relative to a starred paper's. */
  notInterestedWeight: number;
  /**
   * What the extra positives (papers a follow rule matches, not starred) weigh all together, in
   * stars; each weighs that share of them and never more than one star. A follow matching 30
   * papers must not outweigh 5 stars: on the bench (tests/bench/rank.mjs) a full star each drops
   * precision@10 on a topic by half, one star in all keeps it.
   */
  followWeight: number;
  svm: SvmOptions;
  titleWeight: number;
}

export const DEFAULT_RANK: RankOptions = {
  features: DEFAULT_FEATURES,
  c: 0.1,
  notInterestedWeight: 1,
  followWeight: 1,
  svm: DEFAULT_SVM,
  titleWeight: TITLE_WEIGHT,
};

export interface Scorer extends LinearModel {
  /** Raw scores of the negatives at 0%, 1%, … 100%: maps a raw score to 0..1. */
  quantiles: Float32Array;
  positives: number;
}

export interface RankModel {
  format: typeof MODEL_FORMAT;
  features: Features;
  titleWeight: number;
  /** Null in cold start. */
  overall: Scorer | null;
  /** Tag id → its model (tags with at least MIN_TAG_PAPERS papers). */
  tags: Record<string, Scorer>;
  /** Training set: papers, stars and "not interested" papers it saw. */
  papers: number;
  starred: number;
  notInterested: number;
}

export interface TrainResult {
  model: RankModel;
  /** Each training paper's vector (the service scores cards it already knows without re-reading them). */
  vectors: Map<string, SparseVector>;
  ms: { features: number; overall: number; tags: number };
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * The training set vectorised: features and vectors depend on the papers only, not on stars or
 * tags, so the background reuses them across retrains until papers change.
 */
export interface Prepared {
  ids: string[];
  x: SparseVector[];
  /** The same vectors as one matrix's rows (x[i] is row i), for the SVM. */
  rows: SparseRows;
  features: Features;
}

/** Picks the features and vectorises every paper of the corpus (ids sorted: deterministic). */
export function prepareTraining(corpus: Corpus, options: RankOptions = DEFAULT_RANK): Prepared {
  const ids = [...corpus.ids()].sort();
  const { features, vectorizer } = selectFeatures(corpus, ids, options.features);
  const { rows, vectors } = vectorizer.all();
  return { ids, features, x: vectors, rows };
}

/** Labelled papers of the training set: stars, and "not interested" ones that are not starred. */
function labelled(prepared: Prepared, labels: RankLabels): { starred: number; notInterested: Set<string> } {
  return {
    starred: prepared.ids.filter((id) => labels.starred.has(id)).length,
    // A starred paper is never a negative, whatever else it is marked.
    notInterested: new Set(prepared.ids.filter((id) => labels.notInterested.has(id) && !labels.starred.has(id))),
  };
}

/** The overall model, or null in cold start. */
export function fitOverall(prepared: Prepared, labels: RankLabels, options: RankOptions = DEFAULT_RANK): Scorer | null {
  const { starred, notInterested } = labelled(prepared, labels);
  if (starred < MIN_STARS) return null;
  const extra = labels.positives;
  const positive = extra?.size ? new Set([...labels.starred, ...[...extra].filter((id) => !notInterested.has(id))]) : labels.starred;
  return fit(prepared, positive, notInterested, options, labels.starred);
}

/** A tag's model, or null when the tag has fewer than MIN_TAG_PAPERS papers in the training set. */
export function fitTag(
  prepared: Prepared,
  members: ReadonlySet<string>,
  labels: RankLabels,
  options: RankOptions = DEFAULT_RANK,
): Scorer | null {
  if (prepared.ids.filter((id) => members.has(id)).length < MIN_TAG_PAPERS) return null;
  return fit(prepared, members, labelled(prepared, labels).notInterested, options);
}

export function assemble(
  prepared: Prepared,
  labels: RankLabels,
  overall: Scorer | null,
  tags: Record<string, Scorer>,
  options: RankOptions = DEFAULT_RANK,
): TrainResult {
  const { starred, notInterested } = labelled(prepared, labels);
  return {
    model: {
      format: MODEL_FORMAT,
      features: prepared.features,
      titleWeight: options.titleWeight,
      overall,
      tags,
      papers: prepared.ids.length,
      starred,
      notInterested: notInterested.size,
    },
    vectors: new Map(prepared.ids.map((id, i) => [id, prepared.x[i]!])),
    ms: { features: 0, overall: 0, tags: 0 },
  };
}

/**
 * Trains every model from the corpus in one go (the background runs the same steps with pauses
 * between them: lib/rank/service). The corpus must hold every labelled paper to be used;
 * labelled ids missing from it are ignored.
 */
export function trainRanker(corpus: Corpus, labels: RankLabels, options: RankOptions = DEFAULT_RANK): TrainResult {
  const t0 = now();
  const prepared = prepareTraining(corpus, options);
  const t1 = now();
  const overall = fitOverall(prepared, labels, options);
  const t2 = now();
  const tags: Record<string, Scorer> = {};
  for (const tagId of [...labels.tags.keys()].sort()) {
    const scorer = fitTag(prepared, labels.tags.get(tagId)!, labels, options);
    if (scorer) tags[tagId] = scorer;
  }
  const t3 = now();
  const result = assemble(prepared, labels, overall, tags, options);
  result.ms = { features: t1 - t0, overall: t2 - t1, tags: t3 - t2 };
  return result;
}

/**
 * `starred`: given when `positive` holds more than the stars (follows): the positives that are not
 * starred then weigh RankOptions.followWeight stars all together.
 */
function fit(
  prepared: Prepared,
  positive: ReadonlySet<string>,
  notInterested: ReadonlySet<string>,
  options: RankOptions,
  starred?: ReadonlySet<string>,
): Scorer {
  const { ids, x } = prepared;
  const dim = prepared.features.terms.length;
  const n = ids.length;
  const y = new Int8Array(n);
  const weak = (id: string) => starred !== undefined && !starred.has(id);
  const extra = ids.filter((id) => positive.has(id) && weak(id)).length;
  const followShare = extra ? Math.min(1, options.followWeight / extra) : 1;
  /** Each positive's share of a star: 1, or followShare for a follow that is not starred. */
  const share = new Float64Array(n);
  let positives = 0;
  let weight = 0;
  ids.forEach((id, i) => {
    y[i] = positive.has(id) ? 1 : -1;
    if (y[i] !== 1) return;
    positives++;
    share[i] = weak(id) ? followShare : 1;
    weight += share[i];
  });
  const negatives = n - positives;
  // Balanced classes (scikit-learn's class_weight="balanced"): each class weighs n / 2 in all.
  const cPos = (options.c * n) / (2 * Math.max(1, weight));
  const cNeg = (options.c * n) / (2 * Math.max(1, negatives));
  const cost = new Float64Array(n);
  ids.forEach((id, i) => {
    cost[i] = y[i] === 1 ? cPos * share[i]! : notInterested.has(id) ? Math.max(cNeg, cPos * options.notInterestedWeight) : cNeg;
  });
  const { w, b } = trainSvm(prepared.rows, y, cost, dim, options.svm);
  const rest: number[] = [];
  for (let i = 0; i < n; i++) if (y[i] === -1) rest.push(dot(w, x[i]!) + b);
  return { w, b, quantiles: quantiles(rest), positives };
}

export interface Scored {
  /** 0..1: the share of seen-but-not-starred papers ranking lower. */
  score: number;
  /** The margin of the linear model (> 0: the starred side of its boundary). */
  raw: number;
  top: boolean;
}

export function scoreWith(scorer: Scorer, v: SparseVector): Scored {
  const raw = dot(scorer.w, v) + scorer.b;
  const score = percentile(raw, scorer.quantiles);
  return { score, raw, top: score >= TOP_SCORE };
}

/** Is `value` a model this code can use (a stored one may come from an older version)? */
export function isRankModel(value: unknown): value is RankModel {
  if (!value || typeof value !== 'object') return false;
  const m = value as Partial<RankModel>;
  const scorerOk = (s: unknown): boolean => {
    const x = s as Partial<Scorer> | null;
    return (
      !!x &&
      x.w instanceof Float32Array &&
      x.w.length === m.features!.terms.length &&
      typeof x.b === 'number' &&
      x.quantiles instanceof Float32Array &&
      x.quantiles.length === 101
    );
  };
  return (
    m.format === MODEL_FORMAT &&
    !!m.features &&
    Array.isArray(m.features.terms) &&
    m.features.idf instanceof Float32Array &&
    m.features.idf.length === m.features.terms.length &&
    typeof m.titleWeight === 'number' &&
    (m.overall === null || scorerOk(m.overall)) &&
    !!m.tags &&
    Object.values(m.tags).every(scorerOk)
  );
}
