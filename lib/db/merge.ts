/**
 * How a paper read off a page is merged into what the library already knows. Pure functions:
 * the store calls them inside its transactions, the tests call them directly.
 *
 * Rules:
 *  - a known field is never replaced by an empty one (absent, "", [], an object of empties);
 *  - firstSeenAt is the earliest ever seen, lastSeenAt the latest;
 *  - a non-empty field from the newer read wins (so upvote and comment counts are the newest),
 *    a field from an older read only fills a gap;
 *  - `seenOn` keeps the last SEEN_ON_CAP distinct listings (view + path), most recent last.
 */
import { PaperRecord } from '../model/paper';
import type { StoredPaper } from '../model/library';
import { SEEN_ON_CAP, listingPath, localDay } from './derive';

type FieldName = Exclude<keyof PaperRecord, 'id' | 'seenOn'>;
type Listing = StoredPaper['seenOn'][number];

/**
 * Every field read off the page, taken from the contract itself so that a field added to
 * PaperRecord is stored and merged without touching this file.
 */
export const RECORD_FIELDS = Object.keys(PaperRecord.shape).filter((k) => k !== 'id' && k !== 'seenOn') as FieldName[];

/** Nested objects whose identity is one field: another slug is another organisation, not an update. */
const IDENTITY: Partial<Record<FieldName, string>> = { organization: 'slug', github: 'repo' };

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Absent, blank text, an empty list, or an object holding only such values. 0 is a real count. */
export function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.values(v).every(isEmpty);
  return false;
}

/** Drops the empty members of an object (so `{slug, name: ""}` is stored as `{slug}`). */
function clean(v: unknown): unknown {
  if (!isObject(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (!isEmpty(x)) out[k] = x;
  return out;
}

function mergeValue(field: FieldName, old: unknown, incoming: unknown, incomingWins: boolean): unknown {
  if (isEmpty(incoming)) return old;
  if (isEmpty(old)) return clean(incoming);
  if (isObject(old) && isObject(incoming)) {
    const id = IDENTITY[field];
    if (id && old[id] !== incoming[id]) return incomingWins ? clean(incoming) : old;
    const out: Obj = { ...old };
    for (const [k, v] of Object.entries(incoming)) {
      if (!isEmpty(v) && (incomingWins || isEmpty(out[k]))) out[k] = v;
    }
    return out;
  }
  return incomingWins ? incoming : old;
}

type Fields = Partial<Record<FieldName, unknown>>;

function mergeFields(row: StoredPaper, existing: Fields, incoming: Fields, incomingWins: boolean) {
  const target = row as unknown as Obj;
  for (const f of RECORD_FIELDS) {
    const v = mergeValue(f, existing[f], incoming[f], incomingWins);
    if (v === undefined) delete target[f];
    else target[f] = v;
  }
}

function sameListing(a: Listing, b: Listing): boolean {
  return a.view === b.view && a.path === b.path;
}

/** Adds a listing (replacing an earlier visit to the same one), most recent last, capped. */
export function addListing(list: readonly Listing[], entry: Listing, cap = SEEN_ON_CAP): Listing[] {
  const out = list.filter((l) => !sameListing(l, entry));
  out.push(entry);
  if (out.length > 1 && entry.at < out[out.length - 2]!.at) out.sort((a, b) => a.at - b.at);
  return out.length > cap ? out.slice(out.length - cap) : out;
}

/** The union of two histories: one entry per listing at its latest visit, most recent last, capped. */
export function unionListings(a: readonly Listing[], b: readonly Listing[], cap = SEEN_ON_CAP): Listing[] {
  const byKey = new Map<string, Listing>();
  for (const l of [...a, ...b]) {
    const key = `${l.view}\u0000${l.path}`;
    const prev = byKey.get(key);
    if (!prev || l.at > prev.at) byKey.set(key, l);
  }
  const out = [...byKey.values()].sort((x, y) => x.at - y.at);
  return out.length > cap ? out.slice(out.length - cap) : out;
}

/**
 * Merges one page read of a paper into its stored row (or makes the row).
 * `read`: this is a page read of the paper (counts it, notes the listing, moves lastSeenAt);
 * false when the record only refreshes fields (e.g. it came with a star).
 */
export function mergeRecord(existing: StoredPaper | undefined, record: PaperRecord, now: number, read = true): StoredPaper {
  const listing: Listing = { view: record.seenOn.view, path: listingPath(record.seenOn.url), at: now };
  if (!existing) {
    const row = { id: record.id } as StoredPaper;
    mergeFields(row, {}, record, true);
    row.firstSeenAt = now;
    row.lastSeenAt = now;
    row.firstSeenDay = localDay(now);
    row.seenCount = 1;
    row.seenOn = [listing];
    return row;
  }
  const row: StoredPaper = { ...existing };
  mergeFields(row, existing, record, now >= existing.lastSeenAt);
  if (now < existing.firstSeenAt) {
    row.firstSeenAt = now;
    row.firstSeenDay = localDay(now);
  }
  if (read) {
    row.lastSeenAt = Math.max(existing.lastSeenAt, now);
    row.seenCount = existing.seenCount + 1;
    row.seenOn = addListing(existing.seenOn, listing);
  }
  return row;
}

/** Merges a stored row from a backup into the local one (import). Idempotent. */
export function mergeStored(existing: StoredPaper, incoming: StoredPaper): StoredPaper {
  const row: StoredPaper = { ...existing };
  mergeFields(row, existing, incoming, incoming.lastSeenAt > existing.lastSeenAt);
  const earlier = incoming.firstSeenAt < existing.firstSeenAt ? incoming : existing;
  row.firstSeenAt = earlier.firstSeenAt;
  row.firstSeenDay = earlier.firstSeenDay;
  row.lastSeenAt = Math.max(existing.lastSeenAt, incoming.lastSeenAt);
  row.seenCount = Math.max(existing.seenCount, incoming.seenCount);
  row.seenOn = unionListings(existing.seenOn, incoming.seenOn);
  return row;
}

/** Structural equality of JSON-like values, ignoring key order and undefined members. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameValue(a[k], b[k]));
  }
  return false;
}
