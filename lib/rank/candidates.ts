/**
 * The terms lib/rank/tfidf may pick as features, in typed arrays: ~50,000 on 10,000 papers, where
 * an object each, a Map of word hashes and a sort with a comparator cost as much as counting the
 * bigrams.
 */

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Feature candidates: a word (b = -1) or a pair of words, with its df and the hash of its text. */
export class Candidates {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly df: Int32Array;
  readonly hash: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.df = new Int32Array(capacity);
    this.hash = new Int32Array(capacity);
  }

  push(a: number, b: number, df: number, hash: number): void {
    const c = this.length++;
    this.a[c] = a;
    this.b[c] = b;
    this.df[c] = df;
    this.hash[c] = hash;
  }

  /**
   * `list` ordered by hash, then by text: one numeric sort of (hash, place in list) packed in a
   * float64 (exact below 2^53), then the rare runs of one hash ordered by their text.
   */
  byHash(list: Int32Array, textOf: (c: number) => string): Int32Array {
    const n = list.length;
    if (n >= 2 ** 21) {
      // Beyond what a 10,000-paper corpus gives: the place no longer fits beside the hash.
      return Int32Array.from(list).sort((x, y) => this.hash[x]! - this.hash[y]! || byText(textOf(x), textOf(y)));
    }
    const keys = new Float64Array(n);
    for (let k = 0; k < n; k++) keys[k] = (this.hash[list[k]!]! + 2 ** 31) * 2 ** 21 + k;
    keys.sort();
    const out = new Int32Array(n);
    for (let k = 0; k < n; k++) out[k] = list[keys[k]! % 2 ** 21]!;
    for (let start = 0; start < n;) {
      let end = start + 1;
      while (end < n && this.hash[out[end]!] === this.hash[out[start]!]) end++;
      if (end - start > 1) {
        const run = Array.from(out.subarray(start, end)).sort((x, y) => byText(textOf(x), textOf(y)));
        out.set(run, start);
      }
      start = end;
    }
    return out;
  }
}
