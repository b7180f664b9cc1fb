/**
 * A compact inverted index over a few text fields, with the ranking, prefix and typo matching the
 * search box had with MiniSearch (BM25+ with its defaults k 1.2, b 0.7, d 0.5; a prefix match
 * weighs 0.375, a typo 0.45, each less the further the word is from what was typed) at a tenth of
 * the memory.
 *
 * Why not MiniSearch or FlexSearch (measured on the 50,000 abstracts of tests/bench/ui.mjs, Node 20,
 * the abstract index alone, load average ~18 on 2 cores): MiniSearch 308 MB of heap, FlexSearch
 * (`tokenize: 'forward'`, needed for prefixes) 606 MB; both keep a JavaScript object or array per
 * word and per posting. Here the postings live in one byte array: each word's papers as ascending
 * numbers, stored as varint gaps (a word in most abstracts costs about a byte a paper). Every paper
 * is indexed by its distinct words, so a word counts once per field (as the abstracts already were).
 *
 * Words are looked up in a sorted list (binary search; a prefix is a range of it). New papers go
 * into a small `fresh` map first and are merged into the sorted part (`seal`) when it grows; a
 * removed or replaced paper is left out of results at once and out of the postings at the next
 * merge.
 */

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** Between a word and its field's code in a key: sorts below every letter, so a prefix is one range. */
const SEP = '\u0001';

export interface TermOptions {
  prefix: boolean;
  /** Most letters that may differ (insert, delete, substitute); 0 for none. */
  fuzzy: number;
}

export class TermIndex {
  /** Document number → id ('' once removed). */
  private readonly ids: string[] = [];
  private readonly numbers = new Map<string, number>();
  /** Per field, distinct words of each document, by document number. */
  private readonly lengths: number[][];
  private readonly totalLength: number[];
  private live = 0;
  private dead = 0;

  // The merged part: keys sorted; postings of key i are bytes offsets[i] … offsets[i + 1].
  private keys: string[] = [];
  private offsets = new Uint32Array(1);
  private postings = new Uint8Array(0);
  /** Postings of documents added since the last merge. */
  private fresh = new Map<string, number[]>();
  private freshCount = 0;

  constructor(readonly fields: readonly string[]) {
    if (fields.length > 60) throw new Error('too many fields');
    this.lengths = fields.map(() => []);
    this.totalLength = fields.map(() => 0);
  }

  get size(): number {
    return this.live;
  }

  has(id: string): boolean {
    return this.numbers.has(id);
  }

  /** Adds a document (or replaces the one with this id): the distinct words of each field, already normalised. */
  add(id: string, words: readonly (readonly string[] | undefined)[]): void {
    if (this.numbers.has(id)) this.remove(id);
    const n = this.ids.length;
    this.ids.push(id);
    this.numbers.set(id, n);
    this.live++;
    for (let f = 0; f < this.fields.length; f++) {
      const list = words[f] ?? [];
      this.lengths[f]!.push(list.length);
      this.totalLength[f]! += list.length;
      const code = String.fromCharCode(48 + f);
      for (const w of list) {
        const key = w + SEP + code;
        const p = this.fresh.get(key);
        if (p) p.push(n);
        else this.fresh.set(key, [n]);
      }
    }
    // Merge when the fresh part is as large as the rest (so loading n documents merges log2(n)
    // times, each posting written about twice in all) and at least 2,000 documents.
    if (++this.freshCount >= Math.max(2000, this.ids.length - this.freshCount)) this.seal();
  }

  remove(id: string): void {
    const n = this.numbers.get(id);
    if (n === undefined) return;
    this.numbers.delete(id);
    this.ids[n] = '';
    for (let f = 0; f < this.fields.length; f++) this.totalLength[f]! -= this.lengths[f]![n]!;
    this.live--;
    this.dead++;
    // Replaced documents (a tag or a note changed) leave dead postings: drop them once they are many.
    if (this.dead > 1000 && this.dead > this.live / 4) this.seal();
  }

  clear(): void {
    this.ids.length = 0;
    this.numbers.clear();
    for (let f = 0; f < this.fields.length; f++) {
      this.lengths[f]!.length = 0;
      this.totalLength[f] = 0;
    }
    this.live = this.dead = this.freshCount = 0;
    this.keys = [];
    this.offsets = new Uint32Array(1);
    this.postings = new Uint8Array(0);
    this.fresh.clear();
  }

