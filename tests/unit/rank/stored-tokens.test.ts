/**
 * Tokens stored between worker lives (lib/rank/corpus: Corpus(stems), addTokens, textHash;
 * lib/rank/service keeps them in one row of the rankTokens table).
 */
import { PaperdeckDB, RANK_TOKENS_KEY } from '../../../lib/db/database';
import { Library } from '../../../lib/db/library';
import { Corpus, textHash } from '../../../lib/rank/corpus';
import { DEFAULT_RANK, MIN_STARS, trainRanker } from '../../../lib/rank/model';
import { RankService } from '../../../lib/rank/service';
import { Lexicon, TITLE_WEIGHT, TOKENIZER_VERSION } from '../../../lib/rank/tokenize';
import { T0, uniqueName } from '../db/helpers';
import { ALL, DIFFUSION, ids, RECORDS } from './papers';

const labels = { starred: new Set(ids(DIFFUSION.slice(0, MIN_STARS))), tags: new Map(), notInterested: new Set<string>() };

describe('a corpus rebuilt from stored tokens', () => {
  it('gives the same model as one that tokenised the papers, whatever ids its words had', () => {
    const first = new Corpus();
    // Another order: other word ids, so the test would see ids taken for words.
    for (const p of [...ALL].reverse()) first.add(p);
    const rebuilt = new Corpus(TITLE_WEIGHT, first.stems());
    for (const p of ALL) expect(rebuilt.addTokens(p, first.get(p.id)!.tokens.slice())).toBe(true);
    const tokenised = new Corpus();
    for (const p of ALL) tokenised.add(p);
    const a = trainRanker(tokenised, labels).model;
    const b = trainRanker(rebuilt, labels).model;
    expect(b.features).toEqual(a.features);
    expect([...b.overall!.w]).toEqual([...a.overall!.w]);
    // A paper added later to the rebuilt corpus gets the ids its lexicon gives.
    expect(rebuilt.add(ALL[0]!)).toBe(false); // same text: nothing to do
    expect(rebuilt.add({ ...ALL[0]!, abstract: 'Sampling with fewer denoising steps.' })).toBe(true);
  });

  it('refuses tokens naming words its lexicon lacks, and a word list with a word twice', () => {
    const corpus = new Corpus(TITLE_WEIGHT, ['diffusion', 'model']);
    expect(corpus.addTokens(ALL[0]!, Int32Array.from([0, 1, -1, 1]))).toBe(true);
    expect(corpus.addTokens(ALL[1]!, Int32Array.from([0, 2]))).toBe(false);
    expect(corpus.addTokens(ALL[1]!, Int32Array.from([-2]))).toBe(false);
    expect(corpus.has(ALL[1]!.id)).toBe(false);
    expect(corpus.size).toBe(1);
    expect(() => new Corpus(TITLE_WEIGHT, ['diffusion', 'model', 'diffusion'])).toThrow(/twice/);
    const lexicon = new Lexicon();
    lexicon.scan('diffusion');
    expect(() => lexicon.seed(['model'])).toThrow(/not empty/);
  });

  it('hashes title and abstract: a change to either, or moving words between them, changes the hash', () => {
    const p = { id: '2501.00001', title: 'Latent Diffusion', abstract: 'Models of images.' };
    const h = textHash(p);
    expect(textHash({ ...p })).toBe(h);
    expect(textHash({ ...p, abstract: 'Models of image.' })).not.toBe(h);
    expect(textHash({ ...p, title: 'Latent diffusion' })).not.toBe(h);
    expect(textHash({ ...p, title: 'Latent Diffusion Models', abstract: 'of images.' })).not.toBe(h);
    expect(textHash({ id: p.id, title: p.title })).not.toBe(h);
  });

  it('keeps for a paper it tokenises the textHash of its text, which the scan computes as it goes', () => {
    const papers = [
      { id: 'a', title: 'Latent Diffusion', abstract: 'Models of images.' },
      { id: 'b', title: "The Model's Bias", abstract: "It's the model’s bias (don't) — with Schölkopf's kernels" },
      { id: 'c', title: 'Schölkopf’s Kernels: ﬁne-tuning', abstract: "Plain ASCII here, isn't it?" },
      { id: 'd', title: 'No abstract' },
      { id: 'e', title: 'Empty abstract', abstract: '' },
      { id: 'f', title: '', abstract: 'Only an abstract, with a tail’' },
      { id: 'g', title: "Ends in an apostrophe word's", abstract: 'x' },
    ];
    const corpus = new Corpus();
    for (const p of papers) {
      expect(corpus.add(p)).toBe(true);
      expect(corpus.hashOf(p.id)).toBe(textHash(p));
    }
    // The hash kept is the text's: the same text again changes nothing, another is tokenised again.
    expect(corpus.add({ ...papers[1]! })).toBe(false);
    expect(corpus.add({ ...papers[1]!, abstract: 'Another abstract' })).toBe(true);
    expect(corpus.hashOf('b')).toBe(textHash({ ...papers[1]!, abstract: 'Another abstract' }));
  });
});

