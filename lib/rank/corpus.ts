/**
 * The training documents, tokenised once and kept as sequences of word ids (lib/rank/tokenize),
 * with each word's document frequency kept up to date as papers come and go.
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
  private dfs = new Int32Array(1024);
  /** Per word: the number of the document that last counted it (distinct words per document). */
  private stamps = new Int32Array(1024);
  private stamp = 0;
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

  /** Document frequency of a word. */
  df(word: number): number {
    return this.dfs[word] ?? 0;
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
    if (existing) {
      if (existing.hash === (hash ??= textHash(paper))) return false;
      this.count(existing, -1);
    }
    const n = this.lexicon.scanPaper(paper.title, paper.abstract, this.titleWeight);
    // A new paper's hash comes from the scan (one pass over its text, not two).
    hash ??= this.lexicon.hashed;
    const tokens = this.arena.take(n);
    tokens.set(this.lexicon.tokens.subarray(0, n));
    const doc = { hash, tokens };
    this.count(doc, +1);
    this.docs.set(paper.id, doc);
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
    const existing = this.docs.get(paper.id);
    if (existing) this.count(existing, -1);
    const doc = { hash, tokens };
    this.count(doc, +1);
    this.docs.set(paper.id, doc);
    this.changes++;
    return true;
  }

  /** The textHash of the text a paper's tokens came from. */
  hashOf(id: string): number | undefined {
    return this.docs.get(id)?.hash;
  }

  remove(id: string): boolean {
    const existing = this.docs.get(id);
    if (!existing) return false;
    this.count(existing, -1);
    this.docs.delete(id);
    this.changes++;
    return true;
  }

  /** Adds (or takes away) one to the df of each distinct word of `doc`. */
  private count(doc: CorpusDoc, delta: 1 | -1): void {
    const size = this.lexicon.size;
    if (size > this.dfs.length) {
      let next = this.dfs.length * 2;
      while (next < size) next *= 2;
      const grow = (arr: Int32Array) => {
        const out = new Int32Array(next);
        out.set(arr);
        return out;
      };
      this.dfs = grow(this.dfs);
      this.stamps = grow(this.stamps);
    }
    const stamp = ++this.stamp;
    const { dfs, stamps } = this;
    const tokens = doc.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t === BREAK) continue;
      // A select, not a branch: whether a word is new in the document is unpredictable.
      dfs[t]! += stamps[t] === stamp ? 0 : delta;
      stamps[t] = stamp;
    }
  }
}
