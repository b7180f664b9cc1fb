/**
 * A compact, sorted set of arXiv ids that can be asked "is this id in it?" without being parsed:
 * the page reads tens of thousands of ids ("seen before") at every load, and building a Set of
 * them would cost more than deciding the cards it shows.
 *
 * New-style ids (YYMM.NNNNN, YYMM.NNNN before 2015) become one number, YYMM × 200000 + NNNN for
 * four digits and YYMM × 200000 + 100000 + NNNNN for five (so even a malformed 1412.01234 is not
 * 1412.1234), under 36^6, written as 6 base-36 digits. The
 * digits sort like the numbers, so the string is a sorted array of fixed-width cells and a lookup
 * is a binary search over it. Old-style ids (hep-th/9901001), rare on Hugging Face, are a plain
 * sorted list after the cells.
 *
 * Written by the background (lib/snapshot/writer.ts), read by the content script: no zod, no Dexie.
 */
const WIDTH = 6;
const NEW_STYLE = /^(\d{4})\.(\d{4,5})$/;
/** Between the cells and the old-style ids (no base-36 digit). */
const SEP = '|';

function cell(id: string): string | undefined {
  const m = NEW_STYLE.exec(id);
  if (!m) return undefined;
  const digits = m[2]!;
  return (Number(m[1]) * 200000 + (digits.length === 5 ? 100000 : 0) + Number(digits)).toString(36).padStart(WIDTH, '0');
}

/** The encoded set of `ids` (any order, repeats ignored). */
export function encodeIds(ids: Iterable<string>): string {
  const cells = new Set<string>();
  const old = new Set<string>();
  for (const id of ids) {
    const c = cell(id);
    if (c) cells.add(c);
    else if (id && !id.includes(',') && !id.includes(SEP)) old.add(id);
  }
  return [...cells].sort().join('') + SEP + [...old].sort().join(',');
}

export interface IdSet {
  has(id: string): boolean;
  readonly size: number;
}

/** A set over an encoded string; a malformed one is empty (never throws into the page). */
export function decodeIds(encoded: unknown): IdSet {
  if (typeof encoded !== 'string') return EMPTY;
  const sep = encoded.indexOf(SEP);
  if (sep < 0 || sep % WIDTH !== 0) return EMPTY;
  const cells = encoded.slice(0, sep);
  const count = sep / WIDTH;
  let old: Set<string> | null = null;
  const oldPart = encoded.slice(sep + 1);
  return {
    size: count + (oldPart ? oldPart.split(',').length : 0),
    has(id) {
      const c = cell(id);
      if (c === undefined) return (old ??= new Set(oldPart ? oldPart.split(',') : [])).has(id);
      let lo = 0;
      let hi = count - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const at = cells.slice(mid * WIDTH, mid * WIDTH + WIDTH);
        if (at === c) return true;
        if (at < c) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    },
  };
}

const EMPTY: IdSet = { size: 0, has: () => false };