const records = RECORDS;

/** The tests' library is a few dozen papers: the row is written as soon as one paper is tokenised. */
const EVERY_PAPER = { saveTokensAfter: 1 };

/** A library with the test papers, five starred, and a background that trained once. */
async function trained(name = uniqueName('rank-tokens'), options: ConstructorParameters<typeof RankService>[1] = EVERY_PAPER) {
  const db = new PaperdeckDB(name);
  const library = new Library(db);
  const service = new RankService(library, { debounceMs: 5, ...options });
  service.watch((l) => library.onChange(l));
  await library.recordSeen(records, T0);
  await library.settle();
  for (const p of DIFFUSION.slice(0, MIN_STARS)) await library.star(p.id, T0);
  await service.flush();
  service.stop();
  return { db, library, first: service.current() };
}

/** A new worker's first training (a full load), as after a restart with the library changed. */
async function restart(db: PaperdeckDB, options: ConstructorParameters<typeof RankService>[1] = EVERY_PAPER) {
  const service = new RankService(new Library(db), { debounceMs: 5, ...options });
  service.onChange({ ids: [], what: ['papers'] });
  await service.flush();
  service.stop();
  return service.current();
}

/** The stored tokens' row, and one paper's hash in it. */
async function storedRow(db: PaperdeckDB) {
  const row = await db.rankTokens.get(RANK_TOKENS_KEY);
  return { row, hashOf: (id: string) => row!.hashes[row!.ids.indexOf(id)] };
}

