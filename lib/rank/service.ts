/**
 * The "for you" ranking in the background (MV3 service worker / Firefox MV2 background page):
 * keeps the model in memory, retrains it — debounced — when stars, tags, "not interested" marks
 * or papers change, stores it in IndexedDB so a restarted worker answers at once, and answers the
 * pages' questions (scoreCards, notInterested, moreLikeTag) over lib/messaging.
 *
 * Training set: the MAX_PAPERS papers seen most recently, plus every labelled paper (starred,
 * tagged, not interested). It stays tokenised in memory (lib/rank/corpus) while the worker lives:
 * after a star only the classifier runs again; after a page visit only its new papers are read
 * and tokenised — and nothing is retrained at all when they were all known already.
 *
 * The training papers' tokens are also stored (one row of table rankTokens), so a restarted
 * worker — MV3 stops an idle one within a minute — tokenises only the papers it has not seen, or
 * whose text changed since (a hash of the text tells), instead of all of them.
 */
import type { StoredPaper } from '../model/library';
import { PAPER_COUNT, RANK_MODEL_KEY, RANK_TOKENS_KEY, type PaperdeckDB, type RankTokensRow } from '../db/database';
import type { Library } from '../db/library';
import { Corpus, textHash } from './corpus';
import { TOKENIZER_VERSION } from './tokenize';
import {
  DEFAULT_RANK,
  MIN_STARS,
  MIN_TAG_PAPERS,
  assemble,
  explain,
  fitOverall,
  fitTag,
  isRankModel,
  prepareTraining,
  scoreWith,
  topTerms,
  type RankModel,
  type Prepared,
  type RankOptions,
  type Scorer,
} from './model';
import { TextVectorizer, type SparseVector } from './tfidf';
import type { CardScore, CardScores, MoreLikeTag, RankApi, SimilarPaper } from './types';

export const MAX_PAPERS = 10_000;

export interface RankServiceOptions {
  /** Quiet time after a change before retraining (several quick stars → one training). */
  debounceMs?: number;
  /** …but never wait longer than this after the first change. */
  maxWaitMs?: number;
  /** Papers in the training set besides the labelled ones: the most recently seen. */
  maxPapers?: number;
  /**
   * Papers tokenised since the stored tokens were written before they are written again (the row
   * holds every training paper, ~10 MB for 10,000: rewriting it after each page visit cost ~75 ms
   * of background work and as many MB of disk writes). Those not yet stored are tokenised again
   * by a restarted worker: under 256 papers, a few ms.
   */
  saveTokensAfter?: number;
  rank?: RankOptions;
  /** Tells the pages that scores changed (`ids: []`: any card) — lib/messaging/changes in the background. */
  announce?: (ids: string[]) => void;
  now?: () => number;
}

/** A library write as lib/db announces it. */
export interface RankChange {
  ids: readonly string[];
  what: readonly string[];
}

type Labels = { starred: Set<string>; tags: Map<string, Set<string>>; notInterested: Set<string> };

const EXPLAIN_SIMILAR = 3;
/** Papers tokenised between two pauses. */
const CHUNK = 1000;

