import { toLibraryError, type LibraryError } from '../lib/db/errors';
import type { CacheEntry, Library, Scope, StoredWrites } from '../lib/db/library';
import type { PaperNote, StoredPaper, Tag } from '../lib/model/library';
// Types only: the index module is loaded on demand, after the first screen.
import type { PaperSearchIndex, SearchablePaper, SearchResults } from './search';
import { FIRST_SCREEN } from './first-screen';
import { checkRows, eachSavedRow, encodeRows, type PaperSummary, type SavedRows } from './row-cache';

/**
 * The papers an extension page shows, kept in memory and in step with the database.
 *
 * The popup keeps the starred papers (`scope: 'starred'`), the library page every paper ever
 * seen (`'all'`, tens of thousands). Loading is staged so the first screen does not wait for
 * the whole library: the first rows in display order first, then the rest in chunks between
 * frames, each paper going into the search index as it arrives.
 *
 * Updates are incremental. The library tells of every committed write — from this page, the
 * background or another tab — with the exact papers and notes written (Library.observeWrites);
 * the store re-reads just those rows. A write it cannot pin down (a cleared table) makes it reload.
 *
 * Rows are summaries: the abstract goes into the search index and is not kept (the AI summary, one
 * sentence shown on the row, is kept). The user's notes
 * and reading statuses (the `notes` table) are kept by paper id, and a note's words are searchable.
 *
 * The search index (components/search.ts) is not part of the first screen: its module
 * is imported once the first rows are shown, and papers read before it arrives wait in a queue
 * (their searchable text only) that is drained into it in slices. A search typed before then
 * answers `pending` and is re-run when the index is ready. (Measured in tests/bench/ui.mjs: the
 * popup's first render must fit in 100 ms with 10,000 starred papers.)
 *
 * Opened again, a list does not read every paper: its rows and its search index, as it saved them
 * (together, in idle time, components/row-cache.ts and search.ts), come back in one read each;
 * then only the papers written since (Library.papersWrittenSince) and those the saved rows lack are
 * read, the papers gone are dropped, and the search text of papers with tags or notes is checked
 * again. A missing or mismatched saved pair means the full read, as on a first opening.
 */

export type { Scope };

export type { PaperSummary };

export interface LoadProgress {
  /** Rows in memory. */
  loaded: number;
  /** Rows expected (papers in scope). */
  total: number;
  /** Everything in scope is in memory. */
  done: boolean;
}

const CHUNK = 1000;
/** Queued papers moved into a freshly loaded index per task. */
const DRAIN_SLICE = 500;
/** How long after the index last changed it is saved (ms): writes come in bursts (a page read). */
const SAVE_AFTER_CHANGE = 10_000;
/**
 * Saved rows hold every write announced before they were saved, but a write committed a moment
 * before may not have been announced yet: papers written in this window before a save are read
 * again at the next opening (ms; a transaction takes far less).
 */
export const SAVE_MARGIN = 120_000;

export interface StoreOptions {
  /** Rows in the first read (default 60). */
  firstScreen?: number;
}

/** What a store answers for a search: results, null for no search, or `pending: true` while the index loads. */
export type StoreSearch = (SearchResults & { pending?: boolean }) | null;

/** The searchable part of a paper (what waits in the queue until the index module is loaded). */
function searchable(p: StoredPaper, tags: readonly string[], note: string | undefined): SearchablePaper {
  const doc: SearchablePaper = { id: p.id, title: p.title, tags };
  if (note) doc.note = note;
  if (p.authors) doc.authors = p.authors;
  if (p.organization) doc.organization = p.organization;
  if (p.aiSummary) doc.aiSummary = p.aiSummary;
  if (p.abstract !== undefined) doc.abstract = p.abstract;
  return doc;
}

export function toRow(p: StoredPaper): PaperSummary {
  const row: PaperSummary = { id: p.id, title: p.title, firstSeenAt: p.firstSeenAt, lastSeenAt: p.lastSeenAt };
  if (p.authors) row.authors = p.authors;
  if (p.authorCount !== undefined) row.authorCount = p.authorCount;
  if (p.organization) row.organization = p.organization;
  if (p.publishedAt) row.publishedAt = p.publishedAt;
  if (p.upvotes !== undefined) row.upvotes = p.upvotes;
  if (p.aiSummary) row.aiSummary = p.aiSummary;
  if (p.github) row.github = p.github;
  if (p.keywords?.length) row.keywords = p.keywords;
  return row;
}

