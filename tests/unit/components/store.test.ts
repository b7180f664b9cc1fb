import { PaperStore, SAVE_MARGIN, toRow } from '../../../components/store';
import { TermIndex } from '../../../components/term-index';
import { freshLibrary, HOUR, NOW, record } from './helpers';

async function library3() {
  const library = freshLibrary();
  const a = record({ title: 'Alpha: scaling laws', abstract: 'We measure compute budgets.' });
  const b = record({ title: 'Beta: robot hands', abstract: 'Dexterous manipulation with tactile sensors.' });
  const c = record({ title: 'Gamma: protein folding', abstract: 'Structures from sequences.' });
  await library.recordSeen([a, b, c], NOW - 5 * HOUR);
  await library.star(a.id, NOW - 3 * HOUR);
  await library.star(b.id, NOW - 2 * HOUR);
  await library.star(c.id, NOW - 1 * HOUR);
  return { library, a, b, c };
}

/**
 * A connection opened with the raw IndexedDB API, which Dexie does not observe. `delete` creates
 * its read-write transaction at once: by the spec's ordering rule, any transaction created after
 * it on the same store (the store's full read) sees its result, so the test does not race.
 */
function rawConnection(dbName: string): Promise<{ delete(table: string, key: string): Promise<void>; close(): void }> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      resolve({
        delete: (table, key) =>
          new Promise<void>((done, fail) => {
            const tx = db.transaction(table, 'readwrite');
            tx.objectStore(table).delete(key);
            tx.oncomplete = () => done();
            tx.onerror = () => fail(tx.error);
          }),
        close: () => db.close(),
      });
    };
  });
}

/** Resolves when `store` has read everything in scope. */
function loaded(store: PaperStore): Promise<void> {
  return new Promise((resolve) => {
    const check = () => store.progress.done && (unsubscribe(), resolve());
    const unsubscribe = store.subscribe(check);
    check();
  });
}

