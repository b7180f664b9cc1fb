/**
 * The words behind a score: which terms raised a paper's score most, said without repeating a
 * word, and the strongest terms of a model (what a tag is "about").
 */
import { EXPLAIN_TERMS, type Scorer } from './model';
import type { Features } from './tfidf';
import type { SparseVector } from './vectors';

/** The terms that raised this paper's score most (weight × tf-idf > 0), strongest first. */
export function explain(scorer: Scorer, features: Features, v: SparseVector, k = EXPLAIN_TERMS): string[] {
  const parts: Array<[number, number]> = [];
  for (let i = 0; i < v.idx.length; i++) {
    const f = v.idx[i]!;
    const c = scorer.w[f]! * v.val[i]!;
    if (c > 0) parts.push([c, f]);
  }
  parts.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const out: string[][] = [];
  for (const [, f] of parts) {
    if (!mergeTerm(out, features.terms[f]!.split(' ')) && out.length === k) break;
  }
  return out.slice(0, k).map((words) => words.join(' '));
}

/**
 * Adds a term to an explanation without saying the same words twice: a word already inside a
 * listed phrase is skipped, a bigram absorbs a listed word it contains, and bigrams that
 * overlap chain up ("low rank" + "rank adaptation" → "low rank adaptation").
 * Returns whether it merged into a listed term (so it took no new place).
 */
function mergeTerm(out: string[][], words: string[]): boolean {
  const [a, b] = words as [string, string | undefined];
  if (b === undefined) {
    return out.some((listed) => listed.includes(a)) || (out.push(words), false);
  }
  for (const listed of out) {
    const last = listed.length - 1;
    for (let i = 0; i < last; i++) if (listed[i] === a && listed[i + 1] === b) return true;
    if (listed.length === 1 && (listed[0] === a || listed[0] === b)) {
      listed.splice(0, 1, a, b);
      return true;
    }
    if (listed.length < 4 && listed[last] === a) return (listed.push(b), true);
    if (listed.length < 4 && listed[0] === b) return (listed.unshift(a), true);
  }
  out.push(words);
  return false;
}

/** The strongest terms of a model (for a tag: what it is "about"). */
export function topTerms(scorer: Scorer, features: Features, k = EXPLAIN_TERMS): string[] {
  const order = [...scorer.w.keys()].filter((f) => scorer.w[f]! > 0).sort((a, b) => scorer.w[b]! - scorer.w[a]! || a - b);
  return order.slice(0, k).map((f) => features.terms[f]!);
}
