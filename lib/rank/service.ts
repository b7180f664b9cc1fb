/**
 * The "for you" ranking in the background (MV3 service worker / Firefox MV2 background page):
 * keeps the model in memory, retrains it — debounced — when stars, tags, "not interested" marks
 * or papers change, stores it in IndexedDB so a restarted worker answers at once, and answers the
 * pages' questions (scoreCards, notInterested, moreLikeTag) over lib/messaging.
 *
 * A thin class over one module per concern:
 *   schedule.ts      when to retrain (debounce, one training at a time, flush)
 *   training-set.ts  the training papers: loaded from the library, tokenised once, kept in memory
 *   persist.ts       the stored model and the stored tokens (a restarted worker reuses both)
 *   labels.ts        the user's labels it trains on, and the "not interested" write
 *   model.ts, scores.ts   fitting, and the answers a model gives
 */
import type { PaperdeckDB } from '../db/database';
import type { Library } from '../db/library';
import { labelsKey, markNotInterested, type Labels } from './labels';
import {
  DEFAULT_RANK,
  MIN_STARS,
  MIN_TAG_PAPERS,
  assemble,
  fitOverall,
  fitTag,
  type RankModel,
  type RankOptions,
  type Scorer,
} from './model';
import { topTerms } from './explain';
import { dropModel, readStoredModel, storeModel } from './persist';
import { TrainingSchedule } from './schedule';
import { bestFor, scoreCard, similarPapers } from './scores';
import { TextVectorizer } from './tfidf';
import type { SparseVector } from './vectors';
import { TrainingSet, pause } from './training-set';
import type { CardScores, MoreLikeTag, RankApi } from './types';

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

export class RankService implements RankApi {
  /** Where the user's "not interested" marks are written, announced like every write. */
  private readonly library: Library;
  /** Read directly: the training set, labels, and the model and tokens this service keeps. */
  private readonly db: PaperdeckDB;
  private readonly options: RankOptions;
  private readonly announce: (ids: string[]) => void;
  private readonly now: () => number;
  private readonly schedule: TrainingSchedule;
  private readonly set: TrainingSet;

  private model: RankModel | null = null;
  private trainedAt = 0;
  /** Vectors of the training papers, valid for `model` (empty for a model loaded from storage). */
  private vectors = new Map<string, SparseVector>();
  private textVectorizer: TextVectorizer | null = null;
  private labelsKey = '';
  /** Starred papers the last training run found in its training set (-1: none ran yet). */
  private knownStars = -1;
  private loading: Promise<void> | null = null;

  constructor(library: Library, options: RankServiceOptions = {}) {
    this.library = library;
    this.db = library.db;
    this.options = options.rank ?? DEFAULT_RANK;
    this.announce = options.announce ?? (() => {});
    this.now = options.now ?? Date.now;
    this.schedule = new TrainingSchedule(() => this.trainOnce(), {
      debounceMs: options.debounceMs ?? 1500,
      maxWaitMs: options.maxWaitMs ?? 10_000,
      now: this.now,
    });
    this.set = new TrainingSet(this.db, this.options, options.maxPapers ?? MAX_PAPERS, options.saveTokensAfter ?? 256);
  }

  /** Follows library writes (subscribe: Library.onChange or lib/messaging's onLibraryChange). */
  watch(subscribe: (listener: (change: RankChange) => void) => () => void): () => void {
    return subscribe((change) => this.onChange(change));
  }

