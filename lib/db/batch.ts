/**
 * Batched reads by primary key in few IndexedDB requests.
 *
 * In Chromium every IndexedDB request is a round trip to the browser process; `bulkGet` of 1,000
 * ids is 1,000 of them and costs more than the data. The ids of one page read sit close together
 * in key order (arXiv ids of one listing share a YYMM prefix), so one `getAllKeys` over the range
 * they span tells which exist, and one `getAll` over the same range reads them. When the range
 * turns out to hold many other rows (ids from far apart), it falls back to `bulkGet`.
 *
 * Call inside a transaction that covers `table`.
 */
import type { Table } from 'dexie';

/** Below this many ids, per-id requests are as cheap as a range read. */
const SMALL = 8;

function span(ids: readonly string[]): [string, string] {
  let lo = ids[0]!;
  let hi = lo;
  for (const id of ids) {
    if (id < lo) lo = id;
    else if (id > hi) hi = id;
  }
  return [lo, hi];
}

/**
 * Which of `ids` have a row (keys only, one request) and how many rows their key range holds;
 * null when the range is too crowded to tell cheaply.
 */
export async function existingKeys<T, I>(
  table: Table<T, string, I>,
  ids: readonly string[],
): Promise<{ present: Set<string>; inRange: number } | null> {
  if (ids.length === 0) return { present: new Set(), inRange: 0 };
  const [lo, hi] = span(ids);
  const cap = ids.length * 2 + 32;
  const keys: string[] = await table
    .where(':id')
    .between(lo, hi, true, true)
    .limit(cap + 1)
    .primaryKeys();
  if (keys.length > cap) return null;
  const wanted = new Set(ids);
  return { present: new Set(keys.filter((k) => wanted.has(k))), inRange: keys.length };
}

/** The rows for `ids` (undefined where absent), in the order of `ids`. */
export async function getMany<T, I>(table: Table<T, string, I>, ids: readonly string[]): Promise<(T | undefined)[]> {
  if (ids.length < SMALL) return table.bulkGet([...ids]);
  const found = await existingKeys(table, ids);
  if (found === null) return table.bulkGet([...ids]);
  const { present, inRange } = found;
  if (present.size === 0) return ids.map(() => undefined);
  let rows: T[];
  if (inRange <= present.size * 2 + 32) {
    // Mostly wanted rows in the range: read it whole, in one request.
    const [lo, hi] = span(ids);
    rows = await table.where(':id').between(lo, hi, true, true).toArray();
  } else {
    rows = (await table.bulkGet([...present])) as T[];
  }
  const key = table.schema.primKey.keyPath as string;
  const byId = new Map<string, T>();
  for (const row of rows) if (row) byId.set((row as Record<string, string>)[key]!, row);
  return ids.map((id) => byId.get(id));
}
