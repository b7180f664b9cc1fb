/**
 * What a backslash escape of a JavaScript pattern stands for, as a character set (for the regex
 * analysis, lib/topics/regex-parser): \d \w \s and their negations, control and code point
 * escapes, `\p{…}`, Annex B's octal and identity escapes.
 */
import { DIGIT, EMPTY, MAX_CP, SPACE, WORD, complement, property, single, type CharSet } from './regex-charsets';

export interface Escape {
  over: CharSet;
  under: CharSet;
  /** Where the text after the escape starts. */
  end: number;
}

/**
 * The escape whose backslash is at `at` in `src`: its set as an over- and an under-approximation
 * (they differ only for `\p{…}`), and where the text after it starts. `u`: the pattern has the
 * u flag; `inClass`: `\b` is a backspace there.
 */
export function readEscape(src: string, at: number, u: boolean, inClass: boolean): Escape {
  const c = src[at + 1] ?? '\\';
  let i = at + 2;
  const exact = (set: CharSet): Escape => ({ over: set, under: set, end: i });
  switch (c) {
    case 'd':
      return exact(DIGIT);
    case 'D':
      return exact(complement(DIGIT));
    case 'w':
      return exact(WORD);
    case 'W':
      return exact(complement(WORD));
    case 's':
      return exact(SPACE);
    case 'S':
      return exact(complement(SPACE));
    case 'n':
      return exact(single(10));
    case 'r':
      return exact(single(13));
    case 't':
      return exact(single(9));
    case 'v':
      return exact(single(11));
    case 'f':
      return exact(single(12));
    case 'b':
      return exact(inClass ? single(8) : EMPTY);
    case '0':
      if (!/[0-7]/.test(src[i] ?? '')) return exact(single(0));
      break;
    case 'c':
      if (/[A-Za-z]/.test(src[i] ?? '')) return exact(single(src.charCodeAt(i++) % 32));
      i--; // "\c" alone: a backslash, then "c" read next
      return exact(single(92));
    case 'x': {
      const m = /^[0-9A-Fa-f]{2}/.exec(src.slice(i, i + 2));
      if (m) {
        i += 2;
        return exact(single(parseInt(m[0], 16)));
      }
      return exact(single(120));
    }
    case 'u': {
      const braced = u ? /^\{([0-9A-Fa-f]+)\}/.exec(src.slice(i, i + 10)) : null;
      if (braced) {
        i += braced[0].length;
        return exact(single(Math.min(parseInt(braced[1]!, 16), MAX_CP)));
      }
      const m = /^[0-9A-Fa-f]{4}/.exec(src.slice(i, i + 4));
      if (!m) return exact(single(117));
      i += 4;
      let cp = parseInt(m[0], 16);
      const low = u && cp >= 0xd800 && cp <= 0xdbff ? /^\\u(d[c-f][0-9a-f]{2})/i.exec(src.slice(i, i + 6)) : null;
      if (low) {
        i += 6;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1]!, 16) - 0xdc00);
      }
      return exact(single(cp));
    }
    case 'p':
    case 'P': {
      if (!u || src[i] !== '{') break;
      const end = src.indexOf('}', i);
      const name = src.slice(i + 1, end);
      i = end + 1;
      return { ...property(name, c === 'P'), end: i };
    }
  }
  if (c >= '0' && c <= '9') {
    // Annex B: an octal escape (\12), or a digit with no group behind it.
    const m = /^[0-7]{1,3}/.exec(src.slice(i - 1, i + 2));
    if (m && c <= '7') {
      i += m[0].length - 1;
      return exact(single(parseInt(m[0], 8)));
    }
    return exact(single(c.charCodeAt(0)));
  }
  // An identity escape: the character itself.
  i -= 1;
  const cp = u ? src.codePointAt(i)! : src.charCodeAt(i);
  i += cp > 0xffff ? 2 : 1;
  return exact(single(cp));
}