  /** Merges the fresh postings into the sorted part and drops removed documents' postings. */
  seal(): void {
    if (this.freshCount === 0 && this.dead === 0) return;
    const freshKeys = [...this.fresh.keys()].sort();
    const keys: string[] = [];
    const offsets: number[] = [0];
    let out = new Uint8Array(Math.max(1024, this.postings.length + this.fresh.size * 4));
    let len = 0;
    let prev = 0;
    const write = (doc: number) => {
      if (this.ids[doc] === '') return;
      if (len + 5 > out.length) {
        const bigger = new Uint8Array(out.length * 2);
        bigger.set(out.subarray(0, len));
        out = bigger;
      }
      let gap = doc - prev;
      prev = doc;
      while (gap >= 0x80) {
        out[len++] = (gap & 0x7f) | 0x80;
        gap >>>= 7;
      }
      out[len++] = gap;
    };
    let i = 0;
    let j = 0;
    while (i < this.keys.length || j < freshKeys.length) {
      const a = this.keys[i];
      const b = freshKeys[j];
      const start = len;
      prev = 0;
      let key: string;
      if (b === undefined || (a !== undefined && a <= b)) {
        key = a!;
        this.decode(i, write);
        i++;
        if (b !== undefined && a === b) {
          for (const doc of this.fresh.get(b)!) write(doc);
          j++;
        }
      } else {
        key = b;
        for (const doc of this.fresh.get(b)!) write(doc);
        j++;
      }
      if (len > start) {
        keys.push(key);
        offsets.push(len);
      }
    }
    this.keys = keys;
    this.offsets = Uint32Array.from(offsets);
    this.postings = out.slice(0, len);
    this.fresh.clear();
    this.freshCount = 0;
    this.dead = 0;
  }

  /** Calls `fn` with each document number of merged key `i`, ascending (removed ones included). */
  private decode(i: number, fn: (doc: number) => void): void {
    const p = this.postings;
    let at = this.offsets[i]!;
    const end = this.offsets[i + 1]!;
    let doc = 0;
    while (at < end) {
      let gap = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = p[at++]!;
        gap |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      doc += gap;
      fn(doc);
    }
  }

  private count(i: number): number {
    // Every posting ends with one byte below 0x80.
    let n = 0;
    const end = this.offsets[i + 1]!;
    for (let at = this.offsets[i]!; at < end; at++) if (this.postings[at]! < 0x80) n++;
    return n;
  }

  /** First merged key ≥ `key`. */
  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Documents matching one normalised word, by id, with their score: the field boosts given
   * (default 1) times BM25+ per field, summed over the fields and the words it matched.
   */
  search(term: string, options: TermOptions, boosts: readonly number[] = []): Map<string, number> {
    const out = new Map<string, number>();
    if (this.live === 0) return out;
    // Which keys match, with the weight of that match (1 for the word itself).
    const matches = new Map<string, number>();
    const consider = (key: string) => {
      const cut = key.lastIndexOf(SEP);
      const word = key.slice(0, cut);
      if (word === term) {
        matches.set(key, 1);
        return;
      }
      let weight = 0;
      if (options.prefix && word.startsWith(term)) {
        const distance = word.length - term.length;
        weight = (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance);
      }
      if (options.fuzzy > 0) {
        const distance = editDistance(term, word, options.fuzzy);
        if (distance <= options.fuzzy) weight = Math.max(weight, (FUZZY_WEIGHT * term.length) / (term.length + distance));
      }
      if (weight > 0) matches.set(key, Math.max(weight, matches.get(key) ?? 0));
    };
    if (options.fuzzy > 0) {
      for (const key of this.keys) if (Math.abs(key.length - 2 - term.length) <= options.fuzzy || key.startsWith(term)) consider(key);
      for (const key of this.fresh.keys())
        if (Math.abs(key.length - 2 - term.length) <= options.fuzzy || key.startsWith(term)) consider(key);
    } else {
      const start = options.prefix ? term : term + SEP;
      for (let i = this.lowerBound(start); i < this.keys.length && this.keys[i]!.startsWith(start); i++) consider(this.keys[i]!);
      for (const key of this.fresh.keys()) if (key.startsWith(start)) consider(key);
    }
    const n = this.live;
    for (const [key, weight] of matches) {
      const f = key.charCodeAt(key.length - 1) - 48;
      const boost = boosts[f] ?? 1;
      const lengths = this.lengths[f]!;
      const avg = this.totalLength[f]! / n || 1;
      const i = this.lowerBound(key);
      const merged = this.keys[i] === key ? i : -1;
      const freshDocs = this.fresh.get(key);
      // Removed documents still counted until the next merge, as MiniSearch's own lazy removal does.
      const df = (merged >= 0 ? this.count(merged) : 0) + (freshDocs?.length ?? 0);
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const score = (doc: number) => {
        const id = this.ids[doc]!;
        if (!id) return;
        const norm = 1 - BM25.b + (BM25.b * lengths[doc]!) / avg;
        const s = boost * weight * idf * (BM25.d + (BM25.k + 1) / (1 + BM25.k * norm));
        out.set(id, (out.get(id) ?? 0) + s);
      };
      if (merged >= 0) this.decode(merged, score);
      if (freshDocs) for (const doc of freshDocs) score(doc);
    }
    return out;
  }
}

/** Levenshtein distance of `a` and `b`, or `max + 1` as soon as it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (rowA.length < width) {
    rowA = new Int32Array(width * 2);
    rowB = new Int32Array(width * 2);
  }
  let prev = rowA;
  let row = rowB;
  for (let j = 0; j < width; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
