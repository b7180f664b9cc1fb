import Dexie from 'dexie';
import { LATEST_VERSION, PaperdeckDB, declareVersions } from '../../../lib/db/database';
import { Library } from '../../../lib/db/library';
import { DEFAULT_SETTINGS } from '../../../lib/model/defaults';
import { LibrarySnapshot } from '../../../lib/model/library';
import { mergeRecord } from '../../../lib/db/merge';
import { localDay } from '../../../lib/db/derive';
import { HOUR, T0, arxivId, uniqueName } from './helpers';

/** A database written by the first schema, through the real v1 declaration. */
async function writeV1(name: string, fill: (db: Dexie) => Promise<void>): Promise<void> {
  const v1 = new Dexie(name);
  declareVersions(v1, 1);
  await v1.open();
  expect(v1.verno).toBe(1);
  await fill(v1);
  v1.close();
}

function v1Paper(i: number) {
  return {
    id: arxivId(i),
    title: `Sparse Mixture of Experts, part ${i}`,
    ...(i % 2 ? { abstract: `Abstract ${i}`, upvotes: i } : {}),
    firstSeenAt: T0 + i,
    lastSeenAt: T0 + i + HOUR,
    seenCount: 1 + (i % 3),
    ...(i % 5 ? { lastSeenOn: { view: 'date', url: `https://huggingface.co/papers/date/2025-01-0${1 + (i % 9)}?x=1#top` } } : {}),
  };
}

describe('schema upgrade v1 → v2', () => {
  it('keeps every row and derives the new fields', async () => {
    const name = uniqueName('upgrade');
    const N = 250;
    await writeV1(name, async (db) => {
      await db.table('papers').bulkAdd(Array.from({ length: N }, (_, i) => v1Paper(i)));
      await db.table('stars').bulkAdd(Array.from({ length: 40 }, (_, i) => ({ paperId: arxivId(i * 3), starredAt: T0 + i })));
      await db.table('tags').bulkAdd([
        { id: 't1', name: 'MoE', colour: 'blue', createdAt: T0 },
        { id: 't2', name: 'Efficiency', colour: 'green', createdAt: T0 + 1 },
      ]);
      await db
        .table('paperTags')
        .bulkAdd(Array.from({ length: 60 }, (_, i) => ({ paperId: arxivId(i), tagId: i % 2 ? 't1' : 't2', taggedAt: T0 + i })));
      await db.table('settings').put({ key: 'settings', value: { dimSeen: true } });
    });

    const db = new PaperdeckDB(name);
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    const library = new Library(db);
    expect(await db.papers.count()).toBe(N);
    expect(await db.stars.count()).toBe(40);
    expect(await db.tags.count()).toBe(2);
    expect(await db.paperTags.count()).toBe(60);
    expect(await library.getSettings()).toMatchObject({ dimSeen: true });
    expect((await library.counts()).papers).toBe(N);

    for (let i = 0; i < N; i++) {
      const old = v1Paper(i);
      const row = (await db.papers.get(arxivId(i)))!;
      expect(row).toMatchObject({
        title: old.title,
        firstSeenAt: old.firstSeenAt,
        lastSeenAt: old.lastSeenAt,
        seenCount: old.seenCount,
        firstSeenDay: localDay(old.firstSeenAt),
      });
      expect('lastSeenOn' in row).toBe(false);
      expect('titleWords' in row).toBe(false); // derived by v2, dropped by v4
      expect(row.seenOn).toEqual(
        old.lastSeenOn ? [{ view: 'date', path: new URL(old.lastSeenOn.url).pathname + '?x=1', at: old.lastSeenAt }] : [],
      );
      if (i % 2) expect(row).toMatchObject({ abstract: old.abstract, upvotes: old.upvotes });
    }

    // The upgraded library satisfies the current contract and its new indexes work.
    const snapshot = await library.exportSnapshot();
    expect(() => LibrarySnapshot.parse(snapshot)).not.toThrow();
    expect(
      await db.papers
        .where('firstSeenDay')
        .equals(localDay(v1Paper(0).firstSeenAt))
        .count(),
    ).toBeGreaterThan(0);
    expect(await db.tags.where('key').equals('moe').count()).toBe(1);
    // …and it keeps working: a new rule, a tag matched case-insensitively.
    await library.addRule({ kind: 'keyword', pattern: 'moe' });
    expect((await library.tag(arxivId(100), 'moe')).id).toBe('t1');
    db.close();
  });

  it('folds v1 tags that differ only in case into one, keeping every paper link', async () => {
    const name = uniqueName('upgrade-dupes');
    await writeV1(name, async (db) => {
      await db.table('papers').bulkAdd([0, 1, 2].map(v1Paper));
      await db.table('tags').bulkAdd([
        { id: 'b', name: 'llm', colour: 'red', createdAt: T0 + 5 },
        { id: 'a', name: 'LLM', colour: 'blue', createdAt: T0 },
        { id: 'c', name: 'Llm ', colour: 'teal', createdAt: T0 + 9 },
      ]);
      await db.table('paperTags').bulkAdd([
        { paperId: arxivId(0), tagId: 'a', taggedAt: T0 + 20 },
        { paperId: arxivId(0), tagId: 'b', taggedAt: T0 + 10 },
        { paperId: arxivId(1), tagId: 'b', taggedAt: T0 + 11 },
        { paperId: arxivId(2), tagId: 'c', taggedAt: T0 + 12 },
      ]);
    });
    const db = new PaperdeckDB(name);
    expect(await db.tags.toArray()).toEqual([{ id: 'a', name: 'LLM', colour: 'blue', createdAt: T0, key: 'llm' }]);
    expect(await db.paperTags.orderBy('paperId').toArray()).toEqual([
      { paperId: arxivId(0), tagId: 'a', taggedAt: T0 + 10 },
      { paperId: arxivId(1), tagId: 'a', taggedAt: T0 + 11 },
      { paperId: arxivId(2), tagId: 'a', taggedAt: T0 + 12 },
    ]);
    db.close();
  });
});

