/**
 * tf-idf features: which terms count (document frequency bounds, a cap on their number), their
 * idf weights, and sparse L2-normalised vectors — of corpus documents (word ids) or of a paper's
 * text (for scoring with a stored model). Terms are words and adjacent word pairs (bigrams).
 *
 * Weights follow the usual recipe for short documents (as scikit-learn's TfidfVectorizer with
 * sublinear_tf and smooth_idf): tf = 1 + ln(count), idf = ln((1 + N) / (1 + df)) + 1.
 */
import type { Corpus } from './corpus';
import { Candidates } from './candidates';
import { samplePairs } from './bigram-counts';
import { countTerms, termOfPair } from './paper-terms';
import type { PairCounts, PairList } from './pairs';
import { Lexicon, TITLE_WEIGHT } from './tokenize';
import { FeatureMap, MAX_FEATURES, rowsOf, type SparseRows, type SparseVector } from './vectors';

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

export function idfOf(df: number, docs: number): number {
  return Math.log((1 + docs) / (1 + df)) + 1;
}

const pairHash = (a: number, b: number) => Math.imul(a ^ Math.imul(b, 0x9e3779b1), 16777619) ^ 0x5bd1e995;

/** Vectorises corpus documents against the features picked from that corpus. */
export interface CorpusVectorizer {
  /** The vectors of the `ids` given to selectFeatures, in that order, and as rows. */
  all(): { rows: SparseRows; vectors: SparseVector[] };
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
  const maxFeatures = Math.min(options.maxFeatures, MAX_FEATURES);
  const papers = ids.map((id) => corpus.get(id)!);
  // Bigrams: dfs on the sample (lib/rank/bigram-counts), then exact ones on every paper, counted
  // while listing each paper's terms (lib/rank/paper-terms).
  const step = Math.max(1, Math.ceil(docs / options.bigramSample));
  const { table, terms: paperTerms } = countTerms(papers, samplePairs(papers, step, options.minDf), corpus.words);
  const pairs = table.atLeast(options.minDf);
  const candidates = new Candidates(corpus.words + pairs.length);
  pushWords(candidates, corpus, paperTerms.df, options.minDf, maxDf);
  pushPairs(candidates, corpus, pairs, options.minDf, maxDf);
  const textOf = (c: number) => {
    const b = candidates.b[c]!;
    return b < 0 ? corpus.text(candidates.a[c]!) : `${corpus.text(candidates.a[c]!)} ${corpus.text(b)}`;
  };
  const chosen = candidates.byHash(capped(candidates, maxFeatures, options.minDf, maxDf, textOf), textOf);

  const idf = new Float32Array(chosen.length);
  for (let f = 0; f < chosen.length; f++) idf[f] = idfOf(candidates.df[chosen[f]!]!, docs);
  const featureOf = new Int32Array(termOfPair(corpus.words, table.capacity)).fill(-1);
  const terms = mapFeatures(featureOf, table, corpus.words, candidates, chosen, textOf);
  return { features: { terms, idf }, vectorizer: { all: () => rowsOf(paperTerms, featureOf, idf) } };
}

// Each loop below is a function of its own, for the reason given in lib/rank/bigram-counts.

/** The words in [minDf, maxDf] papers (`dfs`: by word id). */
function pushWords(candidates: Candidates, corpus: Corpus, dfs: Int32Array, minDf: number, maxDf: number): void {
  for (let w = 0; w < corpus.words; w++) {
    const df = dfs[w]!;
    if (df >= minDf && df <= maxDf) candidates.push(w, -1, df, corpus.wordHash(w));
  }
}

function pushPairs(candidates: Candidates, corpus: Corpus, pairs: PairList, minDf: number, maxDf: number): void {
  for (let p = 0; p < pairs.length; p++) {
    const df = pairs.df[p]!;
    if (df >= minDf && df <= maxDf) {
      const a = pairs.a[p]!;
      const b = pairs.b[p]!;
      candidates.push(a, b, df, pairHash(corpus.wordHash(a), corpus.wordHash(b)));
    }
  }
}

/**
 * The candidates kept under the cap, the most frequent: the df cut-off found with a histogram,
 * and only the terms at the cut-off ordered (by hash, then text) to fill the last places.
 */
function capped(candidates: Candidates, maxFeatures: number, minDf: number, maxDf: number, textOf: (c: number) => string): Int32Array {
  const n = candidates.length;
  if (n <= maxFeatures) return range(n);
  const atLeast = histogram(candidates, maxDf);
  let cut = minDf;
  while (atLeast[cut]! > maxFeatures) cut++;
  const above = new Int32Array(atLeast[cut]!);
  const atCut = new Int32Array(atLeast[cut - 1]! - atLeast[cut]!);
  split(candidates, cut, above, atCut);
  const tied = candidates.byHash(atCut, textOf);
  const chosen = new Int32Array(maxFeatures);
  chosen.set(above);
  chosen.set(tied.subarray(0, maxFeatures - above.length), above.length);
  return chosen;
}

function range(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** atLeast[d]: how many candidates are in at least d papers. */
function histogram(candidates: Candidates, maxDf: number): Int32Array {
  const atLeast = new Int32Array(maxDf + 2);
  for (let c = 0; c < candidates.length; c++) atLeast[candidates.df[c]!]!++;
  for (let d = maxDf; d >= 0; d--) atLeast[d]! += atLeast[d + 1]!;
  return atLeast;
}

/** The candidates in at least `cut` papers into `above`, those in cut − 1 into `atCut`. */
function split(candidates: Candidates, cut: number, above: Int32Array, atCut: Int32Array): void {
  for (let c = 0, i = 0, j = 0; c < candidates.length; c++) {
    const df = candidates.df[c]!;
    if (df >= cut) above[i++] = c;
    else if (df === cut - 1) atCut[j++] = c;
  }
}

/**
 * Gives each chosen candidate's term (lib/rank/paper-terms: a word, or a pair's slot in `table`)
 * its feature (its place in `chosen`) in `featureOf`; returns the terms' texts.
 */
function mapFeatures(
  featureOf: Int32Array,
  table: PairCounts,
  words: number,
  candidates: Candidates,
  chosen: Int32Array,
  textOf: (c: number) => string,
): string[] {
  const terms: string[] = [];
  for (let f = 0; f < chosen.length; f++) {
    const c = chosen[f]!;
    const b = candidates.b[c]!;
    featureOf[b < 0 ? candidates.a[c]! : termOfPair(words, table.slotOf(candidates.a[c]!, b))] = f;
    terms.push(textOf(c));
  }
  return terms;
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
