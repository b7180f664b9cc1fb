// The tests' own way into the extension's IndexedDB (from an extension page: same origin as the
// background), with the raw API, so that they look at and set up what is really stored.
//
// One function for every read and write, because the raw API has two traps that hang a test for
// ever: `indexedDB.open(name)` on a database the extension has not made yet makes an empty one
// (which then blocks the extension's own upgrade while it stays open), and an exception thrown in
// an IndexedDB event handler rejects nothing. Here the database is only ever opened as the
// extension made it (waited for, never made), and every failure rejects with a message.

/**
 * Runs `ops` in one transaction on the extension's database, once the extension has made it, and
 * returns one result per op:
 * - `{ op: 'getAll', table }` → the rows (`[]` for a table the database does not have, e.g. an
 *   older release's)
 * - `{ op: 'put', table, value }`, `{ op: 'delete', table, key }`, `{ op: 'clear', table }` → true
 * - `{ op: 'patch', table, ids, patch }` → true: each row found gets `patch` merged in
 * @param {{ evaluate: Function }} page an extension page (popup, library…)
 * @param {Array<Record<string, unknown>>} ops
 * @param {{ timeout?: number }} [opts] how long to wait for the extension to make its database
 */
export function inDatabase(page, ops, { timeout = 15_000 } = {}) {
  return page.evaluate(
    async ({ ops, timeout }) => {
      const request = (req) =>
        new Promise((resolve, reject) => {
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      /** The database as the extension made it, or null while it has not (nothing is made here). */
      const openMade = () =>
        new Promise((resolve) => {
          const open = indexedDB.open('paperdeck');
          // Only a database that does not exist yet upgrades on an open without a version: call it off.
          open.onupgradeneeded = () => open.transaction.abort();
          open.onsuccess = () => {
            if (open.result.objectStoreNames.length > 0) return resolve(open.result);
            open.result.close();
            resolve(null);
          };
          open.onerror = () => resolve(null);
        });
      let db;
      for (const deadline = Date.now() + timeout; !(db = await openMade());) {
        if (Date.now() > deadline) throw new Error(`The extension did not make its database within ${timeout} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      try {
        const has = (table) => db.objectStoreNames.contains(table);
        const writes = ops.some((o) => o.op !== 'getAll');
        for (const o of ops) if (o.op !== 'getAll' && !has(o.table)) throw new Error(`The database has no table ${o.table}`);
        const tables = [...new Set(ops.map((o) => o.table).filter(has))];
        if (tables.length === 0) return ops.map(() => []);
        const tx = db.transaction(tables, writes ? 'readwrite' : 'readonly');
        const done = new Promise((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error ?? new Error('the transaction was aborted'));
        });
        const results = ops.map(async (o) => {
          if (!has(o.table)) return [];
          const store = tx.objectStore(o.table);
          if (o.op === 'getAll') return request(store.getAll());
          if (o.op === 'put') return request(store.put(o.value)).then(() => true);
          if (o.op === 'delete') return request(store.delete(o.key)).then(() => true);
          if (o.op === 'clear') return request(store.clear()).then(() => true);
          if (o.op === 'patch') {
            for (const id of o.ids) {
              const row = await request(store.get(id));
              if (row) await request(store.put({ ...row, ...o.patch }));
            }
            return true;
          }
          throw new Error(`Unknown database op ${o.op}`);
        });
        const out = await Promise.all(results);
        await done;
        return out;
      } finally {
        db.close();
      }
    },
    { ops, timeout },
  );
}

/** The rows of a table (`[]` for a table the database does not have). */
export async function readTable(page, table) {
  return (await inDatabase(page, [{ op: 'getAll', table }]))[0];
}

/** Rewrites rows of a table in place (test setup: e.g. "this paper was first seen yesterday"). */
export async function patchRows(page, table, ids, patch) {
  return (await inDatabase(page, [{ op: 'patch', table, ids, patch }]))[0];
}
