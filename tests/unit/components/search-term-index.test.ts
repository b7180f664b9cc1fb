import { TermIndex, editDistance } from '../../../components/term-index';

const EXACT = { prefix: false, fuzzy: 0 };
const PREFIX = { prefix: true, fuzzy: 0 };

const ids = (hits: Map<string, number>) => [...hits.keys()].sort();

describe('TermIndex', () => {
  it('finds a word exactly, by prefix and with typos, in any field', () => {
    const index = new TermIndex(['title', 'abstract']);
    index.add('a', [['diffusion', 'video'], ['temporal']]);
    index.add('b', [['diffuse', 'light'], undefined]);
    index.add('c', [['transformers'], ['diffusion']]);
    expect(ids(index.search('diffusion', EXACT))).toEqual(['a', 'c']);
    expect(ids(index.search('diffu', PREFIX))).toEqual(['a', 'b', 'c']);
    expect(ids(index.search('difusion', { prefix: false, fuzzy: 1 }))).toEqual(['a', 'c']);
    expect(ids(index.search('difusion', EXACT))).toEqual([]);
    expect(ids(index.search('temporal', EXACT))).toEqual(['a']);
    // A prefix is a range of words, not of keys: "video" does not match "vid" exactly.
    expect(ids(index.search('vid', EXACT))).toEqual([]);
  });

  it('scores by field boost, exact over prefix, and a short field over a long one', () => {
    const index = new TermIndex(['title', 'abstract']);
    index.add('in-abstract', [['other'], ['graph']]);
    index.add('in-title', [['graph'], ['other']]);
    index.add('filler', [['x'], ['y', 'z']]);
    const boosted = index.search('graph', EXACT, [3, 1]);
    expect(boosted.get('in-title')!).toBeGreaterThan(boosted.get('in-abstract')!);

    const words = new TermIndex(['abstract']);
    words.add('exact', [['graphs']]);
    words.add('prefixed', [['graphsage']]);
    words.add('long', [['graphs', ...Array.from({ length: 50 }, (_, i) => `w${i}`)]]);
    const hits = words.search('graphs', PREFIX);
    expect(hits.get('exact')!).toBeGreaterThan(hits.get('prefixed')!);
    expect(hits.get('exact')!).toBeGreaterThan(hits.get('long')!);
  });

  it('replaces and removes documents, before and after their postings are merged', () => {
    const index = new TermIndex(['text']);
    // Enough documents to merge the fresh postings into the sorted part several times.
    for (let i = 0; i < 7000; i++) index.add(`p${i}`, [[`w${i % 100}`, i % 2 ? 'odd' : 'even']]);
    expect(index.size).toBe(7000);
    expect(index.search('odd', EXACT).size).toBe(3500);
    expect(ids(index.search('w7', EXACT))).toHaveLength(70);
    index.add('p1', [['renamed']]); // replaces p1
    expect(index.search('odd', EXACT).has('p1')).toBe(false);
    expect(ids(index.search('renamed', EXACT))).toEqual(['p1']);
    index.remove('p3');
    expect(index.has('p3')).toBe(false);
    expect(index.search('odd', EXACT).size).toBe(3498);
    index.seal();
    expect(index.search('odd', EXACT).size).toBe(3498);
    expect(ids(index.search('renamed', EXACT))).toEqual(['p1']);
    expect(index.size).toBe(6999);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.search('odd', EXACT).size).toBe(0);
  });

  it('keeps large document numbers and gaps exact through the byte encoding', () => {
    const index = new TermIndex(['text']);
    for (let i = 0; i < 20_000; i++) index.add(`p${i}`, [i === 3 || i === 19_999 || i % 5000 === 7 ? ['rare'] : ['common']]);
    index.seal();
    expect(ids(index.search('rare', EXACT))).toEqual(['p10007', 'p15007', 'p19999', 'p3', 'p5007', 'p7'].sort());
    expect(index.search('common', EXACT).size).toBe(20_000 - 6);
  });
});

describe('editDistance', () => {
  it('counts inserts, deletes and substitutions, and stops past the bound', () => {
    expect(editDistance('diffusion', 'difusion', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('abc', 'abc', 0)).toBe(0);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});
