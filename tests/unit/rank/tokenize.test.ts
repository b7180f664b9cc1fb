import { PairCounts, PairTable } from '../../../lib/rank/pairs';
import { BREAK, Lexicon } from '../../../lib/rank/tokenize';
import { DROPPED, stem } from '../../../lib/rank/word-rules';
import { termCounts, words } from '../../../lib/rank/term-counts';

describe('words', () => {
  it('lower-cases, drops stop words and boilerplate, folds plurals, breaks phrases at punctuation only', () => {
    expect(words('We propose a novel method: Sparse Mixtures of Experts for LLMs. Then, training')).toEqual([
      'sparse',
      'mixture',
      'expert',
      'llm',
      null,
      'training',
    ]);
  });

  it('keeps words with digits but not bare numbers or single letters', () => {
    expect(words('3D scenes in 4 steps with T5 and INT4 (x)')).toEqual(['3d', 'scene', 'step', 't5', 'int4', null]);
  });

  it('joins hyphenated words into one phrase and drops possessive tails', () => {
    expect(words("self-supervised learning's gains")).toEqual(['self', 'supervised', 'learning', 'gain']);
  });

  it('folds accents and ligatures; other symbols end a word', () => {
    expect(words('Über Modèles')).toEqual(['uber', 'modele']);
    expect(words('ﬁne-tuning naïve models')).toEqual(['fine', 'tuning', 'naive', 'model']);
    expect(words('α-divergence — “sparse” training')).toEqual(['divergence', null, 'sparse', null, 'training']);
  });

  it('stems plurals only', () => {
    expect(
      ['transformers', 'studies', 'classes', 'class', 'bias', 'gaussians', 'analysis', 'gas', 'patches', 'boxes', 'corpus'].map(stem),
    ).toEqual(['transformer', 'study', 'class', 'class', 'bias', 'gaussian', 'analysis', 'gas', 'patch', 'box', 'corpus']);
  });
});

describe('termCounts', () => {
  it('counts unigrams and bigrams of words that follow each other once stop words are out, never across punctuation', () => {
    const counts = termCounts('Diffusion Models', 'Diffusion models of images. Images, pixels.', 1);
    expect(Object.fromEntries(counts)).toEqual({
      diffusion: 2,
      model: 2,
      'diffusion model': 2,
      'model image': 1,
      image: 2,
      pixel: 1,
    });
  });

  it('counts the title `titleWeight` times', () => {
    expect(termCounts('Speech Recognition', undefined, 3).get('speech recognition')).toBe(3);
    expect(termCounts('Speech Recognition', 'speech', 2).get('speech')).toBe(3);
  });
});

describe('Lexicon', () => {
  it('gives a word the same id however it is spelled or cased, and separate ids to other words', () => {
    const lexicon = new Lexicon();
    const n = lexicon.scan('Models model MODELS modal');
    const tokens = [...lexicon.tokens.subarray(0, n)];
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[1]).toBe(tokens[2]);
    expect(tokens[3]).not.toBe(tokens[0]);
    expect(tokens).not.toContain(BREAK);
    expect(lexicon.text(tokens[0]!)).toBe('model');
  });

  it('grows past its first table without losing words', () => {
    const lexicon = new Lexicon();
    const text = Array.from({ length: 5000 }, (_, i) => `w${i}x`).join(' ');
    const n = lexicon.scan(text);
    expect(n).toBe(5000);
    const again = lexicon.scan(text);
    expect(again).toBe(5000);
    expect(lexicon.text(lexicon.tokens[4321]!)).toBe('w4321x');
  });

  it('knows every stop word from the start: dropped in any case, in a small lexicon and after it grew', () => {
    const lexicon = new Lexicon();
    const stopWords = [...DROPPED];
    const stopText = (k: number) => stopWords.map((w) => (k % 2 ? w.toUpperCase() : w)).join(' ');
    expect(lexicon.scan(stopText(0))).toBe(0);
    // 5,000 spellings grow the 4,096-slot table; stop words between them still break nothing.
    const n = lexicon.scan(Array.from({ length: 5000 }, (_, i) => `w${i}x ${stopWords[i % stopWords.length]}`).join(' '));
    expect(n).toBe(5000);
    expect(lexicon.size).toBe(5000);
    expect(lexicon.scan(stopText(1))).toBe(0);
  });
});

describe('PairTable', () => {
  it('stores and finds pairs through growth', () => {
    const table = new PairTable(4);
    for (let a = 0; a < 300; a++) for (let b = 0; b < 10; b++) table.set(a, b, a * 10 + b);
    expect(table.get(123, 4)).toBe(1234);
    expect(table.get(4, 123)).toBe(-1);
    expect(table.intern(299, 9, 7)).toBe(2999);
    expect(table.intern(300, 0, 7)).toBe(7);
    expect(table.get(300, 0)).toBe(7);
  });
});

describe('PairCounts', () => {
  it('counts each pair once per document, through growth, and keeps those in enough documents', () => {
    const counts = new PairCounts(4);
    // Pair (a, b) is held by documents 1 … (a % 5) + 1, twice each; (b, a) by document 1 only.
    for (let doc = 1; doc <= 5; doc++) {
      for (let a = 0; a < 200; a++) {
        if (doc > (a % 5) + 1) continue;
        counts.count(a, a + 1000, doc);
        counts.count(a, a + 1000, doc);
        if (doc === 1) counts.count(a + 1000, a, doc);
      }
    }
    const kept = counts.atLeast(3);
    const found = new Map<string, number>();
    for (let p = 0; p < kept.length; p++) found.set(`${kept.a[p]} ${kept.b[p]}`, kept.df[p]!);
    const expected = new Map<string, number>();
    for (let a = 0; a < 200; a++) if ((a % 5) + 1 >= 3) expected.set(`${a} ${a + 1000}`, (a % 5) + 1);
    expect(found).toEqual(expected);
    expect(counts.atLeast(1).length).toBe(400);
  });

  it('counts only the pairs it holds when told to (countKnown), once per document', () => {
    const counts = new PairCounts(4);
    for (let a = 0; a < 50; a++) counts.hold(a, a + 1);
    for (let doc = 1; doc <= 3; doc++) {
      for (let a = 0; a < 100; a++) {
        counts.countKnown(a, a + 1, doc); // held for a < 50 only
        counts.countKnown(a, a + 1, doc);
        counts.countKnown(a + 1, a, doc); // never held
      }
    }
    const kept = counts.atLeast(0);
    expect(kept.length).toBe(50);
    for (let p = 0; p < kept.length; p++) {
      expect(kept.b[p]).toBe(kept.a[p]! + 1);
      expect(kept.df[p]).toBe(3);
    }
  });
});
