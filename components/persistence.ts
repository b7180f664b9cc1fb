/**
 * Durable storage: asks the browser not to evict the library under storage pressure
 * (navigator.storage.persist). Asked from an extension page — the library page when it opens, and
 * again on the user's press — because the MV3 service worker cannot get it granted (no window, no
 * user activation), which is where Paperdeck used to ask. Extensions holding `unlimitedStorage`
 * are granted it without a prompt in Chrome; Firefox may prompt, which needs a user action.
 *
 * true: kept; false: the browser may clear it; null: the browser cannot say (no Storage API).
 */
export async function askPersistence(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<boolean | null> {
  if (!storage?.persisted) return null;
  if (await storage.persisted()) return true;
  return storage.persist ? await storage.persist() : false;
}
