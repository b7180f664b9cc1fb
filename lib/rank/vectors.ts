/**
 * Sparse tf-idf vectors (lib/rank/tfidf picks the features): the map from term ids to features
 * that turns a token sequence into an L2-normalised vector, and the dot product with a model.
 */
import { float32Arena, uint16Arena } from './arena';
import type { PaperTerms } from './paper-terms';
import { PairTable } from './pairs';
import { BREAK } from './tokenize';

/**
 * Feature indexes fit 16 bits (half the memory of a training's ~2 million vector entries: a cold
 * run pays for each new page it touches), so a feature space has at most this many terms.
 */
export const MAX_FEATURES = 1 << 16;

/**
 * Sparse vectors as the rows of one matrix (compressed sparse rows): row i's feature indexes and
 * values are idx/val[start[i], start[i + 1]). The SVM's passes read them without an object per
 * row (measured, Node: a training's SVM ~25 % faster than from one SparseVector per row).
 */
export interface SparseRows {
  start: Int32Array;
  idx: Uint16Array;
  val: Float32Array;
}

export interface SparseVector {
  /** Feature indexes, in the order the text first gives them (the same for a paper whichever path vectorises it). */
  idx: Uint16Array;
  val: Float32Array;
}

/** 1 + ln(count) as a float32, for the counts a paper usually has. */
const TF = Float32Array.from({ length: 256 }, (_, c) => (c === 0 ? 0 : 1 + Math.log(c)));
const tf = (count: number) => (count < 256 ? TF[count]! : Math.fround(1 + Math.log(count)));

/**
 * Term ids of one lexicon → features: an array for words, a pair table for bigrams. Turns a
 * token sequence into a tf-idf vector, for scoring from text (lib/rank/tfidf TextVectorizer); the
 * training's vectors come from each paper's terms (rowsOf), the same ones (tests/unit/rank).
 */
export class FeatureMap {
  private word: Int32Array;
  /** Per word: 1 if it starts a bigram feature, 2 if it ends one (3: both). The pair table is
   * probed only for a word that ends one after a word that starts one. */
  private role: Uint8Array;
  private readonly pair: PairTable;
  private readonly counts: Uint16Array;
  private seen = new Int32Array(256);
  private readonly idxArena = uint16Arena();
  private readonly valArena = float32Arena();

  constructor(private readonly idf: Float32Array) {
    if (idf.length > MAX_FEATURES) throw new Error(`FeatureMap: ${idf.length} features, at most ${MAX_FEATURES}`);
    this.counts = new Uint16Array(idf.length);
    this.word = new Int32Array(1024).fill(-1);
    this.role = new Uint8Array(this.word.length);
    this.pair = new PairTable(1 << 12);
  }

  private reserve(word: number): void {
    if (word < this.word.length) return;
    let size = this.word.length * 2;
    while (size <= word) size *= 2;
    const next = new Int32Array(size).fill(-1);
    next.set(this.word);
    this.word = next;
    const role = new Uint8Array(size);
    role.set(this.role);
    this.role = role;
  }

  setWord(word: number, feature: number): void {
    this.reserve(word);
    this.word[word] = feature;
  }

  setPair(a: number, b: number, feature: number): void {
    this.reserve(Math.max(a, b));
    this.role[a]! |= 1;
    this.role[b]! |= 2;
    this.pair.set(a, b, feature);
  }

  vector(tokens: Int32Array, n: number): SparseVector {
    const distinct = this.count(tokens, n);
    const idx = this.idxArena.take(distinct);
    const val = this.valArena.take(distinct);
    this.weigh(distinct, idx, val, 0);
    return { idx, val };
  }

