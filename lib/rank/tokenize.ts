/**
 * Words of a paper's title and abstract, for the "for you" ranking (lib/rank). Plain code of our
 * own, built for speed: the background tokenises up to 10,000 abstracts per training run. What a
 * word is, which words go and how plurals fold: lib/rank/word-rules.
 *
 * A Lexicon turns text into term ids. It hashes each word while scanning its characters and looks
 * the hash up, so a word seen before costs no string allocation; stemming runs once per distinct
 * spelling, and stop words are spellings known from the start.
 */

import { foldText } from '../text';
import { Stems } from './stems';
import { APOSTROPHE, DROPPED, kindOf, KINDS_ASCII, KINDS_FOLDED, NOT_ASCII, PUNCTUATION, stem, WORD, hasLetter } from './word-rules';

/** FNV-1a, as lib/text.ts hashText and lib/rank/corpus textHash. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/** Marks a break between two words that must not form a bigram. */
export const BREAK = -1;

/**
 * Bumped whenever a text may give other words than before (stop words, stemming, what a word
 * is): tokens stored by an older version (lib/rank/persist) are then tokenised again.
 */
export const TOKENIZER_VERSION = 2;

/**
 * How many times a paper's title is counted (titles say most in few words). 3 since tokenizer
 * version 2 (tests/bench/rank.mjs: 2 → 3 moved precision@10 by +0.00/−0.01/+0.01 on the three
 * topics, and kept ours at or above the reference on each).
 */
export const TITLE_WEIGHT = 3;

/** Text → term ids (each new stem gets the next id: 0, 1, 2, …). */
export class Lexicon {
  /** Tokens of the last scan: term ids, with BREAK between phrases. */
  tokens = new Int32Array(4096);
  /** What `split` found in the text being scanned (see there). */
  private found = new Int32Array(4096);
  /**
   * The textHash (lib/rank/corpus) of the title and abstract last given to scanPaper, computed
   * while scanning them: a corpus adding a new paper needs no other pass over its text.
   */
  hashed = 0;
  /**
   * Open addressing over spellings seen, one slot = [hash, second hash, term, length] side by side
   * so a probe touches one cache line. A spelling is known by its length and two independent 32-bit
   * hashes of its characters, not compared character by character (that second pass over every
   * word was a third of tokenising): two distinct words of one corpus agree on all three with a
   * chance of about 1 in 10^10 for 50,000 distinct words, and would only share counts then.
   */
  private slots: Int32Array;
  private mask: number;
  private used = 0;
  /** Term ids of the stems. */
  private readonly stems: Stems;

  constructor(capacity = 1 << 12 /* spelling slots, a power of two; doubled past half full */) {
    this.slots = new Int32Array(4 * capacity);
    this.mask = capacity - 1;
    // As many stem slots: no stem table growth while the spellings fit theirs.
    this.stems = new Stems(capacity);
    this.knowDropped();
  }

  /**
   * Makes each dropped word (word-rules DROPPED) a spelling known from the start, its term BREAK: a
   * new spelling needs no stop-word test (a Set lookup of a new string, ~65,000 in a first training
   * of 10,000 papers). The hashes come from the scanner itself (split), as its lookups compute them.
   */
  private knowDropped(): void {
    for (const word of DROPPED) {
      // Only a word the scanner reads as one whole word can be a token's spelling.
      if (this.split(word, true) !== 4 || this.found[2] !== 0 || this.found[3] !== word.length) continue;
      const [hash, hash2] = this.found;
      this.put(this.emptySlot(hash!) << 2, hash!, hash2!, BREAK, word.length);
      ++this.used; // far below the half that grows the table: the smallest one has 4,096 slots
    }
    this.hashed = 0; // split hashed the words as a text
  }

  /** Stems allocated so far (ids run 0 … size − 1). */
  get size(): number {
    return this.stems.size;
  }

  /** The id of a stem (allocated if new). `hash`: its hashText, when the caller has it. */
  termOf(stemmed: string, hash?: number): number {
    return this.stems.termOf(stemmed, hash);
  }

  /** hashText of the stem of a term id this lexicon allocated. */
  hashOf(term: number): number {
    return this.stems.hashOf(term);
  }

