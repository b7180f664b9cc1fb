/**
 * The words a regex rule cannot match without: for `\bscalings?\b`, "scaling" at the start of a
 * word. The matcher (lib/topics/matcher.ts) finds such words in the same scan that finds the
 * keyword rules' words, and runs the regex only on a field where one stands, instead of on every
 * field of every card (issue 16: 200 follow + 200 hide rules over 1,000 cards within 10 ms).
 *
 * Only what is certain is said. A word is taken where the pattern's top level reads `\b` and then
 * plain letters or digits: every match of that alternative holds them, right after a word boundary
 * as JavaScript's `\b` has it (a character of [A-Za-z0-9_] on one side only), in any ASCII case. A
 * pattern with any alternative without such a word, or with flag u or v (whose `\b` and case
 * folding reach beyond ASCII: ſ, K), gets null: it is run on every field, as before.
 */

/** Shorter words would stand in most texts and only slow the scan. */
const MIN_WORD = 4;

const isAsciiWordChar = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9]$/.test(c);
const isQuantifier = (c: string | undefined) => c === '*' || c === '+' || c === '?' || c === '{';

/**
 * For each top-level alternative of `source`, its longest word read after a `\b` (lower case,
 * ASCII letters and digits only, at least MIN_WORD of them): one of them stands at a word start in
 * any text the pattern matches. Null when some alternative has none, or the flags rule it out.
 */
export function wordStartLiterals(source: string, flags: string): string[] | null {
  if (/[uv]/.test(flags)) return null;
  const words: string[] = [];
  let best = '';
  let depth = 0;
  for (let i = 0; ;) {
    const c = source[i];
    if (c === undefined || (c === '|' && depth === 0)) {
      if (best.length < MIN_WORD) return null;
      words.push(best.toLowerCase());
      if (c === undefined) return [...new Set(words)];
      best = '';
      i++;
    } else if (c === '\\') {
      if (depth === 0 && source[i + 1] === 'b') {
        let j = i + 2;
        // A letter followed by a quantifier may be absent or repeated: the word stops before it.
        while (isAsciiWordChar(source[j]) && !isQuantifier(source[j + 1])) j++;
        const word = source.slice(i + 2, j);
        if (word.length > best.length) best = word;
        i = j;
      } else i += 2; // an escape: what it stands for is no plain letter of a word here
    } else if (c === '[') {
      // A class: skipped whole (`]` right after `[` or `[^` closes it in JavaScript).
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else {
      if (c === '(') depth++;
      else if (c === ')') depth--;
      i++;
    }
  }
}