describe('schema upgrade v2 → v3', () => {
  it('keeps every v2 row and adds the v3 tables (journal, backups, notes, ranking), empty and usable', async () => {
    const name = uniqueName('upgrade-v3');
    const v2 = new Dexie(name);
    declareVersions(v2, 2);
    await v2.open();
    expect(v2.verno).toBe(2);
    // Rows as a v2 library held them (written straight into the v2 tables: the Library of today
    // logs page reads in the v3 journal, which a v2 database does not have).
    const papers = Array.from({ length: 30 }, (_, i) =>
      mergeRecord(
        undefined,
        {
          id: arxivId(i),
          title: `Sparse Mixture of Experts, part ${i}`,
          seenOn: { view: 'daily' as const, url: 'https://huggingface.co/papers' },
        },
        T0,
      ),
    );
    await v2.table('papers').bulkPut(papers);
    await v2.table('meta').put({ key: 'paperCount', value: 30 });
    await v2.table('stars').put({ paperId: arxivId(3), starredAt: T0 + 1 });
    await v2.table('tags').put({ id: 'tag-moe', name: 'MoE', key: 'moe', colour: 'blue', createdAt: T0 + 2 });
    await v2.table('paperTags').put({ paperId: arxivId(4), tagId: 'tag-moe', taggedAt: T0 + 2 });
    await v2.table('rules').put({ id: 'rule-1', kind: 'keyword', pattern: 'agents', enabled: true, createdAt: T0 + 3 });
    const before = {
      papers,
      stars: [{ paperId: arxivId(3), starredAt: T0 + 1 }],
      tags: [{ id: 'tag-moe', name: 'MoE', colour: 'blue', createdAt: T0 + 2 }],
      paperTags: [{ paperId: arxivId(4), tagId: 'tag-moe', taggedAt: T0 + 2 }],
      rules: [{ id: 'rule-1', kind: 'keyword', pattern: 'agents', enabled: true, createdAt: T0 + 3 }],
      settings: DEFAULT_SETTINGS,
      notes: [],
      notInterested: [],
    };
    expect(v2.tables.map((t) => t.name)).not.toContain('notInterested');
    v2.close();

    const db = new PaperdeckDB(name);
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    expect(LATEST_VERSION).toBe(6);
    const library = new Library(db);
    expect(await library.exportSnapshot()).toEqual(before);
    expect((await library.counts()).papers).toBe(30);
    expect(await db.notInterested.count()).toBe(0);
    expect(await db.rankModels.count()).toBe(0);
    for (const table of [db.journal, db.backups, db.notes, db.rankTokens]) expect(await table.count()).toBe(0);
    await db.notInterested.add({ paperId: arxivId(5), at: T0 + 4 });
    expect(await db.notInterested.orderBy('at').primaryKeys()).toEqual([arxivId(5)]);
    // "Start over" clears the ranking's tables too.
    await library.wipe();
    expect(await db.notInterested.count()).toBe(0);
    db.close();
  });
});