  /** Every stem, by id: the list to give `seed` to rebuild the same ids. */
  stemsInOrder(): string[] {
    return this.stems.inOrder();
  }

  /**
   * Gives `stems[i]` the id i in an empty lexicon: the ids of a lexicon stored earlier, so tokens
   * stored with it mean the same words. Duplicates would shift every later id: they are refused.
   */
  seed(stems: readonly string[]): void {
    if (this.size > 0) throw new Error('Lexicon.seed: the lexicon is not empty');
    for (const s of stems) {
      if (this.termOf(s) !== this.size - 1) throw new Error(`Lexicon.seed: "${s}" appears twice`);
    }
  }

  /** The stem of a term id this lexicon allocated. */
  text(term: number): string {
    return this.stems.text(term);
  }

  /** Scans a paper: the title `titleWeight` times (titles say most), then the abstract. Returns the token count. */
  scanPaper(title: string, abstract: string | undefined, titleWeight: number): number {
    this.hashed = FNV_OFFSET;
    let n = this.scan(title, 0);
    if (n > 0 && this.tokens[n - 1] !== BREAK) this.tokens[n++] = BREAK; // resolve left room for one
    const once = n;
    for (let k = 1; k < titleWeight; k++) {
      this.ensure(n + once);
      this.tokens.copyWithin(n, 0, once);
      n += once;
    }
    if (!abstract) return n;
    this.hashed = Math.imul(this.hashed, FNV_PRIME); // the NUL between title and abstract
    return this.scan(abstract, n);
  }

  /** Scans `text` into `tokens` from `at`; returns the new token count. */
  scan(text: string, at = 0): number {
    // ASCII text (most abstracts) is lower-cased while scanning: no lower-cased copy, no search
    // for accents. At its first other character the text is scanned again, folded (lib/text.ts):
    // Latin accents folded, other non-ASCII characters (dashes, quotes, Greek, maths) end a word.
    // Both give the same words: the words before that character were looked up in the same order.
    const n = this.scanText(text, at, true);
    if (n >= 0) return n;
    let h = this.hashed; // as it was before this text: the ASCII scan stopped without storing it
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
    this.hashed = h;
    return this.scanText(foldText(text), at, false);
  }

  /**
   * `ascii`: `s` as given, A-Z lower-cased here, its characters hashed into `hashed`; -1 at a
   * character beyond ASCII. Else `s` is folded (and not hashed).
   */
  private scanText(s: string, at: number, ascii: boolean): number {
    const m = this.split(s, ascii);
    return m < 0 ? -1 : this.resolve(s, at, m);
  }

  /**
   * Finds the words of `s` and the punctuation between them, into `found` (per word its two hashes,
   * start and end; a punctuation mark: start -1); returns the length used, -1 if `ascii` and a
   * character is beyond ASCII. Looking the words up afterwards, in a loop doing only that, lets
   * the processor wait for several of the lexicon's slots at once: most lookups miss the cache.
   */
  private split(s: string, ascii: boolean): number {
    const len = s.length;
    // At most one word or mark per character, plus the last word.
    if (this.found.length < 4 * (len + 1)) this.found = new Int32Array(8 * (len + 1));
    const found = this.found;
    const kinds = ascii ? KINDS_ASCII : KINDS_FOLDED;
    let m = 0;
    // Hashed in both cases (cheaper than a test per character), kept only for ASCII text.
    let text = this.hashed;
    let i = 0;
    while (i < len) {
      let c = s.charCodeAt(i);
      text = Math.imul(text ^ c, FNV_PRIME);
      let kind = kinds[c]!;
      if (kind === WORD) {
        // A word's characters in a loop of their own: one table load and one test per character.
        const start = i;
        let hash = 0x811c9dc5 | 0;
        let hash2 = 0x9e3779b9 | 0;
        for (;;) {
          c |= 32; // A-Z lower-cased; a-z and 0-9 unchanged
          hash = Math.imul(hash ^ c, 16777619);
          hash2 = Math.imul(hash2 + c, 0x5bd1e995) ^ (hash2 >>> 15);
          if (++i === len) break;
          c = s.charCodeAt(i);
          text = Math.imul(text ^ c, FNV_PRIME);
          kind = kinds[c]!;
          if (kind !== WORD) break;
        }
        found[m] = hash;
        found[m + 1] = hash2;
        found[m + 2] = start;
        found[m + 3] = i;
        m += 4;
        if (i === len) break;
      }
      if (kind === NOT_ASCII) return -1;
      if (kind === APOSTROPHE) {
        for (; i + 1 < len; i++) {
          const d = s.charCodeAt(i + 1);
          if (kindOf(ascii ? d | 32 : d) !== WORD) break;
          text = Math.imul(text ^ d, FNV_PRIME);
        }
      } else if (kind === PUNCTUATION) {
        found[m + 2] = -1;
        m += 4;
      }
      i++;
    }
    if (ascii) this.hashed = text;
    return m;
  }

