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

import { editDistance } from './edit-distance';

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** Between a word and its field's code in a key: sorts below every letter, so a prefix is one range. */
const SEP = '\u0001';

/**
 * A sealed index as plain data (arrays and typed arrays, which IndexedDB stores as they are), to
 * be saved and restored (`toSnapshot`, `fromSnapshot`). Documents are numbered 0…n-1 (`ids`);
 * `lengths[f][doc]` is a document's distinct words in field f; key i's postings are the bytes
 * `postings[offsets[i] … offsets[i + 1])`, as in the index itself.
 */
export interface TermIndexSnapshot {
  fields: string[];
  ids: string[];
  lengths: Uint32Array[];
  keys: string[];
  offsets: Uint32Array<ArrayBuffer>;
  postings: Uint8Array<ArrayBuffer>;
}

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
  /**
   * Per merged key, for typo matching: its word's length and the letters in it (a bit per letter,
   * by char code mod 32), made by the first typo search after the keys change (`shapesOf`).
   */
  private shapes: { keys: string[]; lengths: Uint16Array; masks: Uint32Array } | null = null;
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
      len = putGap(out, len, doc - prev);
      prev = doc;
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

  /** The ids of the documents in the index. */
  *documents(): Generator<string> {
    for (const id of this.ids) if (id) yield id;
  }

  /**
   * The index as plain data: merged first, and renumbered without the removed documents (whose
   * numbers would otherwise be carried from save to save). Shares nothing with the index.
   */
  toSnapshot(): TermIndexSnapshot {
    this.seal();
    const fields = [...this.fields];
    if (this.live === this.ids.length) {
      return {
        fields,
        ids: this.ids.slice(),
        lengths: this.lengths.map((l) => Uint32Array.from(l)),
        keys: this.keys.slice(),
        offsets: this.offsets.slice(),
        postings: this.postings.slice(),
      };
    }
    const renumber = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    this.ids.forEach((id, n) => {
      if (id) renumber[n] = ids.push(id) - 1;
    });
    const lengths = this.lengths.map((l) => {
      const out = new Uint32Array(ids.length);
      l.forEach((v, n) => {
        if (renumber[n]! >= 0) out[renumber[n]!] = v;
      });
      return out;
    });
    const keys: string[] = [];
    const offsets: number[] = [0];
    const out = new Uint8Array(this.postings.length);
    let len = 0;
    for (let i = 0; i < this.keys.length; i++) {
      let prev = 0;
      const start = len;
      this.decode(i, (doc) => {
        const m = renumber[doc]!;
        if (m < 0) return;
        // Renumbering keeps the order and never widens a gap: the output fits where the input did.
        len = putGap(out, len, m - prev);
        prev = m;
      });
      if (len > start) {
        keys.push(this.keys[i]!);
        offsets.push(len);
      }
    }
    return { fields, ids, lengths, keys, offsets: Uint32Array.from(offsets), postings: out.slice(0, len) };
  }

  /**
   * An index from a snapshot, or null when the data is not a whole, consistent snapshot over
   * these fields (a row from another version, a damaged one): the caller then builds it again.
   * The index takes the snapshot's arrays as its own: give it one nothing else holds.
   */
  static fromSnapshot(fields: readonly string[], data: unknown): TermIndex | null {
    if (!isSnapshot(data, fields)) return null;
    const index = new TermIndex(fields);
    const numbers = index.numbers;
    for (let n = 0; n < data.ids.length; n++) {
      const id = data.ids[n]!;
      if (typeof id !== 'string' || !id || numbers.has(id)) return null;
      numbers.set(id, n);
      index.ids.push(id);
    }
    for (let f = 0; f < fields.length; f++) {
      const l = data.lengths[f]!;
      index.lengths[f] = Array.from(l);
      let total = 0;
      for (const v of l) total += v;
      index.totalLength[f] = total;
    }
    index.live = data.ids.length;
    // Taken as they are, not copied (~10 MB for 50,000 abstracts, and as much garbage): the index
    // never writes into them (seal makes new ones), and a snapshot read back from the database is
    // nobody else's.
    index.keys = data.keys;
    index.offsets = data.offsets;
    index.postings = data.postings;
    return index;
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

  /** The merged keys' word lengths and letter masks (typo matching), made once per set of keys. */
  private shapesOf(): { lengths: Uint16Array; masks: Uint32Array } {
    if (this.shapes?.keys === this.keys) return this.shapes;
    const keys = this.keys;
    const lengths = new Uint16Array(keys.length);
    const masks = new Uint32Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const word = key.slice(0, key.lastIndexOf(SEP));
      lengths[i] = Math.min(word.length, 0xffff);
      masks[i] = letterMask(word);
    }
    this.shapes = { keys, lengths, masks };
    return this.shapes;
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
      // Every word within `fuzzy` letters of the term's length whose letters could be within
      // `fuzzy` edits (each letter one word has and the other lacks costs an edit: the masks
      // give a bound that never excludes a match), then every word the term begins.
      const { lengths, masks } = this.shapesOf();
      const mask = letterMask(term);
      const keys = this.keys;
      for (let i = 0; i < keys.length; i++) {
        if (Math.abs(lengths[i]! - term.length) > options.fuzzy) continue;
        const other = masks[i]!;
        if (bitCount(mask & ~other) > options.fuzzy || bitCount(other & ~mask) > options.fuzzy) continue;
        consider(keys[i]!);
      }
      for (let i = this.lowerBound(term); i < keys.length && keys[i]!.startsWith(term); i++) consider(keys[i]!);
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

/** Writes `gap` at `out[len]` as a varint (7 bits a byte, high bit: more follow); returns the new length. */
function putGap(out: Uint8Array, len: number, gap: number): number {
  while (gap >= 0x80) {
    out[len++] = (gap & 0x7f) | 0x80;
    gap >>>= 7;
  }
  out[len++] = gap;
  return len;
}

function isSnapshot(data: unknown, fields: readonly string[]): data is TermIndexSnapshot {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Partial<Record<keyof TermIndexSnapshot, unknown>>;
  if (!Array.isArray(d.fields) || d.fields.length !== fields.length || d.fields.some((f, i) => f !== fields[i])) return false;
  if (!Array.isArray(d.ids) || !Array.isArray(d.keys)) return false;
  if (!(d.offsets instanceof Uint32Array) || !(d.postings instanceof Uint8Array)) return false;
  const n = d.ids.length;
  if (!Array.isArray(d.lengths) || d.lengths.length !== fields.length) return false;
  if (!d.lengths.every((l) => l instanceof Uint32Array && l.length === n)) return false;
  const { keys, offsets, postings } = { keys: d.keys as unknown[], offsets: d.offsets, postings: d.postings };
  if (offsets.length !== keys.length + 1 || offsets[0] !== 0 || offsets[keys.length] !== postings.length) return false;
  // Keys strictly ascending (lookups are binary searches), offsets never going back.
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (typeof key !== 'string' || (i > 0 && !((keys[i - 1] as string) < key))) return false;
    if (offsets[i + 1]! < offsets[i]!) return false;
  }
  return true;
}

/** The letters of a word as bits (char code mod 32: two letters may share one, which only weakens the bound). */
function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) mask |= 1 << (word.charCodeAt(i) & 31);
  return mask >>> 0;
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
