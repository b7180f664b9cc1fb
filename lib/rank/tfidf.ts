/**
 * tf-idf features: which terms count (document frequency bounds, a cap on their number), their
 * idf weights, and sparse L2-normalised vectors — of corpus documents (word ids) or of a paper's
 * text (for scoring with a stored model). Terms are words and adjacent word pairs (bigrams).
 *
 * Weights follow the usual recipe for short documents (as scikit-learn's TfidfVectorizer with
 * sublinear_tf and smooth_idf): tf = 1 + ln(count), idf = ln((1 + N) / (1 + df)) + 1.
 */
import type { Corpus, CorpusDoc } from './corpus';
import { float32Arena, int32Arena } from './arena';
import { Candidates } from './candidates';
import { PairCounts, PairList, PairTable } from './pairs';
import { BREAK, Lexicon, TITLE_WEIGHT } from './tokenize';

export interface FeatureOptions {
  /** A term must occur in at least this many papers (rarer ones cannot generalise). */
  minDf: number;
  /**
   * …and in at most this share of them (the rest are boilerplate; the stop-word lists already
   * drop most). 0.8: at 0.5 a small library lost the words of its biggest topic (precision@10
   * 0.625 → 0.648 on the bench's "parallel" topic at 0.7–1.0).
   */
  maxDfRatio: number;
  /** At most this many terms, the most frequent first. */
  maxFeatures: number;
  /**
   * Bigram candidates are counted on at most this many papers (every k-th by id), then their
   * exact document frequency on all. Below this size the choice is exact; above it, a bigram
   * needs about minDf × corpus / sample papers to be noticed — rarer ones would not make the
   * cap anyway. (Interning every bigram of 10,000 abstracts, ~800,000 of them, cost more than
   * everything else in a training.)
   */
  bigramSample: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { minDf: 2, maxDfRatio: 0.8, maxFeatures: 30_000, bigramSample: 1500 };

/** The feature space of a trained model: terms in feature order and their idf. */
export interface Features {
  terms: string[];
  idf: Float32Array;
}

export interface SparseVector {
  /** Feature indexes, in the order the text first gives them (the same for a paper whichever path vectorises it). */
  idx: Int32Array;
  val: Float32Array;
}

export function idfOf(df: number, docs: number): number {
  return Math.log((1 + docs) / (1 + df)) + 1;
}

/** 1 + ln(count) as a float32, for the counts a paper usually has. */
const TF = Float32Array.from({ length: 256 }, (_, c) => (c === 0 ? 0 : 1 + Math.log(c)));
const tf = (count: number) => (count < 256 ? TF[count]! : Math.fround(1 + Math.log(count)));

const pairHash = (a: number, b: number) => Math.imul(a ^ Math.imul(b, 0x9e3779b1), 16777619) ^ 0x5bd1e995;

/**
 * Term ids of one lexicon → features: an array for words, a pair table for bigrams. Turns a
 * token sequence into a tf-idf vector. Shared by the corpus (training) and by scoring from text,
 * so a paper gets the same vector either way.
 */
class FeatureMap {
  private word: Int32Array = new Int32Array(1024).fill(-1);
  /** Per word: 1 if it starts a bigram feature, 2 if it ends one (3: both). The pair table is
   * probed only for a word that ends one after a word that starts one. */
  private role: Uint8Array = new Uint8Array(1024);
  private readonly pair = new PairTable();
  private readonly counts: Uint16Array;
  private seen = new Int32Array(256);
  private readonly idxArena = int32Arena();
  private readonly valArena = float32Arena();

