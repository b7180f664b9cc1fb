/**
 * Word pairs (bigrams) by their two word ids, in typed arrays: the table that gives each pair its
 * id while documents are read, and the list of candidate pairs with their document counts that
 * lib/rank/tfidf picks the bigram features from.
 */

/** A hash of a word pair, for the tables' first slot. */
function mix(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * Bigram ids by their two unigram ids: open addressing over one typed array, each slot holding
 * (a + 1, b, value) side by side so a probe touches one cache line. A Map keyed by `a * 2^26 + b`
 * allocated a number per lookup and made tokenising 10,000 abstracts several times slower. An
 * empty slot is 0 (a is stored plus one): a new table is the zeroed memory the allocation gives,
 * not a pass writing -1 over megabytes.
 */
export class PairTable {
  private slots: Int32Array;
  private mask: number;
  private used = 0;

  constructor(capacity = 1 << 12) {
    this.slots = new Int32Array(capacity * 3);
    this.mask = capacity - 1;
  }

  /** The slot of (a, b): where it is, or the empty slot where it would go. */
  private slot(a: number, b: number): number {
    let i = mix(a, b) & this.mask;
    const slots = this.slots;
    const key = a + 1;
    for (;;) {
      const k = slots[i * 3]!;
      if (k === 0 || (k === key && slots[i * 3 + 1] === b)) return i * 3;
      i = (i + 1) & this.mask;
    }
  }

  /** The value stored for (a, b), or -1. */
  get(a: number, b: number): number {
    const at = this.slot(a, b);
    return this.slots[at] === 0 ? -1 : this.slots[at + 2]!;
  }

  /** The value stored for (a, b); if there is none, stores `value` and returns it. */
  intern(a: number, b: number, value: number): number {
    const at = this.slot(a, b);
    if (this.slots[at] !== 0) return this.slots[at + 2]!;
    this.slots[at] = a + 1;
    this.slots[at + 1] = b;
    this.slots[at + 2] = value;
    if (++this.used * 4 > (this.mask + 1) * 3) this.grow();
    return value;
  }

  set(a: number, b: number, value: number): void {
    const at = this.slot(a, b);
    if (this.slots[at] === 0) {
      this.intern(a, b, value);
      return;
    }
    this.slots[at + 2] = value;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = new Int32Array(capacity * 3);
    this.mask = capacity - 1;
    for (let j = 0; j < old.length; j += 3) {
      if (old[j] === 0) continue;
      const at = this.slot(old[j]! - 1, old[j + 1]!);
      this.slots[at] = old[j]!;
      this.slots[at + 1] = old[j + 1]!;
      this.slots[at + 2] = old[j + 2]!;
    }
  }
}

/** Word pairs with their document counts, in growable typed arrays. */
export class PairList {
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  df = new Int32Array(1024);
  length = 0;

  add(a: number, b: number): number {
    if (this.length === this.a.length) {
      const grow = (arr: Int32Array) => {
        const next = new Int32Array(arr.length * 2);
        next.set(arr);
        return next;
      };
      this.a = grow(this.a);
      this.b = grow(this.b);
      this.df = grow(this.df);
    }
    this.a[this.length] = a;
    this.b[this.length] = b;
    return this.length++;
  }
}

/**
 * Counts the documents holding each word pair met, in one typed array of slots (a + 1, b,
 * documents, last document) side by side: the bigram sample of lib/rank/tfidf, where ~170,000
 * pairs are met on 1,500 of 10,000 papers and nearly all of them once. A PairTable giving each
 * pair an id in a PairList kept the same in five arrays grown step by step (~14 MB on the bench's
 * 10,000 papers, against 4 MB here): in a new renderer each new page of memory costs a page fault,
 * and a first training's extra time over a second one in the same page was largely those.
 */
export class PairCounts {
  private slots: Int32Array;
  private mask: number;
  private used = 0;

  constructor(capacity = 1 << 12) {
    this.slots = new Int32Array(capacity << 2);
    this.mask = capacity - 1;
  }

  /** Counts (a, b) for the document numbered `doc` (≥ 1), once however often the document holds it. */
  count(a: number, b: number, doc: number): void {
    const at = this.find(a, b);
    if (this.slots[at] === 0) this.insert(at, a, b, 1, doc);
    else this.countAt(at, doc);
  }

  /** Holds (a, b), counted in no document yet, so that countKnown counts it. */
  hold(a: number, b: number): void {
    const at = this.find(a, b);
    if (this.slots[at] === 0) this.insert(at, a, b, 0, 0);
  }

  /**
   * As count, for a pair the table holds already (counted or held); other pairs are not counted.
   * Returns the pair's slot (slotOf), or -1 for a pair not held.
   */
  countKnown(a: number, b: number, doc: number): number {
    const at = this.find(a, b);
    if (this.slots[at] === 0) return -1;
    this.countAt(at, doc);
    return at >> 2;
  }

  /** Slots in the table: a held pair's slot is below this, and stays its own while nothing is added. */
  get capacity(): number {
    return this.mask + 1;
  }

  /** The slot of a pair the table holds (-1 if it does not). */
  slotOf(a: number, b: number): number {
    const at = this.find(a, b);
    return this.slots[at] === 0 ? -1 : at >> 2;
  }

  /** The slot of (a, b): where it is, or the empty slot where it would go. */
  private find(a: number, b: number): number {
    const slots = this.slots;
    const key = a + 1;
    let i = mix(a, b) & this.mask;
    for (;;) {
      const at = i << 2;
      const k = slots[at]!;
      if (k === 0 || (k === key && slots[at + 1] === b)) return at;
      i = (i + 1) & this.mask;
    }
  }

  private countAt(at: number, doc: number): void {
    if (this.slots[at + 3] !== doc) {
      this.slots[at + 3] = doc;
      this.slots[at + 2]!++;
    }
  }

  private insert(at: number, a: number, b: number, count: number, doc: number): void {
    this.slots[at] = a + 1;
    this.slots[at + 1] = b;
    this.slots[at + 2] = count;
    this.slots[at + 3] = doc;
    if (++this.used * 4 > (this.mask + 1) * 3) this.grow();
  }

  /** The pairs counted in at least `minDf` documents, with their counts (in no particular order). */
  atLeast(minDf: number): PairList {
    const out = new PairList();
    const slots = this.slots;
    for (let at = 0; at < slots.length; at += 4) {
      if (slots[at] === 0 || slots[at + 2]! < minDf) continue;
      const p = out.add(slots[at]! - 1, slots[at + 1]!);
      out.df[p] = slots[at + 2]!; // after add, which may grow the arrays
    }
    return out;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = new Int32Array(capacity << 2);
    this.mask = capacity - 1;
    for (let j = 0; j < old.length; j += 4) {
      if (old[j] === 0) continue;
      let i = mix(old[j]! - 1, old[j + 1]!) & this.mask;
      while (this.slots[i << 2] !== 0) i = (i + 1) & this.mask;
      for (let k = 0; k < 4; k++) this.slots[(i << 2) + k] = old[j + k]!;
    }
  }
}
