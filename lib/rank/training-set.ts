/**
 * The ranking's training set, loaded from the library: the `maxPapers` papers seen most recently,
 * plus every labelled paper (starred, tagged, not interested), tokenised in a Corpus kept in memory
 * while the worker lives. After a star only the labels are read again; after a page visit only its
 * new papers are read and tokenised. A fresh load (a restarted worker, or papers removed) starts
 * from the stored tokens (lib/rank/persist) and tokenises only what they lack.
 */
import type { PaperdeckDB } from '../db/database';
import { RANK_TOKENS_KEY } from '../db/database';
import type { StoredPaper } from '../model/library';
import { Corpus, textHash } from './corpus';
import { labelsOf, type Labels } from './labels';
import { prepareTraining, type Prepared, type RankOptions } from './model';
import { fingerprintIn, storedTokensOf, storeTokens, usableTokens, type StoredTokens } from './persist';

/** Papers tokenised between two pauses. */
const CHUNK = 1000;

/** Lets the event loop run whatever is queued (messages from pages) before going on. */
export const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface Loaded {
  labels: Labels;
  /** The library state read (lib/rank/persist fingerprintIn), stored with the model. */
  fingerprint: string;
  /** Whether the corpus changed (papers added, retokenised or evicted), not only the labels. */
  changed: boolean;
}

export class TrainingSet {
  private corpus: Corpus | null = null;
  /** Features and vectors of the corpus at `version` (reused while only labels change). */
  private prepared: { version: number; value: Prepared } | null = null;
  private readonly lastSeen = new Map<string, number>();
  private readonly pendingPapers = new Set<string>();
  private fullReload = true;
  /** Whether the stored tokens differ from the corpus's (papers tokenised, or gone, since the last save). */
  private unsaved = false;
  /** Papers tokenised (not taken from the stored row) since the row was last written. */
  private tokenisedSinceSave = 0;
  /** Papers tokenised / taken from stored tokens by the last full load (tests, the bench). */
  stats = { tokenised: 0, reused: 0 };

  constructor(
    private readonly db: PaperdeckDB,
    private readonly options: RankOptions,
    private readonly maxPapers: number,
    /** Papers tokenised since the stored tokens were written before they are written again. */
    private readonly saveTokensAfter: number,
  ) {}

  /** Papers written to the library (`[]`: any, e.g. removed): read again on the next load. */
  papersChanged(ids: readonly string[]): void {
    if (ids.length === 0) this.fullReload = true;
    else for (const id of ids) this.pendingPapers.add(id);
  }

  /** The next load reads every paper again (the caller needs every paper's vector). */
  reloadAll(): void {
    this.fullReload = true;
  }

  /** How many of these papers are in the training set. */
  known(ids: ReadonlySet<string>): number {
    return [...ids].filter((id) => this.corpus!.has(id)).length;
  }

  /** Features and vectors of the corpus as loaded (computed again only when its papers changed). */
  prepare(): Prepared {
    const corpus = this.corpus!;
    if (this.prepared?.version !== corpus.version) {
      this.prepared = { version: corpus.version, value: prepareTraining(corpus, this.options) };
    }
    return this.prepared.value;
  }