  /** The terms of the words `split` found (the first `m` of `found`), into `tokens` from `at`; returns the new token count. */
  private resolve(s: string, at: number, m: number): number {
    // At most one token or break per word or mark.
    this.ensure(at + (m >> 2) + 1);
    const { tokens, found } = this;
    let n = at;
    for (let k = 0; k < m; k += 4) {
      const start = found[k + 2]!;
      if (start >= 0) {
        const term = this.lookup(s, start, found[k + 3]!, found[k]!, found[k + 1]!);
        // A dropped word leaves no trace: its neighbours make a bigram ("mixture of experts").
        // Written anyway and kept only if a term (BREAK is -1): no branch on an unpredictable
        // test (about every third word is dropped).
        tokens[n] = term;
        n += (term >>> 31) ^ 1;
      } else if (n > at && tokens[n - 1] !== BREAK) {
        tokens[n++] = BREAK;
      }
    }
    return n;
  }

  private ensure(size: number): void {
    if (size <= this.tokens.length) return;
    const next = new Int32Array(Math.max(size, this.tokens.length * 2));
    next.set(this.tokens);
    this.tokens = next;
  }

  /** The term of the word s[start, end) (BREAK for a stop word or a dropped token). */
  private lookup(s: string, start: number, end: number, hash: number, hash2: number): number {
    const length = end - start;
    const slots = this.slots;
    let i = hash & this.mask;
    for (;;) {
      const at = i << 2;
      const len = slots[at + 3]!;
      if (len === 0) break;
      if (slots[at] === hash && slots[at + 1] === hash2 && len === length) return slots[at + 2]!;
      i = (i + 1) & this.mask;
    }
    const term = this.firstSight(s, start, end, hash);
    this.put(i << 2, hash, hash2, term, length);
    if (++this.used * 2 > this.mask + 1) this.grow();
    return term;
  }

  /**
   * The term of a spelling seen for the first time: BREAK for a dropped word (one character, no
   * letter; stop words are known from the start, knowDropped), else its stem's. `hash`: the
   * spelling's hashText (lower-cased), which is its stem's when the stem is the word itself.
   */
  private firstSight(s: string, start: number, end: number, hash: number): number {
    if (end - start < 2 || !hasLetter(s, start, end)) return BREAK;
    // Lower case: an ASCII text is scanned as given.
    const word = s.slice(start, end).toLowerCase();
    const stemmed = stem(word);
    return this.termOf(stemmed, stemmed === word ? hash : undefined);
  }

  private put(at: number, hash: number, hash2: number, term: number, length: number): void {
    this.slots[at] = hash;
    this.slots[at + 1] = hash2;
    this.slots[at + 2] = term;
    this.slots[at + 3] = length;
  }

  /** The first empty slot from a hash's (for a spelling known not to be in the table). */
  private emptySlot(hash: number): number {
    let i = hash & this.mask;
    while (this.slots[(i << 2) + 3] !== 0) i = (i + 1) & this.mask;
    return i;
  }

  private grow(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    this.slots = new Int32Array(size << 2);
    this.mask = size - 1;
    for (let j = 0; j < old.length; j += 4) {
      if (old[j + 3] !== 0) this.put(this.emptySlot(old[j]!) << 2, old[j]!, old[j + 1]!, old[j + 2]!, old[j + 3]!);
    }
  }
}
