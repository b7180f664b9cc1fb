import type { Core } from './core';
import { DATABASE_ID, type DatabaseIdRow, type PaperdeckDB } from './database';
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

/**
 * This database's identity: made when first asked and kept for the database's life (a wipe keeps
 * it). Sync keeps it beside its record of the last sync, so a database deleted and made anew —
 * the browser's data cleared, a failed upgrade — is never read as the user having removed
 * everything (lib/sync/engine).
 */
export async function databaseId(core: Core): Promise<string> {
  const meta = core.db.table<DatabaseIdRow, string>('meta');
  return core.write([core.db.meta], async () => {
    const row = await meta.get(DATABASE_ID);
    if (row) return row.value;
    const id = crypto.randomUUID();
    await meta.put({ key: DATABASE_ID, value: id });
    return id;
  });
}
