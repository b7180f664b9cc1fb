/**
 * What a word is to the ranking's tokenizer (lib/rank/tokenize): the classes of characters it
 * scans, the words it drops and how it folds a plural.
 *
 * - Lower case, accents folded (lib/text.ts foldText), only [a-z0-9] kept in a word.
 * - A word needs a letter and two characters ("3d", "t5" and "int4" stay; "4" and "a" go).
 * - English and paper-boilerplate stop words go ("we propose a novel method…"; lib/text.ts).
 * - Plurals are folded ("transformers" → "transformer", "studies" → "study"), nothing more: the
 *   terms shown to the user as an explanation stay real words.
 * - Bigrams (built by the callers) join two kept words that follow each other once the dropped
 *   words are taken out (as scikit-learn's TfidfVectorizer does), never across punctuation:
 *   "sparse mixture of experts" gives "sparse mixture" and "mixture expert"; "…of experts. We
 *   train…" no "expert train". (Measured, tests/bench/rank.mjs: precision@10 0.625 → 0.655 on
 *   average with the other changes of tokenizer version 2.)
 */
import { STOP_WORDS, TOPICLESS_WORDS } from '../text';

// Words that tell no topic (lib/text.ts): the commonest ones, the other function words and the
// vocabulary every abstract uses.
export const DROPPED: ReadonlySet<string> = new Set([...STOP_WORDS, ...TOPICLESS_WORDS]);

/** Folds a plural to its singular; leaves other words alone. */
export function stem(word: string): string {
  const n = word.length;
  if (n <= 3 || word.charCodeAt(n - 1) !== 115 /* s */) return word;
  if (word.endsWith('ies') && n > 4) return word.slice(0, -3) + 'y';
  // "classes", "patches", "boxes" (but "caches" → "cach": rare enough).
  if (word.endsWith('sses') || word.endsWith('ches') || word.endsWith('shes') || word.endsWith('xes')) return word.slice(0, -2);
  // Singulars that end in s: "class", "corpus", "analysis", "bias".
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is') || word.endsWith('ias')) return word;
  return word.slice(0, -1);
}

export function isStopWord(word: string): boolean {
  return DROPPED.has(word);
}

/** Whether s[start, end), [a-zA-Z0-9] characters, has a letter ("3d" does, "2024" does not). */
export function hasLetter(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((s.charCodeAt(i) | 32) >= 97) return true;
  return false;
}

// Character classes while scanning lower-cased text.
/** a-z 0-9 */
export const WORD = 0;
/** Space, tab, newline, hyphen: the phrase goes on ("self-supervised learning"). */
const SPACE = 1;
/** ' or ’: ends the word and drops its tail ("model's" → "model"). */
export const APOSTROPHE = 2;
/** Anything else: the phrase ends. */
export const PUNCTUATION = 3;
/** Beyond ASCII, in a text scanned as given (lib/rank/tokenize then scans it folded). */
export const NOT_ASCII = 4;

export function kindOf(c: number): number {
  if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) return WORD;
  if (c === 32 || c === 45 || c === 9 || c === 10 || c === 13) return SPACE;
  if (c === 39 || c === 0x2019) return APOSTROPHE;
  return PUNCTUATION;
}

/**
 * kindOf of every UTF-16 code unit, for the scanner to read once per character (one load instead
 * of a chain of comparisons; 64 KB, of which a text touches the lines of the characters it has).
 * `ascii`: for a text scanned as given, where A-Z are word characters (the scanner lower-cases
 * them: c | 32) and any unit beyond ASCII is NOT_ASCII.
 */
function kinds(ascii: boolean): Uint8Array {
  const out = new Uint8Array(1 << 16).fill(ascii ? NOT_ASCII : PUNCTUATION, 128);
  for (let c = 0; c < 128; c++) out[c] = ascii && c >= 65 && c <= 90 ? WORD : kindOf(c);
  if (!ascii) out[0x2019] = APOSTROPHE;
  return out;
}

export const KINDS_ASCII = kinds(true);
export const KINDS_FOLDED = kinds(false);
