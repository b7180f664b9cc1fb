import { PaperSearchIndex, queryTerms } from '../../../components/search';

const paper = (id: string, title: string, extra: Record<string, unknown> = {}) => ({ id, title, ...extra });

function ids(index: PaperSearchIndex, q: string): string[] | null {
  index.indexPending();
  return index.search(q)?.hits.map((h) => h.id) ?? null;
}

describe('PaperSearchIndex', () => {
  it('matches prefixes, typos and every field, AND across words', () => {
    const index = new PaperSearchIndex();
    index.upsert(paper('2401.00001', 'Diffusion models for video', { abstract: 'We study temporal consistency.' }));
    index.upsert(
      paper('2401.00002', 'Language agents', { authors: ['Ada Lovelace'], organization: { slug: 'deepmind', name: 'Google DeepMind' } }),
    );
    index.upsert(paper('2401.00003', 'Robots that read', { tags: ['to-read'] }));
    expect(ids(index, 'diffu')).toEqual(['2401.00001']);
    expect(ids(index, 'difusion')).toEqual(['2401.00001']); // one typo
    expect(ids(index, 'temporal')).toEqual(['2401.00001']); // abstract
    expect(ids(index, 'lovelace')).toEqual(['2401.00002']); // author
    expect(ids(index, 'deepmind')).toEqual(['2401.00002']); // organization
    expect(ids(index, 'to-read')).toEqual(['2401.00003']); // tag
    expect(ids(index, 'diffusion temporal')).toEqual(['2401.00001']);
    expect(ids(index, 'diffusion robots')).toEqual([]);
    expect(ids(index, '  ')).toBeNull();
    expect(ids(index, 'the of')).toBeNull();
  });

  it('finds a paper by a word of its AI summary, and keeps it when the paper is re-tagged', () => {
    const index = new PaperSearchIndex();
    index.upsert(
      paper('2401.00001', 'Agents that write tools', {
        aiSummary: 'Agents synthesise reusable helper programs.',
        abstract: 'We study agents.',
      }),
    );
    index.upsert(paper('2401.00002', 'Unrelated', { abstract: 'Nothing about that.' }));
    expect(ids(index, 'synthesise')).toEqual(['2401.00001']);
    index.upsert(
      paper('2401.00001', 'Agents that write tools', { aiSummary: 'Agents synthesise reusable helper programs.', tags: ['agents'] }),
    );
    expect(ids(index, 'reusable agents')).toEqual(['2401.00001']);
  });

  it('ranks a title match above an abstract match', () => {
    const index = new PaperSearchIndex();
    index.upsert(paper('2401.00001', 'Something else', { abstract: 'About transformers, at length.' }));
    index.upsert(paper('2401.00002', 'Transformers everywhere'));
    expect(ids(index, 'transformers')).toEqual(['2401.00002', '2401.00001']);
  });

  it('updates incrementally: replace, re-tag without the abstract, remove', () => {
    const index = new PaperSearchIndex();
    index.upsert(paper('2401.00001', 'Old title', { abstract: 'quantum annealing' }));
    expect(ids(index, 'old')).toEqual(['2401.00001']);
    index.upsert(paper('2401.00001', 'New title', { tags: ['physics'] })); // no abstract: keep the indexed one
    expect(ids(index, 'old')).toEqual([]);
    expect(ids(index, 'physics annealing')).toEqual(['2401.00001']);
    index.remove('2401.00001');
    expect(ids(index, 'new')).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('answers from titles at once and reports that abstracts are pending', () => {
    const index = new PaperSearchIndex();
    index.upsert(paper('2401.00001', 'Graph networks', { abstract: 'message passing' }));
    const fast = index.search('passing', { abstracts: false });
    expect(fast).toEqual({ hits: [], complete: false });
    index.indexPending();
    expect(index.search('passing')).toEqual({ hits: [expect.objectContaining({ id: '2401.00001' })], complete: true });
  });

  // Moved from the library's title search (Library.searchTitle, gone with its title-word index):
  // title search is this index's.
  it('finds titles by every word, the last one as a prefix, and ignores common words', () => {
    const index = new PaperSearchIndex();
    index.upsert(paper('2501.00001', 'Mixture of Experts at Scale'));
    index.upsert(paper('2501.00002', 'Diffusion Transformers'));
    expect(ids(index, 'diffusion trans')).toEqual(['2501.00002']);
    expect(ids(index, 'experts sca')).toEqual(['2501.00001']);
    expect(ids(index, 'the')).toBeNull();
  });

  it('folds accents in the indexed text too, and finds a paper by its arXiv id or a note', () => {
    const index = new PaperSearchIndex();
    index.upsert(paper('2401.00001', 'Kernel methods', { authors: ['Bernhard Schölkopf'], abstract: 'Régularisation des noyaux.' }));
    index.upsert(paper('2401.00002', 'Other', { note: 'Compare with the Ångström paper' }));
    expect(ids(index, 'scholkopf')).toEqual(['2401.00001']);
    expect(ids(index, 'Schölkopf')).toEqual(['2401.00001']);
    expect(ids(index, 'regularisation')).toEqual(['2401.00001']);
    expect(ids(index, 'angstrom')).toEqual(['2401.00002']);
    // "00001" is one typo from "00002": found too, ranked below the exact id.
    expect(ids(index, '2401.00002')?.[0]).toBe('2401.00002');
  });

  it('folds case and accents in queries', () => {
    expect(queryTerms('Schölkopf  DIFFUSION the')).toEqual(['scholkopf', 'diffusion']);
  });
});
