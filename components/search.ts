import type { StoredPaper } from '../lib/model/library';
import { STOP_WORDS, TOPICLESS_WORDS, foldText, hashText } from '../lib/text';
import { TermIndex, type TermIndexSnapshot, type TermOptions } from './term-index';

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
 *
 * Both can be saved and restored (`save`, `restore`: the extension pages keep them in the
 * database, so 50,000 abstracts are not indexed again at each opening). Each paper's indexed text
 * keeps a hash: a paper given again is indexed again only where its text changed, and the caller
 * prunes the papers that are gone (`prune`). A saved index is used only under the same word
 * splitting and word lists that made it (`currentWordsFingerprint`).
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

/** The format of a saved index (`save`): a new number when its shape changes. */
const SAVED_FORMAT = 2;

/**
 * What the words of an abstract are today: the word lists and how a sample text splits. A saved
 * body made under other rules (another version of Paperdeck) is not used.
 */
let wordsFingerprint: number | undefined;
function currentWordsFingerprint(): number {
  wordsFingerprint ??= hashText(
    [
      [...STOP_WORDS].join(' '),
      [...TOPICLESS_WORDS].join(' '),
      (words('Schölkopf’s “ﬁne-tuning”: 3D/2D self-attention, e.g. GPT-4o — in 2×; we propose a NOVEL model.', abstractTerm) ?? []).join(
        ' ',
      ),
    ].join('\n'),
  );
  return wordsFingerprint;
}

/** A saved index: each part's words, and the hash of each paper's text in it. */
export interface SavedIndex {
  format: number;
  words: number;
  head: TermIndexSnapshot;
  /** `headHashes[n]`: hashText of paper `head.ids[n]`'s head fields. */
  headHashes: Int32Array;
  body: TermIndexSnapshot;
  /** `bodyHashes[n]`: hashText of paper `body.ids[n]`'s abstract. */
  bodyHashes: Int32Array;
}

/** A saved part and its hashes, or null when either is not what `save` wrote. */
function restoreHashed(fields: readonly string[], snapshot: unknown, hashes: unknown): [TermIndex, Map<string, number>] | null {
  const index = TermIndex.fromSnapshot(fields, snapshot);
  if (!index || !(hashes instanceof Int32Array)) return null;
  const ids = (snapshot as TermIndexSnapshot).ids;
  if (hashes.length !== ids.length) return null;
  const map = new Map<string, number>();
  ids.forEach((id, n) => map.set(id, hashes[n]!));
  return [index, map];
}

const HEAD_FIELDS = ['title', 'authors', 'organization', 'tags', 'note', 'aiSummary', 'id'] as const;
const HEAD_BOOSTS = HEAD_FIELDS.map((f) => SEARCH_BOOST[f]);
const BODY_FIELDS = ['abstract'] as const;

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
  private head = new TermIndex(HEAD_FIELDS);
  private body = new TermIndex(BODY_FIELDS);
  /** Abstracts waiting for the body index, by paper id (the newest text wins), with their hash. */
  private readonly pending = new Map<string, { text: string; hash: number }>();
  /** hashText of each abstract in the body index, by paper id. */
  private hashes = new Map<string, number>();
  /** hashText of each paper's head text (its fields joined), by paper id. */
  private headHashes = new Map<string, number>();
  /** The index changed since it was restored or saved. */
  private changed = true;
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
    const fields = [
      paper.title,
      paper.authors?.join(' '),
      paper.organization ? `${paper.organization.slug} ${paper.organization.name ?? ''}` : undefined,
      paper.tags?.join(' '),
      paper.note,
      paper.aiSummary,
      paper.id,
    ];
    // The same head text as indexed (a restored index, a paper read again): nothing to do.
    const headHash = hashText(fields.join('\u0000'));
    if (this.headHashes.get(paper.id) !== headHash || !this.head.has(paper.id)) {
      this.head.add(
        paper.id,
        fields.map((text) => words(text)),
      );
      this.headHashes.set(paper.id, headHash);
      this.headCache.clear();
      this.changed = true;
    }
    if (paper.abstract === undefined) return;
    const hash = hashText(paper.abstract);
    if (this.hashes.get(paper.id) === hash && this.body.has(paper.id)) this.pending.delete(paper.id);
    else this.pending.set(paper.id, { text: paper.abstract, hash });
  }

  remove(id: string): void {
    if (this.head.has(id)) {
      this.head.remove(id);
      this.headHashes.delete(id);
      this.headCache.clear();
      this.changed = true;
    }
    this.pending.delete(id);
    if (this.body.has(id)) {
      this.body.remove(id);
      this.hashes.delete(id);
      this.bodyCache.clear();
      this.changed = true;
    }
  }

  clear(): void {
    this.head.clear();
    this.body.clear();
    this.hashes.clear();
    this.headHashes.clear();
    this.pending.clear();
    this.headCache.clear();
    this.bodyCache.clear();
    this.changed = true;
  }

  /** Removes every paper `keep` refuses (after a load: the papers no longer in the list). */
  prune(keep: (id: string) => boolean): number {
    const gone = new Set<string>();
    for (const id of this.head.documents()) if (!keep(id)) gone.add(id);
    for (const id of this.body.documents()) if (!keep(id)) gone.add(id);
    for (const id of this.pending.keys()) if (!keep(id)) gone.add(id);
    for (const id of gone) this.remove(id);
    return gone.size;
  }

  /**
   * Takes a saved index (`save`) as this one, when it was made by these rules; returns whether it
   * did. Only into an empty index: papers given since go on top.
   */
  restore(saved: unknown): boolean {
    if (this.head.size > 0 || this.body.size > 0 || this.pending.size > 0 || typeof saved !== 'object' || saved === null) return false;
    const s = saved as Partial<SavedIndex>;
    if (s.format !== SAVED_FORMAT || s.words !== currentWordsFingerprint()) return false;
    const head = restoreHashed(HEAD_FIELDS, s.head, s.headHashes);
    const body = restoreHashed(BODY_FIELDS, s.body, s.bodyHashes);
    if (!head || !body) return false;
    [this.head, this.headHashes] = head;
    [this.body, this.hashes] = body;
    this.headCache.clear();
    this.bodyCache.clear();
    this.changed = false;
    return true;
  }

  /**
   * The index as plain data to save, or null when there is nothing new to save (unchanged since
   * restored or saved) or abstracts are still waiting (a half-made index is not worth keeping).
   */
  save(): SavedIndex | null {
    if (!this.changed || this.pending.size > 0) return null;
    const head = this.head.toSnapshot();
    const body = this.body.toSnapshot();
    this.changed = false;
    return {
      format: SAVED_FORMAT,
      words: currentWordsFingerprint(),
      head,
      headHashes: Int32Array.from(head.ids, (id) => this.headHashes.get(id) ?? 0),
      body,
      bodyHashes: Int32Array.from(body.ids, (id) => this.hashes.get(id) ?? 0),
    };
  }

  /** The index changed since it was restored or saved (`save` has something to save). */
  get unsaved(): boolean {
    return this.changed;
  }

  /**
   * Moves queued abstracts into the body index for about `budgetMs` (Infinity: all of them).
   * Returns how many are still queued.
   */
  indexPending(budgetMs = Infinity): number {
    if (this.pending.size === 0) return 0;
    const start = performance.now();
    let n = 0;
    for (const [id, { text, hash }] of this.pending) {
      this.pending.delete(id);
      this.body.add(id, [words(text, abstractTerm)]);
      this.hashes.set(id, hash);
      this.changed = true;
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
