/**
 * Devices for sync tests: each has its own library (its own fake-indexeddb database), its own
 * storage.local and its own sync area, joined to the others by a SyncNetwork.
 */
import type { PaperdeckDB } from '../../../lib/db/database';
import type { Library } from '../../../lib/db/library';
import { SyncEngine, type SyncOptions } from '../../../lib/sync/engine';
import { SYNC_STATUS_KEY, readSyncStatus, type SyncStatus } from '../../../lib/sync/status';
import { freshLibrary, record, records, uniqueName } from '../db/helpers';
import { MemoryArea, SyncNetwork, type FakeSyncArea } from './fake-sync';
import type { CHROME_SYNC_QUOTA } from '../../../lib/sync/layout';

export interface Device {
  name: string;
  db: PaperdeckDB;
  library: Library;
  sync: FakeSyncArea;
  local: MemoryArea;
  engine: SyncEngine;
  stop: () => void;
  status(): Promise<SyncStatus | null>;
  /** Stars by paper id. */
  starred(): Promise<string[]>;
  /** `paperId: tag names` for every tagged paper, sorted. */
  tagged(): Promise<Record<string, string[]>>;
  tagNames(): Promise<string[]>;
  /** A new engine on the same storage, as when the MV3 worker is stopped and started again. */
  restart(): void;
  /**
   * The library's database deleted and made anew (site data cleared, a failed upgrade), with
   * storage.local and the sync area kept; the worker starts again on the new database.
   */
  loseDatabase(): Promise<void>;
}

export function makeDevice(
  network: SyncNetwork,
  name: string,
  opts: { options?: Partial<SyncOptions>; quota?: typeof CHROME_SYNC_QUOTA | null } = {},
): Device {
  let { db, library } = freshLibrary(uniqueName(`sync-${name}`));
  const sync = network.area(name, opts.quota);
  const local = new MemoryArea();
  const build = () => new SyncEngine({ library, sync, local, onSyncChanged: (l) => sync.onChanged(l), options: opts.options });
  const device: Device = {
    name,
    db,
    library,
    sync,
    local,
    engine: build(),
    stop: () => {},
    async status() {
      return readSyncStatus((await local.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY]);
    },
    async starred() {
      const ids: string[] = await db.stars.toCollection().primaryKeys();
      return ids.sort();
    },
    async tagged() {
      const tags = new Map((await db.tags.toArray()).map((t) => [t.id, t.name]));
      const out: Record<string, string[]> = {};
      for (const l of await db.paperTags.toArray()) (out[l.paperId] ??= []).push(tags.get(l.tagId) ?? `?${l.tagId}`);
      for (const k of Object.keys(out)) out[k]!.sort();
      return out;
    },
    async tagNames() {
      return (await db.tags.toArray()).map((t) => t.name).sort();
    },
    restart() {
      device.stop();
      device.engine = build();
      device.stop = device.engine.start();
    },
    async loseDatabase() {
      device.stop();
      const dbName = db.name;
      await db.delete();
      ({ db, library } = freshLibrary(dbName));
      device.db = db;
      device.library = library;
      device.engine = build();
      device.stop = device.engine.start();
    },
  };
  device.stop = device.engine.start();
  return device;
}

/** Papers every device has seen (stars by id need the paper; sync itself does not). */
export async function seePapers(device: Device, count: number): Promise<void> {
  await device.library.recordSeen(records(count));
}

export { record };

/**
 * Runs every due sync and delivers between devices until nothing moves: debounce timers fire
 * (fake time), running syncs finish (real IndexedDB work), the network exchanges.
 */
export async function settle(network: SyncNetwork, devices: Device[], step = 20_000): Promise<number> {
  for (let round = 0; round < 40; round++) {
    await vi.advanceTimersByTimeAsync(step);
    for (const d of devices) await d.engine.idle();
    const moved = network.deliver();
    await Promise.resolve();
    if (moved === 0 && vi.getTimerCount() === 0 && devices.every((d) => !d.sync.online || d.sync.outbox.size === 0)) return round;
  }
  throw new Error('sync did not settle in 40 rounds');
}
