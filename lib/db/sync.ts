import type { Core } from './core';
import type { PaperdeckDB } from './database';
import type { LibraryChange } from './schemas';

/**
 * Runs one sync reconciliation (lib/sync/apply.ts) as a single transaction over the synced
 * tables, so a user's click lands before or after it, never in between; then announces what it
 * changed like any other write.
 */
export async function applySync<T extends { change: LibraryChange }>(core: Core, scope: (db: PaperdeckDB) => Promise<T>): Promise<T> {
  const db = core.db;
  const result = await core.write([db.stars, db.tags, db.paperTags, db.rules], () => scope(db));
  if (result.change.what.length > 0) core.emit(result.change.ids, result.change.what);
  return result;
}
