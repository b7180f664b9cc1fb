/**
 * The rule matcher: one pass over a paper's fields that answers for several rule sets at once
 * (hide and follow rules, issue 16), each set getting exactly the rule it would get matched alone.
 *
 *   rules of set 0, set 1, …  ──compile──▶  authors / organizations: one Map (name → each set's rule)
 *                                          keywords: one index by anchor word, one scan of the text
 *                                          regexes: those with a word at a word start (`\bscaling`)
 *                                            run only where that scan saw it; the rest one
 *                                            alternation per flags, then the members
 *   paper ──match──▶ [set 0's rule | null, set 1's rule | null, …]
 *
 * What "the rule a set gets" is, for each set on its own: an author rule (in the paper's author
 * order), else an organization rule, else field by field (title, abstract, authors, organization
 * name, slug) the keyword rule whose anchor word comes first in the field (the set's earlier rule
 * when several stand there), else that field's earliest regex rule of the set; then the rules with
 * "unless" exceptions, in the set's order. A set's answer never depends on the other sets' rules
 * (tests/unit/topics/rule-sets.test.ts checks it against each set compiled alone).
 */
import type { HideRule } from '../model/library';
import type { PaperRecord } from '../model/paper';
import { wordStartLiterals } from './regex-literals';

/** The fields of a paper that rules look at. */
export type MatchablePaper = Pick<PaperRecord, 'title' | 'abstract' | 'authors' | 'organization'>;

/**
 * How keyword rules find their words in a text: `regex`, one alternation of the anchor words (as
 * a trie) run by the regex engine; `words`, one pass over the characters hashing each word. The
 * regex is quicker while the alternation is short and slower past it, as every position of the
 * text tries many alternatives; the word scan costs the same whatever the words. Unset: chosen by
 * the number of anchor words. (Tests force each.)
 */
export type KeywordScan = 'regex' | 'words';
/**
 * Measured on 1,000 abstracts (tests/bench/follow.mjs, 2026-12): a trie of 16 anchors 0.8 ms,
 * 300 anchors 15 ms (the word scan: 10 ms whatever the anchors).
 */
const REGEX_ANCHORS_MAX = 40;

/**
 * The characters of one field a regex rule looks at: every real abstract (arXiv's are at most
 * 1,920 characters) whole, and no more, so a rule that passed checkRule — at most quadratic in the
 * text — stays within milliseconds whatever a page holds. Keyword, author and organization rules
 * are linear and see everything.
 */
export const MAX_REGEX_SCAN = 5_000;
/**
 * A regex rule that takes longer than this on one field (and again when tried once more: a pause
 * of the machine is not the rule's) is stopped: left out of the matcher at once, and reported.
 * The backstop for a rule checkRule never saw (stored by an older version) or misjudged.
 */
export const SLOW_REGEX_MS = 50;

export interface EngineOptions {
  /** How keyword rules are found (tests force each; see KeywordScan). */
  scan?: KeywordScan | undefined;
  /** Told once about each regex rule stopped for being slow, with the time it took (ms). */
  onSlow?: ((rule: HideRule, ms: number) => void) | undefined;
}

export interface Engine {
  /** Each set's rule that matches this paper (null: none), in the order the sets were given. */
  match(paper: MatchablePaper): Array<HideRule | null>;
}