  /** Counts the features of tokens[0, n) (their counts in `counts`, each once in `seen`); returns how many. */
  private count(tokens: Int32Array, n: number): number {
    const { counts, word, role, pair } = this;
    if (this.seen.length < 2 * n) this.seen = new Int32Array(4 * n);
    const seen = this.seen;
    let distinct = 0;
    let prev = BREAK;
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (t === BREAK) {
        prev = BREAK;
        continue;
      }
      const known = t < word.length;
      const f = known ? word[t]! : -1;
      if (f >= 0 && counts[f]!++ === 0) seen[distinct++] = f;
      if (prev !== BREAK && known && (role[t]! & 2) !== 0 && (role[prev]! & 1) !== 0) {
        const g = pair.get(prev, t);
        if (g >= 0 && counts[g]!++ === 0) seen[distinct++] = g;
      }
      prev = t;
    }
    return distinct;
  }

  /**
   * The tf-idf vector of the features counted, L2-normalised, into idx/val from `at` (in the order
   * the text first gave them: not sorted, nothing needs them in order and sorting them cost as
   * much as the rest); clears the counts.
   */
  private weigh(distinct: number, idx: Uint16Array, val: Float32Array, at: number): void {
    const { counts, seen, idf } = this;
    let sum = 0;
    for (let i = 0; i < distinct; i++) {
      const f = seen[i]!;
      idx[at + i] = f;
      const v = weight(counts[f]!, idf[f]!);
      val[at + i] = v;
      sum += v * v;
      counts[f] = 0;
    }
    normalise(val, at, at + distinct, sum);
  }
}

/** A feature's tf-idf weight: float32 tf and product, the same whichever path computes them. */
const weight = (count: number, idf: number) => Math.fround(tf(count) * idf);

/** Scales val[from, to), whose squares sum to `sum`, to unit length. */
function normalise(val: Float32Array, from: number, to: number, sum: number): void {
  if (sum <= 0) return;
  const inv = 1 / Math.sqrt(sum);
  for (let i = from; i < to; i++) val[i]! *= inv;
}

/**
 * The training papers' vectors as the rows of one SparseRows (the SVM reads it), each vector a
 * view on its row: from each paper's terms (lib/rank/paper-terms), `featureOf` giving each term's
 * feature or -1. The same vectors as FeatureMap.vector gives from the tokens: the same features
 * in the same order (their first occurrence in the text), the same weights.
 */
export function rowsOf(terms: PaperTerms, featureOf: Int32Array, idf: Float32Array): { rows: SparseRows; vectors: SparseVector[] } {
  const papers = terms.start.length - 1;
  const start = new Int32Array(papers + 1);
  // At most a feature per term (memory not written to costs nothing).
  const idx = new Uint16Array(terms.start[papers]!);
  const val = new Float32Array(idx.length);
  for (let i = 0; i < papers; i++) start[i + 1] = weighPaper(terms, i, featureOf, idf, idx, val, start[i]!);
  const vectors = Array.from({ length: papers }, (_, i) => ({
    idx: idx.subarray(start[i], start[i + 1]),
    val: val.subarray(start[i], start[i + 1]),
  }));
  return { rows: { start, idx, val }, vectors };
}

/** Paper i's vector into idx/val from `at`; returns where the next one goes. */
function weighPaper(
  terms: PaperTerms,
  i: number,
  featureOf: Int32Array,
  idf: Float32Array,
  idx: Uint16Array,
  val: Float32Array,
  at: number,
): number {
  const { term, count } = terms;
  let n = at;
  let sum = 0;
  for (let k = terms.start[i]!; k < terms.start[i + 1]!; k++) {
    const f = featureOf[term[k]!]!;
    if (f < 0) continue;
    const v = weight(count[k]!, idf[f]!);
    idx[n] = f;
    val[n++] = v;
    sum += v * v;
  }
  normalise(val, at, n, sum);
  return n;
}

export function dot(w: Float32Array, x: SparseVector): number {
  let s = 0;
  const { idx, val } = x;
  for (let i = 0; i < idx.length; i++) s += w[idx[i]!]! * val[i]!;
  return s;
}
