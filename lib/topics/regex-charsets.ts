/**
 * Character sets for the regex analysis (lib/topics/regex-safety): sorted, disjoint, inclusive
 * code point ranges [lo0, hi0, lo1, hi1, …], with the classes JavaScript patterns name (\d, \w,
 * \s, line ends), `\p{…}` taken as larger than it is, and case folding.
 */

export type CharSet = readonly number[];
export const MAX_CP = 0x10ffff;
export const ALL: CharSet = [0, MAX_CP];
export const EMPTY: CharSet = [];

export function setOf(ranges: Array<[number, number]>): CharSet {
  const sorted = ranges.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of sorted) {
    const n = out.length;
    if (n && lo <= out[n - 1]! + 1) out[n - 1] = Math.max(out[n - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

const pairs = (s: CharSet): Array<[number, number]> => {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < s.length; i += 2) out.push([s[i]!, s[i + 1]!]);
  return out;
};

export const union = (...sets: CharSet[]): CharSet => setOf(sets.flatMap(pairs));

export function complement(s: CharSet): CharSet {
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [lo, hi] of pairs(s)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return setOf(out);
}

export function intersect(a: CharSet, b: CharSet): CharSet {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

export function overlaps(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (Math.max(a[i]!, b[j]!) <= Math.min(a[i + 1]!, b[j + 1]!)) return true;
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return false;
}

export const single = (c: number): CharSet => [c, c];
export const DIGIT = setOf([[48, 57]]);
export const WORD = setOf([
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
]);
export const SPACE = setOf([
  [9, 13],
  [32, 32],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);
export const LINE_ENDS = setOf([
  [10, 10],
  [13, 13],
  [0x2028, 0x2029],
]);
/** Every non-ASCII character that is not a blank: holds every non-ASCII letter and digit. */
const NON_ASCII_INK = intersect([0x80, MAX_CP], complement(SPACE));
/** What a letter (or script) property may match: the ASCII letters and any visible non-ASCII character. */
const ANY_LETTER = union(
  setOf([
    [65, 90],
    [97, 122],
  ]),
  NON_ASCII_INK,
);

/**
 * `\p{…}` / `\P{…}`: a set at least as large as the property (`over`), and one no larger
 * (`under`, for negated classes). Letters and digits are what patterns use them for.
 */
export function property(name: string, negated: boolean): { over: CharSet; under: CharSet } {
  if (negated) return { over: ALL, under: EMPTY };
  const value = name.includes('=') ? name.slice(name.indexOf('=') + 1) : name;
  const key = name.includes('=') ? name.slice(0, name.indexOf('=')) : '';
  if (key === 'Script' || key === 'sc' || key === 'Script_Extensions' || key === 'scx') {
    return {
      over: ANY_LETTER,
      under: EMPTY,
    };
  }
  if (
    /^(?:L|Letter|Lu|Ll|Lt|Lm|Lo|Uppercase_Letter|Lowercase_Letter|Titlecase_Letter|Modifier_Letter|Other_Letter|Alphabetic|Alpha|Uppercase|Upper|Lowercase|Lower|Ideographic|Ideo)$/.test(
      value,
    )
  ) {
    return {
      over: ANY_LETTER,
      under:
        value === 'L' || value === 'Letter'
          ? setOf([
              [65, 90],
              [97, 122],
            ])
          : EMPTY,
    };
  }
  if (/^(?:N|Number|Nd|Decimal_Number|digit)$/.test(value)) return { over: union(DIGIT, NON_ASCII_INK), under: DIGIT };
  return { over: ALL, under: EMPTY };
}

/** The set with every character that matches one of its members case-insensitively (or more). */
export function foldCase(s: CharSet): CharSet {
  const extra: Array<[number, number]> = [];
  for (const [lo, hi] of pairs(s)) {
    // ASCII letters: the other case.
    const a = Math.max(lo, 65);
    const b = Math.min(hi, 90);
    if (a <= b) extra.push([a + 32, b + 32]);
    const c = Math.max(lo, 97);
    const d = Math.min(hi, 122);
    if (c <= d) extra.push([c - 32, d - 32]);
  }
  const nonAscii = intersect(s, [0x80, MAX_CP]);
  let size = 0;
  for (const [lo, hi] of pairs(nonAscii)) size += hi - lo + 1;
  // Many: every non-ASCII character but the blanks (a case variant is never a blank).
  if (size > 512) extra.push(...pairs(NON_ASCII_INK));
  else {
    for (const [lo, hi] of pairs(nonAscii)) {
      for (let cp = lo; cp <= hi; cp++) {
        const ch = String.fromCodePoint(cp);
        for (const other of [ch.toLowerCase(), ch.toUpperCase()]) {
          if (other.length <= 2 && [...other].length === 1) extra.push([other.codePointAt(0)!, other.codePointAt(0)!]);
        }
      }
    }
  }
  const folded = union(s, setOf(extra));
  // Unicode case folding maps the Kelvin sign to k and the long s to s (and back).
  const more: Array<[number, number]> = [];
  if (
    overlaps(
      folded,
      setOf([
        [75, 75],
        [107, 107],
        [0x212a, 0x212a],
      ]),
    )
  )
    more.push([75, 75], [107, 107], [0x212a, 0x212a]);
  if (
    overlaps(
      folded,
      setOf([
        [83, 83],
        [115, 115],
        [0x17f, 0x17f],
      ]),
    )
  )
    more.push([83, 83], [115, 115], [0x17f, 0x17f]);
  return more.length ? union(folded, setOf(more)) : folded;
}
