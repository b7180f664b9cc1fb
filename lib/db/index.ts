/**
 * The library database for the extension's own pages (background, popup, library page).
 * Content scripts must not import this: their IndexedDB is huggingface.co's. They use
 * `library` from lib/messaging/client instead.
 */
import { PaperdeckDB } from './database';
import { Library } from './library';

/** The one connection per extension page; Dexie opens it on first use. */
export const db = new PaperdeckDB();

export { Library } from './library';

/** A Library over the singleton database, for code that doesn't need its own. */
export function openLibrary(): Library {
  return new Library(db);
}