const now = () => globalThis.performance.now();
const normKey = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Letters and digits in any script: what "whole word" is measured against. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The hash wordScanner computes while scanning a word: the same for the same UTF-16 units. */
function wordHash(text: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** For ASCII digits and letters, the char code in lower case; 0 for every other ASCII code. */
const ASCII_WORD_LOWER = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_WORD_LOWER[c] = c;
for (let c = 65; c <= 90; c++) ASCII_WORD_LOWER[c] = c + 32;
for (let c = 97; c <= 122; c++) ASCII_WORD_LOWER[c] = c;

function isWordChar(code: number, text: string, i: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return WORD_CHAR.test(text[i]!);
}

const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x2028 || code === 0x2029;

/**
 * The UTF-16 unit at `i` of `text.toLowerCase()`, for a text holding neither U+0130 nor U+03A3
 * (the only characters whose lower case is longer, or depends on their neighbours): a surrogate
 * is lowered with its pair (case pairs beyond the BMP stay beyond it).
 */
function lowerUnit(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  if (code >= 0xd800 && code <= 0xdfff) {
    const high = code <= 0xdbff;
    const at = high ? i : i - 1;
    const cp = text.codePointAt(at)!;
    if (cp < 0x10000) return code; // a lone surrogate
    return String.fromCodePoint(cp)
      .toLowerCase()
      .charCodeAt(high ? 0 : 1);
  }
  return text[i]!.toLowerCase().charCodeAt(0);
}

/**
 * Texts that are lowered whole before a keyword is looked for: U+0130 (İ) lowers to two units,
 * and U+03A3 (Σ) to σ or ς depending on what follows. Every other character lowers alone to one
 * unit, so the text is read as it is and lowered unit by unit (lowerUnit).
 */
const lowerWhole = (text: string) => text.includes('\u0130') || text.includes('\u03a3');

/**
 * Finds, for each set still without a rule (null in `found`), its keyword rule standing first in
 * `text`, put in `found`; and marks in `seen` the regex rules' words (lib/topics/regex-literals)
 * that stand in `text` — every one when the scanner cannot tell. Returns how many sets are still
 * without a rule (at 0 it may stop early: no regex is run then).
 */
type Scanner = (text: string, found: Array<HideRule | null>, pending: number, seen: Uint8Array) => number;

/** A keyword rule: its normalised text, and where its anchor (its longest word) sits in it. */
interface KeywordTest {
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
interface AnchorEntry {
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
function suffixAt(text: string, end: number): number {
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
function atOccurrence(text: string, start: number, end: number, entry: AnchorEntry, found: Array<HideRule | null>): number {
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
 * Finds keyword rules by their anchor words with the regex engine (native code): all anchors in
 * one case-blind (Unicode) alternation shaped as a trie, over the text as it is. Exact: a
 * character's fold equals its lower case's fold for every code point but U+0130 (checked over all
 * of Unicode in the tests), and a text with that letter is lowered first. A match whose lower case
 * is no anchor is looked past by one character; a real one is a run of letters and digits, so no
 * whole word starts inside it and the search goes on from its end. Returns how many sets are still
 * without a rule.
 */
function unicodeScanner(byAnchor: ReadonlyMap<string, AnchorEntry>): Scanner {
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
function regexScanner(byAnchor: ReadonlyMap<string, AnchorEntry>, literals: readonly string[]): Scanner {
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
function wordScanner(byAnchor: ReadonlyMap<string, AnchorEntry>): Scanner {
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

/**
 * Calls `visit` with each maximal run of letters and digits in `text` and where it starts, in
 * order. One pass over the characters; no regex.
 */
function eachWord(text: string, visit: (word: string, start: number) => void): void {
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

/** One compiled regex, shared by every rule (of any set) with the same pattern and flags. */
interface RegexEntry {
  re: RegExp;
  /** Its rules in order; per set, the first is the one named. */
  rules: Array<{ rule: HideRule; set: number; order: number }>;
  /**
   * The words it cannot match without (lib/topics/regex-literals), by their index in the scan's
   * `seen`: it is run only on a field where one was seen. Null: run on every field.
   */
  gate: readonly number[] | null;
}

interface RegexGroup {
  combined: RegExp | null;
  members: RegexEntry[];
  /** A gated regex is a group of its own, run where its words were seen. */
  gate: readonly number[] | null;
}

/**
 * Regexes with the same flags, joined into one alternation used as a quick "does any of these
 * match?" test. Patterns with back-references or named groups keep their own group (joining
 * would renumber or clash them).
 */
function groupRegexes(entries: readonly RegexEntry[]): RegexGroup[] {
  const byFlags = new Map<string, RegexEntry[]>();
  const alone: RegexEntry[] = [];
  const gated: RegexGroup[] = [];
  for (const entry of entries) {
    if (entry.gate) gated.push({ combined: null, members: [entry], gate: entry.gate });
    else if (/\\[1-9]|\\k<|\(\?<(?![=!])/.test(entry.re.source)) alone.push(entry);
    else byFlags.set(entry.re.flags, [...(byFlags.get(entry.re.flags) ?? []), entry]);
  }
  const groups: RegexGroup[] = [];
  for (const [flags, members] of byFlags) {
    let combined: RegExp | null = null;
    if (members.length > 1) {
      try {
        combined = new RegExp(members.map((e) => `(?:${e.re.source})`).join('|'), flags);
      } catch {
        combined = null;
      }
    }
    groups.push({ combined, members, gate: null });
  }
  for (const entry of alone) groups.push({ combined: null, members: [entry], gate: null });
  return [...groups, ...gated];
}

/**
 * Compiles sets of enabled rules, one pass over a paper for all of them (200 + 200 rules over
 * 1,000 cards within a few ms):
 *  - keyword rules are indexed by their longest word (anchor): the text's words that are anchors
 *    are found (one regex of the anchors, or one pass hashing each word: see KeywordScan) and only
 *    the rules on that anchor (and the word after it) are confirmed there, character by character.
 *    (The anchor of a match is always a whole word of the text, since a match is bounded by
 *    non-word chars.)
 *  - a regex rule that cannot match without a word at a word start (lib/topics/regex-literals) is
 *    run only on a field where the keyword scan saw that word (the ASCII scan: regexScanner);
 *  - other regex rules with the same flags are first tried as one alternation, and one by one only
 *    when that finds something, to name the rule; each is timed, and a slow one is stopped;
 *  - authors and organizations are map look-ups.
 * Rules with "unless" exceptions are matched each on its own, after the rest of its set. A rule
 * that no longer compiles (edited storage, a newer engine) is skipped, never thrown.
 */
export function compileEngine(sets: ReadonlyArray<readonly HideRule[]>, options: EngineOptions = {}): Engine {
  const count = sets.length;
  const plain: Array<{ rule: HideRule; set: number }> = [];
  type Match = (paper: MatchablePaper) => Array<HideRule | null>;
  const excepted: Array<Array<{ rule: HideRule; own: Match; unless: Match }>> = sets.map(() => []);
  sets.forEach((rules, set) => {
    for (const rule of rules) {
      if (!rule.unless) {
        plain.push({ rule, set });
        continue;
      }
      const words = rule.unless
        .split(',')
        .map((w) => w.trim())
        .filter(Boolean);
      const unless = compileIndexed(
        words.map((pattern, i) => ({
          rule: { id: `${rule.id}#unless${i}`, kind: 'keyword' as const, pattern, enabled: true, createdAt: 0 },
          set: 0,
        })),
        1,
        options,
      );
      excepted[set]!.push({ rule, own: compileIndexed([{ rule, set: 0 }], 1, options), unless });
    }
  });
  const main = compileIndexed(plain, count, options);
  if (excepted.every((list) => list.length === 0)) return { match: main };
  return {
    match(paper) {
      const found = main(paper);
      for (let set = 0; set < count; set++) {
        if (found[set] !== null) continue;
        for (const { rule, own, unless } of excepted[set]!) {
          if (own(paper)[0] !== null && unless(paper)[0] === null) {
            found[set] = rule;
            break;
          }
        }
      }
      return found;
    },
  };
}

function compileIndexed(
  rules: ReadonlyArray<{ rule: HideRule; set: number }>,
  count: number,
  options: EngineOptions,
): (paper: MatchablePaper) => Array<HideRule | null> {
  const { scan, onSlow } = options;
  const byAnchor = new Map<string, AnchorEntry>();
  const authors = new Map<string, Array<HideRule | undefined>>();
  const orgs = new Map<string, Array<HideRule | undefined>>();
  let regexes: RegexEntry[] = [];
  const regexByKey = new Map<string, RegexEntry>();
  const seenKeywords = new Set<string>();
  /** The regex rules' words (lib/topics/regex-literals), found by the keyword scan. */
  const literals: string[] = [];
  const literalId = (word: string) => {
    const at = literals.indexOf(word);
    return at >= 0 ? at : literals.push(word) - 1;
  };

  rules.forEach(({ rule, set }, order) => {
    const key = normKey(rule.pattern);
    if (!key) return;
    if (rule.kind === 'author' || rule.kind === 'organization') {
      const map = rule.kind === 'author' ? authors : orgs;
      const slots = map.get(key) ?? new Array<HideRule | undefined>(count);
      slots[set] ??= rule;
      map.set(key, slots);
    } else if (rule.kind === 'keyword') {
      const seen = `${set}\u0000${key}`;
      if (seenKeywords.has(seen)) return;
      seenKeywords.add(seen);
      let anchor: { word: string; at: number } | undefined;
      eachWord(key, (word, at) => {
        if (!anchor || word.length > anchor.word.length) anchor = { word, at };
      });
      if (!anchor) return; // punctuation only: it can never be a whole word
      const test: KeywordTest = { rule, set, order, key, anchorAt: anchor.at, anchorLength: anchor.word.length };
      const entry = byAnchor.get(anchor.word) ?? { rest: [], bySuffix: new Map<number, KeywordTest[]>() };
      byAnchor.set(anchor.word, entry);
      const suffix = suffixAt(key, anchor.at + anchor.word.length);
      if (suffix < 0) entry.rest.push(test);
      else entry.bySuffix.set(suffix, [...(entry.bySuffix.get(suffix) ?? []), test]);
    } else {
      const flags = rule.flags ?? 'i';
      const id = `${flags}/${rule.pattern}`;
      let entry = regexByKey.get(id);
      if (!entry) {
        try {
          const re = new RegExp(rule.pattern, flags);
          entry = { re, rules: [], gate: wordStartLiterals(rule.pattern, flags)?.map(literalId) ?? null };
        } catch {
          return; // skipped: checkRule refuses these when they are typed
        }
        regexByKey.set(id, entry);
        regexes.push(entry);
      }
      entry.rules.push({ rule, set, order });
    }
  });
  let regexGroups = groupRegexes(regexes);

  // Few anchor words: one regex of them all; many: one pass hashing each word (see KeywordScan).
  const keywordIn =
    scan === 'regex' || (scan === undefined && byAnchor.size <= REGEX_ANCHORS_MAX)
      ? regexScanner(byAnchor, literals)
      : wordScanner(byAnchor);
  /** Which of `literals` the scan saw in the field at hand. */
  const seen = new Uint8Array(literals.length);

  /** Runs one regex on a text, timed (in `lastMs`). */
  let lastMs = 0;
  function timedTest(re: RegExp, text: string): boolean {
    re.lastIndex = 0;
    const started = now();
    const hit = re.test(text);
    lastMs = now() - started;
    return hit;
  }

  /** Leaves this regex (and every rule on it) out from now on and says so (once each). */
  function stop(entry: RegexEntry, ms: number): void {
    regexes = regexes.filter((e) => e !== entry);
    regexGroups = groupRegexes(regexes);
    for (const { rule } of entry.rules) onSlow?.(rule, Math.round(ms));
  }

  const best: Array<{ rule: HideRule; order: number } | undefined> = new Array<undefined>(count);
  /** Could a set still waiting take this regex's rule over what it has found so far? */
  const wanted = (entry: RegexEntry, found: ReadonlyArray<HideRule | null>) =>
    entry.rules.some(({ set, order }) => found[set] === null && !(best[set] && best[set].order < order));

  /**
   * For each set still without a rule, its earliest regex rule matching `text` (cut to
   * MAX_REGEX_SCAN). A slow group is taken apart: each member is timed on the text, and one slow
   * (twice, unless its group was) is stopped; the search then starts over without it. Returns how
   * many sets are still without a rule.
   */
  function regexIn(full: string, found: Array<HideRule | null>, pending: number): number {
    const text = full.length > MAX_REGEX_SCAN ? full.slice(0, MAX_REGEX_SCAN) : full;
    search: for (;;) {
      best.fill(undefined);
      for (const { combined, members, gate } of regexGroups) {
        if (gate && !gate.some((id) => seen[id] === 1)) continue;
        let groupSlow = false;
        if (combined) {
          const hit = timedTest(combined, text);
          groupSlow = lastMs > SLOW_REGEX_MS;
          if (!groupSlow && !hit) continue;
        }
        for (const entry of members) {
          if (!wanted(entry, found)) continue;
          let hit = timedTest(entry.re, text);
          let ms = lastMs;
          // Slow once (and its group was not): tried again before it is judged.
          if (ms > SLOW_REGEX_MS && !groupSlow) {
            hit = timedTest(entry.re, text);
            ms = lastMs > SLOW_REGEX_MS ? Math.max(ms, lastMs) : lastMs;
          }
          if (ms > SLOW_REGEX_MS) {
            stop(entry, ms);
            continue search;
          }
          if (!hit) continue;
          for (const { rule, set, order } of entry.rules) {
            if (found[set] === null && !(best[set] && best[set].order < order)) best[set] = { rule, order };
          }
        }
      }
      break;
    }
    for (let set = 0; set < count; set++) {
      const hit = best[set];
      if (hit && found[set] === null) {
        found[set] = hit.rule;
        pending--;
      }
    }
    return pending;
  }

  /** Settles each set still waiting that `slots` (a name's rules) has a rule for. */
  function take(slots: Array<HideRule | undefined> | undefined, found: Array<HideRule | null>, pending: number): number {
    if (!slots) return pending;
    for (let set = 0; set < count; set++) {
      const rule = slots[set];
      if (rule && found[set] === null) {
        found[set] = rule;
        pending--;
      }
    }
    return pending;
  }

  const fields: Array<string | undefined> = new Array<undefined>(5);

  return (paper) => {
    const found = new Array<HideRule | null>(count).fill(null);
    let pending = count;
    if (authors.size && paper.authors) {
      for (const name of paper.authors) {
        pending = take(authors.get(normKey(name)), found, pending);
        if (pending === 0) return found;
      }
    }
    if (orgs.size && paper.organization) {
      const slug = orgs.get(normKey(paper.organization.slug));
      const name = paper.organization.name ? orgs.get(normKey(paper.organization.name)) : undefined;
      // Per set, the slug's rule before the name's.
      pending = take(name, found, take(slug, found, pending));
      if (pending === 0) return found;
    }
    if (byAnchor.size === 0 && regexes.length === 0) return found;
    fields[0] = paper.title;
    fields[1] = paper.abstract;
    fields[2] = paper.authors?.join(', ');
    fields[3] = paper.organization?.name;
    fields[4] = paper.organization?.slug;
    // Field by field, each set waiting takes its keyword rule standing first, else the field's
    // earliest regex rule, else goes on to the next field.
    for (let f = 0; f < 5 && pending; f++) {
      const text = fields[f];
      if (!text) continue;
      if (byAnchor.size || literals.length) {
        for (let i = 0; i < seen.length; i++) seen[i] = 0;
        pending = keywordIn(text, found, pending, seen);
      }
      if (pending && regexes.length) pending = regexIn(text, found, pending);
    }
    return found;
  };
}