describe('PaperStore', () => {
  it('reads the first screen, then the rest, with a first read of the size asked for', async () => {
    const { library } = await library3();
    const store = new PaperStore(library, 'starred', { firstScreen: 2 });
    const firstScreens: number[] = [];
    store.subscribe(() => {
      if (!store.progress.done) firstScreens.push(store.rows.size);
    });
    const stop = store.start();
    await loaded(store);
    expect(firstScreens[0]).toBe(2);
    expect([...store.rows.keys()]).toHaveLength(3);
    stop();
  });

  it('loads the search index on demand: a search before it is there answers "pending", then real results', async () => {
    const { library, b } = await library3();
    const store = new PaperStore(library, 'starred');
    // Not started: nothing has asked for the index module yet.
    expect(store.index).toBeNull();
    expect(store.search('')).toBeNull();
    expect(store.search('tactile')).toEqual({ hits: [], complete: false, pending: true });
    const stop = store.start();
    await loaded(store);
    await store.flushIndex();
    expect(store.index).not.toBeNull();
    expect(store.indexPending).toBe(0);
    // A word found only in an abstract.
    expect(store.search('tactile')).toEqual({ hits: [expect.objectContaining({ id: b.id })], complete: true });
    stop();
  });

  it('indexes papers read before the index module arrived (nothing is left out of search)', async () => {
    const { library, a, b, c } = await library3();
    const store = new PaperStore(library, 'starred');
    const stop = store.start();
    await loaded(store);
    await store.flushIndex();
    expect(store.search('alpha')?.hits.map((h) => h.id)).toEqual([a.id]);
    expect(store.search('robot')?.hits.map((h) => h.id)).toEqual([b.id]);
    expect(store.search('sequences')?.hits.map((h) => h.id)).toEqual([c.id]);
    stop();
  });

  it('makes abstracts searchable as the rows are read, without waiting for idle time', async () => {
    const library = freshLibrary();
    // More papers than one chunk of the load (1,000), so the index is fed while rows still arrive.
    const records = Array.from({ length: 2500 }, (_, i) =>
      record({ title: `Paper ${i}`, abstract: i === 1234 ? 'Dexterous manipulation with tactile sensors.' : `Filler text number ${i}.` }),
    );
    await library.recordSeen(records, NOW - HOUR);
    await library.counts(NOW); // waits for the page read to be merged into the papers
    const store = new PaperStore(library, 'all', { firstScreen: 10 });
    const stop = store.start();
    await Promise.all([loaded(store), store.loadIndex()]);
    // No flushIndex: once both the rows and the index module are there, nothing is queued.
    expect(store.indexPending).toBe(0);
    expect(store.search('tactile')).toEqual({ hits: [expect.objectContaining({ id: records[1234]!.id })], complete: true });
    expect(store.search('filler')?.hits).toHaveLength(2499);
    stop();
  });

  it('saves the search index, and the next opening indexes only the papers that changed since', async () => {
    const library = freshLibrary();
    const word = (i: number) => `qz${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}${String.fromCharCode(97 + (i % 26))}`;
    const records = Array.from({ length: 1500 }, (_, i) => record({ title: `Paper ${i}`, abstract: `Shared words and ${word(i % 600)}.` }));
    await library.recordSeen(records, NOW - 2 * HOUR);
    await library.counts(NOW);
    // Which abstracts go into a body index (TermIndex over the 'abstract' field), by paper id.
    // Which papers' title, authors… go into a head index (the others).
    const indexed: string[] = [];
    const heads: string[] = [];
    const add = TermIndex.prototype.add;
    const spy = vi.spyOn(TermIndex.prototype, 'add').mockImplementation(function (this: TermIndex, id, words) {
      (this.fields[0] === 'abstract' ? indexed : heads).push(id);
      add.call(this, id, words);
    });
    try {
      const open = async () => {
        indexed.length = 0;
        heads.length = 0;
        const store = new PaperStore(library, 'all', { firstScreen: 10 });
        const stop = store.start();
        await Promise.all([loaded(store), store.loadIndex()]);
        return { store, stop };
      };
      const savedAt = async () => (await library.db.searchCache.get('search:all'))?.savedAt ?? 0;

      const first = await open();
      expect(indexed).toHaveLength(1500);
      expect(new Set(heads).size).toBe(1500);
      await vi.waitFor(async () => expect(await savedAt()).toBeGreaterThan(0), { timeout: 5000 });
      first.stop();
      const firstSave = await savedAt();

      // Meanwhile: a paper deleted, one whose abstract changed, one new.
      const [gone, changed] = [records[100]!, records[200]!];
      await library.deletePapers([gone.id]);
      await library.recordSeen([{ ...changed, abstract: 'Now about quantization.' }], NOW - HOUR);
      const fresh = record({ title: 'Fresh', abstract: 'Tactile sensing for robot hands.' });
      await library.recordSeen([fresh], NOW - HOUR);
      await library.counts(NOW);

      const second = await open();
      expect(indexed.sort()).toEqual([changed.id, fresh.id].sort());
      expect(heads).toEqual([fresh.id]);
      expect(second.store.indexPending).toBe(0);
      expect(second.store.search('quantization')?.hits.map((h) => h.id)).toEqual([changed.id]);
      expect(second.store.search('tactile')?.hits.map((h) => h.id)).toEqual([fresh.id]);
      // The deleted paper left the index, the changed one its old words.
      const hitIds = (q: string) => (second.store.search(q)?.hits.map((h) => h.id) ?? []).sort();
      expect(hitIds(word(100))).toEqual([records[700]!.id, records[1300]!.id].sort());
      expect(hitIds(word(200))).toEqual([records[800]!.id, records[1400]!.id].sort());
      expect(second.store.search('shared')?.hits).toHaveLength(1498); // 1,500 less the deleted and the changed one
      await vi.waitFor(async () => expect(await savedAt()).toBeGreaterThan(firstSave), { timeout: 5000 });
      second.stop();

      // Saved again: nothing to index the third time.
      const third = await open();
      expect(indexed).toEqual([]);
      expect(heads).toEqual([]);
      expect(third.store.search('shared')?.hits).toHaveLength(1498); // 1,500 less the deleted and the changed one
      third.stop();
    } finally {
      spy.mockRestore();
    }
  });

  it('opened again, reads only the papers written since it saved its rows, and ends with the rows of a full read', async () => {
    const library = freshLibrary();
    // Written a while before the first opening saves its rows (past the margin kept before a save).
    const realNow = Date.now.bind(Date);
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() - 2 * SAVE_MARGIN);
    const records = Array.from({ length: 1200 }, (_, i) =>
      record({ title: `Paper ${i}`, abstract: `Shared words, number ${i}.`, authors: [`Author ${i % 7}`], upvotes: i }),
    );
    await library.recordSeen(records, NOW - 2 * HOUR);
    await library.settle();
    const [tagged, noted, gone, renamed, unstarred] = [records[10]!, records[20]!, records[30]!, records[40]!, records[50]!];
    await library.tag(tagged.id, 'keepers');
    await library.setNote(noted.id, 'Remember the ablation.');
    await library.star(unstarred.id, NOW);
    clock.mockRestore();
    const savedRows = async () => (await library.listCaches(['rows:all']))[0];
    const open = async () => {
      const store = new PaperStore(library, 'all', { firstScreen: 10 });
      const stop = store.start();
      await Promise.all([loaded(store), store.loadIndex()]);
      return { store, stop };
    };
    const first = await open();
    await vi.waitFor(async () => expect(await savedRows()).toBeDefined(), { timeout: 5000 });
    first.stop();

    // Then papers and what the user made change.
    {
      await library.deletePapers([gone.id]);
      await library.recordSeen(
        [{ ...renamed, title: 'Renamed: tactile sensing' }, record({ title: 'Fresh', abstract: 'Quantization.' })],
        NOW,
      );
      await library.settle();
      await library.untag(tagged.id, (await library.listTags())[0]!.id);
      await library.setNote(noted.id, 'Remember the baseline.');
      await library.unstar(unstarred.id);
      const after = vi.spyOn(library, 'papersAfter');
      const papersOf = vi.spyOn(library, 'papersOf');
      const written = vi.spyOn(library, 'papersWrittenSince');
      const second = await open();
      // No walk over every paper: the two written since (the renamed one and the new one).
      expect(after).not.toHaveBeenCalled();
      expect(papersOf).not.toHaveBeenCalled();
      expect(((await written.mock.results[0]!.value) as { title: string }[]).map((p) => p.title).sort()).toEqual([
        'Fresh',
        'Renamed: tactile sensing',
      ]);
      const full = (await library.exportSnapshot()).papers.map(toRow);
      expect(full).toHaveLength(1200);
      expect([...second.store.rows.values()].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(full.sort((a, b) => (a.id < b.id ? -1 : 1)));
      const hits = (q: string) => second.store.search(q)?.hits.map((h) => h.id);
      expect(hits('tactile')).toEqual([renamed.id]);
      expect(hits('quantization')).toHaveLength(1);
      expect(hits('keepers')).toEqual([]);
      expect(hits('baseline')).toEqual([noted.id]);
      expect(hits('ablation')).toEqual([]);
      expect(hits('shared')).toHaveLength(1199);
      expect(second.store.stars.has(unstarred.id)).toBe(false);
      second.stop();
    }
  });

  it('builds the index as usual when the saved one is damaged, and replaces it', async () => {
    const library = freshLibrary();
    const records = Array.from({ length: 40 }, (_, i) =>
      record({ title: `Paper ${i}`, abstract: i === 7 ? 'Tactile sensing.' : 'Filler.' }),
    );
    await library.recordSeen(records, NOW - HOUR);
    await library.counts(NOW);
    await library.saveListCaches({ 'search:all': { format: 1, words: 0, body: 'not an index', hashes: new Int32Array(3) } });
    const store = new PaperStore(library, 'all');
    const stop = store.start();
    await Promise.all([loaded(store), store.loadIndex()]);
    expect(store.search('tactile')?.hits.map((h) => h.id)).toEqual([records[7]!.id]);
    const saved = () => library.listCaches(['search:all']);
    await vi.waitFor(async () => expect((await saved())[0]?.value).toHaveProperty('body.ids'), {
      timeout: 5000,
    });
    stop();
  });

  it('drops a paper un-starred between the first screen and the full read (no stale row stays)', async () => {
    const { library, a, b, c } = await library3();
    const store = new PaperStore(library, 'starred');
    const raw = await rawConnection(library.db.name);
    // Set inside the listener below (TypeScript cannot see that): a holder keeps its type.
    const pending: { removed: Promise<void> | null } = { removed: null };
    store.subscribe(() => {
      // Right after the first screen: an un-star with no change notice (written with the raw
      // IndexedDB API, which Dexie does not observe), so only the full read can notice it.
      if (store.ready && !pending.removed) pending.removed = raw.delete('stars', a.id);
    });
    const stop = store.start();
    await loaded(store);
    await pending.removed;
    expect(new Set(store.rows.keys())).toEqual(new Set([b.id, c.id]));
    expect(store.stars.has(a.id)).toBe(false);
    raw.close();
    stop();
  });

  it('follows tag changes in search once the index is loaded, and while it is not', async () => {
    const { library, a } = await library3();
    const store = new PaperStore(library, 'starred');
    const stop = store.start();
    await loaded(store);
    await library.tag(a.id, 'favourite');
    // The change notice arrives when it arrives (liveQuery): poll, do not guess a delay.
    await vi.waitFor(async () => {
      await store.settled();
      await store.flushIndex();
      expect(store.search('favourite')?.hits.map((h) => h.id)).toEqual([a.id]);
    });
    stop();
  });
});
