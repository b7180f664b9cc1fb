/**
 * Each training paper's terms with their counts — its words, and the word pairs the bigram sample
 * found often enough (lib/rank/bigram-counts) — in the order its text first gives them, counted in
 * one pass over every paper that also counts the document frequencies of those pairs and of every
 * word.
 *
 * The training's vectors are made from these lists once the features are picked (lib/rank/vectors
 * rowsOf): no second pass over every paper's tokens probing a second pair table for the bigram
 * features (that pass was half of features + vectors).
 */
import type { CorpusDoc } from './corpus';
import { PairCounts, type PairList } from './pairs';
import { BREAK } from './tokenize';

/** Paper i's terms and their counts are term/count[start[i], start[i + 1]). */
export interface PaperTerms {
  start: Int32Array;
  /** A word id, or `words` + the slot of a pair in the table (PairCounts.slotOf): see termOfPair. */
  term: Int32Array;
  count: Uint16Array;
  /** Each term's document frequency (a word's at its id). */
  df: Int32Array;
}

/** The term of the pair held in `slot` of the table, in PaperTerms. */
export const termOfPair = (words: number, slot: number) => words + slot;

/**
 * Counts the `sample` pairs (those it has in at least minDf papers) on every paper, in one table
 * holding each pair with its count and its last paper (load ≤ 3/4, small enough to stay in cache),
 * and lists each paper's terms.
 */
export function countTerms(papers: readonly CorpusDoc[], sample: PairList, words: number): { table: PairCounts; terms: PaperTerms } {
  let capacity = 1 << 10;
  while (capacity * 3 < sample.length * 4) capacity *= 2;
  // Sized for every sample pair: the table never grows, so a pair's slot stays its term.
  const table = new PairCounts(capacity);
  // Per word: 1 if it starts a pair of the sample, 2 if it ends one (3: both).
  const role = new Uint8Array(words);
  hold(table, role, sample);
  let tokens = 0;
  for (const p of papers) tokens += p.tokens.length;
  // Sized for as many terms as tokens (bench: 0.94 per token), grown if a paper could overflow
  // (at most a word and a pair per token). Not the bound itself: V8 counts every byte of a typed
  // array, written or not, and twice the tokens (25 MB on 10,000 papers) set off two collections
  // for "external memory pressure" in the middle of the training.
  const terms: PaperTerms = {
    start: new Int32Array(papers.length + 1),
    term: new Int32Array(tokens),
    count: new Uint16Array(tokens),
    df: new Int32Array(words + capacity),
  };
  const counts = new Uint16Array(words + capacity);
  let at = 0;
  for (let d = 0; d < papers.length; d++) {
    const paper = papers[d]!.tokens;
    if (at + 2 * paper.length > terms.term.length) grow(terms, at, at + 2 * paper.length);
    terms.start[d + 1] = at = countPaper(table, role, counts, paper, d + 1, terms, at);
  }
  return { table, terms };
}

/** Room for `size` terms, the first `used` kept. */
function grow(terms: PaperTerms, used: number, size: number): void {
  const length = Math.max(size, Math.ceil(terms.term.length * 1.5));
  const term = new Int32Array(length);
  term.set(terms.term.subarray(0, used));
  const count = new Uint16Array(length);
  count.set(terms.count.subarray(0, used));
  terms.term = term;
  terms.count = count;
}

// Each loop is a function of its own, for the reason given in lib/rank/bigram-counts.

function hold(table: PairCounts, role: Uint8Array, sample: PairList): void {
  for (let p = 0; p < sample.length; p++) {
    table.hold(sample.a[p]!, sample.b[p]!);
    role[sample.a[p]!]! |= 1;
    role[sample.b[p]!]! |= 2;
  }
}

/**
 * Counts the terms of paper number `doc` (≥ 1) into `counts`, listing each once (at its first
 * occurrence: a token's word, then the pair it ends) in `terms` from `at`, and each one's document;
 * counts the held pairs' documents in the table too, probing it only for a word that ends one after
 * a word that starts one.
 * Returns where the next paper's terms go; `counts` is left zeroed.
 */
function countPaper(
  table: PairCounts,
  role: Uint8Array,
  counts: Uint16Array,
  tokens: Int32Array,
  doc: number,
  terms: PaperTerms,
  at: number,
): number {
  const words = role.length;
  const { term, count, df } = terms;
  let n = at;
  let prev = BREAK;
  let prevRole = 0; // role bits of prev (0 after a BREAK)
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === BREAK) {
      prevRole = 0;
      continue;
    }
    if (counts[t]!++ === 0) term[n++] = t;
    const r = role[t]!;
    // One test for both: prev starts a pair and t ends one.
    if ((prevRole & (r >> 1) & 1) !== 0) {
      const slot = table.countKnown(prev, t, doc);
      if (slot >= 0 && counts[termOfPair(words, slot)]!++ === 0) term[n++] = termOfPair(words, slot);
    }
    prev = t;
    prevRole = r;
  }
  for (let k = at; k < n; k++) {
    const t = term[k]!;
    count[k] = counts[t]!;
    counts[t] = 0;
    df[t]!++;
  }
  return n;
}
