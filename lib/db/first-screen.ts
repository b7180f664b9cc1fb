import type { PaperNote, PaperTag, Star, StoredPaper, Tag } from '../model/library';
import { DB_NAME, LATEST_VERSION } from './schema-version';
import type { TagRow } from './database';
import type { FirstScreen, Scope } from './views';

/**
 * The first rows of a list (views.ts `firstScreen`: the same rows, stars, tags, links and notes),
 * read with IndexedDB itself, without Dexie or zod. An extension page starts this read while its
 * code is still loading: the Dexie and zod chunks (~190 KB) and the opening of the database by
 * Dexie then come after the first rows instead of before them (deferred.ts, tests/bench/ui.mjs).
 *
 * It only reads a database Dexie made, at exactly the latest schema: anything else — no database
 * yet (it is not created here: the open is aborted before it makes one), an older schema that
 * needs its upgrade, a newer one that Dexie refuses, any error — answers null, and the page waits
 * for the Library as before. The rows are those Dexie wrote (validated when written); none is
 * written here.
 */
export function readFirstScreen(
  scope: Scope,
  limit: number,
  { factory = indexedDB, name = DB_NAME }: { factory?: IDBFactory; name?: string } = {},
): Promise<FirstScreen | null> {
  return openExisting(factory, name).then((db) => {
    if (!db) return null;
    return readAll(db, scope, limit).finally(() => db.close());
  });
}

/** Which list's first rows to read, and from which database (tests name their own). */
export interface FirstRead {
  scope: Scope;
  limit: number;
  name?: string;
}

/** A read started by a page's entry, before its other modules load (entrypoints/<page>/main.tsx). */
let started: { scope: Scope; limit: number; name: string; read: Promise<FirstScreen | null> } | null = null;

const readOrNull = (scope: Scope, limit: number, name: string) => readFirstScreen(scope, limit, { name }).catch(() => null);

/**
 * Starts the first-screen read now: a page's entry calls it, so the read runs while the page's
 * other modules (Preact, the components: ~100 KB) still load and run, and `takeFirstScreen`
 * (deferred.ts) then picks it up instead of starting its own.
 */
export function startFirstScreen({ scope, limit, name = DB_NAME }: FirstRead): Promise<FirstScreen | null> {
  const read = readOrNull(scope, limit, name);
  started = { scope, limit, name, read };
  return read;
}

/** The read `startFirstScreen` started for this list and database (taken once), or a new one. */
export function takeFirstScreen({ scope, limit, name = DB_NAME }: FirstRead): Promise<FirstScreen | null> {
  const read = started?.scope === scope && started.limit === limit && started.name === name ? started.read : null;
  started = null;
  return read ?? readOrNull(scope, limit, name);
}

function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name);
    } catch {
      return resolve(null);
    }
    // Only a database that does not exist yet is "upgraded" by an open without a version: abort,
    // so that none is created (Dexie creates it, with its schema).
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = (event) => {
      event.preventDefault();
      resolve(null);
    };
    request.onblocked = () => resolve(null);
    request.onsuccess = () => {
      const db = request.result;
      // Dexie writes schema version n as n × 10 (+1 for each index it had to add back).
      if (Math.floor(db.version / 10) !== LATEST_VERSION) {
        db.close();
        return resolve(null);
      }
      // Dexie asking for a new version (an upgrade from another page) waits for no one.
      db.onversionchange = () => db.close();
      resolve(db);
    };
  });
}

const STORES = ['papers', 'stars', 'tags', 'paperTags', 'notes'];

function readAll(db: IDBDatabase, scope: Scope, limit: number): Promise<FirstScreen | null> {
  return new Promise((resolve) => {
    let tx: IDBTransaction;
    try {
      tx = db.transaction(STORES, 'readonly');
    } catch {
      return resolve(null);
    }
    const store = (name: string) => tx.objectStore(name);
    const get = <T>(request: IDBRequest, take: (value: T) => void) => {
      request.onsuccess = () => take(request.result as T);
    };
    let tags: Tag[] = [];
    let papers: (StoredPaper | undefined)[] = [];
    let stars: (Star | undefined)[] = [];
    const links: PaperTag[][] = [];
    const notes: (PaperNote | undefined)[] = [];
    get<TagRow[]>(store('tags').getAll(), (rows) => {
      tags = rows.map(({ id, name, colour, createdAt }) => ({ id, name, colour, createdAt }));
    });
    // The rest of each row's reads, all sent at once when the first rows' ids are known.
    const around = (ids: string[], read: 'papers' | 'stars') => {
      ids.forEach((id, i) => {
        get<PaperTag[]>(store('paperTags').index('paperId').getAll(id), (rows) => (links[i] = rows));
        get<PaperNote | undefined>(store('notes').get(id), (note) => (notes[i] = note));
        if (read === 'papers') get<StoredPaper | undefined>(store('papers').get(id), (paper) => (papers[i] = paper));
        else get<Star | undefined>(store('stars').get(id), (star) => (stars[i] = star));
      });
    };
    // Newest first, `limit` of them (never a whole big table): in one request where the browser
    // reads an index backwards in one (getAllRecords, Chromium 141+), else by a cursor.
    const newest = <T>(source: IDBIndex, done: (rows: T[]) => void) => {
      const backwards = source as IDBIndex & {
        getAllRecords?: (options: { direction: 'prev'; count: number }) => IDBRequest<{ value: T }[]>;
      };
      if (typeof backwards.getAllRecords === 'function' && limit > 0) {
        return get<{ value: T }[]>(backwards.getAllRecords({ direction: 'prev', count: limit }), (records) =>
          done(records.map((r) => r.value)),
        );
      }
      const rows: T[] = [];
      const cursor = source.openCursor(null, 'prev');
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (at && rows.length < limit) {
          rows.push(at.value as T);
          if (rows.length < limit) return at.continue();
        }
        done(rows);
      };
    };
    if (scope === 'starred') {
      newest<Star>(store('stars').index('starredAt'), (rows) => {
        stars = rows;
        papers = new Array<StoredPaper | undefined>(rows.length);
        around(
          rows.map((s) => s.paperId),
          'papers',
        );
      });
    } else {
      newest<StoredPaper>(store('papers').index('lastSeenAt'), (rows) => {
        papers = rows;
        around(
          rows.map((p) => p.id),
          'stars',
        );
      });
    }
    tx.oncomplete = () =>
      resolve({
        stars: stars.filter((s): s is Star => !!s),
        tags,
        papers,
        links: links.flat(),
        notes: notes.filter((n): n is PaperNote => !!n),
      });
    tx.onerror = (event) => {
      event.preventDefault();
      resolve(null);
    };
    tx.onabort = () => resolve(null);
  });
}
