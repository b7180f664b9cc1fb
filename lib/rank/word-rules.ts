/**
 * What a word is to the ranking's tokenizer (lib/rank/tokenize): the classes of characters it
 * scans, the words it drops and how it folds a plural.
 */
import { STOP_WORDS, TOPICLESS_WORDS } from '../text';

// Words that tell no topic (lib/text.ts): the commonest ones, the other function words and the
// vocabulary every abstract uses.
const DROPPED: ReadonlySet<string> = new Set([...STOP_WORDS, ...TOPICLESS_WORDS]);

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

const HAS_LETTER = /[a-z]/;

/** Whether a lower-cased word has a letter ("3d" does, "2024" does not). */
export function wordHasLetter(word: string): boolean {
  return HAS_LETTER.test(word);
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

export function kindOf(c: number): number {
  if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) return WORD;
  if (c === 32 || c === 45 || c === 9 || c === 10 || c === 13) return SPACE;
  if (c === 39 || c === 0x2019) return APOSTROPHE;
  return PUNCTUATION;
}
