/**
 * How the shared state is cut into `storage.sync` items within the browser's quotas.
 *
 * Keys: `pd1:p<n>` papers (stars and tag links), `pd1:t<n>` tags, `pd1:r<n>` hide rules. Each
 * kind is spread over 2^k items by a hash of the entry's id, k as small as keeps every item under
 * the per-item quota; so a star changes one item, not the whole library, and items hold no
 * pointers to each other (a device that receives some items before others merges what it has).
 *
 * When everything does not fit, rules and tags go first (they are small and give tag links
 * their meaning), then papers newest change first; the oldest papers are left out and counted.
 */
import { encodePapers, fnv1a, paperFields, type PaperEntry } from './codec';
import { paperEntries, ruleEntries, tagEntries, type SyncState } from './state';

/** Chrome's `storage.sync` quotas (Firefox has the first three, and no write rate limit). */
export const CHROME_SYNC_QUOTA = {
  QUOTA_BYTES: 102_400,
  QUOTA_BYTES_PER_ITEM: 8_192,
  MAX_ITEMS: 512,
  MAX_WRITE_OPERATIONS_PER_MINUTE: 120,
  MAX_WRITE_OPERATIONS_PER_HOUR: 1_800,
} as const;

/** Every item of format 1 starts with this; other keys in the area are not ours. */
export const PREFIX = 'pd1:';
export const isOwnKey = (key: string): boolean => key.startsWith(PREFIX);

export type ItemValue = string | string[];

const encoder = new TextEncoder();
/** What Chrome counts for an item: the key plus its JSON, in UTF-8 bytes. */
export function itemBytes(key: string, value: unknown): number {
  return encoder.encode(key).length + encoder.encode(JSON.stringify(value)).length;
}

export interface Budget {
  bytes: number;
  items: number;
  perItem: number;
}

/** The room left for us once other keys in the area (not ours) are counted. */
export function budgetBeside(all: Record<string, unknown>, quota = CHROME_SYNC_QUOTA): Budget {
  let bytes = 0;
  let items = 0;
  for (const [key, value] of Object.entries(all)) {
    if (isOwnKey(key)) continue;
    bytes += itemBytes(key, value);
    items++;
  }
  return { bytes: quota.QUOTA_BYTES - bytes, items: quota.MAX_ITEMS - items, perItem: quota.QUOTA_BYTES_PER_ITEM };
}

/** Elements present on this device that the layout had to leave out. */
export interface LeftOut {
  stars: number;
  links: number;
  tags: number;
  rules: number;
}

export interface Layout {
  items: Record<string, ItemValue>;
  bytes: number;
  /** Present stars (and links, tags, rules) that are in the state. */
  total: LeftOut;
  left: LeftOut;
}

const MAX_SPLIT = 256;

/** Spreads entries over the fewest power-of-two buckets that keep each item within `perItem`. */
function shard<E>(
  entries: readonly E[],
  keyOf: (e: E) => string,
  itemKey: (n: number) => string,
  encode: (bucket: E[]) => ItemValue,
  perItem: number,
): Record<string, ItemValue> {
  if (entries.length === 0) return {};
  for (let count = 1; count <= MAX_SPLIT; count *= 2) {
    const buckets: E[][] = Array.from({ length: count }, () => []);
    for (const e of entries) buckets[fnv1a(keyOf(e)) % count]!.push(e);
    const items: Record<string, ItemValue> = {};
    let fits = true;
    buckets.forEach((bucket, n) => {
      if (!fits || bucket.length === 0) return;
      const value = encode(bucket);
      if (itemBytes(itemKey(n), value) > perItem) fits = false;
      else items[itemKey(n)] = value;
    });
    if (fits) return items;
  }
  throw new Error('an entry is larger than a sync item can hold');
}

const tagIdOf = (entry: string) => entry.slice(0, 5);

function sizeOf(items: Record<string, ItemValue>): { bytes: number; count: number } {
  let bytes = 0;
  let count = 0;
  for (const [key, value] of Object.entries(items)) {
    bytes += itemBytes(key, value);
    count++;
  }
  return { bytes, count };
}

function present(entry: PaperEntry): { stars: number; links: number } {
  return { stars: entry.star?.on ? 1 : 0, links: entry.links.filter(([, r]) => r.on).length };
}

const newest = (e: PaperEntry) => Math.max(e.star?.t ?? 0, ...e.links.map(([, r]) => r.t));

/** The items for `state` within `budget`, and what did not fit. Same state and budget, same items. */
export function layout(state: SyncState, budget: Budget): Layout {
  const papers = paperEntries(state);
  let tags = tagEntries(state);
  let rules = ruleEntries(state);
  const total: LeftOut = { stars: 0, links: 0, tags: 0, rules: 0 };
  for (const p of papers) {
    const n = present(p);
    total.stars += n.stars;
    total.links += n.links;
  }
  const liveTags = (list: string[]) => list.filter((e) => e[10] === '+').length;
  total.tags = liveTags(tags);
  total.rules = liveTags(rules);

  // Papers by priority: the most recently changed first.
  const ranked = [...papers].sort((a, b) => newest(b) - newest(a) || (a.id < b.id ? -1 : 1));
  let kept = ranked.length;

  const build = () => {
    const keep = ranked.slice(0, kept).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      ...shard(
        rules,
        tagIdOf,
        (n) => `${PREFIX}r${n}`,
        (b) => b,
        budget.perItem,
      ),
      ...shard(
        tags,
        tagIdOf,
        (n) => `${PREFIX}t${n}`,
        (b) => b,
        budget.perItem,
      ),
      ...shard(
        keep,
        (e) => e.id,
        (n) => `${PREFIX}p${n}`,
        encodePapers,
        budget.perItem,
      ),
    };
  };

  for (;;) {
    const items = build();
    const { bytes, count } = sizeOf(items);
    if (bytes <= budget.bytes && count <= budget.items) {
      const left: LeftOut = { stars: 0, links: 0, tags: total.tags - liveTags(tags), rules: total.rules - liveTags(rules) };
      for (const p of ranked.slice(kept)) {
        const n = present(p);
        left.stars += n.stars;
        left.links += n.links;
      }
      return { items, bytes, total, left };
    }
    // Leave out the lowest-ranked papers worth the excess (an entry costs at most its full id
    // and fields; sharing id prefixes makes it less, so this may take another round).
    let excess = Math.max(1, bytes - budget.bytes);
    if (kept === 0) {
      // Only tags and rules left and still too big (thousands of them): drop the last ones.
      if (tags.length) tags = tags.slice(0, -Math.max(1, Math.ceil(tags.length / 8)));
      else if (rules.length) rules = rules.slice(0, -Math.max(1, Math.ceil(rules.length / 8)));
      else return { items: {}, bytes: 0, total, left: { ...total } };
      continue;
    }
    if (count > budget.items) excess = Math.max(excess, Math.ceil(bytes / count) * (count - budget.items));
    while (kept > 0 && excess > 0) {
      const e = ranked[--kept]!;
      excess -= e.id.length + paperFields(e).length;
    }
  }
}
