/**
 * The training documents, tokenised once and kept as term ids (lib/rank/tokenize for the words).
 *
 * Retraining after a star or a tag costs only the classifier: documents are not tokenised again,
 * and document frequencies are kept up to date as papers come and go (new papers on a page are
 * the only ones tokenised). Each unigram is interned once by the lexicon, each bigram as the pair
 * of its unigram ids (its text is built only when it becomes a feature).
 */
import { BREAK, Lexicon, PairTable } from './tokenize';

export interface CorpusDoc {
  /** Term ids, ascending. */
  readonly terms: Int32Array;
  /** Occurrences of each term. */
  readonly counts: Uint16Array;
}

/** What a paper's text is to the ranking. */
export interface RankText {
  id: string;
  title: string;
  abstract?: string | undefined;
}

export class Corpus {
  private readonly lexicon = new Lexicon(() => this.newTerm(-1, -1));
  private readonly bigrams = new PairTable();
  /** For a bigram term, its two unigram terms; -1 for a unigram. */
  private left = new Int32Array(1024);
  private right = new Int32Array(1024);
  private dfs = new Int32Array(1024);
  /** Scratch counts by term id, kept zeroed between documents. */
  private scratch = new Uint16Array(1024);
  private termCount = 0;
  private readonly docs = new Map<string, { text: string; doc: CorpusDoc }>();

  constructor(readonly titleWeight = 2) {}

  get size(): number {
    return this.docs.size;
  }

  /** Distinct terms ever interned (some may no longer occur in any document). */
  get terms(): number {
    return this.termCount;
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

  /** Document frequency of a term. */
  df(term: number): number {
    return this.dfs[term] ?? 0;
  }

  /** A bigram's two unigram terms; [-1, -1] for a unigram. */
  parts(term: number): [number, number] {
    return [this.left[term]!, this.right[term]!];
  }

  text(term: number): string {
    const l = this.left[term]!;
    return l < 0 ? this.lexicon.text(term) : `${this.lexicon.text(l)} ${this.lexicon.text(this.right[term]!)}`;
  }

  /**
   * Adds or refreshes a paper. Only a paper whose title or abstract changed is tokenised again
   * (a record first seen without its abstract gains it later). Returns whether anything changed.
   */
  add(paper: RankText): boolean {
    const text = paper.abstract ? `${paper.title}\u0000${paper.abstract}` : paper.title;
    const existing = this.docs.get(paper.id);
    if (existing?.text === text) return false;
    if (existing) this.forget(existing.doc);
    const doc = this.tokenise(paper.title, paper.abstract);
    this.docs.set(paper.id, { text, doc });
    return true;
  }

  remove(id: string): boolean {
    const existing = this.docs.get(id);
    if (!existing) return false;
    this.forget(existing.doc);
    this.docs.delete(id);
    return true;
  }

  private forget(doc: CorpusDoc): void {
    for (const t of doc.terms) this.dfs[t]!--;
  }

  /** Room for `more` new terms in the per-term arrays (so a loop may hold on to them). */
  private reserve(more: number): void {
    const need = this.termCount + more;
    if (need <= this.dfs.length) return;
    let size = this.dfs.length * 2;
    while (size < need) size *= 2;
    const grow = <T extends Int32Array | Uint16Array>(arr: T, next: T): T => (next.set(arr), next);
    this.dfs = grow(this.dfs, new Int32Array(size));
    this.left = grow(this.left, new Int32Array(size));
    this.right = grow(this.right, new Int32Array(size));
    this.scratch = grow(this.scratch, new Uint16Array(size));
  }

  private newTerm(a: number, b: number): number {
    this.reserve(1);
    const id = this.termCount++;
    this.left[id] = a;
    this.right[id] = b;
    return id;
  }

  private seen = new Int32Array(1024);

  private tokenise(title: string, abstract: string | undefined): CorpusDoc {
    const lexicon = this.lexicon;
    const n = lexicon.scanPaper(title, abstract, this.titleWeight);
    const tokens = lexicon.tokens;
    // Each token adds at most one new term here (its bigram; unigrams were interned by the scan).
    this.reserve(n);
    if (this.seen.length < 2 * n) this.seen = new Int32Array(4 * n);
    const { scratch, left, right, bigrams, seen } = this;
    let distinct = 0;
    let prev = BREAK;
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (t === BREAK) {
        prev = BREAK;
        continue;
      }
      if (scratch[t]!++ === 0) seen[distinct++] = t;
      if (prev !== BREAK) {
        const next = this.termCount;
        const pair = bigrams.intern(prev, t, next);
        if (pair === next) {
          this.termCount++;
          left[pair] = prev;
          right[pair] = t;
        }
        if (scratch[pair]!++ === 0) seen[distinct++] = pair;
      }
      prev = t;
    }
    const terms = seen.slice(0, distinct).sort();
    const counts = new Uint16Array(terms.length);
    const dfs = this.dfs;
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      counts[i] = scratch[t]!;
      scratch[t] = 0;
      dfs[t]!++;
    }
    return { terms, counts };
  }
}
