/**
 * The database's name and its latest schema version, apart from database.ts so that code which
 * must not load Dexie can know them (first-screen.ts, the extension pages' first read).
 * Raise LATEST_VERSION only together with a new `db.version(n)` in database.ts.
 */
export const DB_NAME = 'paperdeck';

/** See declareVersions in database.ts. */
export const LATEST_VERSION = 6;
