import { PaperSearchIndex, normaliseTerm, queryTerms } from '../../../components/search';
import { isStopWord } from '../../../lib/rank/word-rules';
import { words } from '../../../lib/rank/term-counts';
import { STOP_WORDS, TOPICLESS_WORDS, foldText } from '../../../lib/text';

describe('lib/text: one normaliser, one list of words that tell no paper apart', () => {
  it('folds case, Latin accents and ligatures, and leaves other scripts alone', () => {
    expect(foldText('Token-level Diffusion: the Éclair Model')).toBe('token-level diffusion: the eclair model');
    expect(foldText('Schölkopf ﬁne-tunes')).toBe('scholkopf fine-tunes');
    expect(foldText('Δ-Learning किताब')).toBe('δ-learning किताब');
  });

  it('holds folded words, each in one part only', () => {
    for (const w of [...STOP_WORDS, ...TOPICLESS_WORDS]) expect(foldText(w)).toBe(w);
    expect([...STOP_WORDS].filter((w) => TOPICLESS_WORDS.has(w))).toEqual([]);
  });

  it('is what both the search and the ranking use', () => {
    // Search: the commonest words go everywhere; the topicless ones only from abstracts.
    expect(queryTerms('A Survey of the Éclair models')).toEqual(['survey', 'eclair', 'models']);
    expect(normaliseTerm('Novel')).toBe('novel');
    const index = new PaperSearchIndex();
    index.upsert({ id: '2401.00001', title: 'A novel approach', abstract: 'We propose a novel tokenizer.' });
    index.indexPending();
    expect(index.search('novel')?.hits.map((h) => h.id)).toEqual(['2401.00001']); // by its title
    expect(index.search('tokenizer')?.hits.map((h) => h.id)).toEqual(['2401.00001']);
    index.upsert({ id: '2401.00002', title: 'Something else', abstract: 'A novel idea.' });
    index.indexPending();
    expect(index.search('novel')?.hits.map((h) => h.id)).toEqual(['2401.00001']); // not by the abstract's boilerplate
    // Ranking: both parts go.
    for (const w of ['the', 'novel', 'propose', 'about']) expect(isStopWord(w)).toBe(true);
    expect(words('We propose a novel Éclair tokenizer')).toEqual(['eclair', 'tokenizer']);
  });
});
