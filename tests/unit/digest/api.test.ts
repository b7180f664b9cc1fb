import { DigestFetchError, MAX_BODY_BYTES, dailyPapersUrl, fetchDailyPapers, parseDailyPapers } from '../../../lib/digest/api';
import { notificationText } from '../../../lib/digest/notify';
import { runDigestDay } from '../../../lib/digest/run';
import { ENABLED_KEY } from '../../../lib/digest/schedule';
import { DAYS_KEY } from '../../../lib/digest/store';
import type { DigestDay } from '../../../lib/digest/types';
import type { CardScores } from '../../../lib/rank/types';
import { freshLibrary } from '../db/helpers';
import { MemoryStorage, answering, apiItems } from './helpers';

const DATE = '2026-12-06';
const COLD: CardScores = { state: 'cold', starred: 0, needed: 5, trainedAt: 0, scores: {}, notInterested: [] };

describe('the API reader (lib/digest/api.ts)', () => {
  it('asks for one day, whole, with nothing from the library', () => {
    expect(dailyPapersUrl(DATE)).toBe('https://huggingface.co/api/daily_papers?date=2026-12-06&limit=100');
  });

  it('reads the documented item shape into the same records as the page reader', () => {
    const records = parseDailyPapers(apiItems(), DATE);
    expect(records.map((r) => r.id)).toEqual(['2612.01001', '2612.01002', '2612.01003', '2612.01004', '2612.01005']);
    expect(records[0]).toEqual({
      id: '2612.01001',
      title: 'Sparse Diffusion Transformers for Fast Image Synthesis',
      abstract: 'We make diffusion transformers sparse, so image synthesis runs four times faster with the same quality.',
      // The hidden author is left out, as the site leaves it out.
      authors: ['Ada Lovelace', 'Alan Turing'],
      publishedAt: '2026-12-04',
      upvotes: 41,
      comments: 0,
      submitter: 'submitter0',
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2612.01001.png',
      github: { repo: 'https://github.com/example/sparse-dit', stars: 1234 },
      keywords: ['diffusion', 'image synthesis', 'sparse attention'],
      aiSummary: 'We make diffusion transformers sparse.',
      organization: { slug: 'deepmind', name: 'Google DeepMind' },
      seenOn: { view: 'date', url: 'https://huggingface.co/papers/date/2026-12-06' },
    });
  });

  it('sends the request without cookies or referrer', async () => {
    const seen: RequestInit[] = [];
    await fetchDailyPapers(DATE, (_url, init) => {
      seen.push(init);
      return Promise.resolve(new Response('[]'));
    });
    expect(seen[0]).toMatchObject({ method: 'GET', credentials: 'omit', referrerPolicy: 'no-referrer' });
  });

  const hostile: Array<[string, unknown, DigestFetchError['problem']]> = [
    ['an object instead of a list', { error: 'Not found' }, 'invalid'],
    ['an item without a paper', [...apiItems(), { title: 'x' }], 'invalid'],
    ['a paper without a title (partial)', [{ ...apiItems()[0], paper: { ...apiItems()[0]!.paper, title: undefined } }], 'invalid'],
    ['an id that is not an arXiv id', [{ paper: { id: '../../etc/passwd', title: 'x' } }], 'invalid'],
    ['upvotes of the wrong type', [{ paper: { ...apiItems()[0]!.paper, upvotes: '9999' } }], 'invalid'],
    ['authors of the wrong type', [{ paper: { ...apiItems()[0]!.paper, authors: 'Ada' } }], 'invalid'],
    ['more items than a day holds', Array.from({ length: 101 }, () => apiItems()[0]), 'invalid'],
    ['a truncated body', JSON.stringify(apiItems()).slice(0, 500), 'not-json'],
    ['an HTML error page', '<!doctype html><title>502</title>', 'not-json'],
    ['a body over the size limit', `[${' '.repeat(MAX_BODY_BYTES)}]`, 'too-large'],
  ];

  for (const [name, body, problem] of hostile) {
    it(`refuses ${name}, and writes nothing`, async () => {
      const { library } = freshLibrary();
      const storage = new MemoryStorage();
      await storage.set({ [ENABLED_KEY]: true });
      const writes = storage.writes;
      const recordSeen = vi.spyOn(library, 'recordSeen');
      const { fetchFn } = answering(body);
      const notify = vi.fn();
      const run = runDigestDay(DATE, { library, rank: { scoreCards: () => Promise.resolve(COLD) }, storage, fetchFn, notify });
      await expect(run).rejects.toMatchObject({ name: 'DigestFetchError', problem });
      expect(recordSeen).not.toHaveBeenCalled();
      expect(await library.paperCount()).toBe(0);
      expect(storage.writes).toBe(writes);
      expect(storage.data.has(DAYS_KEY)).toBe(false);
      expect(notify).not.toHaveBeenCalled();
    });
  }

  it('refuses an HTTP error and a network failure', async () => {
    await expect(fetchDailyPapers(DATE, answering('oops', 503).fetchFn)).rejects.toMatchObject({ problem: 'http' });
    await expect(fetchDailyPapers(DATE, () => Promise.reject(new TypeError('Failed to fetch')))).rejects.toMatchObject({
      problem: 'network',
    });
  });

  it('cuts over-long texts to the library limits instead of keeping megabytes', () => {
    const item = apiItems()[0]!;
    const [record] = parseDailyPapers([{ ...item, paper: { ...item.paper, title: 'T'.repeat(50_000) } }], DATE);
    expect(record!.title.length).toBe(1_000);
  });

  it('records a valid day like a page visit, ranks it and keeps it', async () => {
    const { library } = freshLibrary();
    const storage = new MemoryStorage();
    await storage.set({ [ENABLED_KEY]: true });
    const { fetchFn, calls } = answering(apiItems());
    const day = await runDigestDay(DATE, {
      library,
      rank: { scoreCards: () => Promise.resolve(COLD) },
      storage,
      fetchFn,
      now: () => 1_000,
    });
    expect(calls).toHaveLength(1);
    expect(await library.paperCount()).toBe(5);
    const [stored] = await library.papersOf(['2612.01003']);
    expect(stored).toMatchObject({ title: 'Speech Tokenizers at Scale', seenOn: [{ view: 'date', path: '/papers/date/2026-12-06' }] });
    // Cold model: by upvotes.
    expect(day!.entries.map((e) => e.id)).toEqual(['2612.01003', '2612.01001', '2612.01005', '2612.01002', '2612.01004']);
    expect(storage.data.get(DAYS_KEY)).toEqual([DATE]);
  });

  it("ranks the papers of followed labs and authors first, from the library's follow rules, even with hide rules paused", async () => {
    const { library } = freshLibrary();
    const storage = new MemoryStorage();
    await storage.set({ [ENABLED_KEY]: true });
    await library.addRule({ action: 'follow', kind: 'organization', pattern: 'meta' });
    await library.addRule({ action: 'follow', kind: 'author', pattern: 'Grace Hopper' });
    await library.addRule({ kind: 'keyword', pattern: 'crypto' });
    await library.addRule({ kind: 'keyword', pattern: 'robot' });
    await library.setSettings({ pauseRules: true });
    const told: DigestDay[] = [];
    const day = await runDigestDay(DATE, {
      library,
      rank: { scoreCards: () => Promise.resolve(COLD) },
      storage,
      fetchFn: answering(apiItems()).fetchFn,
      notify: (d) => Promise.resolve(told.push(d)),
    });
    // Followed first (by upvotes between them), then the rest; the paused hide rules hide nothing.
    expect(day!.entries.map((e) => e.id)).toEqual(['2612.01003', '2612.01002', '2612.01001', '2612.01005', '2612.01004']);
    expect(day!.entries.slice(0, 2).map((e) => e.reasons[0])).toEqual([
      { kind: 'follow', rule: { id: expect.any(String) as string, label: 'Organization meta' } },
      { kind: 'follow', rule: { id: expect.any(String) as string, label: 'Author Grace Hopper' } },
    ]);
    expect(day!.entries.some((e) => e.reasons.some((r) => r.kind === 'hidden'))).toBe(false);
    expect(notificationText(told[0]!)).toBe('2 papers for you today — 2 from labs you follow');

    // Rules in force again: the robot paper is followed (Grace Hopper), so it stays; the crypto one goes last, hidden.
    await library.setSettings({ pauseRules: false });
    const again = await runDigestDay(DATE, {
      library,
      rank: { scoreCards: () => Promise.resolve(COLD) },
      storage,
      fetchFn: answering(apiItems()).fetchFn,
    });
    expect(again!.entries.map((e) => [e.id, e.reasons[0]?.kind])).toEqual([
      ['2612.01003', 'follow'],
      ['2612.01002', 'follow'],
      ['2612.01001', 'popular'],
      ['2612.01005', 'popular'],
      ['2612.01004', 'hidden'],
    ]);
  });

  it('writes nothing when the digest was turned off while the request was out', async () => {
    const { library } = freshLibrary();
    const storage = new MemoryStorage();
    await storage.set({ [ENABLED_KEY]: false });
    const day = await runDigestDay(DATE, {
      library,
      rank: { scoreCards: () => Promise.resolve(COLD) },
      storage,
      fetchFn: answering(apiItems()).fetchFn,
    });
    expect(day).toBeNull();
    expect(await library.paperCount()).toBe(0);
    expect(storage.data.has(DAYS_KEY)).toBe(false);
  });
});