  constructor(private readonly idf: Float32Array) {
    this.counts = new Uint16Array(idf.length);
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
    // Not sorted: nothing needs the indexes in order, and sorting them cost as much as the rest.
    const idx = this.idxArena.take(distinct);
    idx.set(seen.subarray(0, distinct));
    const val = this.valArena.take(distinct);
    let sum = 0;
    for (let i = 0; i < distinct; i++) {
      const f = idx[i]!;
      // float32 tf and product: the same whichever path computes them.
      const v = Math.fround(tf(counts[f]!) * this.idf[f]!);
      val[i] = v;
      sum += v * v;
      counts[f] = 0;
    }
    if (sum > 0) {
      const inv = 1 / Math.sqrt(sum);
      for (let i = 0; i < distinct; i++) val[i]! *= inv;
    }
    return { idx, val };
  }
}

/** Vectorises corpus documents against the features picked from that corpus. */
export interface CorpusVectorizer {
  vector(doc: CorpusDoc): SparseVector;
}

/**
 * Picks the features from the corpus and returns them with a vectoriser for its documents.
 * `ids`: the corpus's papers, sorted (the bigram sample is every k-th of them, so the same papers
 * give the same features whatever order they were added in). Features are ordered by a hash of
 * their text (a bigram's from its two words' hashes), then by the text: the order, and so the
 * model, does not depend on insertion order either.
 */
export function selectFeatures(
  corpus: Corpus,
  ids: readonly string[],
  options: FeatureOptions = DEFAULT_FEATURES,
): { features: Features; vectorizer: CorpusVectorizer } {
  const docs = ids.length;
  const maxDf = Math.max(options.minDf, Math.floor(options.maxDfRatio * docs));
  // Bigrams: dfs on the sample, then exact ones on every paper if sampled.
  const step = Math.max(1, Math.ceil(docs / options.bigramSample));
  const papers = ids.map((id) => corpus.get(id)!);
  // Sized for half the sample's pairs being distinct (bench: 55 %, more than real text), grown past 3/4.
  let sampled = 0;
  for (let i = 0; i < docs; i += step) sampled += papers[i]!.tokens.length;
  let capacity = 1 << 12;
  while (capacity * 3 < sampled * 2) capacity *= 2;
  const counts = new PairCounts(capacity);
  for (let i = 0; i < docs; i += step) {
    const tokens = papers[i]!.tokens;
    let prev = BREAK;
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (t !== BREAK && prev !== BREAK) counts.count(prev, t, i + 1);
      prev = t;
    }
  }
  // The pairs in at least minDf sampled papers (their counts exact when every paper was sampled).
  let pairs = counts.atLeast(options.minDf);
  if (step > 1) {
    // Count them on every paper, in a table small enough to stay in cache (sized once, load ≤ 3/4),
    // probed only for a word that ends one of them after a word that starts one (role bits 1, 2).
    const sample = pairs;
    for (capacity = 1 << 10; capacity * 3 < sample.length * 4;) capacity *= 2;
    const table = new PairTable(capacity);
    const full = new PairList();
    const role = new Uint8Array(corpus.words);
    for (let p = 0; p < sample.length; p++) {
      table.set(sample.a[p]!, sample.b[p]!, full.add(sample.a[p]!, sample.b[p]!));
      role[sample.a[p]!]! |= 1;
      role[sample.b[p]!]! |= 2;
    }
    // Counts, for each pair in `table` (its value: an index into `full`), the papers holding it.
    const countPairs = (doc: CorpusDoc, stamp: number) => {
      const tokens = doc.tokens;
      let prev = BREAK;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (t !== BREAK && prev !== BREAK && (role[prev]! & 1) !== 0 && (role[t]! & 2) !== 0) {
          const p = table.get(prev, t);
          if (p >= 0 && full.stamp[p] !== stamp) {
            full.stamp[p] = stamp;
            full.df[p]!++;
          }
        }
        prev = t;
      }
    };
    for (let i = 0; i < docs; i++) countPairs(papers[i]!, i + 1);
    pairs = full;
  }
  const candidates = new Candidates(corpus.words + pairs.length);
  for (let w = 0; w < corpus.words; w++) {
    const df = corpus.df(w);
    if (df >= options.minDf && df <= maxDf) candidates.push(w, -1, df, corpus.wordHash(w));
  }
  for (let p = 0; p < pairs.length; p++) {
    const df = pairs.df[p]!;
    if (df >= options.minDf && df <= maxDf) {
      const a = pairs.a[p]!;
      const b = pairs.b[p]!;
      candidates.push(a, b, df, pairHash(corpus.wordHash(a), corpus.wordHash(b)));
    }
  }
  const textOf = (c: number) => {
    const b = candidates.b[c]!;
    return b < 0 ? corpus.text(candidates.a[c]!) : `${corpus.text(candidates.a[c]!)} ${corpus.text(b)}`;
  };
  let chosen: Int32Array = Int32Array.from({ length: candidates.length }, (_, c) => c);
  if (chosen.length > options.maxFeatures) {
    // The cap keeps the most frequent terms: find the df cut-off with a histogram, and order
    // only the terms at the cut-off (by hash, then text) to fill the last places.
    const atLeast = new Int32Array(maxDf + 2);
    for (let c = 0; c < candidates.length; c++) atLeast[candidates.df[c]!]!++;
    for (let d = maxDf; d >= 0; d--) atLeast[d]! += atLeast[d + 1]!;
    let cut = options.minDf;
    while (atLeast[cut]! > options.maxFeatures) cut++;
    const above = chosen.filter((c) => candidates.df[c]! >= cut);
    const atCut = chosen.filter((c) => candidates.df[c] === cut - 1);
    const tied = candidates.byHash(atCut, textOf);
    chosen = new Int32Array(options.maxFeatures);
    chosen.set(above);
    chosen.set(tied.subarray(0, options.maxFeatures - above.length), above.length);
  }
  chosen = candidates.byHash(chosen, textOf);

  const idf = new Float32Array(chosen.length);
  for (let f = 0; f < chosen.length; f++) idf[f] = idfOf(candidates.df[chosen[f]!]!, docs);
  const map = new FeatureMap(idf);
  const terms: string[] = [];
  chosen.forEach((c, f) => {
    const b = candidates.b[c]!;
    if (b < 0) map.setWord(candidates.a[c]!, f);
    else map.setPair(candidates.a[c]!, b, f);
    terms.push(textOf(c));
  });
  return {
    features: { terms, idf },
    vectorizer: { vector: (doc) => map.vector(doc.tokens, doc.tokens.length) },
  };
}

/**
 * Vectorises text against a stored feature space (no corpus needed: a restarted background
 * scores cards with the model it stored). The same tokens and weights as the corpus's vectoriser:
 * a paper gets the same vector either way (tests/unit/rank).
 */
export class TextVectorizer {
  private readonly lexicon = new Lexicon();
  private readonly map: FeatureMap;

  constructor(
    readonly features: Features,
    private readonly titleWeight = TITLE_WEIGHT,
  ) {
    this.map = new FeatureMap(features.idf);
    features.terms.forEach((term, f) => {
      const space = term.indexOf(' ');
      if (space < 0) this.map.setWord(this.lexicon.termOf(term), f);
      else this.map.setPair(this.lexicon.termOf(term.slice(0, space)), this.lexicon.termOf(term.slice(space + 1)), f);
    });
  }

  vector(title: string, abstract?: string): SparseVector {
    const n = this.lexicon.scanPaper(title, abstract, this.titleWeight);
    return this.map.vector(this.lexicon.tokens, n);
  }
}

export function dot(w: Float32Array, x: SparseVector): number {
  let s = 0;
  const { idx, val } = x;
  for (let i = 0; i < idx.length; i++) s += w[idx[i]!]! * val[i]!;
  return s;
}
