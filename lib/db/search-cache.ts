import type { Core } from './core';

/**
 * The extension pages' saved search index (SearchCacheRow in database.ts): read when a list opens,
 * written once the list has indexed what changed. A cache only — no announcement, no journal, not
 * in backups or sync — and never a reason to fail: a read that fails is "no cache", a write that
 * fails (a full quota) is reported to the caller, which carries on with the index in memory.
 */

/** The saved index of one list, or undefined when there is none (or it cannot be read). */
export async function readSearchCache(core: Core, key: string): Promise<unknown> {
  try {
    const row = await core.query(() => core.db.searchCache.get(key));
    return row?.index;
  } catch {
    return undefined;
  }
}

export async function writeSearchCache(core: Core, key: string, index: unknown, now: number = Date.now()): Promise<void> {
  await core.query(() => core.db.searchCache.put({ key, savedAt: now, index }));
}
