/**
 * Test doubles for `browser.storage.sync` and the browser's sync service.
 *
 * WXT's fakeBrowser has storage areas but no quotas. `FakeSyncArea` enforces Chrome's and throws
 * Chrome's own messages: "QUOTA_BYTES quota exceeded", "QUOTA_BYTES_PER_ITEM quota exceeded",
 * "MAX_ITEMS quota exceeded" (checked on the area as it would be after the write, sizes as Chrome
 * counts them: key + JSON in UTF-8), and for the write rate "This request exceeds the
 * MAX_WRITE_OPERATIONS_PER_MINUTE quota." (each set/remove/clear call is one operation).
 *
 * `SyncNetwork` plays Chrome Sync between devices: each area keeps its own copy; `deliver()`
 * sends every online area's writes to the server (per key, the last one delivered wins, as on
 * the real service) and brings every online area up to date, firing its onChanged listeners.
 */
import type { StorageAreaLike, StorageChanges } from '../../../lib/sync/engine';
import { CHROME_SYNC_QUOTA, itemBytes } from '../../../lib/sync/layout';

type Listener = (changes: StorageChanges) => void;
const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

export class FakeSyncArea implements StorageAreaLike {
  readonly data = new Map<string, unknown>();
  readonly listeners = new Set<Listener>();
  /** Times of accepted write operations (for the rate quotas) and how many were made. */
  private readonly ops: number[] = [];
  writeOps = 0;
  /** Keys written here and not yet delivered to the server, in order. */
  outbox = new Map<string, unknown>();
  online = true;
  /** Runs before each write is checked (tests use it to change the area under the engine). */
  beforeWrite: (() => void) | null = null;

  constructor(
    readonly name = 'sync',
    readonly quota: typeof CHROME_SYNC_QUOTA | null = CHROME_SYNC_QUOTA,
  ) {}

  onChanged(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async get(keys?: string | string[] | null): Promise<Record<string, unknown>> {
    const wanted = keys == null ? [...this.data.keys()] : Array.isArray(keys) ? keys : [keys];
    const out: Record<string, unknown> = {};
    for (const k of wanted) if (this.data.has(k)) out[k] = clone(this.data.get(k));
    return out;
  }

  bytesInUse(data: Map<string, unknown> = this.data): number {
    let n = 0;
    for (const [k, v] of data) n += itemBytes(k, v);
    return n;
  }

  private countOp(): void {
    if (!this.quota) return;
    const now = Date.now();
    const lastMinute = this.ops.filter((t) => t > now - 60_000).length;
    const lastHour = this.ops.filter((t) => t > now - 3_600_000).length;
    if (lastMinute >= this.quota.MAX_WRITE_OPERATIONS_PER_MINUTE) {
      throw new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.');
    }
    if (lastHour >= this.quota.MAX_WRITE_OPERATIONS_PER_HOUR) {
      throw new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_HOUR quota.');
    }
    this.ops.push(now);
  }

  /** Uses up write operations as if someone else (another extension page) had written. */
  spendWrites(n: number): void {
    for (let i = 0; i < n; i++) this.ops.push(Date.now());
  }

  async set(items: Record<string, unknown>): Promise<void> {
    this.beforeWrite?.();
    this.countOp();
    const next = new Map(this.data);
    for (const [k, v] of Object.entries(items)) next.set(k, clone(v));
    if (this.quota) {
      for (const [k, v] of Object.entries(items)) {
        if (itemBytes(k, v) > this.quota.QUOTA_BYTES_PER_ITEM) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
      }
      if (this.bytesInUse(next) > this.quota.QUOTA_BYTES) throw new Error('QUOTA_BYTES quota exceeded');
      if (next.size > this.quota.MAX_ITEMS) throw new Error('MAX_ITEMS quota exceeded');
    }
    this.writeOps++;
    this.commit(
      Object.entries(items).map(([k, v]) => [k, clone(v)]),
      true,
    );
  }

  async remove(keys: string | string[]): Promise<void> {
    this.beforeWrite?.();
    this.countOp();
    this.writeOps++;
    this.commit(
      (Array.isArray(keys) ? keys : [keys]).map((k) => [k, undefined]),
      true,
    );
  }

  /** Writes values (undefined: removes) and tells the listeners, as the browser does. */
  commit(entries: [string, unknown][], local: boolean): void {
    const changes: StorageChanges = {};
    for (const [k, v] of entries) {
      const old = this.data.get(k);
      if (local) this.outbox.set(k, v);
      if (JSON.stringify(old) === JSON.stringify(v)) continue;
      if (v === undefined) this.data.delete(k);
      else this.data.set(k, v);
      changes[k] = { ...(old !== undefined ? { oldValue: clone(old) } : {}), ...(v !== undefined ? { newValue: clone(v) } : {}) };
    }
    if (Object.keys(changes).length === 0) return;
    // The browser reports changes asynchronously, to every context, the writer's included.
    queueMicrotask(() => {
      for (const l of this.listeners) l(changes);
    });
  }
}

export class SyncNetwork {
  readonly server = new Map<string, unknown>();
  readonly areas: FakeSyncArea[] = [];

  area(name: string, quota: typeof CHROME_SYNC_QUOTA | null = CHROME_SYNC_QUOTA): FakeSyncArea {
    const a = new FakeSyncArea(name, quota);
    this.areas.push(a);
    return a;
  }

  /** One exchange with every online device. Returns how many key changes reached a device. */
  deliver(): number {
    for (const a of this.areas) {
      if (!a.online) continue;
      for (const [k, v] of a.outbox) {
        if (v === undefined) this.server.delete(k);
        else this.server.set(k, clone(v));
      }
      a.outbox.clear();
    }
    let moved = 0;
    for (const a of this.areas) {
      if (!a.online) continue;
      const entries: [string, unknown][] = [];
      for (const k of new Set([...a.data.keys(), ...this.server.keys()])) {
        const theirs = this.server.get(k);
        if (JSON.stringify(a.data.get(k)) !== JSON.stringify(theirs)) entries.push([k, clone(theirs)]);
      }
      moved += entries.length;
      a.commit(entries, false);
    }
    return moved;
  }
}

/** A plain storage area (storage.local: no quota that matters here). */
export class MemoryArea implements StorageAreaLike {
  readonly data = new Map<string, unknown>();
  async get(keys?: string | string[] | null): Promise<Record<string, unknown>> {
    const wanted = keys == null ? [...this.data.keys()] : Array.isArray(keys) ? keys : [keys];
    const out: Record<string, unknown> = {};
    for (const k of wanted) if (this.data.has(k)) out[k] = clone(this.data.get(k));
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    for (const [k, v] of Object.entries(items)) this.data.set(k, clone(v));
  }
  async remove(keys: string | string[]): Promise<void> {
    for (const k of Array.isArray(keys) ? keys : [keys]) this.data.delete(k);
  }
}
