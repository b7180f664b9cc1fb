import Dexie, { liveQuery, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { PaperdeckDB } from './database';

/**
 * Following the database from an extension page (popup, side panel, library page). Dexie announces
 * every committed write — from this page, the background or another tab (it relays them over a
 * BroadcastChannel) — with the exact primary keys written; `Library.onChange` sees only the writes
 * of its own instance. Content scripts cannot do this (their IndexedDB is the site's): they follow
 * lib/messaging's announcements instead.
 */

/** What one announced write touched in this database. */
export interface StoredWrites {
  /** Dexie could not say what changed: anything may have. */
  all: boolean;
  /** The tables written. */
  tables: Set<string>;
  /** The papers written, by id; null when a range was (a cleared table): read them all again. */
  papers: Set<string> | null;
  /** The notes written, by paper id; null as for papers. */
  notes: Set<string> | null;
}

/** The single keys in a Dexie mutation range set, or null if it holds a real range. */
function keysOf(tree: IntervalTree | undefined): string[] | null {
  const keys: string[] = [];
  const walk = (node: IntervalTree | null | undefined): boolean => {
    if (!node || !('from' in node)) return true;
    if (!walk(node.l)) return false;
    if (typeof node.from !== 'string' || node.from !== node.to) return false;
    keys.push(node.from);
    return walk(node.r);
  };
  return walk(tree) ? keys : null;
}

/** One Dexie announcement, as far as it concerns the database `name` (null: not at all). */
function decodeWrites(name: string, parts: ObservabilitySet): StoredWrites | null {
  const prefix = `idb://${name}/`;
  const out: StoredWrites = { all: 'all' in parts, tables: new Set(), papers: new Set(), notes: new Set() };
  for (const [part, ranges] of Object.entries(parts)) {
    if (!part.startsWith(prefix)) continue;
    const [table, index] = part.slice(prefix.length).split('/');
    if (!table) continue;
    out.tables.add(table);
    // Keys of the primary key ('' index) only: the other parts say which index entries moved.
    if ((table === 'papers' || table === 'notes') && index === '') {
      const keys = keysOf(ranges);
      const seen = out[table];
      if (keys === null) out[table] = null;
      else if (seen) for (const k of keys) seen.add(k);
    }
  }
  return out.all || out.tables.size > 0 ? out : null;
}

/** Calls `listener` with every committed write to `db`, from anywhere. Returns the function that stops it. */
export function observeWrites(db: PaperdeckDB, listener: (writes: StoredWrites) => void): () => void {
  const onMutated = (parts: ObservabilitySet) => {
    const writes = decodeWrites(db.name, parts);
    if (writes) listener(writes);
  };
  Dexie.on('storagemutated', onMutated);
  return () => Dexie.on('storagemutated').unsubscribe(onMutated);
}

export interface Live<T> {
  subscribe(observer: { next: (value: T) => void; error: (e: unknown) => void }): { unsubscribe(): void };
}

/**
 * A query kept up to date: its first result, then a new one whenever a write anywhere touches
 * what it read (Dexie's liveQuery). The query may use the Library's read methods.
 */
export function live<T>(query: () => Promise<T> | T): Live<T> {
  return liveQuery(query);
}
