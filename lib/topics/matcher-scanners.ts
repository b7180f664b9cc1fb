/**
 * The matcher's keyword scanners (lib/topics/matcher.ts): each finds, in one pass over a field,
 * where the keyword rules' anchor words stand (and the regex rules' words), and confirms the rules
 * there (matcher-keywords.ts). unicodeScanner: one case-blind Unicode alternation; regexScanner:
 * one ASCII alternation after `\b` (the usual case, falling back to unicodeScanner); wordScanner:
 * one pass hashing each word (many anchors). Also the trie source the alternations are built from.
 */
import type { HideRule } from '../model/library';
import { type AnchorEntry, type Scanner, atOccurrence } from './matcher-keywords';
import { ASCII_WORD_LOWER, isWordChar, lowerWhole, wordHash } from './matcher-text';

/**
 * Finds keyword rules by their anchor words with the regex engine (native code): all anchors in
 * one case-blind (Unicode) alternation shaped as a trie, over the text as it is. Exact: a
 * character's fold equals its lower case's fold for every code point but U+0130 (checked over all
 * of Unicode in the tests), and a text with that letter is lowered first. A match whose lower case
 * is no anchor is looked past by one character; a real one is a run of letters and digits, so no
 * whole word starts inside it and the search goes on from its end. Returns how many sets are still
 * without a rule.
 */
export function unicodeScanner(byAnchor: ReadonlyMap<string, AnchorEntry>): Scanner {
  if (byAnchor.size === 0) return (_text, _found, pending, seen) => (seen.fill(1), pending);
  const anchorRe = new RegExp(trieSource([...byAnchor.keys()]), 'giu');
  return (input, found, pending, seen) => {
    seen.fill(1);
    const text = lowerWhole(input) ? input.toLowerCase() : input;
    anchorRe.lastIndex = 0;
    for (let m = anchorRe.exec(text); m; m = anchorRe.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      // Mostly in lower case already: no new string then.
      const entry = byAnchor.get(m[0]) ?? byAnchor.get(m[0].toLowerCase());
      if (!entry) {
        anchorRe.lastIndex = start + 1;
        continue;
      }
      if (start > 0 && isWordChar(text.charCodeAt(start - 1), text, start - 1)) continue;
      if (end < text.length && isWordChar(text.charCodeAt(end), text, end)) continue;
      pending -= atOccurrence(text, start, end, entry, found);
      if (pending === 0) break;
    }
    return pending;
  };
}

/** Letters and digits of ASCII only, lower case: the words the quick scan finds. */
const ASCII_WORD = /^[a-z0-9]+$/;
/**
 * Characters that send a text to unicodeScanner: `_` (no word character of ours, but one of `\b`'s,
 * so a word right after it has no `\b` before it), and those whose lower case is ASCII or needs
 * the whole text: U+0130 İ, U+212A Kelvin sign K, and U+03A3 Σ when a keyword holds a sigma (its
 * lower case, σ or ς, depends on what follows). Rare in titles and abstracts.
 */
const hasSlowChar = (text: string, sigma: boolean) =>
  text.includes('_') || text.includes('\u0130') || text.includes('\u212a') || (sigma && text.includes('\u03a3'));

/**
 * The scan for keyword rules whose anchor words are all ASCII letters and digits (most rules),
 * and for the regex rules' words (`literals`, by their index in `seen`): one alternation of all
 * these words as a trie, after `\b`, case-blind in ASCII only (flag i without u), over the text as
 * it is. Exact, for a text without hasSlowChar's characters: an ASCII word at a word start of ours
 * has `\b` before it (the character before is no ASCII letter, digit or `_`); ASCII case-blindness
 * is lower case for every other character (only K lowers to an ASCII letter); and at a place the
 * longest word that stands there is matched, so a shorter one there is no whole word, and a regex
 * rule's word is marked when it is a prefix of the word matched. Measured with the bench's rules
 * (tests/bench/follow.mjs, 2026-12): `\b` lets the engine skip the inside of words, ~35% quicker
 * than the Unicode scan, and finding the regex rules' words in the same pass spares running each
 * regex over every field. Otherwise (a text with those characters, an anchor beyond ASCII):
 * unicodeScanner, and every regex rule is run.
 */
