/**
 * Edge cases of the Lexicon's scanner (lib/rank/tokenize): the ASCII path that lower-cases while
 * it scans and falls back to the folded text at the first other character, scripts without
 * [a-z0-9] words, very long words, empty text. tokenize-reference.test.ts checks the common
 * cases against a plain reference.
 */
import { Corpus } from '../../../lib/rank/corpus';
import { BREAK, Lexicon } from '../../../lib/rank/tokenize';
import { termCounts, words } from '../../../lib/rank/term-counts';

const idsOf = (lexicon: Lexicon, text: string) => [...lexicon.tokens.subarray(0, lexicon.scan(text))];

describe('the scanner', () => {
  it('lower-cases ASCII text as it scans: any casing gives the same ids', () => {
    const lexicon = new Lexicon();
    const lower = idsOf(lexicon, 'sparse mixture of experts for speech recognition');
    expect(idsOf(lexicon, 'SPARSE Mixture OF eXperts FOR Speech RECOGNITION')).toEqual(lower);
    expect(lower.map((t) => lexicon.text(t))).toEqual(['sparse', 'mixture', 'expert', 'speech', 'recognition']);
  });

  it('gives the same ids to the words before and after a late non-ASCII character as to plain ASCII text', () => {
    const lexicon = new Lexicon();
    const prefix = 'Latent diffusion models for image synthesis '.repeat(50);
    const ascii = idsOf(lexicon, `${prefix}with naive guidance`);
    const accented = idsOf(lexicon, `${prefix}with naïve guidance`);
    expect(accented).toEqual(ascii);
    // Another text whose first word carries the accent: the same ids again.
    expect(idsOf(lexicon, 'Naïve Guidance')).toEqual(ascii.slice(-2));
  });

  it('keeps [a-z0-9] words only: CJK, Greek and emoji end a word and break the phrase', () => {
    expect(words('扩散模型')).toEqual([]);
    expect(words('扩散模型 diffusion 模型 models')).toEqual(['diffusion', null, 'model']);
    expect(words('diffusion😀models')).toEqual(['diffusion', null, 'model']);
    expect(words('βeta-VAE')).toEqual(['eta', 'vae']);
    // Non-ASCII letters outside the folded Latin ranges are not letters of a word.
    expect(words('Привет transformers')).toEqual(['transformer']);
  });

  it('takes a very long word as one token, and grows its buffer for a very long text', () => {
    const long = 'x'.repeat(100_000);
    expect(words(`${long} models`)).toEqual([long, 'model']);
    const lexicon = new Lexicon();
    const text = 'graph neural networks, '.repeat(50_000);
    const n = lexicon.scan(text);
    expect(n).toBe(50_000 * 4);
    expect(lexicon.tokens[n - 1]).toBe(BREAK);
    expect(lexicon.text(lexicon.tokens[n - 2]!)).toBe('network');
  });

  it('gives nothing for empty text, and a paper without words trains with the others', () => {
    expect(words('')).toEqual([]);
    expect(words(' \n\t-—.')).toEqual([]);
    expect(termCounts('', '').size).toBe(0);
    expect(new Lexicon().scanPaper('', undefined, 3)).toBe(0);
    const corpus = new Corpus();
    expect(corpus.add({ id: '2501.00001', title: '', abstract: '' })).toBe(true);
    expect(corpus.get('2501.00001')!.tokens).toHaveLength(0);
    expect(corpus.words).toBe(0);
  });
});
