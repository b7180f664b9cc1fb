/**
 * Term ids of the ranking's words (lib/rank/tokenize): each new stem gets the next id (0, 1, 2, …),
 * with its text and the hashText of its text (lib/rank/tfidf orders features by it).
 *
 * Stems are found by that hash in a typed open-addressing table, then compared as strings: a
 * Map keyed by the strings hashed each one again and grew step by step (a first training meets
 * ~53,000 stems on 10,000 papers), where the hash is known already (the scanner computed it for
 * the spelling, which most stems are).
 */
import { hashText } from '../text';

export class Stems {
  /** Term id + 1 per slot (0: empty), a stem's slot found from its hash. */
  private slots: Int32Array;
  private mask: number;
  /** Term id → stem. */
  private readonly texts: string[] = [];
  /** Term id → hashText of its stem. */
  private hashes: Int32Array;

  constructor(capacity = 1 << 11 /* slots, a power of two; doubled past half full */) {
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity >> 1);
  }

  /** Stems allocated so far (ids run 0 … size − 1). */
  get size(): number {
    return this.texts.length;
  }

  /** The id of a stem (allocated if new). `hash`: its hashText, when the caller has it. */
  termOf(stem: string, hash: number = hashText(stem)): number {
    const { slots, texts, hashes } = this;
    let i = hash & this.mask;
    for (;;) {
      const id = slots[i]! - 1;
      if (id < 0) break;
      if (hashes[id] === hash && texts[id] === stem) return id;
      i = (i + 1) & this.mask;
    }
    const id = texts.length;
    texts.push(stem);
    if (id === hashes.length) {
      this.hashes = new Int32Array(id * 2);
      this.hashes.set(hashes);
    }
    this.hashes[id] = hash;
    slots[i] = id + 1;
    if ((id + 1) * 2 > this.mask + 1) this.grow();
    return id;
  }

  text(term: number): string {
    return this.texts[term] ?? '';
  }

  hashOf(term: number): number {
    return this.hashes[term]!;
  }

  /** Every stem, by id. */
  inOrder(): string[] {
    return this.texts.slice();
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let id = 0; id < this.texts.length; id++) {
      let i = this.hashes[id]! & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = id + 1;
    }
  }
}
