/**
 * Sparse tf-idf vectors (lib/rank/tfidf picks the features): the map from term ids to features
 * that turns a token sequence into an L2-normalised vector, and the dot product with a model.
 */
import { float32Arena, uint16Arena } from './arena';
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
 * token sequence into a tf-idf vector. Shared by the corpus (training) and by scoring from text,
 * so a paper gets the same vector either way.
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

  /**
   * `words`, `pairs`: how many word ids and bigram features to expect, when known (the tables
   * are then made at their size, not grown; a table growing in the middle of its first use also
   * sends its code back to the interpreter).
   */
  constructor(
    private readonly idf: Float32Array,
    words = 1024,
    pairs = 0,
  ) {
    if (idf.length > MAX_FEATURES) throw new Error(`FeatureMap: ${idf.length} features, at most ${MAX_FEATURES}`);
    this.counts = new Uint16Array(idf.length);
    this.word = new Int32Array(Math.max(1024, words)).fill(-1);
    this.role = new Uint8Array(this.word.length);
    let capacity = 1 << 12;
    while (capacity * 3 < pairs * 4) capacity *= 2;
    this.pair = new PairTable(capacity);
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

  /**
   * The vectors of many token sequences as the rows of one SparseRows (the SVM reads it), each
   * vector a view on its row.
   */
  rows(docs: ReadonlyArray<{ readonly tokens: Int32Array }>): { rows: SparseRows; vectors: SparseVector[] } {
    const start = new Int32Array(docs.length + 1);
    // A paper has at most as many features as tokens but for its bigrams: sized for that, grown if
    // needed (untouched memory costs nothing).
    let capacity = 0;
    for (const doc of docs) capacity += doc.tokens.length;
    let idx = new Uint16Array(capacity);
    let val = new Float32Array(capacity);
    let at = 0;
    for (let i = 0; i < docs.length; i++) {
      const { tokens } = docs[i]!;
      const distinct = this.count(tokens, tokens.length);
      if (at + distinct > idx.length) {
        capacity = Math.max(at + distinct, Math.ceil(idx.length * 1.5));
        const grownIdx = new Uint16Array(capacity);
        grownIdx.set(idx);
        idx = grownIdx;
        const grownVal = new Float32Array(capacity);
        grownVal.set(val);
        val = grownVal;
      }
      this.weigh(distinct, idx, val, at);
      start[i + 1] = at += distinct;
    }
    const vectors = docs.map((_, i) => ({ idx: idx.subarray(start[i], start[i + 1]), val: val.subarray(start[i], start[i + 1]) }));
    return { rows: { start, idx, val }, vectors };
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
      // float32 tf and product: the same whichever path computes them.
      const v = Math.fround(tf(counts[f]!) * idf[f]!);
      val[at + i] = v;
      sum += v * v;
      counts[f] = 0;
    }
    if (sum > 0) {
      const inv = 1 / Math.sqrt(sum);
      for (let i = at; i < at + distinct; i++) val[i]! *= inv;
    }
  }
}

export function dot(w: Float32Array, x: SparseVector): number {
  let s = 0;
  const { idx, val } = x;
  for (let i = 0; i < idx.length; i++) s += w[idx[i]!]! * val[i]!;
  return s;
}