/** Runs `fn` when the browser is idle (or soon, where there is no requestIdleCallback). */
export function whenIdle(fn: (deadline: { timeRemaining(): number }) => void, timeout = 200): () => void {
  if (typeof requestIdleCallback === 'function') {
    const h = requestIdleCallback(fn, { timeout });
    return () => cancelIdleCallback(h);
  }
  const h = setTimeout(() => fn({ timeRemaining: () => 12 }), 1);
  return () => clearTimeout(h);
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class PaperStore {
  readonly rows = new Map<string, PaperSummary>();
  /** paperId → starredAt. */
  readonly stars = new Map<string, number>();
  readonly tags = new Map<string, Tag>();
  /** paperId → tag ids. */
  readonly tagsOf = new Map<string, string[]>();
  /** paperId → the user's note and reading status (papers with neither have no entry). */
  readonly notes = new Map<string, PaperNote>();
  /** The full-text index; null until its module is loaded (see `loadIndex`). */
  index: PaperSearchIndex | null = null;
  /** Papers in `rows` not yet in `index` (newest text wins). */
  private readonly queue = new Map<string, SearchablePaper>();
  private indexLoading: Promise<PaperSearchIndex> | null = null;
  /** The index could not be loaded (search says so instead of waiting forever). */
  indexError: LibraryError | null = null;
  /** Bumped on every change the lists must show. */
  version = 0;
  /** Bumped when the search index changed (abstracts indexed, papers added). */
  indexVersion = 0;
  /** The first screen is in memory. */
  ready = false;
  progress: LoadProgress = { loaded: 0, total: 0, done: false };
  error: LibraryError | null = null;

  private readonly listeners = new Set<() => void>();
  private stopped = false;
  private cancelIdle: (() => void) | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private cancelSave: (() => void) | null = null;
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  private pendingWrites: StoredWrites[] = [];
  private applying: Promise<void> | null = null;
  private loadGeneration = 0;
  /** A load is reading; changes announced meanwhile are applied again once it ends (see `load`). */
  private loading = false;
  private replay: StoredWrites[] = [];
  private unobserve: (() => void) | null = null;

  private readonly firstScreen: number;
  /** The saved index and rows of this list, read once (see `readCaches`). */
  private cacheRead: Promise<(CacheEntry | undefined)[]> | null = null;
  /** The index in memory is the one saved at this time (restored, or written since): rows saved alone go with it. */
  private indexSavedAt: number | null = null;
  /** The rows changed since they were last saved. */
  private rowsDirty = true;
  /** Papers in scope, and those written since the rows were saved (asked by `savedRows`). */
  private sinceSaved: Promise<[count: number, written: StoredPaper[]]> | null = null;

  constructor(
    readonly library: Library,
    readonly scope: Scope,
    options: StoreOptions = {},
  ) {
    this.firstScreen = options.firstScreen ?? FIRST_SCREEN;
  }

  /** Papers whose text is not searchable yet: waiting for the index module, or abstracts waiting for idle time. */
  get indexPending(): number {
    return this.queue.size + (this.index?.pendingCount ?? 0);
  }

  /**
   * Loads the search index module (once) and moves every queued paper into it, a slice per
   * task so the page stays responsive. Resolves with the index once the queue is drained.
   */
  loadIndex(): Promise<PaperSearchIndex> {
    this.indexLoading ??= Promise.all([import('./search'), this.readCaches()]).then(
      async ([search, [saved]]) => {
        const index = new search.PaperSearchIndex();
        // The abstracts' index as this list last saved it: searchable at once; what the load
        // reads is checked against it (a changed abstract is indexed again, a gone paper pruned).
        if (saved && index.restore(saved.value)) this.indexSavedAt = saved.savedAt;
        performance.mark('pd-store-index');
        this.index = index;
        while (this.queue.size > 0) {
          let n = 0;
          for (const [id, doc] of this.queue) {
            this.queue.delete(id);
            index.upsert(doc);
            if (++n >= DRAIN_SLICE) break;
          }
          index.indexPending();
          this.indexVersion++;
          if (this.queue.size > 0) await nextTask();
        }
        this.indexVersion++;
        this.notify();
        if (this.progress.done) this.indexLoaded();
        return index;
      },
      (e: unknown) => {
        this.indexError = toLibraryError(e);
        this.indexLoading = null;
        this.notify();
        throw e;
      },
    );
    return this.indexLoading;
  }

  /**
   * The list's saved search index and rows, read once (undefined where there is none or it cannot
   * be read: then the list is read and indexed whole, and saved again).
   */
  private readCaches(): Promise<(CacheEntry | undefined)[]> {
    this.cacheRead ??= this.library.listCaches(this.cacheKeys).then(
      (entries) => (performance.mark('pd-store-caches'), entries),
      () => [],
    );
    return this.cacheRead;
  }

  private get cacheKeys(): [index: string, rows: string] {
    return [`search:${this.scope}`, `rows:${this.scope}`];
  }

  /**
   * Everything in scope is read and the index is there: papers the index still holds but the
   * list does not (deleted, or un-starred, since the index was saved) leave it; then the
   * remaining abstracts are indexed in idle time, and the index saved.
   */
  private indexLoaded(): void {
    const index = this.index;
    if (!index) return;
    if (index.prune((id) => this.rows.has(id)) > 0) this.indexVersion++;
    if (index.pendingCount === 0) index.compact();
    this.scheduleIndexing();
    this.scheduleSave();
  }

  /**
   * Saves the abstracts' index once it is whole and the page is idle (or a while after the last
   * change: writes come in bursts). A failed save (a full disk) costs nothing but the next
   * opening's indexing time: the page goes on with the index in memory.
   */
  private scheduleSave(delay = 0): void {
    if (this.stopped || this.saveTimer || !this.progress.done || !this.index) return;
    if (!this.index.unsaved && !this.rowsDirty) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.cancelSave = whenIdle(() => {
        this.cancelSave = null;
        this.save();
      }, 2000);
    }, delay);
  }

  /** Saves the rows, and the index when it changed, together (see row-cache.ts). */
  private save(): void {
    const index = this.index;
    if (this.stopped || !this.progress.done || !index) return;
    // Rows in step with every write announced so far, or wait.
    if (this.applying || this.loading) return this.scheduleSave(SAVE_AFTER_CHANGE);
    const savedIndex = index.unsaved ? index.save() : null;
    // Abstracts still waiting: saved once they are indexed (scheduleIndexing).
    if (index.unsaved && !savedIndex) return;
    if (!savedIndex && (!this.rowsDirty || this.indexSavedAt === null)) return;
    const now = Date.now();
    const indexSavedAt = savedIndex ? now : this.indexSavedAt!;
    const decorated = new Set([...this.tagsOf.keys(), ...this.notes.keys()]);
    const rows = encodeRows(this.rows.values(), this.rows.size, { watermark: now - SAVE_MARGIN, indexSavedAt, decorated: [...decorated] });
    const [indexKey, rowsKey] = this.cacheKeys;
    this.rowsDirty = false;
    this.indexSavedAt = indexSavedAt;
    const values = savedIndex ? { [indexKey]: savedIndex, [rowsKey]: rows } : { [rowsKey]: rows };
    void this.library.saveListCaches(values, now).catch((e: unknown) => {
      this.indexSavedAt = null;
      console.warn('[paperdeck] the list and its search index were not saved; they will be read again next time', e);
    });
  }

  /**
   * Searches the rows (see PaperSearchIndex.search). Before the index is loaded a non-empty
   * query answers `{ hits: [], complete: false, pending: true }` and starts loading it.
   */
  search(query: string, options: { abstracts?: boolean } = {}): StoreSearch {
    if (!query.trim()) return null;
    if (!this.index) {
      if (!this.indexError) void this.loadIndex().catch(() => {});
      return { hits: [], complete: false, pending: true };
    }
    return this.index.search(query, options);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Notifies now (first screen, user actions) or within `delay` ms (bulk loading). */
  private notify(delay = 0): void {
    if (this.stopped) return;
    if (delay > 0) {
      this.notifyTimer ??= setTimeout(() => {
        this.notifyTimer = null;
        this.notify();
      }, delay);
      return;
    }
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = null;
    this.version++;
    for (const l of this.listeners) l();
  }

  /** Starts loading and listening; returns the function that stops both. */
  start(): () => void {
    this.stopped = false;
    this.unobserve ??= this.library.observeWrites(this.onWrites);
    void this.load();
    return () => this.stop();
  }

  stop(): void {
    this.stopped = true;
    this.unobserve?.();
    this.unobserve = null;
    this.cancelIdle?.();
    this.cancelSave?.();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
  }

  /** Reads everything in scope again (after a cleared table, an import from another tab…). */
  async reload(): Promise<void> {
    // The index stays: what the load reads again is checked against it, and what is gone pruned.
    this.rows.clear();
    this.queue.clear();
    this.ready = false;
    await this.load(false);
  }

  tagNames(paperId: string): string[] {
    const ids = this.tagsOf.get(paperId);
    if (!ids) return [];
    const out: string[] = [];
    for (const id of ids) {
      const t = this.tags.get(id);
      if (t) out.push(t.name);
    }
    return out;
  }

  /** Tags of a paper, by name. */
  tagsFor(paperId: string): Tag[] {
    const ids = this.tagsOf.get(paperId);
    if (!ids) return [];
    const out: Tag[] = [];
    for (const id of ids) {
      const t = this.tags.get(id);
      if (t) out.push(t);
    }
    return out.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  }

  /** The text of a paper's note ('' when it has none). */
  noteText(paperId: string): string {
    return this.notes.get(paperId)?.text ?? '';
  }

  private inScope(id: string): boolean {
    return this.scope === 'all' || this.stars.has(id);
  }

  private addPapers(papers: readonly (StoredPaper | undefined)[]): void {
    const index = this.index;
    this.rowsDirty = true;
    for (const p of papers) {
      if (!p || !this.inScope(p.id)) continue;
      this.rows.set(p.id, toRow(p));
      const doc = searchable(p, this.tagNames(p.id), this.notes.get(p.id)?.text);
      if (index) {
        this.queue.delete(p.id);
        index.upsert(doc);
      } else this.queue.set(p.id, doc);
    }
    this.indexVersion++;
  }

  /** @param fromSaved the saved rows may be used (the first load; a reload reads everything). */
  private async load(fromSaved = true): Promise<void> {
    const generation = ++this.loadGeneration;
    const library = this.library;
    this.loading = true;
    performance.mark('pd-store-load');
    try {
      // 1. The first screen: the first rows in display order, their stars and tags
      // (Library.firstScreen: index reads only, requests sent together, no whole-table read or
      // count — far past the popup's budget at 50,000 papers).
      const first = await library.firstScreen(this.scope, this.firstScreen);
      if (generation !== this.loadGeneration) return;
      performance.mark('pd-store-first-read');
      this.stars.clear();
      for (const s of first.stars) this.stars.set(s.paperId, s.starredAt);
      this.tags.clear();
      for (const t of first.tags) this.tags.set(t.id, t);
      this.setLinks(first.links, false);
      this.notes.clear();
      this.setNotes(first.notes, false);
      this.addPapers(first.papers);
      // The total is known once every star is read (stage 2); until then, what is in memory.
      this.progress = { loaded: this.rows.size, total: this.rows.size, done: false };
      this.ready = true;
      this.error = null;
      this.notify();

      // 2. The search index module, every tag link, then the rest of the rows in chunks,
      // yielding between them.
      await nextTask();
      // The saved rows and index (several MB) are read after the first screen: beside it, their
      // reading held the first rows back by a second (tests/bench/ui.mjs).
      if (fromSaved) void this.readCaches();
      void this.loadIndex().catch((e: unknown) => console.error('[paperdeck] search index', e));
      const { stars, links, notes } = await library.userRows();
      if (generation !== this.loadGeneration) return;
      this.stars.clear();
      for (const s of stars) this.stars.set(s.paperId, s.starredAt);
      this.setLinks(links, true);
      this.replaceNotes(notes);
      if (this.scope === 'starred') {
        // A paper un-starred since the first read leaves the list.
        for (const id of [...this.rows.keys()]) if (!this.stars.has(id)) this.removeRow(id);
        this.progress = { ...this.progress, total: stars.length };
      }
      performance.mark('pd-store-user-rows');
      const saved = fromSaved ? await this.savedRows() : null;
      // What was saved is used (or not) by now: let it go.
      this.cacheRead = Promise.resolve([]);
      if (saved) {
        if (!(await this.loadSaved(saved, generation))) return;
      } else if (this.scope === 'starred') {
        const ids = stars.map((s) => s.paperId).filter((id) => !this.rows.has(id));
        for (let i = 0; i < ids.length; i += CHUNK) {
          await nextTask();
          const papers = await library.papersOf(ids.slice(i, i + CHUNK));
          if (generation !== this.loadGeneration) return;
          this.addPapers(papers);
          this.index?.indexPending();
          this.progress = { ...this.progress, loaded: this.rows.size };
          this.notify(150);
        }
      } else {
        let last: string | null = null;
        for (;;) {
          await nextTask();
          const page: StoredPaper[] = await library.papersAfter(last, CHUNK);
          if (generation !== this.loadGeneration) return;
          if (page.length === 0) break;
          last = page[page.length - 1]!.id;
          this.addPapers(page.filter((p) => !this.rows.has(p.id)));
          // Their abstracts too, in the same task: the compact index takes a chunk in a few tens
          // of ms, and abstracts are searchable as soon as the last chunk is read, not seconds
          // of idle slices later (tests/bench/ui.mjs).
          this.index?.indexPending();
          this.progress = { ...this.progress, loaded: this.rows.size, total: Math.max(this.progress.total, this.rows.size) };
          this.notify(150);
        }
      }
      this.progress = { loaded: this.rows.size, total: this.rows.size, done: true };
      performance.mark('pd-store-rows');
      this.indexLoaded();
      this.notify();
    } catch (e) {
      if (generation !== this.loadGeneration) return;
      this.error = toLibraryError(e);
      this.ready = true;
      this.notify();
    } finally {
      if (generation === this.loadGeneration) this.endLoad();
    }
  }

  /**
   * The rows this list saved, when they can be used: saved with the index that was restored, and
   * not from the future (a clock set back would hide the papers written since).
   */
  private async savedRows(): Promise<SavedRows | null> {
    const [, entry] = await this.readCaches();
    const saved = checkRows(entry?.value);
    performance.mark('pd-store-checked');
    if (!saved || saved.watermark > Date.now()) return null;
    // What changed since: asked now, read while the index is restored.
    this.sinceSaved = Promise.all([
      this.scope === 'all' ? this.library.paperCount() : this.stars.size,
      this.library.papersWrittenSince(saved.watermark),
    ]);
    this.sinceSaved.catch(() => {}); // (awaited in loadSaved)
    await this.loadIndex().catch(() => {});
    return saved.indexSavedAt === this.indexSavedAt ? saved : null;
  }

  /**
   * Every row in scope from the saved rows, but for the papers written since they were saved and
   * those they lack (read whole: their abstracts go into the index); the saved papers that are gone
   * are left out. Returns false when a newer load took over.
   */
  private async loadSaved(saved: SavedRows, generation: number): Promise<boolean> {
    const library = this.library;
    const [count, written] = await this.sinceSaved!;
    if (generation !== this.loadGeneration) return false;
    // Which papers are in scope. The library page's: when the paper counter says there are as many
    // as the saved ids and the written ones make, they are those (a paper added since was written
    // since); else the keys say (a paper was deleted since: read 50,000 keys, not rows).
    const known = new Set(saved.ids);
    for (const p of written) known.add(p.id);
    const ids = this.scope === 'starred' ? [...this.stars.keys()] : count === known.size ? null : await library.paperIds();
    if (generation !== this.loadGeneration) return false;
    performance.mark('pd-store-saved-read');
    const present = ids ? new Set(ids) : known;
    const fresh = new Set(written.map((p) => p.id));
    eachSavedRow(saved, (row) => {
      if (present.has(row.id) && !fresh.has(row.id) && !this.rows.has(row.id)) this.rows.set(row.id, row);
    });
    this.addPapers(written.filter((p) => present.has(p.id)));
    const missing = ids ? ids.filter((id) => !this.rows.has(id)) : [];
    for (let i = 0; i < missing.length; i += CHUNK) {
      const papers = await library.papersOf(missing.slice(i, i + CHUNK));
      if (generation !== this.loadGeneration) return false;
      this.addPapers(papers);
    }
    // Tags and notes may have changed since: the search text of every paper with either, now or then.
    this.reindexHead(new Set([...this.tagsOf.keys(), ...this.notes.keys(), ...saved.decorated]));
    this.index?.indexPending();
    this.rowsDirty = fresh.size > 0 || missing.length > 0 || this.rows.size !== saved.ids.length;
    return true;
  }

  /**
   * A write committed while the load was reading may have been applied and then overwritten by
   * the load's older read (e.g. an un-star between reading the star list and adding its papers).
   * Applying those changes again now is safe: `apply` re-reads what they touched.
   */
  private endLoad(): void {
    this.loading = false;
    const writes = this.replay.splice(0);
    for (const w of writes) this.onWrites(w);
  }

  /** Moves queued abstracts into the search index while the page is idle. */
  private scheduleIndexing(): void {
    const index = this.index;
    if (this.stopped || this.cancelIdle || !index || index.pendingCount === 0) return;
    this.cancelIdle = whenIdle((deadline) => {
      this.cancelIdle = null;
      if (this.stopped) return;
      // timeRemaining() is the browser's own estimate of the idle time left before the next frame.
      const left = index.indexPending(Math.max(4, deadline.timeRemaining() - 2));
      if (left > 0) this.scheduleIndexing();
      else {
        index.compact();
        this.indexVersion++;
        this.notify();
        this.scheduleSave(SAVE_AFTER_CHANGE);
      }
    });
  }

  /** Loads the index and indexes everything queued now (tests, and a search that cannot wait). */
  async flushIndex(): Promise<void> {
    const index = await this.loadIndex();
    index.indexPending();
    index.compact();
    this.indexVersion++;
    this.notify();
  }

  private setLinks(links: readonly { paperId: string; tagId: string }[], reindex: boolean): void {
    const before = reindex ? new Map(this.tagsOf) : null;
    this.tagsOf.clear();
    for (const l of links) {
      const list = this.tagsOf.get(l.paperId);
      if (list) list.push(l.tagId);
      else this.tagsOf.set(l.paperId, [l.tagId]);
    }
    if (!before) return;
    // Re-index the head fields of papers whose tags changed (the abstract stays indexed).
    const changed = new Set<string>();
    for (const [id, tags] of this.tagsOf) if (String(before.get(id)) !== String(tags)) changed.add(id);
    for (const id of before.keys()) if (!this.tagsOf.has(id)) changed.add(id);
    this.reindexHead(changed);
  }

  /**
   * Puts notes into the map (rows for papers with neither note nor status are dropped); with
   * `reindex`, re-indexes the head text of papers whose note text changed.
   */
  private setNotes(rows: readonly PaperNote[], reindex: boolean, gone: Iterable<string> = []): void {
    const changed = new Set<string>();
    for (const id of gone) {
      const had = this.notes.get(id);
      if (had && this.notes.delete(id) && had.text) changed.add(id);
    }
    for (const row of rows) {
      const before = this.notes.get(row.paperId)?.text ?? '';
      if (row.text || row.status) this.notes.set(row.paperId, row);
      else this.notes.delete(row.paperId);
      if (before !== (row.text ?? '')) changed.add(row.paperId);
    }
    if (reindex) this.reindexHead(changed);
  }

  /** The whole notes table, read again: replaces the map. */
  private replaceNotes(rows: readonly PaperNote[]): void {
    const present = new Set(rows.map((r) => r.paperId));
    this.setNotes(
      rows,
      true,
      [...this.notes.keys()].filter((id) => !present.has(id)),
    );
  }

  private reindexHead(ids: Iterable<string>): void {
    let n = 0;
    for (const id of ids) {
      const row = this.rows.get(id);
      if (!row) continue;
      const queued = this.queue.get(id);
      const note = this.notes.get(id)?.text;
      if (queued) {
        queued.tags = this.tagNames(id);
        if (note) queued.note = note;
        else delete queued.note;
      }
      // Without `abstract`: the index keeps the one it has.
      else
        this.index?.upsert({
          id,
          title: row.title,
          authors: row.authors,
          organization: row.organization,
          aiSummary: row.aiSummary,
          tags: this.tagNames(id),
          note,
        });
      n++;
    }
    if (n) this.indexVersion++;
  }

  // ---- live updates -----------------------------------------------------------------------

  private readonly onWrites = (writes: StoredWrites): void => {
    if (this.stopped) return;
    if (this.loading) this.replay.push(writes);
    this.pendingWrites.push(writes);
    this.applying ??= Promise.resolve().then(async () => {
      // Writes arrive in bursts (a page read, a bulk tag); apply them together.
      while (this.pendingWrites.length) {
        const batch = this.pendingWrites.splice(0);
        try {
          await this.apply(batch);
        } catch (e) {
          this.error = toLibraryError(e);
          this.notify();
        }
      }
      this.applying = null;
    });
  };

  /** Resolves once every change announced so far is applied (tests). */
  async settled(): Promise<void> {
    while (this.applying) await this.applying;
  }

  private async apply(batch: StoredWrites[]): Promise<void> {
    const touched = new Set<string>();
    const paperKeys = new Set<string>();
    const noteKeys = new Set<string>();
    let reloadPapers = false;
    let reloadNotes = false;
    for (const writes of batch) {
      if (writes.all) reloadPapers = true;
      for (const table of writes.tables) touched.add(table);
      if (writes.papers === null) reloadPapers = true;
      else for (const k of writes.papers) paperKeys.add(k);
      if (writes.notes === null) reloadNotes = true;
      else for (const k of writes.notes) noteKeys.add(k);
    }
    if (!reloadPapers && touched.size === 0) return;
    if (reloadPapers) {
      // A cleared table or an unknown range: read everything again.
      await this.reload();
      return;
    }
    const library = this.library;
    if (touched.has('tags')) {
      const tags = await library.allTags();
      this.tags.clear();
      for (const t of tags) this.tags.set(t.id, t);
      // Names may have changed: every tagged paper's head text.
      this.reindexHead(this.tagsOf.keys());
    }
    if (touched.has('stars')) {
      const stars = await library.allStars();
      this.stars.clear();
      for (const s of stars) this.stars.set(s.paperId, s.starredAt);
      if (this.scope === 'starred') {
        // Every row not starred now (not only those starred a moment ago: the load may have
        // read a star list older than the rows).
        for (const id of [...this.rows.keys()]) if (!this.stars.has(id)) this.removeRow(id);
        for (const id of this.stars.keys()) if (!this.rows.has(id)) paperKeys.add(id);
        this.progress = { ...this.progress, total: this.stars.size };
      }
    }
    if (touched.has('paperTags')) this.setLinks(await library.allLinks(), true);
    if (reloadNotes) this.replaceNotes((await library.notesOf()).filter((n): n is PaperNote => !!n));
    else if (noteKeys.size) {
      // Only the notes written: a note is saved as the user types, one paper at a time.
      const ids = [...noteKeys];
      const rows = await library.notesOf(ids);
      this.setNotes(
        rows.filter((r): r is PaperNote => !!r),
        true,
        ids.filter((_, i) => !rows[i]),
      );
    }
    if (paperKeys.size) {
      const ids = [...paperKeys];
      const papers = await library.papersOf(ids);
      ids.forEach((id, i) => {
        const p = papers[i];
        if (p && this.inScope(id)) this.addPapers([p]);
        else this.removeRow(id);
      });
      const { done, total } = this.progress;
      this.progress = { loaded: this.rows.size, total: done ? this.rows.size : Math.max(total, this.rows.size), done };
      if (done) {
        this.scheduleIndexing();
        this.scheduleSave(SAVE_AFTER_CHANGE);
      }
    }
    this.notify();
  }

  private removeRow(id: string): void {
    if (this.rows.delete(id)) {
      this.rowsDirty = true;
      this.queue.delete(id);
      this.index?.remove(id);
      this.indexVersion++;
    }
  }
}
