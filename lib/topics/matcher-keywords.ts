/**
 * Keyword rules as the matcher (lib/topics/matcher.ts) indexes them: each rule on its anchor (its
 * longest word) and the word after it (KeywordTest, AnchorEntry), and what a scanner does where it
 * finds an anchor in a text — confirm the rules standing there as whole words (atOccurrence). The
 * scanners that find the anchors are in matcher-scanners.ts.
 */
import type { HideRule } from '../model/library';
import { isSpace, isWordChar, lowerUnit } from './matcher-text';

/**
 * Finds, for each set still without a rule (null in `found`), its keyword rule standing first in
 * `text`, put in `found`; and marks in `seen` the regex rules' words (lib/topics/regex-literals)
 * that stand in `text` — every one when the scanner cannot tell. Returns how many sets are still
 * without a rule (at 0 it may stop early: no regex is run then).
 */
export type Scanner = (text: string, found: Array<HideRule | null>, pending: number, seen: Uint8Array) => number;

/** A keyword rule: its normalised text, and where its anchor (its longest word) sits in it. */
export interface KeywordTest {
  rule: HideRule;
  set: number;
  /** Its place among all rules: a set's earlier rule has a smaller one. */
  order: number;
  /** Lower case, white space folded to single spaces. */
  key: string;
  anchorAt: number;
  anchorLength: number;
}

/**
 * The keyword rules on one anchor word, by what follows the anchor in their text: the next word
 * after a space, or the next character (suffixAt); `rest` when the anchor ends the key.
 * An anchor in a text is confirmed only against the rules whose next word stands after it there
 * (the bench's "language 0" … "language 190" cost one look-up per "language" in an abstract).
 */
export interface AnchorEntry {
  rest: KeywordTest[];
  bySuffix: Map<number, KeywordTest[]>;
}

/**
 * Does `t.key` stand in `text` around the anchor word found at [start, end), as whole words,
 * comparing lower case (lowerUnit)? A space in the key stands for any run of white space in the
 * text.
 */
function confirm(text: string, start: number, end: number, t: KeywordTest): boolean {
  const { key } = t;
  // Backwards through the key's part before the anchor.
  let i = start;
  for (let k = t.anchorAt - 1; k >= 0; k--) {
    if (key.charCodeAt(k) === 32) {
      if (i === 0 || !isSpace(text.charCodeAt(i - 1))) return false;
      while (i > 0 && isSpace(text.charCodeAt(i - 1))) i--;
    } else if (i === 0 || lowerUnit(text, --i) !== key.charCodeAt(k)) return false;
  }
  // Forwards through the part after it.
  let j = end;
  for (let k = t.anchorAt + t.anchorLength; k < key.length; k++) {
    if (key.charCodeAt(k) === 32) {
      if (j >= text.length || !isSpace(text.charCodeAt(j))) return false;
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    } else if (j >= text.length || lowerUnit(text, j++) !== key.charCodeAt(k)) return false;
  }
  return !(i > 0 && isWordChar(text.charCodeAt(i - 1), text, i - 1)) && !(j < text.length && isWordChar(text.charCodeAt(j), text, j));
}

/**
 * What follows position `end` of a text (or a key), as AnchorEntry indexes it: a hash of the next
 * word after white space, or of the next character; -1 at the end. A filter only (confirm decides),
 * so a clash of hashes costs a confirm, never a match; no string is made.
 */
export function suffixAt(text: string, end: number): number {
  if (end >= text.length) return -1;
  if (!isSpace(text.charCodeAt(end))) return (lowerUnit(text, end) * 2) >>> 0;
  let j = end;
  while (j < text.length && isSpace(text.charCodeAt(j))) j++;
  let h = 7;
  while (j < text.length && isWordChar(text.charCodeAt(j), text, j)) h = (Math.imul(h, 31) + lowerUnit(text, j++)) | 0;
  return ((h >>> 0) * 2 + 1) % 0x100000000;
}

/**
 * Confirms the rules of one anchor at [start, end) of `text` for the sets still without a rule,
 * merging `rest` and the suffix's rules by order (a set takes its earliest). Returns how many sets
 * it settled.
 */
export function atOccurrence(text: string, start: number, end: number, entry: AnchorEntry, found: Array<HideRule | null>): number {
  const a = entry.rest;
  const b = entry.bySuffix.size ? entry.bySuffix.get(suffixAt(text, end)) : undefined;
  let settled = 0;
  let i = 0;
  let j = 0;
  const bn = b ? b.length : 0;
  while (i < a.length || j < bn) {
    const t = j >= bn || (i < a.length && a[i]!.order < b![j]!.order) ? a[i++]! : b![j++]!;
    if (found[t.set] === null && confirm(text, start, end, t)) {
      found[t.set] = t.rule;
      settled++;
    }
  }
  return settled;
}

/**
 * Calls `visit` with each maximal run of letters and digits in `text` and where it starts, in
 * order. One pass over the characters; no regex.
 */
export function eachWord(text: string, visit: (word: string, start: number) => void): void {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inWord = i < text.length && isWordChar(text.charCodeAt(i), text, i);
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      visit(text.slice(start, i), start);
      start = -1;
    }
  }
}
