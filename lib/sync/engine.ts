/**
 * The sync engine, run by the background: when the library changes here or another device's
 * writes arrive, it reconciles the library with `storage.sync` (apply.ts) and writes back only
 * the items whose text changed (layout.ts).
 *
 * Writes are debounced (a burst of stars is one write) and spaced: at most one sync every
 * `minIntervalMs`, and a sync makes at most two write operations (one `remove`, one `set`), so
 * Chrome's 120 writes a minute and 1,800 an hour are never approached (6 syncs a minute at the
 * default spacing: ≤ 12 writes a minute, ≤ 720 an hour). If the browser refuses anyway (another
 * copy of the extension writing, say), the engine waits and retries.
 *
 * Echoes: the browser reports our own writes back through `storage.onChanged`; those are
 * recognised and ignored. The library change that applying other devices' data causes does
 * start one more reconciliation, which finds nothing to do and writes nothing: the state merge
 * is idempotent, so there is no loop.
 *
 * The MV3 service worker may be stopped at any time. What must outlive it is in storage.local:
 * the merged state and the library's synced part as of the last sync (the ledger), whether a
 * change is still waiting to be synced (dirty), and the status the popup shows. A new worker
 * picks up a waiting change on start.
 */
import type { Library } from '../db/library';
import type { LibraryChange } from '../db/schemas';
import { decodePapers, toTick } from './codec';
import { reconcileIn } from './apply';
import { EMPTY_BASE, readBase, type Base } from './local';
import { budgetBeside, CHROME_SYNC_QUOTA, isOwnKey, layout, type ItemValue } from './layout';
import { addPapers, addRules, addTags, decodeState, emptyState, encodeState, type SyncState } from './state';
import { SYNC_DECISION_KEY, SYNC_STATUS_KEY, readSyncDecision, readSyncStatus, type SyncStatus } from './status';
import { t } from '../i18n';

export const LEDGER_KEY = 'pd:sync:ledger';
/**
 * Removals nobody announced that go through without asking; more are held back for the user
 * (lib/sync/apply RemovalGuard), so a library emptied by accident never empties every device.
 */
export const MAX_QUIET_REMOVALS = 5;
/** A change not yet synced: since when, and when each paper (and anything else) last changed. */
export const DIRTY_KEY = 'pd:sync:dirty';

interface DirtyRecord {
  since: number;
  last: number | null;
  ids: Record<string, number>;
}

function readDirty(value: unknown): DirtyRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<DirtyRecord>;
  if (typeof v.since !== 'number') return null;
  const ids: Record<string, number> = {};
  if (typeof v.ids === 'object' && v.ids !== null) {
    for (const [id, at] of Object.entries(v.ids)) if (typeof at === 'number') ids[id] = at;
  }
  return { since: v.since, last: typeof v.last === 'number' ? v.last : null, ids };
}

