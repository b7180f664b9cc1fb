/**
 * Document counts of the word pairs (bigrams) lib/rank/tfidf may pick as features: counted on a
 * sample of the papers here, then exactly on every paper for the pairs the sample found often
 * enough (lib/rank/paper-terms, in the pass that lists each paper's terms).
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