export function regexScanner(byAnchor: ReadonlyMap<string, AnchorEntry>, literals: readonly string[]): Scanner {
  const slow = unicodeScanner(byAnchor);
  if (![...byAnchor.keys()].every((anchor) => ASCII_WORD.test(anchor))) return slow;
  /**
   * Each word the scan finds, by the hash of its characters (wordHash): its keyword rules, and
   * the regex rules' words it starts with.
   */
  interface Found {
    word: string;
    entry: AnchorEntry | undefined;
    marks: number[];
  }
  const words = new Map<string, Found>();
  for (const [anchor, entry] of byAnchor) words.set(anchor, { word: anchor, entry, marks: [] });
  for (const literal of literals) if (!words.has(literal)) words.set(literal, { word: literal, entry: undefined, marks: [] });
  if (words.size === 0) return slow;
  const byHash = new Map<number, Found[]>();
  for (const found of words.values()) {
    literals.forEach((literal, id) => found.word.startsWith(literal) && found.marks.push(id));
    const h = wordHash(found.word, 0, found.word.length);
    byHash.set(h, [...(byHash.get(h) ?? []), found]);
  }
  /** The word (in `words`) standing at [start, end) of `text`, in any ASCII case. */
  const wordAt = (text: string, start: number, end: number, h: number) =>
    byHash.get(h)?.find(({ word }) => {
      if (word.length !== end - start) return false;
      for (let i = 0; i < word.length; i++) if (ASCII_WORD_LOWER[text.charCodeAt(start + i)] !== word.charCodeAt(i)) return false;
      return true;
    });
  // Anchors that are no regex rule's word get their filter of what follows (anchorTail).
  const tails = new Map<string, string>();
  for (const { word, entry, marks } of words.values()) {
    const tail = entry && !marks.length ? anchorTail(entry) : undefined;
    if (tail !== undefined) tails.set(word, tail);
  }
  const wordRe = new RegExp(`\\b${trieSource([...words.keys()], tails)}`, 'gi');
  const sigma = [...byAnchor.values()].some(({ rest, bySuffix }) =>
    [rest, ...bySuffix.values()].some((tests) => tests.some(({ key }) => /[σς]/.test(key))),
  );
  return (text, found, pending, seen) => {
    if (hasSlowChar(text, sigma)) return slow(text, found, pending, seen);
    wordRe.lastIndex = 0;
    // test, not exec: no match object per word found (a quarter of the scan's time in the bench).
    while (wordRe.test(text)) {
      const end = wordRe.lastIndex;
      // The match is ASCII letters and digits after a `\b`: it starts where they do.
      let start = end;
      let h = 0;
      while (start > 0 && text.charCodeAt(start - 1) < 128 && ASCII_WORD_LOWER[text.charCodeAt(start - 1)]) start--;
      for (let i = start; i < end; i++) h = (Math.imul(h, 31) + ASCII_WORD_LOWER[text.charCodeAt(i)]!) | 0;
      const word = wordAt(text, start, end, h);
      if (!word) continue; // cannot be: the match is one of the words
      for (const id of word.marks) seen[id] = 1;
      if (!word.entry) continue;
      if (start > 0 && isWordChar(text.charCodeAt(start - 1), text, start - 1)) continue;
      if (end < text.length && isWordChar(text.charCodeAt(end), text, end)) continue;
      pending -= atOccurrence(text, start, end, word.entry, found);
      if (pending === 0) break;
    }
    return pending;
  };
}

