import type { StoredPaper } from '../lib/model/library';
import { STOP_WORDS, TOPICLESS_WORDS, foldText } from '../lib/text';
import { TermIndex, type TermOptions } from './term-index';

/**
 * The full-text index behind the popup's and the library page's search box, updated one paper at
 * a time as papers arrive, change or go — never rebuilt on a keystroke, never a substring scan.
 * Ranking (BM25+), prefixes and typos as MiniSearch gave them; the postings in compact arrays
 * (components/term-index.ts, which says why not MiniSearch or FlexSearch).
 *
 * Two indexes, because abstracts are 95% of the text:
 *  - `head`: title (boost 3), authors (2), organization (2), tags (2), the user's note (2), HF's AI
 *    summary (1, one sentence: "TL;DR" on the rows), arXiv id (1). Small; a paper is (re)indexed here at once, and again whenever its tags or its note
 *    change (few papers have a note, and a note is the user's own words: worth finding at once).
 *  - `body`: the abstract (boost 1). At 50,000 papers it holds ~5 million postings, so papers
 *    queue for it and `indexPending` drains the queue in slices.
 * A query matches a paper when every query word matches in either index (AND across words, as
 * a filter-as-you-type box should), ranked by the summed scores. Results per word are cached
 * until the index changes, so typing "large language mo" re-runs only the word being typed; and
 * `search(q, { abstracts: false })` answers from `head` plus whatever abstract results are
 * already cached, which keeps a keystroke fast while the abstract pass runs a moment later.
 * Nothing but words is stored in either index (the caller keeps its rows); `remove` drops a
 * paper without needing its old text.
 */

/** What the index reads from a paper: its text fields plus the names of its tags and its note. */
export type SearchablePaper = Pick<StoredPaper, 'id' | 'title' | 'authors' | 'organization' | 'aiSummary'> & {
  abstract?: string | undefined;
  tags?: readonly string[];
  note?: string | undefined;
};

/**
 * Field boosts agreed in issue 6: title 3, authors / organization / tags 2, abstract 1; notes (issue 9) 2;
 * the AI summary (issue 13) 1, like the abstract it summarises.
 */
export const SEARCH_BOOST = { title: 3, authors: 2, organization: 2, tags: 2, note: 2, aiSummary: 1, id: 1, abstract: 1 } as const;

/**
 * Lower case, accents folded, and none of the commonest words (lib/text.ts), so "Schölkopf" is
 * found by "scholkopf" and "a survey of" does not match every paper. Abstracts also drop the words
 * that tell no topic ("we propose a novel method … results show …"): present in most, meaningful in
 * none; titles keep them.
 */
export function normaliseTerm(term: string): string | null {
  const t = foldText(term);
  return t && !STOP_WORDS.has(t) ? t : null;
}

/** Words are what lies between spaces and punctuation (any script), as MiniSearch split them. */
const SEPARATORS = /[\n\r\p{Z}\p{P}]+/u;
const tokenize = (text: string): string[] => text.split(SEPARATORS).filter(Boolean);

/** The distinct normalised words of a text that `keep` accepts. */
function words(text: string | undefined, keep: (t: string) => string | null = normaliseTerm): string[] | undefined {
  if (!text) return undefined;
  const out = new Set<string>();
  for (const raw of tokenize(text)) {
    const t = keep(raw);
    if (t) out.add(t);
  }
  return [...out];
}

function abstractTerm(raw: string): string | null {
  const n = normaliseTerm(raw);
  return n && n.length > 1 && !TOPICLESS_WORDS.has(n) ? n : null;
}

