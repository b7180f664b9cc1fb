import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { PaperdeckDB, declareVersions } from '../../../lib/db/database';
import { deferredLibrary } from '../../../lib/db/deferred';
import { readFirstScreen, startFirstScreen, takeFirstScreen } from '../../../lib/db/first-screen';
import { Library } from '../../../lib/db/library';
import type { StoredWrites } from '../../../lib/db/observe';
import { arxivId, freshLibrary, records, T0, uniqueName } from './helpers';

/** A library of 8 papers seen one after the other, 5 starred, with tags and notes on some. */
async function sample() {
  const made = freshLibrary();
  const { library } = made;
  for (let i = 0; i < 8; i++) await library.recordSeen(records(1, i), T0 + i * 1000);
  await library.settle();
  for (const i of [1, 3, 4, 6, 7]) await library.star(arxivId(i), T0 + 10_000 + i);
  await library.tag(arxivId(7), 'LLM', T0);
  await library.tag(arxivId(7), 'Vision', T0);
  await library.tag(arxivId(2), 'LLM', T0);
  await library.setNote(arxivId(6), 'read the appendix', T0);
  await library.setStatus(arxivId(5), 'to-read', T0);
  return made;
}

const exists = async (name: string) => (await indexedDB.databases()).some((d) => d.name === name);

describe('the first screen read without Dexie (first-screen.ts)', () => {
  it('answers what Library.firstScreen answers, for both lists, whatever the limit', async () => {
    const { library, name } = await sample();
    for (const scope of ['all', 'starred'] as const) {
      for (const limit of [0, 3, 60]) {
        const raw = await readFirstScreen(scope, limit, { name });
        expect(raw).toEqual(await library.firstScreen(scope, limit));
      }
    }
    const all = await readFirstScreen('all', 3, { name });
    expect(all?.papers.map((p) => p?.id)).toEqual([arxivId(7), arxivId(6), arxivId(5)]);
    expect(all?.links.map((l) => l.paperId)).toEqual([arxivId(7), arxivId(7)]);
    expect(all?.notes.map((n) => n.paperId)).toEqual([arxivId(6), arxivId(5)]);
    expect(all?.tags.map((t) => Object.keys(t).sort())).toEqual([
      ['colour', 'createdAt', 'id', 'name'],
      ['colour', 'createdAt', 'id', 'name'],
    ]);
  });

  it('creates no database where there is none, and leaves an older schema to Dexie', async () => {
    const none = uniqueName();
    expect(await readFirstScreen('all', 10, { name: none })).toBeNull();
    expect(await exists(none)).toBe(false);

    // A database at schema 5 (an update not yet opened by Dexie): its upgrade is Dexie's to run.
    const old = uniqueName();
    const v5 = new Dexie(old);
    declareVersions(v5, 5);
    await v5.open();
    v5.close();
    expect(await readFirstScreen('starred', 10, { name: old })).toBeNull();
    // Dexie then opens it at the latest schema, and the read answers.
    const library = new Library(new PaperdeckDB(old));
    await library.star(records(1)[0]!, T0);
    expect((await readFirstScreen('starred', 10, { name: old }))?.stars).toHaveLength(1);
  });
});

describe('deferredLibrary', () => {
  it('shows the first rows before the library code is loaded, then goes through to it', async () => {
    const { library, name } = await sample();
    let release: (l: Library) => void = () => {};
    const load = vi.fn(() => new Promise<Library>((resolve) => (release = resolve)));
    const deferred = deferredLibrary(load, { scope: 'starred', limit: 2, name });

    const first = await deferred.firstScreen('starred', 2);
    expect(first.stars.map((s) => s.paperId)).toEqual([arxivId(7), arxivId(6)]);
    // The code is asked for once the first rows are read, not before.
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1));

    // Calls made before it is there wait for it; a subscription made meanwhile starts with it.
    const writes: StoredWrites[] = [];
    const stopWatching = deferred.observeWrites((w) => writes.push(w));
    const changes: unknown[] = [];
    deferred.onChange((c) => changes.push(c));
    const stoppedEarly = vi.fn();
    deferred.observeWrites(stoppedEarly)();
    const counts = deferred.headerCounts(T0);
    release(library);
    expect(await counts).toEqual(await library.headerCounts(T0));
    await deferred.unstar(arxivId(7));
    await vi.waitFor(() => expect(writes.some((w) => w.tables.has('stars'))).toBe(true));
    expect(changes).toEqual([{ ids: [arxivId(7)], what: ['stars'] }]);
    expect(stoppedEarly).not.toHaveBeenCalled();
    stopWatching();

    // The early read is answered once: asked again, the Library answers (it knows the un-star).
    expect((await deferred.firstScreen('starred', 2)).stars.map((s) => s.paperId)).toEqual([arxivId(6), arxivId(4)]);
    // A live query, through the loaded Library.
    const seen: number[] = [];
    const sub = deferred.live(() => deferred.headerCounts(T0)).subscribe({ next: (c) => seen.push(c.starred), error: () => {} });
    await vi.waitFor(() => expect(seen).toContain(4));
    await deferred.star(arxivId(0), T0);
    await vi.waitFor(() => expect(seen).toContain(5));
    sub.unsubscribe();
    // Not a promise: awaiting it gives the object itself.
    expect(await (deferred as unknown as Promise<unknown>)).toBe(deferred);
  });

  it("takes the read a page's first script started, once, and only for the same list and database", async () => {
    const { name } = await sample();
    const started = startFirstScreen({ scope: 'starred', limit: 2, name });
    expect(takeFirstScreen({ scope: 'starred', limit: 2, name })).toBe(started);
    // Taken: the next ask reads anew.
    const again = takeFirstScreen({ scope: 'starred', limit: 2, name });
    expect(again).not.toBe(started);
    expect(await again).toEqual(await started);
    // Another list, limit or database does not take it.
    for (const [scope, limit, db] of [
      ['all', 2, name],
      ['starred', 3, name],
      ['starred', 2, uniqueName()],
    ] as const) {
      const other = startFirstScreen({ scope: 'starred', limit: 2, name });
      expect(takeFirstScreen({ scope, limit, name: db })).not.toBe(other);
    }
    expect((await started)?.stars.map((s) => s.paperId)).toEqual([arxivId(7), arxivId(6)]);
  });

  it('asks the Library for the first rows when there is no database to read yet', async () => {
    const { library } = freshLibrary();
    await library.star(records(1)[0]!, T0);
    const deferred = deferredLibrary(() => Promise.resolve(library), { scope: 'starred', limit: 5, name: uniqueName() });
    expect((await deferred.firstScreen('starred', 5)).stars).toHaveLength(1);
  });

  it('reports a library that cannot be loaded to every call and live query', async () => {
    const failure = new Error('the extension was updated');
    const deferred = deferredLibrary(() => Promise.reject(failure));
    await expect(deferred.listTags()).rejects.toBe(failure);
    const error = await new Promise((resolve) => deferred.live(() => deferred.listTags()).subscribe({ next: () => {}, error: resolve }));
    expect(error).toBe(failure);
  });
});