/** The anchors as one alternation sharing prefixes (`diff(?:erent|usion)`): each position tries a few characters, not every anchor. */
function trieSource(words: readonly string[], tails: ReadonlyMap<string, string> = new Map()): string {
  interface Node {
    end: boolean;
    /** A lookahead the word ending here must be followed by (regexScanner's filter). */
    tail: string | undefined;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, tail: undefined, next: new Map() };
  for (const w of words) {
    let node = root;
    for (const ch of w) {
      let sub = node.next.get(ch);
      if (!sub) node.next.set(ch, (sub = { end: false, tail: undefined, next: new Map() }));
      node = sub;
    }
    node.end = true;
    node.tail = tails.get(w);
  }
  const emit = (node: Node): string => {
    // Longer first (greedy): at one place only the longest anchor can stand as a whole word.
    const alts = [...node.next].map(([ch, sub]) => escapeRegex(ch) + emit(sub));
    if (node.end && node.tail !== undefined) alts.push(`(?=${node.tail})`);
    if (!alts.length) return '';
    const body = alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
    if (!node.end || node.tail !== undefined) return body;
    return alts.length === 1 ? `(?:${body})?` : `${body}?`;
  };
  return emit(root);
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What must follow an anchor in a text for one of its keyword rules to stand there, as a regex
 * (flag i, no u) for regexScanner's alternation: its rules' next words (after white space) or next
 * characters, when all are ASCII; undefined (no filter) when a rule ends at the anchor, or one's
 * next word or character is beyond ASCII. A filter only: atOccurrence still confirms. In the
 * bench's "language 0" … "language 190" the scan then stops only at "language" followed by a
 * number, not at every "language" of the abstracts.
 */
function anchorTail(entry: AnchorEntry): string | undefined {
  if (entry.rest.length) return undefined;
  const nexts = new Set<string>();
  for (const tests of entry.bySuffix.values()) {
    for (const { key, anchorAt, anchorLength } of tests) {
      const end = anchorAt + anchorLength;
      if (key[end] !== ' ') {
        const ch = key[end]!;
        if (ch.charCodeAt(0) >= 128) return undefined;
        nexts.add(escapeRegex(ch));
        continue;
      }
      const word = /^ ([a-z0-9]+)(?![\p{L}\p{N}])/u.exec(key.slice(end))?.[1];
      if (!word) return undefined;
      nexts.add(`${SPACE_RUN}${word}(?![a-z0-9])`);
    }
  }
  return nexts.size ? [...nexts].join('|') : undefined;
}
/** A run of what isSpace calls white space. */
const SPACE_RUN = '[ \\t\\n\\v\\f\\r\\u00a0\\u2028\\u2029]+';

/**
 * Finds keyword rules by their anchor words with one pass over the characters: each word is
 * lower-cased as it is read (ASCII by a table) and hashed, and only a word whose length and hash
 * some anchor has is compared. The text is lower-cased as a whole only when a word needs
 * confirming, or — as the exact path — when it holds an upper-case letter outside ASCII (whose
 * lower case may change the length).
 */
export function wordScanner(byAnchor: ReadonlyMap<string, AnchorEntry>): Scanner {
  // Anchor lengths as a flat table, and anchors by a hash of their characters: most words of a
  // text are dismissed without making a string of them.
  const lengthTable = new Uint8Array(64);
  const longLengths = new Set<number>();
  const byHash = new Map<number, Array<{ anchor: string; entry: AnchorEntry }>>();
  for (const [anchor, entry] of byAnchor) {
    if (anchor.length < 64) lengthTable[anchor.length] = 1;
    else longLengths.add(anchor.length);
    const h = wordHash(anchor, 0, anchor.length);
    const list = byHash.get(h);
    if (list) list.push({ anchor, entry });
    else byHash.set(h, [{ anchor, entry }]);
  }
  // A bit per anchor hash (low 15 bits): most words that pass the length test are dismissed here
  // without a map look-up.
  const hashBits = new Uint32Array(1024);
  for (const h of byHash.keys()) hashBits[(h >>> 5) & 1023]! |= 1 << (h & 31);

  function scan(text: string, lowered: boolean, found: Array<HideRule | null>, pending: number): number {
    let lower: string | null = lowered ? text : null;
    const n = text.length;
    let start = -1;
    let h = 0;
    for (let i = 0; i <= n; i++) {
      let code = i < n ? text.charCodeAt(i) : 32;
      let word: boolean;
      if (code < 128) {
        code = ASCII_WORD_LOWER[code]!;
        word = code !== 0;
      } else {
        if (!lowered) {
          const ch = text[i]!;
          if (ch.toLowerCase() !== ch) return scan(text.toLowerCase(), true, found, pending);
        }
        word = isWordChar(code, text, i);
      }
      if (word) {
        if (start < 0) {
          start = i;
          h = 0;
        }
        h = (Math.imul(h, 31) + code) | 0;
        continue;
      }
      if (start < 0) continue;
      const len = i - start;
      if ((len < 64 ? lengthTable[len] === 1 : longLengths.has(len)) && (hashBits[(h >>> 5) & 1023]! >>> (h & 31)) & 1) {
        const candidates = byHash.get(h);
        if (candidates) {
          // Same length as the text up to here: no upper-case letter outside ASCII came before.
          lower ??= text.toLowerCase();
          for (const { anchor, entry } of candidates) {
            if (anchor.length !== len || !lower.startsWith(anchor, start)) continue;
            pending -= atOccurrence(lower, start, i, entry, found);
            if (pending === 0) return 0;
          }
        }
      }
      start = -1;
    }
    return pending;
  }
  return (text, found, pending, seen) => (seen.fill(1), scan(text, false, found, pending));
}
