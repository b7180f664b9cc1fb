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
import { BREAK, Lexicon } from './tokenize';

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

export class Corpus {
  private readonly lexicon = new Lexicon();
  private dfs = new Int32Array(1024);
  /** Per word: the number of the document that last counted it (distinct words per document). */
  private stamps = new Int32Array(1024);
  private stamp = 0;
  private readonly docs = new Map<string, { text: string; doc: CorpusDoc }>();
  private changes = 0;
  private readonly arena = int32Arena();

  constructor(readonly titleWeight = 2) {}

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
    return this.docs.get(id)?.doc;
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

  /**
   * Adds or refreshes a paper. Only a paper whose title or abstract changed is tokenised again
   * (a record first seen without its abstract gains it later). Returns whether anything changed.
   */
  add(paper: RankText): boolean {
    const text = paper.abstract ? `${paper.title}\u0000${paper.abstract}` : paper.title;
    const existing = this.docs.get(paper.id);
    if (existing?.text === text) return false;
    if (existing) this.count(existing.doc, -1);
    const n = this.lexicon.scanPaper(paper.title, paper.abstract, this.titleWeight);
    const tokens = this.arena.take(n);
    tokens.set(this.lexicon.tokens.subarray(0, n));
    const doc = { tokens };
    this.count(doc, +1);
    this.docs.set(paper.id, { text, doc });
    this.changes++;
    return true;
  }

  remove(id: string): boolean {
    const existing = this.docs.get(id);
    if (!existing) return false;
    this.count(existing.doc, -1);
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
    for (const t of doc.tokens) {
      if (t === BREAK || stamps[t] === stamp) continue;
      stamps[t] = stamp;
      dfs[t]! += delta;
    }
  }
}