  onChange(change: RankChange): void {
    const { what, ids } = change;
    if (what.includes('papers')) this.set.papersChanged(ids);
    if (what.includes('papers') || what.includes('stars') || what.includes('tags')) this.schedule.schedule();
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
      const idle = this.schedule.idle;
      // Trained, yet too few of the stars are on papers it knows (stars imported without their papers).
      const known = this.knownStars >= 0 ? this.knownStars : model?.starred;
      if (idle && known !== undefined) return { ...answer, starred: known };
      // Enough stars, no model yet: one is on its way (a `rank` change will say when).
      if (idle) this.schedule.schedule();
      return { ...answer, state: 'training' };
    }
    const tagNames = new Map(tagRows.map((t) => [t.id, t.name]));
    const vectors = await this.vectorsOf(unique);
    for (const [id, v] of vectors) answer.scores[id] = scoreCard(model, v, tagNames);
    return { ...answer, state: 'ready' };
  }

  /** Marks a paper "not interested" (or not any more), announced as a `rank` change; then retrains. */
  async notInterested(id: string, on = true): Promise<boolean> {
    const had = await markNotInterested(this.library, id, on, this.now());
    if (had !== on) this.schedule.schedule();
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
    if (!this.schedule.idle || this.vectors.size === 0 || !this.model?.tags[tagId]) {
      if (this.vectors.size === 0) this.set.reloadAll();
      await this.schedule.retrain();
      await this.schedule.flush();
    }
    const model = this.model;
    const scorer = model?.tags[tagId];
    if (!model || !scorer) return { ...answer, state: 'training' };
    const skip = new Set([...tagged, ...(await db.notInterested.toCollection().primaryKeys())]);
    const best = bestFor(scorer, this.vectors, skip, limit);
    const papers = await db.papers.bulkGet(best.map((r) => r.id));
    return { ...answer, state: 'ready', about: topTerms(scorer, model.features), papers: similarPapers(model, scorer, best, papers) };
  }

  // ---- training -----------------------------------------------------------------------------

  /** Runs a scheduled training now, and waits for every training under way. */
  flush(): Promise<void> {
    return this.schedule.flush();
  }

  /** Stops retraining (tests; a background lives as long as its worker). */
  stop(): void {
    this.schedule.stop();
  }

  /** The model in memory, and how the last full load got its tokens (tests, and the bench). */
  current(): { model: RankModel | null; trainedAt: number; tokenised: number; reused: number } {
    return { model: this.model, trainedAt: this.trainedAt, ...this.set.stats };
  }

  private async trainOnce(): Promise<void> {
    const { labels, fingerprint, changed } = await this.set.load();
    try {
      await this.fitAndStore(labels, fingerprint, changed);
    } finally {
      // After the model: it is what pages wait for.
      await this.set.saveTokens();
    }
  }

  /** Trains on the training set with these labels (unless nothing changed) and stores the model. */
  private async fitAndStore(labels: Labels, fingerprint: string, changed: boolean): Promise<void> {
    const key = labelsKey(labels);
    if (!changed && key === this.labelsKey && this.vectors.size > 0) return;
    this.labelsKey = key;

    await pause();
    const hadModel = this.model !== null;
    this.knownStars = this.set.known(labels.starred);
    const worthTraining = this.knownStars >= MIN_STARS || [...labels.tags.values()].some((s) => this.set.known(s) >= MIN_TAG_PAPERS);
    if (!worthTraining) {
      this.setModel(null, new Map(), 0);
      await dropModel(this.db);
      if (hadModel) this.announce([]);
      return;
    }
    // Features and vectors depend on the papers only: after a star or a tag they are reused.
    const prepared = this.set.prepare();
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
    await storeModel(this.db, model, fingerprint, trainedAt);
    this.announce([]);
  }

  private setModel(model: RankModel | null, vectors: Map<string, SparseVector>, trainedAt: number): void {
    this.model = model;
    this.vectors = vectors;
    this.trainedAt = trainedAt;
    this.textVectorizer = null;
  }

  /** Loads the stored model once per worker life; schedules a retrain if it is missing or stale. */
  private ensureLoaded(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const { stored, found, moved } = await readStoredModel(this.db);
        if (stored && !this.model) this.setModel(stored.model, new Map(), stored.savedAt);
        // No stored model (and none trained yet by this worker), or one trained on another library state.
        const stale = found ? moved : this.knownStars < 0;
        if (stale && !this.schedule.busy) this.schedule.schedule();
      } catch (e) {
        console.warn('[paperdeck] ranking: could not load the stored model', e);
        this.schedule.schedule();
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
}
