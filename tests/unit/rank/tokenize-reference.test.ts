/**
 * The Lexicon's scanner (lib/rank/tokenize) is written for speed: one pass over character codes,
 * a hash table of spellings, an ASCII path that skips lower-casing. This file holds a plain
 * reference of the same rules, written the obvious way (lower-case, fold, split with one regular
 * expression), and checks the fast code against it: on every title and abstract of the search
 * fixtures (real papers) and on random text made of the characters that take special paths.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Lexicon, TOKENIZER_VERSION } from '../../../lib/rank/tokenize';
import { isStopWord, stem } from '../../../lib/rank/word-rules';
import { termCounts, words } from '../../../lib/rank/term-counts';

const FOLDABLE = /[\u00c0-\u024f\u1e00-\u1eff\ufb00-\ufb06]/;

function referenceWords(text: string): Array<string | null> {
  let s = text.toLowerCase();
  if (FOLDABLE.test(s)) s = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const out: Array<string | null> = [];
  const phraseBreak = () => {
    if (out.length > 0 && out[out.length - 1] !== null) out.push(null);
  };
  // A word; an apostrophe with the tail it drops; a character that continues a phrase; any other
  // single UTF-16 unit (it ends the phrase).
  for (const [piece] of s.matchAll(/[a-z0-9]+|['’][a-z0-9]*|[ \t\n\r-]|[^]/g)) {
    if (/^[a-z0-9]/.test(piece)) {
      // A dropped word (stop word, one character, no letter) is left out; the phrase goes on.
      if (!(piece.length < 2 || isStopWord(piece) || !/[a-z]/.test(piece))) out.push(stem(piece));
    } else if (!/^['’ \t\n\r-]/.test(piece)) {
      phraseBreak();
    }
  }
  return out;
}

/** Term counts as termCounts gives them, from the reference words. */
function referenceCounts(title: string, abstract: string | undefined, titleWeight: number): Map<string, number> {
  const titleWords = referenceWords(title);
  if (titleWords.length > 0 && titleWords[titleWords.length - 1] !== null) titleWords.push(null);
  const all = [...Array.from({ length: titleWeight }, () => titleWords).flat(), ...(abstract ? referenceWords(abstract) : [])];
  const counts = new Map<string, number>();
  const add = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
  all.forEach((word, i) => {
    if (word === null) return;
    add(word);
    const prev = all[i - 1];
    if (i > 0 && prev !== null && prev !== undefined) add(`${prev} ${word}`);
  });
  return counts;
}

const fixtureDir = path.join(__dirname, '../../fixtures');
const fixturePapers: Array<{ title: string; abstract?: string }> = readdirSync(fixtureDir)
  .filter((f) => /^search-.*\.expected\.json$/.test(f))
  .flatMap((f) => JSON.parse(readFileSync(path.join(fixtureDir, f), 'utf8')).records);

describe('the Lexicon against the reference tokenizer', () => {
  it('gives the same words on every paper of the search fixtures', () => {
    expect(fixturePapers.length).toBeGreaterThan(100);
    for (const p of fixturePapers) {
      expect(words(p.title)).toEqual(referenceWords(p.title));
      if (p.abstract) expect(words(p.abstract)).toEqual(referenceWords(p.abstract));
    }
  });

  it('gives the same term counts on every paper of the search fixtures', () => {
    for (const p of fixturePapers) {
      expect(termCounts(p.title, p.abstract, 2)).toEqual(referenceCounts(p.title, p.abstract, 2));
    }
  });

  it('gives the same words on random text with case, accents, ligatures, apostrophes and symbols', () => {
    const pieces = fc.constantFrom(
      ...['a', 'b', 'x', 's', 'e', 'A', 'Z', 'S', '0', '7', ' ', '-', '.', ',', '\n', '\t', "'", '’', '(', '—', '“'],
      ...['é', 'É', 'ï', 'ﬁ', 'ß', 'İ', 'K', '²', 'µ', 'α', 'Σ', '\u0301', '😀'],
      ...['the', 'The', 'models', 'Studies', 'LLMs', 'GPT-4', 'int4', "model's", 'naïve', 'Über', 'self-supervised'],
    );
    const text = fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (title, abstract) => {
        expect(words(abstract)).toEqual(referenceWords(abstract));
        expect(termCounts(title, abstract, 2)).toEqual(referenceCounts(title, abstract, 2));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives one id per word, whichever path (ASCII or not) a text takes', () => {
    const lexicon = new Lexicon();
    const ids = (text: string) => [...lexicon.tokens.subarray(0, lexicon.scan(text))];
    const ascii = ids('Diffusion models, diffusion MODELS');
    const accented = ids('Diffusion modèls — diffusion models');
    expect(accented[0]).toBe(ascii[0]);
    expect(accented.at(-1)).toBe(ascii.at(-1));
  });
});

describe('TOKENIZER_VERSION', () => {
  // The background stores each paper's tokens and reuses them while TOKENIZER_VERSION stays the
  // same (lib/rank/service). If this fails, the words a text gives have changed: bump
  // TOKENIZER_VERSION (stored tokens are then made again) and record the new digest here.
  it('is bumped whenever the words of the fixture papers change', () => {
    let h = 0x811c9dc5 | 0;
    for (const p of fixturePapers) {
      for (const w of [...words(p.title), ...words(p.abstract ?? '')]) {
        for (const c of `${w ?? '|'} `) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
      }
    }
    expect({ version: TOKENIZER_VERSION, digest: (h >>> 0).toString(16) }).toEqual({ version: 2, digest: '595dffa4' });
  });
});
