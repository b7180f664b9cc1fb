/**
 * Document counts of the word pairs (bigrams) lib/rank/tfidf may pick as features: counted on a
 * sample of the papers, then exactly on every paper for the pairs the sample found often enough.
 *
 * Each counting loop is a function of its own: V8 optimises a function with the type feedback of
 * the code that ran so far, and a function holding several long loops was optimised in its first
 * one and thrown back to the interpreter at the next (selectFeatures, which held all of them, was
 * optimised 8 times per first training, --trace-opt).
 */
import type { CorpusDoc } from './corpus';
import { PairCounts, type PairList } from './pairs';
import { BREAK } from './tokenize';

/** The pairs in at least `minDf` of every `step`-th paper, with their counts there. */
export function samplePairs(papers: readonly CorpusDoc[], step: number, minDf: number): PairList {
  // Sized for half the sample's pairs being distinct (bench: 55 %, more than real text), grown past 3/4.
  let sampled = 0;
  for (let i = 0; i < papers.length; i += step) sampled += papers[i]!.tokens.length;
  let capacity = 1 << 12;
  while (capacity * 3 < sampled * 2) capacity *= 2;
  const counts = new PairCounts(capacity);
  for (let i = 0; i < papers.length; i += step) countPairs(counts, papers[i]!.tokens, i + 1);
  return counts.atLeast(minDf);
}

function countPairs(counts: PairCounts, tokens: Int32Array, doc: number): void {
  let prev = BREAK;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t !== BREAK && prev !== BREAK) counts.count(prev, t, doc);
    prev = t;
  }
}

/**
 * The exact counts on every paper of the `sample` pairs (those it has in at least `minDf`
 * papers). One table holds each pair with its count and its last paper, small enough to stay in
 * cache (load ≤ 3/4).
 */
export function countOnEvery(papers: readonly CorpusDoc[], sample: PairList, words: number, minDf: number): PairList {
  let capacity = 1 << 10;
  while (capacity * 3 < sample.length * 4) capacity *= 2;
  const table = new PairCounts(capacity);
  // Per word: 1 if it starts a pair of the sample, 2 if it ends one (3: both).
  const role = new Uint8Array(words);
  hold(table, role, sample);
  for (let d = 0; d < papers.length; d++) countHeld(table, role, papers[d]!.tokens, d + 1);
  return table.atLeast(minDf);
}

function hold(table: PairCounts, role: Uint8Array, sample: PairList): void {
  for (let p = 0; p < sample.length; p++) {
    table.hold(sample.a[p]!, sample.b[p]!);
    role[sample.a[p]!]! |= 1;
    role[sample.b[p]!]! |= 2;
  }
}

/** Counts the held pairs of one paper, probing the table only for a word that ends one after a word that starts one. */
function countHeld(table: PairCounts, role: Uint8Array, tokens: Int32Array, doc: number): void {
  let prev = BREAK;
  let prevRole = 0; // role bits of prev (0 after a BREAK)
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const r = t === BREAK ? 0 : role[t]!;
    // One test for both: prev starts a pair and t ends one.
    if ((prevRole & (r >> 1) & 1) !== 0) table.countKnown(prev, t, doc);
    prev = t;
    prevRole = r;
  }
}