  /** Reads the labels and the papers that changed (all of them on a full load) into the corpus. */
  async load(): Promise<Loaded> {
    const db = this.db;
    const full = this.fullReload || !this.corpus;
    const pending = [...this.pendingPapers];
    this.pendingPapers.clear();
    this.fullReload = false;
    const corpusIds = full ? new Set<string>() : new Set(this.corpus!.ids());

    const tables = [db.papers, db.stars, db.paperTags, db.notInterested, db.meta, db.rankTokens];
    const read = await db.transaction('r', tables, async () => {
      const [stars, links, marked, fingerprint] = await Promise.all([
        db.stars.toArray(),
        db.paperTags.toArray(),
        db.notInterested.toArray(),
        fingerprintIn(db),
      ]);
      const papers = full
        ? await db.papers.orderBy('lastSeenAt').reverse().limit(this.maxPapers).toArray()
        : (await db.papers.bulkGet(pending)).filter((p): p is StoredPaper => p !== undefined);
      const have = new Set([...corpusIds, ...papers.map((p) => p.id)]);
      const labelled = new Set([...stars.map((s) => s.paperId), ...links.map((l) => l.paperId), ...marked.map((m) => m.paperId)]);
      const missing = [...labelled].filter((id) => !have.has(id));
      const extra = (await db.papers.bulkGet(missing)).filter((p): p is StoredPaper => p !== undefined);
      // A fresh corpus starts from the stored tokens.
      const stored = full ? await db.rankTokens.get(RANK_TOKENS_KEY) : undefined;
      return { stars, links, marked, fingerprint, papers: [...papers, ...extra], labelled, stored };
    });

    let changed = full;
    let stored: StoredTokens | null = null;
    if (full) {
      // Only tokens made the way this code makes them.
      stored = usableTokens(read.stored, this.options.titleWeight);
      this.corpus = stored?.corpus ?? new Corpus(this.options.titleWeight);
      // Rewritten after this load unless every paper came from it (and no other paper is in it).
      this.unsaved = !stored;
      this.tokenisedSinceSave = 0;
      this.stats = { tokenised: 0, reused: 0 };
      this.prepared = null;
      this.lastSeen.clear();
    }
    const corpus = this.corpus!;
    for (let i = 0; i < read.papers.length; i++) {
      // Tokenising thousands of abstracts: let queued messages through now and then.
      if (i > 0 && i % CHUNK === 0) await pause();
      const p = read.papers[i]!;
      // Without stored tokens, the corpus hashes a new paper's text while tokenising it.
      const hash = stored ? textHash(p) : undefined;
      const tokens = hash === undefined ? null : storedTokensOf(stored, p.id, hash);
      if (tokens && corpus.addTokens(p, tokens, hash)) {
        this.stats.reused++;
        changed = true;
      } else if (corpus.add(p, hash)) {
        if (full) this.stats.tokenised++;
        this.unsaved = true;
        this.tokenisedSinceSave++;
        changed = true;
      }
      this.lastSeen.set(p.id, p.lastSeenAt);
    }
    if (stored && stored.row.ids.length !== this.stats.reused) this.unsaved = true;
    if (this.evict(read.labelled)) {
      this.unsaved = true;
      changed = true;
    }
    return { labels: labelsOf(read.stars, read.links, read.marked), fingerprint: read.fingerprint, changed };
  }

  /**
   * Stores the corpus's tokens, when they differ from the stored ones and enough papers were
   * tokenised since (the row holds every training paper, ~10 MB for 10,000: rewriting it after each
   * page visit cost ~75 ms of background work). Failing to store only costs tokenising again.
   */
  async saveTokens(): Promise<void> {
    // A removal alone leaves the row as it is: papers no longer in the training set are not read
    // back from it (a restarted worker takes from the row only the papers it loads).
    if (!this.unsaved || this.tokenisedSinceSave < this.saveTokensAfter) return;
    this.unsaved = false;
    const saving = this.tokenisedSinceSave;
    this.tokenisedSinceSave = 0;
    try {
      await storeTokens(this.db, this.corpus!);
    } catch (e) {
      this.unsaved = true;
      this.tokenisedSinceSave += saving;
      console.warn('[paperdeck] ranking: could not store the tokens (the next start tokenises again)', e);
    }
  }

  /** Keeps the corpus to the most recently seen papers, plus the labelled ones. */
  private evict(labelled: ReadonlySet<string>): boolean {
    const corpus = this.corpus!;
    const excess = corpus.size - labelled.size - this.maxPapers;
    if (excess <= 0) return false;
    const candidates = [...corpus.ids()].filter((id) => !labelled.has(id));
    candidates.sort((a, b) => (this.lastSeen.get(a) ?? 0) - (this.lastSeen.get(b) ?? 0) || (a < b ? -1 : 1));
    for (const id of candidates.slice(0, excess)) {
      corpus.remove(id);
      this.lastSeen.delete(id);
    }
    return true;
  }
}
