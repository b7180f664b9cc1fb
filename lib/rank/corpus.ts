/**
 * The training documents, tokenised once and kept as sequences of word ids (lib/rank/tokenize).
 * Words' document frequencies are counted at training time, in the pass that lists each paper's
 * terms (lib/rank/paper-terms), not kept up to date here: that was a second pass over every new
 * paper's tokens, and the training reads them all anyway.
 *
 * Retraining after a star or a tag costs only features and the classifier: documents are not
 * tokenised again (new papers on a page are the only ones tokenised). Bigrams are not interned
 * here — a 10,000-paper corpus holds ~800,000 distinct ones, nearly all seen once, and interning
 * them was most of the cost of a first training — lib/rank/tfidf picks the bigram features from
 * the word sequences at training time.
 */
import { int32Arena } from './arena';
import { BREAK, Lexicon, TITLE_WEIGHT } from './tokenize';

export interface CorpusDoc {
  /** Word ids in text order, BREAK between phrases (bigrams never span a BREAK). */
  readonly tokens: Int32Array;
}

/** What a paper's text is to the ranking. */
export interface RankText {
  id: string;
  title: string;
  abstract?: string | undefined;
}

/**
 * A hash of a paper's text (FNV-1a over the title, a NUL, the abstract): tokens stored for a
 * paper are used only while its text hashes the same.
 */
export function textHash(paper: RankText): number {
  let h = 0x811c9dc5 | 0;
  const { title, abstract } = paper;
  for (let i = 0; i < title.length; i++) h = Math.imul(h ^ title.charCodeAt(i), 16777619);
  if (abstract) {
    h = Math.imul(h, 16777619); // the NUL
    for (let i = 0; i < abstract.length; i++) h = Math.imul(h ^ abstract.charCodeAt(i), 16777619);
  }
  return h;
}

export class Corpus {
  /**
   * Sized for a 10,000-paper corpus (~54,000 spellings: 128K slots, 2 MB) rather than grown 5 times
   * from 4K: each growth copied the table into fresh memory, which a cold run pays by the page.
   */
  private readonly lexicon = new Lexicon(1 << 17);
  /** Each paper's tokens, and the hash of the text they came from (not the text: 10,000 abstracts); one object per paper. */
  private readonly docs = new Map<string, { readonly hash: number; readonly tokens: Int32Array }>();
  private changes = 0;
  private readonly arena = int32Arena();

  /**
   * `stems`: the word list of a lexicon stored earlier (Corpus.stems), so tokens stored with it
   * can be added as they are (addTokens).
   */
  constructor(
    readonly titleWeight = TITLE_WEIGHT,
    stems: readonly string[] = [],
  ) {
    this.lexicon.seed(stems);
  }

  /** Changes with every paper added, changed or removed (features computed for it stay valid until then). */
  get version(): number {
    return this.changes;
  }

  get size(): number {
    return this.docs.size;
  }

  /** Distinct words ever seen (ids 0 … words − 1; some may no longer occur). */
  get words(): number {
    return this.lexicon.size;
  }

  has(id: string): boolean {
    return this.docs.has(id);
  }

  get(id: string): CorpusDoc | undefined {
    return this.docs.get(id);
  }

  ids(): IterableIterator<string> {
    return this.docs.keys();
  }

  text(word: number): string {
    return this.lexicon.text(word);
  }

  /** hashText of a word's text (kept by the lexicon: computed once per word). */
  wordHash(word: number): number {
    return this.lexicon.hashOf(word);
  }

  /** Every word, by id: what tokens of this corpus mean (stored with them, given back to the constructor). */
  stems(): string[] {
    return this.lexicon.stemsInOrder();
  }

  /**
   * Adds or refreshes a paper. Only a paper whose title or abstract changed (its textHash) is
   * tokenised again (a record first seen without its abstract gains it later). Returns whether
   * anything changed. `hash`: the paper's textHash, when the caller has it already.
   */
  add(paper: RankText, hash?: number): boolean {
    const existing = this.docs.get(paper.id);
    if (existing && existing.hash === (hash ??= textHash(paper))) return false;
    const n = this.lexicon.scanPaper(paper.title, paper.abstract, this.titleWeight);
    // A new paper's hash comes from the scan (one pass over its text, not two).
    hash ??= this.lexicon.hashed;
    const tokens = this.arena.take(n);
    tokens.set(this.lexicon.tokens.subarray(0, n));
    this.docs.set(paper.id, { hash, tokens });
    this.changes++;
    return true;
  }

  /**
   * Adds a paper from tokens stored earlier (word ids of this corpus's lexicon, as `get(id).tokens`
   * gave them), without tokenising its text; `tokens` is kept as it is. Refuses (false, nothing
   * added) tokens naming a word the lexicon does not have. The caller checks they are the
   * paper's current text's (textHash, given as `hash` when the caller has it) and the current
   * tokenizer's.
   */
  addTokens(paper: RankText, tokens: Int32Array, hash: number = textHash(paper)): boolean {
    const words = this.lexicon.size;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t !== BREAK && !(t >= 0 && t < words)) return false;
    }
    this.docs.set(paper.id, { hash, tokens });
    this.changes++;
    return true;
  }

  /** The textHash of the text a paper's tokens came from. */
  hashOf(id: string): number | undefined {
    return this.docs.get(id)?.hash;
  }

  remove(id: string): boolean {
    if (!this.docs.delete(id)) return false;
    this.changes++;
    return true;
  }
}