describe('schema upgrade v3 → v4 (papers lose their title words)', () => {
  it('keeps every row of every table, drops `titleWords` and its index, and the library works on', async () => {
    const name = uniqueName('upgrade-v4');
    const v3 = new Dexie(name);
    declareVersions(v3, 3);
    await v3.open();
    expect(v3.verno).toBe(3);
    // Paper rows as v3 wrote them: with their title words, indexed.
    const N = 300;
    const papers = Array.from({ length: N }, (_, i) => {
      const row = mergeRecord(
        undefined,
        {
          id: arxivId(i),
          title: `Sparse Mixture of Experts, part ${i}`,
          abstract: `Abstract ${i}`,
          seenOn: { view: 'daily' as const, url: 'https://huggingface.co/papers' },
        },
        T0 + i,
      );
      return { ...row, titleWords: ['sparse', 'mixture', 'experts', 'part', String(i)] };
    });
    await v3.table('papers').bulkPut(papers);
    expect(await v3.table('papers').where('titleWords').equals('experts').count()).toBe(N);
    await v3.table('meta').put({ key: 'paperCount', value: N });
    const stars = Array.from({ length: 40 }, (_, i) => ({ paperId: arxivId(i * 7), starredAt: T0 + i }));
    await v3.table('stars').bulkPut(stars);
    await v3.table('tags').put({ id: 'tag-moe', name: 'MoE', key: 'moe', colour: 'blue', createdAt: T0 });
    await v3.table('paperTags').bulkPut([1, 2, 3].map((i) => ({ paperId: arxivId(i), tagId: 'tag-moe', taggedAt: T0 + i })));
    await v3.table('rules').put({ id: 'rule-1', kind: 'keyword', pattern: 'agents', enabled: true, createdAt: T0 });
    await v3.table('settings').put({ key: 'settings', value: { dimSeen: true } });
    await v3.table('notes').put({ paperId: arxivId(5), text: 'Read §3', status: 'reading', updatedAt: T0 });
    await v3.table('notInterested').put({ paperId: arxivId(6), at: T0 });
    await v3.table('journal').add({
      at: T0 + HOUR,
      records: [{ id: arxivId(900), title: 'Logged, not merged yet', seenOn: { view: 'daily', url: 'https://huggingface.co/papers' } }],
    });
    const snapshot = { papers: papers.slice(0, 2), stars: [], tags: [], paperTags: [], rules: [], settings: DEFAULT_SETTINGS };
    await v3.table('backups').add({ createdAt: T0, reason: 'scheduled', counts: { papers: 2, stars: 0, tags: 0, rules: 0 }, snapshot });
    await v3.table('rankModels').put({ key: 'model', savedAt: T0, fingerprint: 'f', model: { format: 1 } });
    const before = new Map<string, number>();
    for (const table of v3.tables) before.set(table.name, await table.count());
    v3.close();

    const db = new PaperdeckDB(name);
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    for (const table of db.tables) expect([table.name, await table.count()]).toEqual([table.name, before.get(table.name) ?? 0]);
    // Every paper row is the v3 row without its title words; the index is gone.
    const rows = await db.papers.orderBy(':id').toArray();
    expect(rows).toEqual(papers.map(({ titleWords: _, ...row }) => row));
    expect(db.papers.schema.idxByName['titleWords']).toBeUndefined();
    expect(await db.papers.where('firstSeenDay').equals(localDay(T0)).count()).toBe(N);

    const library = new Library(db);
    // The journal left by v3 is merged on first use; everything else is as it was.
    expect((await library.getState([arxivId(900)]))[arxivId(900)]).toMatchObject({ seenBefore: true });
    const snap = await library.exportSnapshot();
    expect(() => LibrarySnapshot.parse(snap)).not.toThrow();
    expect(snap.stars).toEqual(stars);
    expect(snap.notes).toEqual([{ paperId: arxivId(5), text: 'Read §3', status: 'reading', updatedAt: T0 }]);
    expect(snap.notInterested).toEqual([{ paperId: arxivId(6), at: T0 }]);
    expect(snap.settings).toMatchObject({ dimSeen: true });
    expect((await library.counts()).papers).toBe(N + 1);
    // The v3 backup is listed and restores (its papers' title words are dropped on the way in).
    const [kept] = await library.listBackups();
    expect(kept).toMatchObject({ reason: 'scheduled', createdAt: T0 });
    await library.restoreBackup(kept!.id);
    expect('titleWords' in (await db.papers.get(arxivId(0)))!).toBe(false);
    db.close();
  });
});