describe('RankService: stored tokens', () => {
  it('a restarted background takes every paper from the stored tokens and trains the same model', async () => {
    const { db, first } = await trained();
    expect(first).toMatchObject({ tokenised: ALL.length, reused: 0 });
    const { row } = await storedRow(db);
    expect(row).toMatchObject({ tokenizer: TOKENIZER_VERSION, titleWeight: TITLE_WEIGHT });
    expect([...row!.ids].sort()).toEqual(ids(ALL).sort());
    expect(row!.offsets).toHaveLength(ALL.length + 1);
    expect(row!.tokens).toHaveLength(row!.offsets[ALL.length]!);

    const again = await restart(db);
    expect(again).toMatchObject({ tokenised: 0, reused: ALL.length });
    expect(again.model!.features).toEqual(first.model!.features);
    expect([...again.model!.overall!.w]).toEqual([...first.model!.overall!.w]);
    db.close();
  });

  it('tokenises again a paper whose abstract changed since (recordSeen merged a newer read)', async () => {
    const { db, library } = await trained();
    const changed = { ...records[0]!, abstract: 'Sampling latent diffusion models with fewer denoising steps.' };
    await library.recordSeen([changed], T0 + 10_000);
    await library.settle();
    expect((await db.papers.get(changed.id))!.abstract).toBe(changed.abstract);

    expect(await restart(db)).toMatchObject({ tokenised: 1, reused: ALL.length - 1 });
    // The stored tokens are now the new text's: the next start reuses them.
    expect((await storedRow(db)).hashOf(changed.id)).toBe(textHash(changed));
    expect(await restart(db)).toMatchObject({ tokenised: 0, reused: ALL.length });
    db.close();
  });

  it('tokenises everything again for another tokenizer version or title weight, or a damaged word list', async () => {
    const { db } = await trained();
    const { row } = await storedRow(db);
    await db.rankTokens.put({ ...row!, tokenizer: TOKENIZER_VERSION - 1 });
    expect(await restart(db)).toMatchObject({ tokenised: ALL.length, reused: 0 });
    expect((await storedRow(db)).row).toMatchObject({ tokenizer: TOKENIZER_VERSION });
    expect(await restart(db)).toMatchObject({ tokenised: 0, reused: ALL.length });

    const weight3 = { ...EVERY_PAPER, rank: { ...DEFAULT_RANK, titleWeight: TITLE_WEIGHT + 1 } };
    expect(await restart(db, weight3)).toMatchObject({ tokenised: ALL.length, reused: 0 });
    expect((await storedRow(db)).row).toMatchObject({ titleWeight: TITLE_WEIGHT + 1 });

    const { words } = (await storedRow(db)).row!;
    await db.rankTokens.update(RANK_TOKENS_KEY, { words: [...words, words[0]!] });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const damaged = await restart(db, weight3);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/stored tokens are unusable/), expect.any(Error));
    warn.mockRestore();
    expect(damaged).toMatchObject({ tokenised: ALL.length, reused: 0 });
    expect(damaged.model!.overall).not.toBeNull();
    expect(await restart(db, weight3)).toMatchObject({ tokenised: 0, reused: ALL.length });
    db.close();
  });

  it('by default rewrites the row only once enough papers were tokenised since (not after every page visit)', async () => {
    const { db, library } = await trained(uniqueName('rank-tokens-throttle'), { saveTokensAfter: 3 });
    const written = async () => (await storedRow(db)).row!;
    const before = await written();
    const change = async (k: number) => {
      await library.recordSeen([{ ...records[k]!, abstract: `A changed abstract number ${k} about sampling.` }], T0 + 30_000 + k);
      await library.settle();
    };
    // Two papers changed: each restart tokenises them, and the row stays as it was.
    await change(0);
    await change(1);
    expect(await restart(db, { saveTokensAfter: 3 })).toMatchObject({ tokenised: 2, reused: ALL.length - 2 });
    expect(await written()).toEqual(before);
    expect(await restart(db, { saveTokensAfter: 3 })).toMatchObject({ tokenised: 2, reused: ALL.length - 2 });
    // A third: now the row is written, and the next start tokenises nothing.
    await change(2);
    expect(await restart(db, { saveTokensAfter: 3 })).toMatchObject({ tokenised: 3, reused: ALL.length - 3 });
    expect(await written()).not.toEqual(before);
    expect(await restart(db, { saveTokensAfter: 3 })).toMatchObject({ tokenised: 0, reused: ALL.length });
    db.close();
  });

  it('keeps only the papers of the training set, and "start over" drops the stored tokens', async () => {
    const { db, library } = await trained();
    const gone = ALL[ALL.length - 1]!.id;
    await library.deletePapers([gone]);
    // A removal alone does not rewrite the row; its entry for the deleted paper is never read back.
    expect(await restart(db)).toMatchObject({ tokenised: 0, reused: ALL.length - 1 });
    expect(await restart(db)).toMatchObject({ tokenised: 0, reused: ALL.length - 1 });
    // The next write of the row holds the training set only.
    await library.recordSeen([{ ...records[0]!, abstract: 'A changed abstract about diffusion sampling.' }], T0 + 20_000);
    await library.settle();
    expect(await restart(db)).toMatchObject({ tokenised: 1, reused: ALL.length - 2 });
    expect((await storedRow(db)).row!.ids).not.toContain(gone);
    await library.wipe();
    expect(await db.rankTokens.count()).toBe(0);
    db.close();
  });
});
