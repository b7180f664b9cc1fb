import type { Core } from './core';

/**
 * The extension pages' saved lists (SearchCacheRow in database.ts): a list's search index and the
 * summary of its rows, read when the list opens, written once it has taken in what changed. A
 * cache only — no announcement, no journal, not in backups or sync — and never a reason to fail: a
 * read that fails is "no cache", a write that fails (a full quota) is reported to the caller,
 * which carries on with what it has in memory.
 */

/** A saved value and when it was saved. */
export interface CacheEntry {
  savedAt: number;
  value: unknown;
}

/** The saved values under `keys`, in their order (undefined where there is none, or none can be read). */
export async function readCaches(core: Core, keys: readonly string[]): Promise<(CacheEntry | undefined)[]> {
  try {
    const rows = await core.query(() => core.db.searchCache.bulkGet([...keys]));
    return rows.map((row) => (row ? { savedAt: row.savedAt, value: row.index } : undefined));
  } catch {
    return keys.map(() => undefined);
  }
}

/** Saves values together (one transaction, one `savedAt`: a reader can tell they go together). */
export async function writeCaches(core: Core, values: Readonly<Record<string, unknown>>, now: number = Date.now()): Promise<void> {
  const rows = Object.entries(values).map(([key, index]) => ({ key, savedAt: now, index }));
  await core.query(() => core.db.searchCache.bulkPut(rows));
}