describe('schema upgrade v4 → v5 (the search cache)', () => {
  it('adds the search cache table and changes nothing else; "start over" empties it', async () => {
    const name = uniqueName('upgrade-v5');
    const v4 = new Dexie(name);
    declareVersions(v4, 4);
    await v4.open();
    expect(v4.tables.map((t) => t.name)).not.toContain('searchCache');
    const papers = Array.from({ length: 20 }, (_, i) =>
      mergeRecord(
        undefined,
        { id: arxivId(i), title: `Paper ${i}`, seenOn: { view: 'daily' as const, url: 'https://huggingface.co/papers' } },
        T0 + i,
      ),
    );
    await v4.table('papers').bulkPut(papers);
    await v4.table('meta').put({ key: 'paperCount', value: papers.length });
    await v4.table('stars').put({ paperId: arxivId(3), starredAt: T0 });
    const before = new Map<string, number>();
    for (const table of v4.tables) before.set(table.name, await table.count());
    v4.close();

    const db = new PaperdeckDB(name);
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    for (const table of db.tables) expect([table.name, await table.count()]).toEqual([table.name, before.get(table.name) ?? 0]);
    const library = new Library(db);
    expect(await library.listCaches(['search:all', 'rows:all'])).toEqual([undefined, undefined]);
    await library.saveListCaches({ 'search:all': { format: 1, bytes: new Uint8Array([1, 2, 3]) }, 'rows:all': ['x'] }, T0);
    expect(await library.listCaches(['search:all', 'rows:all'])).toEqual([
      { savedAt: T0, value: { format: 1, bytes: new Uint8Array([1, 2, 3]) } },
      { savedAt: T0, value: ['x'] },
    ]);
    await library.wipe();
    expect(await library.listCaches(['search:all', 'rows:all'])).toEqual([undefined, undefined]);
    db.close();
  });
});

describe('schema upgrade v5 → v6 (papers indexed by when they were written)', () => {
  it('keeps every row as it was, and finds the papers written after the upgrade', async () => {
    const name = uniqueName('upgrade-v6');
    const v5 = new Dexie(name);
    declareVersions(v5, 5);
    await v5.open();
    const papers = Array.from({ length: 30 }, (_, i) =>
      mergeRecord(
        undefined,
        {
          id: arxivId(i),
          title: `Paper ${i}`,
          abstract: `Abstract ${i}`,
          seenOn: { view: 'daily' as const, url: 'https://huggingface.co/papers' },
        },
        T0 + i,
      ),
    );
    await v5.table('papers').bulkPut(papers);
    await v5.table('meta').put({ key: 'paperCount', value: papers.length });
    v5.close();

    const db = new PaperdeckDB(name);
    await db.open();
    expect(db.verno).toBe(6);
    // Rows are not rewritten: each is exactly as the v5 database held it.
    for (const p of papers) expect(await db.papers.get(p.id)).toEqual(p);
    const library = new Library(db);
    expect(await library.paperIds()).toEqual(papers.map((p) => p.id).sort());
    const since = Date.now();
    expect(await library.papersWrittenSince(0)).toEqual([]);
    await library.star(arxivId(4), T0);
    await library.recordSeen(
      [{ id: arxivId(7), title: 'Paper 7, revised', seenOn: { view: 'daily', url: 'https://huggingface.co/papers' } }],
      T0 + HOUR,
    );
    await library.settle();
    const written = await library.papersWrittenSince(since);
    expect(written.map((p) => p.id)).toEqual([arxivId(7)]);
    expect(written[0]).toMatchObject({ title: 'Paper 7, revised', abstract: 'Abstract 7' });
    expect((written[0] as { updatedAt?: number }).updatedAt).toBeGreaterThanOrEqual(since);
    db.close();
  });
});
