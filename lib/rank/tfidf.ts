/**
 * tf-idf features: which terms count (document frequency bounds, a cap on their number), their
 * idf weights, and sparse L2-normalised vectors — from the training corpus (term ids) or from a
 * paper's text (term strings, for scoring with a stored model).
 *
 * Weights follow the usual recipe for short documents (as scikit-learn's TfidfVectorizer with
 * sublinear_tf and smooth_idf): tf = 1 + ln(count), idf = ln((1 + N) / (1 + df)) + 1.
 */
import type { Corpus, CorpusDoc } from './corpus';
import { BREAK, Lexicon, PairTable } from './tokenize';

export interface FeatureOptions {
  /** A term must occur in at least this many papers (rarer ones cannot generalise). */
  minDf: number;
  /** …and in at most this share of them (the rest are boilerplate). */
  maxDfRatio: number;
  /** At most this many terms, the most frequent first. */
  maxFeatures: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { minDf: 2, maxDfRatio: 0.5, maxFeatures: 30_000 };

/** The feature space of a trained model: terms in feature order (sorted by text) and their idf. */
export interface Features {
  terms: string[];
  idf: Float32Array;
}

export interface SparseVector {
  /** Feature indexes, ascending. */
  idx: Int32Array;
  val: Float32Array;
}

export const EMPTY_VECTOR: SparseVector = { idx: new Int32Array(0), val: new Float32Array(0) };

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function idfOf(df: number, docs: number): number {
  return Math.log((1 + docs) / (1 + df)) + 1;
}

function fnv(text: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h;
}

/**
 * Picks the features from the corpus. `featureOf[termId]` is the feature index, or -1.
 *
 * Ordered without building every term's text (a 10,000-paper corpus holds ~100,000 candidate
 * terms): by document frequency for the cap, then by a hash of the text — a bigram's hash is
 * made from its two words' hashes — and by the text itself only on a tie. So the same training
 * set gives the same features in the same order, whatever order its papers were added in.
 */
export function selectFeatures(corpus: Corpus, options: FeatureOptions = DEFAULT_FEATURES): { features: Features; featureOf: Int32Array } {
  const docs = corpus.size;
  const maxDf = Math.max(options.minDf, Math.floor(options.maxDfRatio * docs));
  const hashes = new Int32Array(corpus.terms);
  const hashed = new Uint8Array(corpus.terms);
  const hashOf = (t: number): number => {
    if (hashed[t]) return hashes[t]!;
    const [a, b] = corpus.parts(t);
    const h = a < 0 ? fnv(corpus.text(t)) : Math.imul(hashOf(a) ^ Math.imul(hashOf(b), 0x9e3779b1), 16777619) ^ 0x5bd1e995;
    hashes[t] = h;
    hashed[t] = 1;
    return h;
  };
  const collected: number[] = [];
  for (let t = 0; t < corpus.terms; t++) {
    const df = corpus.df(t);
    if (df >= options.minDf && df <= maxDf) collected.push(t);
  }
  const byHash = (a: number, b: number) => hashOf(a) - hashOf(b) || byText(corpus.text(a), corpus.text(b));
  let candidates = Int32Array.from(collected);
  if (candidates.length > options.maxFeatures) {
    candidates.sort((a, b) => corpus.df(b) - corpus.df(a) || byHash(a, b));
    candidates = candidates.slice(0, options.maxFeatures);
  }
  candidates.sort(byHash);
  const featureOf = new Int32Array(corpus.terms).fill(-1);
  const terms: string[] = [];
  const idf = new Float32Array(candidates.length);
  candidates.forEach((t, i) => {
    featureOf[t] = i;
    terms.push(corpus.text(t));
    idf[i] = idfOf(corpus.df(t), docs);
  });
  return { features: { terms, idf }, featureOf };
}

function normalise(idx: Int32Array, val: Float32Array): SparseVector {
  let sum = 0;
  for (let i = 0; i < val.length; i++) sum += val[i]! * val[i]!;
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < val.length; i++) val[i]! *= inv;
  }
  return { idx, val };
}

/** Vectorises corpus documents; reuse one per training run (it keeps a scratch buffer). */
export class CorpusVectorizer {
  private readonly tf: Float32Array;
  private picked = new Int32Array(1024);

  constructor(
    private readonly features: Features,
    private readonly featureOf: Int32Array,
  ) {
    this.tf = new Float32Array(features.terms.length);
  }

  vector(doc: CorpusDoc): SparseVector {
    const { terms, counts } = doc;
    const featureOf = this.featureOf;
    let n = 0;
    if (this.picked.length < terms.length) this.picked = new Int32Array(terms.length * 2);
    const picked = this.picked;
    for (let i = 0; i < terms.length; i++) {
      const f = featureOf[terms[i]!] ?? -1;
      if (f < 0) continue;
      picked[n++] = f;
      this.tf[f] = 1 + Math.log(counts[i]!);
    }
    const idx = picked.slice(0, n).sort();
    const val = new Float32Array(n);
    const idf = this.features.idf;
    for (let i = 0; i < n; i++) {
      const f = idx[i]!;
      val[i] = this.tf[f]! * idf[f]!;
      this.tf[f] = 0;
    }
    return normalise(idx, val);
  }
}

/**
 * Vectorises text against a stored feature space (no corpus needed: a restarted background
 * scores cards with the model it stored). The same tokens and weights as CorpusVectorizer: a
 * paper gets the same vector either way (tests/unit/rank).
 */
export class TextVectorizer {
  /** Unigram term id (this lexicon's) → feature, or -1. */
  private unigramFeature: number[] = [];
  private readonly lexicon = new Lexicon(() => this.unigramFeature.push(-1) - 1);
  private readonly bigramFeature = new PairTable();
  private readonly counts: Uint16Array;

  constructor(
    readonly features: Features,
    private readonly titleWeight = 2,
  ) {
    this.counts = new Uint16Array(features.terms.length);
    features.terms.forEach((term, f) => {
      const space = term.indexOf(' ');
      if (space < 0) this.unigramFeature[this.lexicon.termOf(term)] = f;
      else this.bigramFeature.set(this.lexicon.termOf(term.slice(0, space)), this.lexicon.termOf(term.slice(space + 1)), f);
    });
  }

  vector(title: string, abstract?: string): SparseVector {
    const n = this.lexicon.scanPaper(title, abstract, this.titleWeight);
    const tokens = this.lexicon.tokens;
    const counts = this.counts;
    const seen: number[] = [];
    let prev = BREAK;
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (t === BREAK) {
        prev = BREAK;
        continue;
      }
      const f = this.unigramFeature[t]!;
      if (f >= 0 && counts[f]!++ === 0) seen.push(f);
      if (prev !== BREAK) {
        const g = this.bigramFeature.get(prev, t);
        if (g >= 0 && counts[g]!++ === 0) seen.push(g);
      }
      prev = t;
    }
    const idx = Int32Array.from(seen).sort();
    const val = new Float32Array(idx.length);
    const idf = this.features.idf;
    for (let i = 0; i < idx.length; i++) {
      const f = idx[i]!;
      // fround: the same float32 tf as CorpusVectorizer, so both give bit-identical vectors.
      val[i] = Math.fround(1 + Math.log(counts[f]!)) * idf[f]!;
      counts[f] = 0;
    }
    return normalise(idx, val);
  }
}

export function dot(w: Float32Array, x: SparseVector): number {
  let s = 0;
  const { idx, val } = x;
  for (let i = 0; i < idx.length; i++) s += w[idx[i]!]! * val[i]!;
  return s;
}
