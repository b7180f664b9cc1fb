/**
 * A text's words and term counts as the ranking sees them, through one shared lexicon: for tests
 * and debugging (the ranking itself keeps term ids, lib/rank/corpus and lib/rank/tfidf).
 */
import { BREAK, Lexicon, TITLE_WEIGHT } from './tokenize';

const shared = new Lexicon();

/** The kept words of `text`, in order, with null at each phrase break (tests, debugging). */
export function words(text: string): Array<string | null> {
  const n = shared.scan(text);
  return Array.from(shared.tokens.subarray(0, n), (t) => (t === BREAK ? null : shared.text(t)));
}

/** Term counts of a paper, unigrams and bigrams ("a b"), as the models count them. */
export function termCounts(title: string, abstract?: string, titleWeight = TITLE_WEIGHT): Map<string, number> {
  const n = shared.scanPaper(title, abstract, titleWeight);
  const counts = new Map<string, number>();
  let prev = BREAK;
  for (let i = 0; i < n; i++) {
    const t = shared.tokens[i]!;
    if (t !== BREAK) {
      const word = shared.text(t);
      counts.set(word, (counts.get(word) ?? 0) + 1);
      if (prev !== BREAK) {
        const bigram = `${shared.text(prev)} ${word}`;
        counts.set(bigram, (counts.get(bigram) ?? 0) + 1);
      }
    }
    prev = t;
  }
  return counts;
}
