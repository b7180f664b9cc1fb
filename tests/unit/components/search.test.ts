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

describe('PaperSearchIndex: the saved index', () => {
  /** A word only paper i has, which neither prefixes nor is one typo from another's (4 letters). */
  const own = (i: number) => `qx${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`;
  const papers = Array.from({ length: 300 }, (_, i) =>
    paper(`2402.${String(i).padStart(5, '0')}`, `Paper ${i}`, {
      abstract: `Topic ${i % 13} with sparse experts ${i % 2 ? 'routing' : 'pruning'} and ${own(i)}.`,
    }),
  );
  function built(): PaperSearchIndex {
    const index = new PaperSearchIndex();
    for (const p of papers) index.upsert(p);
    index.indexPending();
    return index;
  }
  const QUERIES = ['routing', 'pruning experts', own(17), 'topic', 'sparse rout', 'expers'];

  it('restores abstracts that answer as the index that saved them, and indexes again only the changed ones', () => {
    const index = built();
    const saved = structuredClone(index.save())!;
    expect(saved).not.toBeNull();
    expect(index.save()).toBeNull(); // nothing new since

    const restored = new PaperSearchIndex();
    expect(restored.restore(saved)).toBe(true);
    // The list's rows arrive after the restore: same abstracts wait for nothing.
    for (const p of papers) restored.upsert(p);
    expect(restored.pendingCount).toBe(0);
    for (const q of QUERIES) expect(restored.search(q)).toEqual(index.search(q));
    expect(restored.unsaved).toBe(false);
    // A new tag is the head's: found at once, saved next time.
    restored.upsert({ ...papers[5]!, tags: ['moe-reading'] });
    expect(ids(restored, 'moe-reading')).toEqual([papers[5]!.id]);
    expect(restored.unsaved).toBe(true);

    // A changed abstract is indexed again; the old words leave it.
    restored.upsert({ ...papers[17]!, abstract: 'Now about quantization.' });
    expect(restored.pendingCount).toBe(1);
    restored.indexPending();
    expect(ids(restored, 'quantization')).toEqual([papers[17]!.id]);
    expect(ids(restored, own(17))).toEqual([]);
    expect(restored.unsaved).toBe(true);
  });

  it('prunes papers gone from the list since the save', () => {
    const restored = new PaperSearchIndex();
    expect(restored.restore(structuredClone(built().save()))).toBe(true);
    const kept = new Set(papers.slice(0, 100).map((p) => p.id));
    expect(restored.prune((id) => kept.has(id))).toBe(200);
    expect(ids(restored, own(150))).toEqual([]);
    expect(ids(restored, own(50))).toEqual([papers[50]!.id]);
    // Saved again without them.
    const again = new PaperSearchIndex();
    expect(again.restore(structuredClone(restored.save()))).toBe(true);
    expect(ids(again, 'topic')).toHaveLength(100);
  });

  it('restores only into an empty index, and only what it saved', () => {
    const saved = built().save()!;
    const index = new PaperSearchIndex();
    index.upsert(papers[3]!);
    expect(index.restore(saved)).toBe(false);

    for (const bad of [
      undefined,
      null,
      {},
      { ...saved, format: 999 },
      { ...saved, words: saved.words + 1 },
      { ...saved, bodyHashes: [] },
      { ...saved, headHashes: new Int32Array(0) },
    ]) {
      expect(new PaperSearchIndex().restore(bad)).toBe(false);
    }
  });

  it('saves nothing while abstracts are still waiting', () => {
    const index = new PaperSearchIndex();
    index.upsert(papers[0]!);
    expect(index.save()).toBeNull();
    index.indexPending();
    expect(index.save()).not.toBeNull();
  });
});