/** The words of a query as the index sees them. */
export function queryTerms(query: string): string[] {
  const out: string[] = [];
  for (const raw of tokenize(query)) {
    const t = normaliseTerm(raw);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

// Prefix matching from the third letter on: a one- or two-letter prefix expands to thousands of
// words and ranks every paper, which is slow and useless while the user is still typing. Fuzzy
// (0.2 × length, so one typo from 5 letters, two from 10) likewise only for real words.
function termOptions(term: string): TermOptions {
  return { prefix: term.length >= 3, fuzzy: term.length >= 5 ? Math.min(2, Math.round(term.length * 0.2)) : 0 };
}

const HEAD_FIELDS = ['title', 'authors', 'organization', 'tags', 'note', 'aiSummary', 'id'] as const;
const HEAD_BOOSTS = HEAD_FIELDS.map((f) => SEARCH_BOOST[f]);

export interface SearchHit {
  id: string;
  score: number;
}
export interface SearchResults {
  /** Best first. */
  hits: SearchHit[];
  /** False when abstracts were left out (not yet indexed, or `abstracts: false`): more may match. */
  complete: boolean;
}

type TermHits = Map<string, number>;

export class PaperSearchIndex {
  private readonly head = new TermIndex(HEAD_FIELDS);
  private readonly body = new TermIndex(['abstract']);
  /** Abstracts waiting for the body index, by paper id (the newest text wins). */
  private readonly pending = new Map<string, string>();
  private headCache = new Map<string, TermHits>();
  private bodyCache = new Map<string, TermHits>();

  /** Papers in the index. */
  get size(): number {
    return this.head.size;
  }

  /** Abstracts not yet searchable. */
  get pendingCount(): number {
    return this.pending.size;
  }

  has(id: string): boolean {
    return this.head.has(id);
  }

  /**
   * Adds a paper or replaces its indexed text. The head fields (note included: give it on every
   * upsert, as the tags) are searchable at once; the abstract (when given — omit it to keep the one
   * already indexed, e.g. on a tag change) joins the queue for `indexPending`.
   */
  upsert(paper: SearchablePaper): void {
    this.head.add(paper.id, [
      words(paper.title),
      words(paper.authors?.join(' ')),
      words(paper.organization ? `${paper.organization.slug} ${paper.organization.name ?? ''}` : undefined),
      words(paper.tags?.join(' ')),
      words(paper.note),
      words(paper.aiSummary),
      words(paper.id),
    ]);
    this.headCache.clear();
    if (paper.abstract !== undefined) this.pending.set(paper.id, paper.abstract);
  }

  remove(id: string): void {
    if (this.head.has(id)) {
      this.head.remove(id);
      this.headCache.clear();
    }
    this.pending.delete(id);
    if (this.body.has(id)) {
      this.body.remove(id);
      this.bodyCache.clear();
    }
  }

  clear(): void {
    this.head.clear();
    this.body.clear();
    this.pending.clear();
    this.headCache.clear();
    this.bodyCache.clear();
  }

  /**
   * Moves queued abstracts into the body index for about `budgetMs` (Infinity: all of them).
   * Returns how many are still queued.
   */
  indexPending(budgetMs = Infinity): number {
    if (this.pending.size === 0) return 0;
    const start = performance.now();
    let n = 0;
    for (const [id, text] of this.pending) {
      this.pending.delete(id);
      this.body.add(id, [words(text, abstractTerm)]);
      // Check the clock every 16 papers: performance.now() is not free either.
      if (++n % 16 === 0 && performance.now() - start >= budgetMs) break;
    }
    this.bodyCache.clear();
    return this.pending.size;
  }

  /**
   * Merges recent additions into the compact part (TermIndex.seal): call once a bulk load is done.
   * Searching works without it, a little slower on prefixes and typos.
   */
  compact(): void {
    this.head.seal();
    this.body.seal();
  }

  /**
   * Papers matching every word of the query, best first; null for an empty query (or one made
   * only of common words): "no search", as opposed to no hits. With `abstracts: false`, only
   * abstract results already computed are used (fast); call again with the default later.
   */
  search(query: string, options: { abstracts?: boolean } = {}): SearchResults | null {
    const terms = queryTerms(query);
    if (terms.length === 0) return null;
    const withBody = options.abstracts ?? true;
    let complete = this.pending.size === 0;
    const perTerm: TermHits[] = [];
    for (const term of terms) {
      const head = this.termHits(this.head, this.headCache, term, HEAD_BOOSTS);
      let body = this.bodyCache.get(term);
      if (!body && withBody) body = this.termHits(this.body, this.bodyCache, term);
      if (!body) complete = false;
      perTerm.push(body && body.size > 0 ? union(head, body) : head);
    }
    // Intersect, smallest first.
    perTerm.sort((a, b) => a.size - b.size);
    const [first, ...rest] = perTerm;
    const hits: SearchHit[] = [];
    outer: for (const [id, score] of first!) {
      let total = score;
      for (const other of rest) {
        const s = other.get(id);
        if (s === undefined) continue outer;
        total += s;
      }
      hits.push({ id, score: total });
    }
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    return { hits, complete };
  }

  private termHits(index: TermIndex, cache: Map<string, TermHits>, term: string, boosts?: readonly number[]): TermHits {
    let hits = cache.get(term);
    if (!hits) {
      hits = index.search(term, termOptions(term), boosts);
      cache.set(term, hits);
    }
    return hits;
  }
}

function union(a: TermHits, b: TermHits): TermHits {
  const [big, small] = a.size >= b.size ? [a, b] : [b, a];
  const out = new Map(big);
  for (const [id, s] of small) out.set(id, (out.get(id) ?? 0) + s);
  return out;
}