/** Lets the event loop run whatever is queued (messages from pages) before going on. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class RankService implements RankApi {
  /** Where the user's "not interested" marks are written, announced like every write. */
  private readonly library: Library;
  /** Read directly: the training set, labels, and the model and tokens this service keeps. */
  private readonly db: PaperdeckDB;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly maxPapers: number;
  private readonly options: RankOptions;
  private readonly announce: (ids: string[]) => void;
  private readonly now: () => number;

  private model: RankModel | null = null;
  private trainedAt = 0;
  /** Vectors of the training papers, valid for `model` (empty for a model loaded from storage). */
  private vectors = new Map<string, SparseVector>();
  private textVectorizer: TextVectorizer | null = null;
  private corpus: Corpus | null = null;
  /** Features and vectors of the corpus at `version` (reused while only labels change). */
  private prepared: { version: number; value: Prepared } | null = null;
  private readonly lastSeen = new Map<string, number>();
  private labelsKey = '';
  /** Starred papers the last training run found in its training set (-1: none ran yet). */
  private knownStars = -1;
  /** Whether the stored tokens differ from the corpus's (papers tokenised, or gone, since the last save). */
  private unsaved = false;
  /** Papers tokenised (not taken from the stored row) since the row was last written. */
  private tokenisedSinceSave = 0;
  private readonly saveTokensAfter: number;
  /** Papers tokenised / taken from stored tokens by the last full load (tests, the bench). */
  private tokenStats = { tokenised: 0, reused: 0 };

  private readonly pendingPapers = new Set<string>();
  private fullReload = true;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstPending = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private loading: Promise<void> | null = null;
  private stopped = false;

  constructor(library: Library, options: RankServiceOptions = {}) {
    this.library = library;
    this.db = library.db;
    this.debounceMs = options.debounceMs ?? 1500;
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
    this.maxPapers = options.maxPapers ?? MAX_PAPERS;
    this.saveTokensAfter = options.saveTokensAfter ?? 256;
    this.options = options.rank ?? DEFAULT_RANK;
    this.announce = options.announce ?? (() => {});
    this.now = options.now ?? Date.now;
  }

  /** Follows library writes (subscribe: Library.onChange or lib/messaging's onLibraryChange). */
  watch(subscribe: (listener: (change: RankChange) => void) => () => void): () => void {
    return subscribe((change) => this.onChange(change));
  }

  onChange(change: RankChange): void {
    const { what, ids } = change;
    let relevant = false;
    if (what.includes('papers')) {
      if (ids.length === 0) this.fullReload = true;
      else for (const id of ids) this.pendingPapers.add(id);
      relevant = true;
    }
    if (what.includes('stars') || what.includes('tags')) {
      relevant = true;
    }
    if (relevant) this.schedule();
  }

  // ---- the API served to pages --------------------------------------------------------------

  async scoreCards(ids: string[]): Promise<CardScores> {
    await this.ensureLoaded();
    const unique = [...new Set(ids)];
    const db = this.db;
    const { starred, marked, tagRows } = await db.transaction('r', [db.stars, db.notInterested, db.tags], async () => {
      const [starred, marked, tagRows] = await Promise.all([db.stars.count(), db.notInterested.bulkGet(unique), db.tags.toArray()]);
      return { starred, marked, tagRows };
    });
    const answer: CardScores = {
      state: 'cold',
      starred,
      needed: MIN_STARS,
      trainedAt: this.trainedAt,
      scores: {},
      notInterested: marked.filter((m) => m !== undefined).map((m) => m.paperId),
    };
    const model = this.model;
    if (starred < MIN_STARS) return answer;
    if (!model?.overall) {
      const idle = !this.timer && !this.running;
      // Trained, yet too few of the stars are on papers it knows (stars imported without their papers).
      const known = this.knownStars >= 0 ? this.knownStars : model?.starred;
      if (idle && known !== undefined) return { ...answer, starred: known };
      // Enough stars, no model yet: one is on its way (a `rank` change will say when).
      if (idle) this.schedule();
      return { ...answer, state: 'training' };
    }
    const tagNames = new Map(tagRows.map((t) => [t.id, t.name]));
    const vectors = await this.vectorsOf(unique);
    for (const [id, v] of vectors) answer.scores[id] = this.scoreCard(model, v, tagNames);
    return { ...answer, state: 'ready' };
  }

  /**
   * Marks a paper "not interested" (or not any more) through the library, which announces it to
   * the pages as a `rank` change of that card; then retrains.
   */
  async notInterested(id: string, on = true): Promise<boolean> {
    const had = await this.library.markNotInterested(id, on, this.now());
    if (had !== on) this.schedule();
    return had;
  }

  async moreLikeTag(tagId: string, limit = 20): Promise<MoreLikeTag> {
    await this.ensureLoaded();
    const db = this.db;
    const links = await db.paperTags.where('tagId').equals(tagId).toArray();
    const tagged = new Set(links.map((l) => l.paperId));
    const answer: MoreLikeTag = { state: 'cold', tagged: tagged.size, needed: MIN_TAG_PAPERS, about: [], papers: [] };
    if (tagged.size < MIN_TAG_PAPERS) return answer;
    // Suggestions need every seen paper's vector and the latest tags: train now if either is missing.
    if (this.timer || this.running || this.vectors.size === 0 || !this.model?.tags[tagId]) {
      if (this.vectors.size === 0) this.fullReload = true;
      await this.retrain();
      await this.flush();
    }
    const model = this.model;
    const scorer = model?.tags[tagId];
    if (!model || !scorer) return { ...answer, state: 'training' };
    const skip = new Set([...tagged, ...(await db.notInterested.toCollection().primaryKeys())]);
    const ranked: Array<{ id: string; raw: number; v: SparseVector }> = [];
    for (const [id, v] of this.vectors) {
      if (skip.has(id)) continue;
      ranked.push({ id, raw: scoreWith(scorer, v).raw, v });
    }
    ranked.sort((a, b) => b.raw - a.raw || (a.id < b.id ? -1 : 1));
    const best = ranked.slice(0, limit);
    const papers = await db.papers.bulkGet(best.map((r) => r.id));
    const similar: SimilarPaper[] = [];
    best.forEach((r, i) => {
      const paper = papers[i];
      if (!paper) return;
      similar.push({
        id: r.id,
        title: paper.title,
        score: scoreWith(scorer, r.v).score,
        terms: explain(scorer, model.features, r.v, EXPLAIN_SIMILAR),
      });
    });
    return { ...answer, state: 'ready', about: topTerms(scorer, model.features), papers: similar };
  }

  // ---- training -----------------------------------------------------------------------------

  /** Runs a scheduled training now, and waits for every training under way. */
  async flush(): Promise<void> {
    for (let guard = 0; guard < 10; guard++) {
      if (this.running) {
        await this.running;
        continue;
      }
      if (this.timer || this.again) {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        this.again = false;
        await this.retrain();
        continue;
      }
      return;
    }
  }

  /** Stops retraining (tests; a background lives as long as its worker). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The model in memory, and how the last full load got its tokens (tests, and the bench). */
  current(): { model: RankModel | null; trainedAt: number; tokenised: number; reused: number } {
    return { model: this.model, trainedAt: this.trainedAt, ...this.tokenStats };
  }

  private schedule(): void {
    if (this.stopped) return;
    const now = this.now();
    if (!this.firstPending) this.firstPending = now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstPending + this.maxWaitMs - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.retrain();
    }, wait);
  }

  private retrain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.firstPending = 0;
    this.running = this.trainOnce()
      .catch((e) => console.warn('[paperdeck] ranking: training failed; the previous model stays', e))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
    return this.running;
  }

  private async trainOnce(): Promise<void> {
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
        this.fingerprintIn(),
      ]);
      const papers = full
        ? await db.papers.orderBy('lastSeenAt').reverse().limit(this.maxPapers).toArray()
        : (await db.papers.bulkGet(pending)).filter((p): p is StoredPaper => p !== undefined);
      const have = new Set([...corpusIds, ...papers.map((p) => p.id)]);
      const labelled = new Set([...stars.map((s) => s.paperId), ...links.map((l) => l.paperId), ...marked.map((m) => m.paperId)]);
      const missing = [...labelled].filter((id) => !have.has(id));
      const extra = (await db.papers.bulkGet(missing)).filter((p): p is StoredPaper => p !== undefined);
      const all = [...papers, ...extra];
      // A fresh corpus starts from the stored tokens.
      const stored = full ? await db.rankTokens.get(RANK_TOKENS_KEY) : undefined;
      return { stars, links, marked, fingerprint, papers: all, labelled, stored };
    });

    let changed = full;
    let stored: { row: RankTokensRow; index: Map<string, number> } | null = null;
    if (full) {
      this.corpus = null;
      const row = read.stored;
      // Only tokens made the way this code makes them.
      if (row && row.tokenizer === TOKENIZER_VERSION && row.titleWeight === this.options.titleWeight) {
        try {
          this.corpus = new Corpus(this.options.titleWeight, row.words);
          stored = { row, index: new Map(row.ids.map((id, k) => [id, k])) };
        } catch (e) {
          // A damaged word list (a word twice): tokenise again.
          console.warn('[paperdeck] ranking: the stored tokens are unusable; tokenising again', e);
        }
      }
      this.corpus ??= new Corpus(this.options.titleWeight);
      // Rewritten after this load unless every paper came from it (and no other paper is in it).
      this.unsaved = !stored;
      this.tokenisedSinceSave = 0;
      this.tokenStats = { tokenised: 0, reused: 0 };
      this.prepared = null;
      this.lastSeen.clear();
    }
    const corpus = this.corpus!;
    for (let i = 0; i < read.papers.length; i++) {
      // Tokenising thousands of abstracts: let queued messages through now and then.
      if (i > 0 && i % CHUNK === 0) await pause();
      const p = read.papers[i]!;
      const hash = textHash(p);
      const k = stored?.index.get(p.id);
      const { offsets, tokens, hashes } = stored?.row ?? {};
      if (k !== undefined && hashes![k] === hash && corpus.addTokens(p, tokens!.subarray(offsets![k], offsets![k + 1]), hash)) {
        this.tokenStats.reused++;
        changed = true;
      } else if (corpus.add(p, hash)) {
        if (full) this.tokenStats.tokenised++;
        this.unsaved = true;
        this.tokenisedSinceSave++;
        changed = true;
      }
      this.lastSeen.set(p.id, p.lastSeenAt);
    }
    if (stored && stored.row.ids.length !== this.tokenStats.reused) this.unsaved = true;
    if (this.evict(read.labelled)) {
      this.unsaved = true;
      changed = true;
    }

    const labels: Labels = {
      starred: new Set(read.stars.map((s) => s.paperId)),
      tags: new Map(),
      notInterested: new Set(read.marked.map((m) => m.paperId)),
    };
    for (const l of read.links) {
      const set = labels.tags.get(l.tagId) ?? new Set<string>();
      set.add(l.paperId);
      labels.tags.set(l.tagId, set);
    }
    try {
      await this.fitAndStore(labels, read.fingerprint, changed);
    } finally {
      // After the model: it is what pages wait for.
      await this.saveTokens();
    }
  }

  /** Trains on the corpus with these labels (unless nothing changed) and stores the model. */
  private async fitAndStore(labels: Labels, fingerprint: string, changed: boolean): Promise<void> {
    const db = this.db;
    const corpus = this.corpus!;
    const labelsKey = keyOf(labels);
    if (!changed && labelsKey === this.labelsKey && this.vectors.size > 0) return;
    this.labelsKey = labelsKey;

    await pause();
    const hadModel = this.model !== null;
    const known = (set: ReadonlySet<string>) => [...set].filter((id) => corpus.has(id)).length;
    this.knownStars = known(labels.starred);
    const worthTraining = this.knownStars >= MIN_STARS || [...labels.tags.values()].some((s) => known(s) >= MIN_TAG_PAPERS);
    if (!worthTraining) {
      this.setModel(null, new Map(), 0);
      await db.rankModels.delete(RANK_MODEL_KEY);
      if (hadModel) this.announce([]);
      return;
    }
    // Features and vectors depend on the papers only: after a star or a tag they are reused.
    if (this.prepared?.version !== corpus.version) {
      this.prepared = { version: corpus.version, value: prepareTraining(corpus, this.options) };
    }
    const prepared = this.prepared.value;
    // One model at a time, with a pause between them: a page asking for scores meanwhile is
    // answered by the previous model without waiting for the whole run.
    await pause();
    const overall = fitOverall(prepared, labels, this.options);
    const tags: Record<string, Scorer> = {};
    for (const tagId of [...labels.tags.keys()].sort()) {
      await pause();
      const scorer = fitTag(prepared, labels.tags.get(tagId)!, labels, this.options);
      if (scorer) tags[tagId] = scorer;
    }
    const { model, vectors } = assemble(prepared, labels, overall, tags, this.options);
    const trainedAt = this.now();
    this.setModel(model, vectors, trainedAt);
    await db.rankModels.put({ key: RANK_MODEL_KEY, savedAt: trainedAt, fingerprint, model });
    this.announce([]);
  }

  /**
   * Stores the corpus's tokens, when they differ from the stored ones: every paper's in one row,
   * with the word list their ids refer to. Failing to store only costs tokenising again.
   */
  private async saveTokens(): Promise<void> {
    // A removal alone leaves the row as it is: papers no longer in the training set are not read
    // back from it (a restarted worker takes from the row only the papers it loads).
    if (!this.unsaved || this.tokenisedSinceSave < this.saveTokensAfter) return;
    this.unsaved = false;
    const saving = this.tokenisedSinceSave;
    this.tokenisedSinceSave = 0;
    const corpus = this.corpus!;
    const ids = [...corpus.ids()];
    const offsets = new Int32Array(ids.length + 1);
    ids.forEach((id, k) => (offsets[k + 1] = offsets[k]! + corpus.get(id)!.tokens.length));
    const tokens = new Int32Array(offsets[ids.length]!);
    ids.forEach((id, k) => tokens.set(corpus.get(id)!.tokens, offsets[k]));
    const row: RankTokensRow = {
      key: RANK_TOKENS_KEY,
      tokenizer: TOKENIZER_VERSION,
      titleWeight: this.options.titleWeight,
      words: corpus.stems(),
      ids,
      hashes: Int32Array.from(ids, (id) => corpus.hashOf(id) ?? 0),
      offsets,
      tokens,
    };
    try {
      await this.db.rankTokens.put(row);
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

  private setModel(model: RankModel | null, vectors: Map<string, SparseVector>, trainedAt: number): void {
    this.model = model;
    this.vectors = vectors;
    this.trainedAt = trainedAt;
    this.textVectorizer = null;
  }

  /**
   * What the stored model was trained on, in a few cheap reads: counts and latest dates of the
   * labels, and the number of papers. A restarted worker compares it with the stored model's
   * and retrains (in the background, answering with the stored model meanwhile) if it moved.
   */
  private async fingerprintIn(): Promise<string> {
    const db = this.db;
    const [stars, lastStar, links, lastLink, marked, lastMark, papers] = await Promise.all([
      db.stars.count(),
      db.stars.orderBy('starredAt').last(),
      db.paperTags.count(),
      db.paperTags.orderBy('taggedAt').last(),
      db.notInterested.count(),
      db.notInterested.orderBy('at').last(),
      db.meta.get(PAPER_COUNT),
    ]);
    return [stars, lastStar?.starredAt, links, lastLink?.taggedAt, marked, lastMark?.at, papers?.value].join('/');
  }

  /** Loads the stored model once per worker life; schedules a retrain if it is missing or stale. */
  private ensureLoaded(): Promise<void> {
    this.loading ??= (async () => {
      const db = this.db;
      try {
        const { row, fingerprint } = await db.transaction(
          'r',
          [db.rankModels, db.stars, db.paperTags, db.notInterested, db.meta],
          async () => ({
            row: await db.rankModels.get(RANK_MODEL_KEY),
            fingerprint: await this.fingerprintIn(),
          }),
        );
        if (row && isRankModel(row.model) && !this.model) this.setModel(row.model, new Map(), row.savedAt);
        // No stored model (and none trained yet by this worker), or one trained on another library state.
        const stale = row ? row.fingerprint !== fingerprint : this.knownStars < 0;
        if (stale && !this.running) this.schedule();
      } catch (e) {
        console.warn('[paperdeck] ranking: could not load the stored model', e);
        this.schedule();
      }
    })();
    return this.loading;
  }

  /** Vectors for these papers: kept from training, else from their text in the library. */
  private async vectorsOf(ids: string[]): Promise<Map<string, SparseVector>> {
    const out = new Map<string, SparseVector>();
    const missing: string[] = [];
    for (const id of ids) {
      const v = this.vectors.get(id);
      if (v) out.set(id, v);
      else missing.push(id);
    }
    if (missing.length && this.model) {
      const papers = await this.db.papers.bulkGet(missing);
      this.textVectorizer ??= new TextVectorizer(this.model.features, this.model.titleWeight);
      for (const p of papers) if (p) out.set(p.id, this.textVectorizer.vector(p.title, p.abstract));
    }
    return out;
  }

  private scoreCard(model: RankModel, v: SparseVector, tagNames: ReadonlyMap<string, string>): CardScore {
    const overall = model.overall!;
    const scored = scoreWith(overall, v);
    const card: CardScore = { score: scored.score, raw: scored.raw, top: scored.top, terms: explain(overall, model.features, v) };
    for (const [id, scorer] of Object.entries(model.tags)) {
      const name = tagNames.get(id);
      if (!name) continue;
      const s = scoreWith(scorer, v);
      if (s.top && (!card.tag || s.score > card.tag.score)) card.tag = { id, name, score: s.score };
    }
    return card;
  }
}

function keyOf(labels: Labels): string {
  const sorted = (set: ReadonlySet<string>) => [...set].sort().join(',');
  const tags = [...labels.tags.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, set]) => `${id}:${sorted(set)}`);
  return [sorted(labels.starred), sorted(labels.notInterested), ...tags].join('|');
}