/** The part of a `browser.storage` area the engine uses. */
export interface StorageAreaLike {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export type StorageChanges = Record<string, { oldValue?: unknown; newValue?: unknown }>;

export interface SyncOptions {
  /** Quiet time after a local change before syncing. */
  debounceMs: number;
  /** Quiet time after another device's items arrive (they come a few at a time). */
  remoteDebounceMs: number;
  /** A steady stream of changes still syncs this often. */
  maxWaitMs: number;
  /** Least time between two syncs. */
  minIntervalMs: number;
  /** After the browser's write rate limit refused a write. */
  rateLimitRetryMs: number;
  /** Removals are remembered this long, then forgotten. */
  tombstoneTtlMs: number;
  quota: typeof CHROME_SYNC_QUOTA;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  debounceMs: 2_000,
  remoteDebounceMs: 500,
  maxWaitMs: 15_000,
  minIntervalMs: 10_000,
  rateLimitRetryMs: 60_000,
  tombstoneTtlMs: 60 * 24 * 3_600_000,
  quota: CHROME_SYNC_QUOTA,
};

export interface SyncDeps {
  library: Library;
  sync: StorageAreaLike;
  local: StorageAreaLike;
  /** Subscribes to changes of the sync area only. */
  onSyncChanged(listener: (changes: StorageChanges) => void): () => void;
  now?: () => number;
  options?: Partial<SyncOptions>;
}

export type QuotaKind = 'rate' | 'bytes' | 'item' | 'items' | null;

/**
 * Which quota a storage.sync error names. Chrome's wording varies by version ("QUOTA_BYTES quota
 * exceeded", "Resource::kQuotaBytes quota exceeded", "This request exceeds the
 * MAX_WRITE_OPERATIONS_PER_MINUTE quota."); Firefox says "…exceeded its quota limitations".
 */
export function quotaKind(error: unknown): QuotaKind {
  const text = String((error as { message?: unknown })?.message ?? error);
  if (/MAX_WRITE_OPERATIONS_PER_(MINUTE|HOUR)|MAX_SUSTAINED_WRITE_OPERATIONS/.test(text)) return 'rate';
  if (/QUOTA_BYTES_PER_ITEM|kQuotaBytesPerItem/.test(text)) return 'item';
  if (/MAX_ITEMS|kMaxItems/.test(text)) return 'items';
  if (/QUOTA_BYTES|kQuotaBytes|quota/i.test(text)) return 'bytes';
  return null;
}

function describeError(error: unknown): string {
  switch (quotaKind(error)) {
    case 'rate':
      return t('syncErrorRate');
    case 'bytes':
    case 'item':
    case 'items':
      return t('syncErrorFull');
    default: {
      const text = String((error as { message?: unknown })?.message ?? error);
      return t('syncErrorUnavailable', text);
    }
  }
}

/** A `SyncState` from the items of the sync area (ours only; unreadable items are skipped). */
export function decodeItems(all: Record<string, unknown>): SyncState {
  const state = emptyState();
  for (const [key, value] of Object.entries(all)) {
    if (!isOwnKey(key)) continue;
    const kind = key[4];
    try {
      if (kind === 'p' && typeof value === 'string') addPapers(state, decodePapers(value));
      else if (kind === 't' && Array.isArray(value)) addTags(state, value);
      else if (kind === 'r' && Array.isArray(value)) addRules(state, value);
    } catch (e) {
      console.warn(`[paperdeck] sync: skipped unreadable item ${key}`, e);
    }
  }
  return state;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export class SyncEngine {
  readonly options: SyncOptions;
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private dueAt = 0;
  private dirtySince: number | null = null;
  /** When each paper's star or tags last changed here, and anything else (tags, rules) did. */
  private touched = new Map<string, number>();
  private lastChangeAt: number | null = null;
  private lastRunAt = -Infinity;
  private retryAt = 0;
  private running: Promise<void> | null = null;
  private resuming: Promise<void> = Promise.resolve();
  /** What we last wrote to each of our keys (undefined: removed), to recognise echoes. */
  private readonly written = new Map<string, unknown>();
  private stopped = false;

  constructor(private readonly deps: SyncDeps) {
    this.options = { ...DEFAULT_SYNC_OPTIONS, ...deps.options };
    this.now = deps.now ?? Date.now;
  }

  /**
   * Listens for changes (call synchronously when the background starts, so events that wake
   * the worker are heard) and picks up a sync left waiting by a stopped worker.
   */
  start(): () => void {
    this.stopped = false;
    const offLibrary = this.deps.library.onChange((change) => this.onLibraryChange(change));
    const offSync = this.deps.onSyncChanged((changes) => this.onSyncChanged(changes));
    this.resuming = this.resume();
    return () => {
      this.stopped = true;
      offLibrary();
      offSync();
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  /**
   * A library write (here, or relayed by the background from the popup or library page, with
   * the time it was announced). Its time is noted: a removal found at the next sync is dated
   * by it, not by the sync.
   */
  onLibraryChange(change: Pick<LibraryChange, 'what'> & { ids?: readonly string[]; at?: number }): void {
    if (!change.what.some((w) => w === 'stars' || w === 'tags' || w === 'rules' || w === 'settings')) return;
    const at = Math.min(change.at ?? this.now(), this.now());
    if (change.what.some((w) => w === 'stars' || w === 'tags' || w === 'rules')) {
      for (const id of change.ids ?? []) this.touched.set(id, Math.max(this.touched.get(id) ?? 0, at));
      this.lastChangeAt = Math.max(this.lastChangeAt ?? 0, at);
    }
    this.dirtySince ??= at;
    this.persistDirty();
    this.schedule('local');
  }

  private persistDirty(): void {
    const record: DirtyRecord = { since: this.dirtySince ?? this.now(), last: this.lastChangeAt, ids: Object.fromEntries(this.touched) };
    this.deps.local.set({ [DIRTY_KEY]: record }).catch(() => {});
  }

  /** storage.onChanged for the sync area. */
  onSyncChanged(changes: StorageChanges): void {
    const ours = Object.entries(changes).filter(([key]) => isOwnKey(key));
    if (ours.some(([key, change]) => !this.written.has(key) || !same(change.newValue, this.written.get(key)))) {
      this.schedule('remote');
    }
  }

  private async resume(): Promise<void> {
    try {
      const stored = await this.deps.local.get([DIRTY_KEY, LEDGER_KEY]);
      const dirty = readDirty(stored[DIRTY_KEY]);
      if (dirty) {
        this.dirtySince = Math.min(this.dirtySince ?? Infinity, dirty.since, this.now());
        if (dirty.last !== null) this.lastChangeAt = Math.max(this.lastChangeAt ?? 0, dirty.last);
        for (const [id, at] of Object.entries(dirty.ids)) this.touched.set(id, Math.max(this.touched.get(id) ?? 0, at));
      }
      const ledger = stored[LEDGER_KEY] as { db?: unknown } | undefined;
      if (dirty || ledger === undefined) this.schedule('start');
      // A database other than the one of the last sync (deleted and made anew): fill it back now.
      else if (ledger.db !== undefined && ledger.db !== (await this.deps.library.databaseId())) this.schedule('start');
    } catch (e) {
      console.warn('[paperdeck] sync: could not read its state', e);
    }
  }

  /** Plans a sync: debounced, no sooner than minIntervalMs after the last, nor before a retry time. */
  schedule(reason: 'local' | 'remote' | 'start' | 'retry'): void {
    if (this.stopped) return;
    const now = this.now();
    if (this.dirtySince === null) {
      this.dirtySince = now;
      this.persistDirty();
    }
    const quiet = reason === 'remote' ? this.options.remoteDebounceMs : reason === 'local' ? this.options.debounceMs : 0;
    let due = Math.min(now + quiet, this.dirtySince + this.options.maxWaitMs);
    due = Math.max(due, this.lastRunAt + this.options.minIntervalMs, this.retryAt);
    if (this.timer && this.dueAt === due) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = due;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.run();
      },
      Math.max(0, due - now),
    );
  }

  /** Resolves when the start-up check is done and no sync is running (tests). */
  async idle(): Promise<void> {
    await this.resuming;
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    while (this.running) await this.running;
    if (this.stopped) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const dirtySince = this.dirtySince;
    this.dirtySince = null;
    this.lastRunAt = this.now();
    this.running = this.cycle(dirtySince).finally(() => {
      this.running = null;
    });
    await this.running;
  }

  private async cycle(dirtySince: number | null): Promise<void> {
    const { library, local, sync } = this.deps;
    const previous = readSyncStatus((await local.get(SYNC_STATUS_KEY).catch((): Record<string, unknown> => ({})))[SYNC_STATUS_KEY]);
    const lastSyncedAt = previous?.lastSyncedAt;
    let settingsOn: boolean;
    try {
      settingsOn = (await library.getSettings()).sync;
    } catch (e) {
      console.warn('[paperdeck] sync: could not read the settings', e);
      this.failed(dirtySince);
      return;
    }
    if (!settingsOn) {
      // Changes made while sync is off are found by comparing with the base when it is back on.
      await this.setStatus(previous, { state: 'off', at: this.now(), ...(lastSyncedAt ? { lastSyncedAt } : {}) });
      await local.remove(DIRTY_KEY).catch(() => {});
      return;
    }

    const now = this.now();
    const touchedAtStart = new Map(this.touched);
    const lastChangeAtStart = this.lastChangeAt;
    try {
      const [stored, all, databaseId] = await Promise.all([
        local.get([LEDGER_KEY, SYNC_DECISION_KEY]),
        sync.get(null),
        library.databaseId(),
      ]);
      const ledger = stored[LEDGER_KEY] as { state?: unknown; base?: unknown; db?: unknown } | undefined;
      // The ledger describes the library as of the last sync: compared with it, whatever the library
      // lacks now was removed. Not so for another database than the one it was written for (this
      // one was deleted and made anew): what it lacks was lost, and is pulled back from the others.
      const sameDatabase = ledger?.db === undefined || ledger.db === databaseId;
      if (ledger && !sameDatabase) console.info('[paperdeck] sync: the library is a new database; taking what the other devices hold');
      const decision = readSyncDecision(stored[SYNC_DECISION_KEY]);
      const result = await library.applySync((db) =>
        reconcileIn(db, {
          previous: decodeState(ledger?.state),
          base: ledger && sameDatabase ? readBase(ledger.base) : EMPTY_BASE,
          remote: decodeItems(all),
          now: toTick(now),
          clock: {
            paper: (id) => toTick(this.touched.get(id) ?? this.lastChangeAt ?? now),
            other: () => toTick(this.lastChangeAt ?? now),
          },
          tombstoneTtl: Math.round(this.options.tombstoneTtlMs / 1000),
          guard: { announced: (id) => touchedAtStart.has(id), max: MAX_QUIET_REMOVALS, ...(decision ? { decision: decision.choice } : {}) },
        }),
      );
      await this.saveLedger(result.state, result.base, databaseId);
      if (decision) await local.remove(SYNC_DECISION_KEY).catch(() => {});

      const plan = layout(result.state, budgetBeside(all, this.options.quota));
      const toSet: Record<string, ItemValue> = {};
      for (const [key, value] of Object.entries(plan.items)) if (!same(all[key], value)) toSet[key] = value;
      const toRemove = Object.keys(all).filter((key) => isOwnKey(key) && !(key in plan.items));
      // Removals first: when the items get fewer, the area must never hold old and new at once.
      if (toRemove.length) {
        for (const key of toRemove) this.written.set(key, undefined);
        await sync.remove(toRemove);
      }
      if (Object.keys(toSet).length) {
        for (const [key, value] of Object.entries(toSet)) this.written.set(key, value);
        await sync.set(toSet);
      }
      const leftOut = plan.left.stars + plan.left.links + plan.left.tags + plan.left.rules;
      const { held } = result;
      await this.setStatus(previous, {
        state: held ? 'held' : leftOut ? 'partial' : 'ok',
        at: this.now(),
        lastSyncedAt: this.now(),
        bytes: plan.bytes,
        ...(leftOut ? { left: plan.left } : {}),
        ...(held ? { held: { stars: held.stars.length, links: held.links.length, tags: held.tags.length, rules: held.rules.length } } : {}),
      });
      this.retryAt = 0;
      // Forget the change times this sync used (not those noted while it ran).
      for (const [id, at] of touchedAtStart) if (this.touched.get(id) === at) this.touched.delete(id);
      if (this.lastChangeAt === lastChangeAtStart) this.lastChangeAt = null;
      if (this.dirtySince === null) await local.remove(DIRTY_KEY).catch(() => {});
      else this.persistDirty();
    } catch (e) {
      const rate = quotaKind(e) === 'rate';
      if (!rate) console.warn('[paperdeck] sync failed', e);
      await this.setStatus(previous, {
        state: rate ? 'waiting' : 'error',
        at: this.now(),
        message: describeError(e),
        ...(lastSyncedAt ? { lastSyncedAt } : {}),
      });
      if (rate) this.retryAt = this.now() + this.options.rateLimitRetryMs;
      this.failed(dirtySince, rate);
    }
  }

  /** Keeps the change waiting: retried after a rate limit, else on the next change or start. */
  private failed(dirtySince: number | null, retry = false): void {
    this.dirtySince = Math.min(this.dirtySince ?? Infinity, dirtySince ?? this.now());
    if (retry) this.schedule('retry');
  }

  private async saveLedger(state: SyncState, base: Base, databaseId: string): Promise<void> {
    await this.deps.local.set({ [LEDGER_KEY]: { state: encodeState(state), base, db: databaseId } });
  }

  private async setStatus(previous: SyncStatus | null, next: SyncStatus): Promise<void> {
    // An unchanged "off" is not rewritten (each write wakes every listener of storage.local).
    if (previous?.state === 'off' && next.state === 'off') return;
    await this.deps.local.set({ [SYNC_STATUS_KEY]: next }).catch(() => {});
  }
}
