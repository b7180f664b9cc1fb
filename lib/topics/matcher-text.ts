/**
 * The matcher's text primitives (lib/topics/matcher.ts): what a word character and white space
 * are, lower-casing a text unit by unit without making a string, and the word hash the scanners
 * share. No state; used by matcher-keywords.ts and matcher-scanners.ts.
 */

/** A rule's pattern or a name as compared: lower case, white space folded to single spaces. */
export const normKey = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Letters and digits in any script: what "whole word" is measured against. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The hash wordScanner computes while scanning a word: the same for the same UTF-16 units. */
export function wordHash(text: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** For ASCII digits and letters, the char code in lower case; 0 for every other ASCII code. */
export const ASCII_WORD_LOWER = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_WORD_LOWER[c] = c;
for (let c = 65; c <= 90; c++) ASCII_WORD_LOWER[c] = c + 32;
for (let c = 97; c <= 122; c++) ASCII_WORD_LOWER[c] = c;

export function isWordChar(code: number, text: string, i: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return WORD_CHAR.test(text[i]!);
}

export const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x2028 || code === 0x2029;

/**
 * The UTF-16 unit at `i` of `text.toLowerCase()`, for a text holding neither U+0130 nor U+03A3
 * (the only characters whose lower case is longer, or depends on their neighbours): a surrogate
 * is lowered with its pair (case pairs beyond the BMP stay beyond it).
 */
export function lowerUnit(text: string, i: number): number {
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
export const lowerWhole = (text: string) => text.includes('\u0130') || text.includes('\u03a3');
