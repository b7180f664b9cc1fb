import { editDistance } from '../../../components/edit-distance';
import { TermIndex } from '../../../components/term-index';

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

  it('with typos, finds every word within the distance, merged or fresh (the letter filter never drops one)', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1664525 + 1013904223) >>> 0) % n;
    // A few letters (so many words are near each other), and letters that share a mask bit ('a' and 'A'+32…).
    const letters = 'abcdeqrs\u00e1\u0101';
    const word = () => Array.from({ length: 3 + rnd(6) }, () => letters[rnd(letters.length)]).join('');
    const index = new TermIndex(['title']);
    const docs = new Map<string, string[]>();
    for (let d = 0; d < 400; d++) {
      const words = Array.from({ length: 1 + rnd(3) }, word);
      docs.set(`d${d}`, words);
      index.add(`d${d}`, [words]);
      if (d === 300) index.seal(); // the last 99 stay fresh
    }
    for (let q = 0; q < 60; q++) {
      const term = word();
      for (const fuzzy of [1, 2]) {
        const expected = [...docs]
          .filter(([, words]) => words.some((w) => w.startsWith(term) || editDistance(term, w, fuzzy) <= fuzzy))
          .map(([id]) => id)
          .sort();
        expect(ids(index.search(term, { prefix: true, fuzzy }))).toEqual(expected);
      }
    }
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

describe('TermIndex snapshots', () => {
  /** Every search result of both indexes, word by word, exactly (scores included). */
  function sameAnswers(a: TermIndex, b: TermIndex, words: string[]) {
    for (const w of words) {
      for (const options of [EXACT, PREFIX, { prefix: true, fuzzy: 1 }]) {
        const x = a.search(w, options, [3, 1]);
        const y = b.search(w, options, [3, 1]);
        expect([...y.entries()].sort()).toEqual([...x.entries()].sort());
      }
    }
  }

  it('restores an index that answers every search exactly as the one saved, renumbered without removed documents', () => {
    const index = new TermIndex(['title', 'abstract']);
    for (let i = 0; i < 5000; i++)
      index.add(`p${i}`, [
        [`t${i % 37}`, 'shared'],
        [`a${i % 211}`, i % 3 ? 'odd' : 'even', `w${i}`],
      ]);
    for (let i = 0; i < 5000; i += 7) index.remove(`p${i}`);
    index.add('p1', [['renamed'], ['again']]);
    const snapshot = index.toSnapshot();
    expect(snapshot.ids).toHaveLength(index.size);
    expect(new Set(snapshot.ids).size).toBe(index.size);
    // What IndexedDB would store: a structured clone.
    const restored = TermIndex.fromSnapshot(['title', 'abstract'], structuredClone(snapshot))!;
    expect(restored).not.toBeNull();
    expect(restored.size).toBe(index.size);
    sameAnswers(index, restored, ['shared', 't5', 'a17', 'odd', 'even', 'renamed', 'again', 'w4999', 'w7', 'od', 'tx']);
    // And it goes on working: adds, replacements, removals.
    restored.add('new', [['shared'], ['fresh']]);
    restored.remove('p2');
    expect(restored.search('shared', EXACT).has('new')).toBe(true);
    expect(restored.search('shared', EXACT).has('p2')).toBe(false);
    expect(ids(restored.search('fresh', EXACT))).toEqual(['new']);
  });

  it('shares nothing with the index it came from', () => {
    const index = new TermIndex(['text']);
    index.add('a', [['one']]);
    const snapshot = index.toSnapshot();
    index.add('b', [['one']]);
    index.seal();
    expect(snapshot.ids).toEqual(['a']);
    expect(ids(TermIndex.fromSnapshot(['text'], snapshot)!.search('one', EXACT))).toEqual(['a']);
  });

  it('refuses data that is not a whole snapshot over the same fields', () => {
    const index = new TermIndex(['text']);
    for (let i = 0; i < 50; i++) index.add(`p${i}`, [[`w${i % 5}`]]);
    const good = index.toSnapshot();
    expect(TermIndex.fromSnapshot(['text'], good)).not.toBeNull();
    const broken: unknown[] = [
      null,
      'text',
      { ...good, fields: ['title'] },
      { ...good, ids: good.ids.slice(1) },
      { ...good, ids: [...good.ids.slice(1), 'p1'] }, // an id twice
      { ...good, keys: [...good.keys].reverse() },
      { ...good, offsets: Array.from(good.offsets) },
      { ...good, postings: good.postings.slice(1) },
      { ...good, lengths: [] },
    ];
    for (const data of broken) expect(TermIndex.fromSnapshot(['text'], data)).toBeNull();
  });
});
