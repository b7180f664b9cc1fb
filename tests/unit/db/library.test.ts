import { liveQuery } from 'dexie';
import { LibraryError } from '../../../lib/db/errors';
import { localDay } from '../../../lib/db/derive';
import { DEFAULT_SETTINGS } from '../../../lib/model/defaults';
import { StoredPaper } from '../../../lib/model/library';
import { Library } from '../../../lib/db/library';
import { DAY, HOUR, T0, arxivId, freshLibrary, record, records } from './helpers';

describe('recordSeen', () => {
  it('adds new papers, then updates known ones, in one merge each', async () => {
    const { db, library } = freshLibrary();
    expect(await library.recordSeen(records(10), T0)).toEqual({ logged: 10 });
    expect(await library.settle()).toEqual({ added: 10, updated: 0 });
    await library.recordSeen(records(15), T0 + HOUR);
    expect(await library.settle()).toEqual({ added: 5, updated: 10 });
    expect(await library.settle()).toEqual({ added: 0, updated: 0 });
    expect(await db.papers.count()).toBe(15);
    const row = await db.papers.get(arxivId(0));
    expect(StoredPaper.parse(row)).toEqual(row);
    expect(row).toMatchObject({ firstSeenAt: T0, lastSeenAt: T0 + HOUR, seenCount: 2 });
  });

  it('counts a paper listed twice in one read once, merging both', async () => {
    const { db, library } = freshLibrary();
    const id = arxivId(1);
    await library.recordSeen([record(id, { upvotes: 3 }), record(id, { abstract: 'From the second card.' })], T0);
    expect(await library.settle()).toEqual({ added: 1, updated: 0 });
    expect(await db.papers.get(id)).toMatchObject({ seenCount: 1, upvotes: 3, abstract: 'From the second card.' });
  });

  it('does nothing for an empty batch', async () => {
    const { library } = freshLibrary();
    expect(await library.recordSeen([])).toEqual({ logged: 0 });
    expect(await library.settle()).toEqual({ added: 0, updated: 0 });
  });

  it('logs a page read as one journal row and merges it later, oldest read first', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen([record(arxivId(1), { upvotes: 1 })], T0);
    await library.recordSeen([record(arxivId(1), { upvotes: 5 })], T0 + HOUR);
    // Logged, not merged: one row per read, no paper written yet.
    expect(await db.journal.count()).toBe(2);
    expect(await db.papers.count()).toBe(0);
    expect(await library.settle()).toEqual({ added: 1, updated: 0 });
    expect(await db.journal.count()).toBe(0);
    expect(await db.papers.get(arxivId(1))).toMatchObject({
      firstSeenAt: T0,
      lastSeenAt: T0 + HOUR,
      seenCount: 2,
      upvotes: 5,
    });
  });

  it('merges on its own shortly after the last page read, and announces the papers', async () => {
    const { db, library } = freshLibrary();
    const changes: string[][] = [];
    library.onChange((c) => changes.push(c.what));
    await library.recordSeen(records(3), T0);
    expect(changes).toEqual([]);
    await vi.waitFor(async () => expect(await db.papers.count()).toBe(3), { timeout: 3000, interval: 50 });
    expect(await db.journal.count()).toBe(0);
    expect(changes).toEqual([['papers']]);
  });

  it('answers getState from logged reads before they are merged', async () => {
    const { library } = freshLibrary();
    await library.recordSeen([record(arxivId(2))], T0);
    await library.recordSeen([record(arxivId(3))], T0 + HOUR);
    const state = await library.getState([arxivId(2), arxivId(3), arxivId(4)], T0 + 30 * 60_000);
    expect(state[arxivId(2)]).toMatchObject({ seenBefore: true, firstSeenAt: T0 });
    expect(state[arxivId(3)]).toMatchObject({ seenBefore: false, firstSeenAt: T0 + HOUR });
    expect(state[arxivId(4)]).toEqual({ starred: false, tags: [], seenBefore: false });
    // The same answer once merged.
    await library.settle();
    expect(await library.getState([arxivId(2), arxivId(3)], T0 + 30 * 60_000)).toEqual({
      [arxivId(2)]: state[arxivId(2)],
      [arxivId(3)]: state[arxivId(3)],
    });
  });

  it('a worker stopped before the merge loses nothing: the next library merges the journal first', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(4), T0);
    // Stopped here (MV3 worker killed): a new Library on the same database.
    const next = new Library(db);
    expect((await next.getState([arxivId(0)]))[arxivId(0)]).toMatchObject({ seenBefore: true, firstSeenAt: T0 });
    expect(await db.papers.count()).toBe(4);
    expect(await db.journal.count()).toBe(0);
    expect((await next.counts(T0)).papers).toBe(4);
  });

  it('indexes the first-seen day, and keeps no title-word index (search is in memory: components/search.ts)', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen([record(arxivId(1), { title: 'Mixture of Experts at Scale' })], T0);
    await library.recordSeen([record(arxivId(2), { title: 'Diffusion Transformers' })], T0 + 2 * DAY);
    await library.settle();
    expect(await db.papers.where('firstSeenDay').equals(localDay(T0)).primaryKeys()).toEqual([arxivId(1)]);
    expect(db.papers.schema.idxByName['titleWords']).toBeUndefined();
    expect('titleWords' in (await db.papers.get(arxivId(1)))!).toBe(false);
  });
});

describe('stars', () => {
  it('stores the full record when starring, keeps the first starredAt, and unstars', async () => {
    const { db, library } = freshLibrary();
    const rec = record(arxivId(7), { abstract: 'Full abstract', upvotes: 4 });
    expect(await library.star(rec, T0)).toEqual({ paperId: rec.id, starredAt: T0 });
    expect(await db.papers.get(rec.id)).toMatchObject({ abstract: 'Full abstract', seenCount: 1 });
    expect(await library.star(rec.id, T0 + HOUR)).toEqual({ paperId: rec.id, starredAt: T0 });
    expect(await library.unstar(rec.id)).toBe(true);
    expect(await library.unstar(rec.id)).toBe(false);
    expect(await db.stars.count()).toBe(0);
    expect(await db.papers.count()).toBe(1);
  });

  it('starring a known paper with its record refreshes fields without counting a read', async () => {
    const { db, library } = freshLibrary();
    const rec = record(arxivId(8), { upvotes: 1 });
    await library.recordSeen([rec], T0);
    await library.star({ ...rec, upvotes: 9 }, T0 + HOUR);
    expect(await db.papers.get(rec.id)).toMatchObject({ upvotes: 9, seenCount: 1 });
  });

  it('refuses to star an unknown id or a malformed one', async () => {
    const { library } = freshLibrary();
    await expect(library.star(arxivId(9))).rejects.toMatchObject({ code: 'invalid' });
    await expect(library.star('not-an-id')).rejects.toBeInstanceOf(LibraryError);
  });

  it('gives the starred list its first screen newest first, with the tags, and then every star', async () => {
    const { library } = freshLibrary();
    for (let i = 0; i < 5; i++) await library.star(record(arxivId(i)), T0 + i);
    const later = await library.tag(arxivId(3), 'Read later', T0);
    const first = await library.firstScreen('starred', 3);
    expect(first.stars.map((s) => s.paperId)).toEqual([arxivId(4), arxivId(3), arxivId(2)]);
    expect(first.links).toEqual([{ paperId: arxivId(3), tagId: later.id, taggedAt: T0 }]);
    expect(first.tags.map((t) => t.name)).toEqual(['Read later']);
    expect(first.papers[0]?.title).toContain(arxivId(4));
    expect((await library.userRows()).stars.slice(3).map((s) => s.paperId)).toEqual([arxivId(1), arxivId(0)]);
  });
});

describe('tags', () => {
  it('creates a tag once, case-insensitively, with palette colours', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(3), T0);
    const a = await library.tag(arxivId(0), '  LLM  ', T0);
    const b = await library.tag(arxivId(1), 'llm', T0 + 1);
    expect(b).toEqual(a);
    expect(a).toEqual({ id: a.id, name: 'LLM', colour: 'slate', createdAt: T0 });
    const c = await library.tag(arxivId(1), 'Vision', T0 + 2);
    expect(c.colour).not.toBe(a.colour);
    expect(await db.paperTags.count()).toBe(3);
    expect((await library.listTags()).map((t) => t.name)).toEqual(['LLM', 'Vision']);
    // Tagging twice is a no-op; tagging does not star.
    await library.tag(arxivId(1), 'Vision', T0 + 3);
    expect(await db.paperTags.count()).toBe(3);
    expect(await db.stars.count()).toBe(0);
  });

  it('validates tag names and papers', async () => {
    const { library } = freshLibrary();
    await library.recordSeen(records(1), T0);
    await expect(library.tag(arxivId(0), '   ')).rejects.toMatchObject({ code: 'invalid' });
    await expect(library.tag(arxivId(0), 'x'.repeat(41))).rejects.toMatchObject({ code: 'invalid' });
    await expect(library.tag(arxivId(5), 'ok')).rejects.toMatchObject({ code: 'invalid' });
  });

  it('untags, renames, refuses a clashing rename, merges and deletes', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(3), T0);
    const llm = await library.tag(arxivId(0), 'LLM', T0);
    await library.tag(arxivId(1), 'LLM', T0 + 1);
    const lm = await library.tag(arxivId(1), 'language models', T0 + 2);
    await library.tag(arxivId(2), 'language models', T0 + 3);

    expect(await library.untag(arxivId(0), llm.id)).toBe(true);
    expect(await library.untag(arxivId(0), llm.id)).toBe(false);

    expect(await library.renameTag(llm.id, 'Large LMs')).toMatchObject({ id: llm.id, name: 'Large LMs' });
    await expect(library.renameTag(llm.id, 'LANGUAGE MODELS')).rejects.toThrow(/already exists/);
    expect((await library.renameTag(llm.id, 'large lms')).name).toBe('large lms');

    // Merge "language models" (papers 1, 2) into "large lms" (paper 1): paper 1 keeps one link.
    const kept = await library.mergeTags(lm.id, llm.id);
    expect(kept.id).toBe(llm.id);
    expect(await db.tags.count()).toBe(1);
    const links = await db.paperTags.where('tagId').equals(llm.id).toArray();
    expect(links.map((l) => l.paperId).sort()).toEqual([arxivId(1), arxivId(2)]);
    expect(links.find((l) => l.paperId === arxivId(1))!.taggedAt).toBe(T0 + 1);
    await expect(library.mergeTags(llm.id, llm.id)).rejects.toMatchObject({ code: 'invalid' });

    const tagged = (await library.allLinks()).filter((l) => l.tagId === llm.id).sort((a, b) => b.taggedAt - a.taggedAt);
    expect(tagged.map((l) => l.paperId)).toEqual([arxivId(2), arxivId(1)]);
    expect(await library.deleteTag(llm.id)).toBe(true);
    expect(await db.paperTags.count()).toBe(0);
    expect(await db.papers.count()).toBe(3);
  });
});

describe('getState', () => {
  it('answers starred, tags and seen-before for every requested card', async () => {
    const { library } = freshLibrary();
    await library.recordSeen(records(3), T0);
    await library.star(arxivId(1), T0);
    const tag = await library.tag(arxivId(1), 'Agents', T0);
    await library.recordSeen(records(1, 3), T0 + HOUR); // paper 3 is new in this visit

    const state = await library.getState([arxivId(0), arxivId(1), arxivId(3), arxivId(9), arxivId(1)], T0 + HOUR);
    expect(Object.keys(state).sort()).toEqual([arxivId(0), arxivId(1), arxivId(3), arxivId(9)]);
    expect(state[arxivId(0)]).toEqual({ starred: false, tags: [], seenBefore: true, firstSeenAt: T0 });
    expect(state[arxivId(1)]).toEqual({ starred: true, tags: [tag], seenBefore: true, firstSeenAt: T0 });
    expect(state[arxivId(3)]).toMatchObject({ starred: false, seenBefore: false, firstSeenAt: T0 + HOUR });
    expect(state[arxivId(9)]).toEqual({ starred: false, tags: [], seenBefore: false });
    // Without a visit start, "seen before" means "known".
    expect((await library.getState([arxivId(3)]))[arxivId(3)]!.seenBefore).toBe(true);
    expect(await library.getState([])).toEqual({});
  });

  it('finds stars when the cards sit among thousands of other stars', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(2), T0);
    await db.stars.bulkAdd(Array.from({ length: 4100 }, (_, i) => ({ paperId: arxivId(10 + i), starredAt: T0 })));
    await library.star(arxivId(1), T0);
    const state = await library.getState([arxivId(0), arxivId(1), arxivId(9000)]);
    expect([arxivId(0), arxivId(1), arxivId(9000)].map((id) => state[id]!.starred)).toEqual([false, true, false]);
  });

  it('finds tags when the cards sit among thousands of other links', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(3), T0);
    const tag = await library.tag(arxivId(2), 'Kept', T0);
    // 2,500 links on papers between the cards' ids: the index-range read gives way to per-id queries.
    await db.paperTags.bulkAdd(Array.from({ length: 2500 }, (_, i) => ({ paperId: arxivId(1), tagId: `t${i}`, taggedAt: T0 })));
    const state = await library.getState([arxivId(0), arxivId(2)]);
    expect(state[arxivId(2)]!.tags).toEqual([tag]);
    expect(state[arxivId(0)]!.tags).toEqual([]);
  });
});

describe('rules and settings', () => {
  it('adds, de-duplicates, updates and removes rules', async () => {
    const { library } = freshLibrary();
    const a = await library.addRule({ kind: 'keyword', pattern: '  diffusion  ' }, T0);
    expect(a).toMatchObject({ kind: 'keyword', pattern: 'diffusion', enabled: true, createdAt: T0 });
    expect(await library.addRule({ kind: 'keyword', pattern: 'Diffusion' })).toEqual(a);
    const b = await library.addRule({ kind: 'regex', pattern: '\\bLLMs?\\b', flags: 'i' }, T0 + 1);
    expect(b.flags).toBe('i');
    expect((await library.listRules()).map((r) => r.id)).toEqual([a.id, b.id]);
    expect(await library.updateRule(a.id, { enabled: false })).toMatchObject({ id: a.id, enabled: false, pattern: 'diffusion' });
    await expect(library.updateRule(b.id, { pattern: '(' })).rejects.toMatchObject({ code: 'invalid' });
    expect(await library.removeRule(a.id)).toBe(true);
    expect(await library.removeRule(a.id)).toBe(false);
    expect(await library.listRules()).toEqual([b]);
  });

  it('follow rules: kept with their action, the same checks, and never the same rule as a hide rule', async () => {
    const { library } = freshLibrary();
    const hide = await library.addRule({ kind: 'author', pattern: 'Jane Doe' }, T0);
    const follow = await library.addRule({ action: 'follow', kind: 'author', pattern: 'jane  doe', mode: 'dim', unless: 'robots' }, T0 + 1);
    expect(hide).not.toHaveProperty('action');
    expect(follow).toMatchObject({ action: 'follow', kind: 'author', pattern: 'jane doe', unless: 'robots' });
    expect(follow).not.toHaveProperty('mode');
    expect(follow.id).not.toBe(hide.id);
    expect(await library.addRule({ action: 'follow', kind: 'author', pattern: 'JANE DOE' })).toEqual(follow);
    await expect(library.addRule({ action: 'follow', kind: 'regex', pattern: '(\\w+\\s?)+' })).rejects.toMatchObject({ code: 'invalid' });
    // Edits keep it a follow rule.
    expect(await library.updateRule(follow.id, { pattern: 'Li Wei', unless: '' })).toEqual({
      ...follow,
      pattern: 'Li Wei',
      unless: undefined,
    });
    // A backup of the library holds it, and an import into a fresh one brings it back as a follow rule.
    const snapshot = await library.exportSnapshot();
    const other = freshLibrary().library;
    await other.importSnapshot(snapshot);
    expect((await other.listRules()).map((r) => [r.action ?? 'hide', r.pattern])).toEqual([
      ['hide', 'Jane Doe'],
      ['follow', 'Li Wei'],
    ]);
  });

  it('refuses a regex that does not compile, naming the problem', async () => {
    const { library } = freshLibrary();
    const error = await library.addRule({ kind: 'regex', pattern: 'vision(' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibraryError);
    expect(error).toMatchObject({ code: 'invalid' });
    expect((error as LibraryError).userMessage).toMatch(/regular expression.*(unterminated|group)/i);
    await expect(library.addRule({ kind: 'regex', pattern: 'x*' })).rejects.toThrow(/every paper/);
    await expect(library.addRule({ kind: 'keyword', pattern: '' })).rejects.toMatchObject({ code: 'invalid' });
    expect(await library.listRules()).toEqual([]);
  });

  it('reads defaults, patches settings and rejects unknown keys or types', async () => {
    const { library } = freshLibrary();
    expect(await library.getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await library.setSettings({ dimSeen: true })).toEqual({ ...DEFAULT_SETTINGS, dimSeen: true });
    expect(await library.setSettings({ shortcuts: false })).toEqual({ ...DEFAULT_SETTINGS, dimSeen: true, shortcuts: false });
    await expect(library.setSettings({ dimSeen: 'yes' } as never)).rejects.toMatchObject({ code: 'invalid' });
    await expect(library.setSettings({ colour: 'red' } as never)).rejects.toMatchObject({ code: 'invalid' });
    expect(await library.getSettings()).toEqual({ ...DEFAULT_SETTINGS, dimSeen: true, shortcuts: false });
  });
});

describe('counts', () => {
  it('counts papers, stars and today', async () => {
    const { library } = freshLibrary();
    await library.recordSeen(records(4), T0 - 2 * DAY);
    await library.recordSeen(records(2, 4), T0);
    await library.recordSeen(records(1), T0);
    await library.star(arxivId(5), T0);
    expect(await library.counts(T0)).toEqual({ papers: 6, starred: 1, tags: 0, rules: 0, newToday: 2, seenToday: 3 });
    // The popup's header: the same definitions, through indexes only.
    expect(await library.headerCounts(T0)).toEqual({ starred: 1, newToday: 2, seenToday: 3 });
    expect((await library.firstScreen('starred', 5)).stars.map((s) => s.paperId)).toEqual([arxivId(5)]);
  });
});

describe('the paper counter', () => {
  it('follows every write that adds papers, and is rebuilt if lost', async () => {
    const { db, library } = freshLibrary();
    expect((await library.counts()).papers).toBe(0);
    await library.recordSeen(records(10), T0);
    await library.recordSeen(records(10, 5), T0); // 5 new
    await library.star(record(arxivId(100)), T0); // 1 new
    await library.star(record(arxivId(100)), T0); // known
    expect((await library.counts()).papers).toBe(16);
    const snapshot = await library.exportSnapshot();
    await library.wipe();
    expect((await library.counts()).papers).toBe(0);
    await library.importSnapshot(snapshot);
    expect((await library.counts()).papers).toBe(16);
    await db.meta.clear();
    expect((await library.counts()).papers).toBe(16);
    expect(await db.meta.get('paperCount')).toEqual({ key: 'paperCount', value: 16 });
    await library.recordSeen(records(1, 200), T0);
    expect((await library.counts()).papers).toBe(17);
  });
});

describe('live updates', () => {
  it('a liveQuery subscriber sees a star made through the Library', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(1), T0);
    const seen: number[] = [];
    const sub = liveQuery(() => db.stars.count()).subscribe((n) => seen.push(n));
    await vi.waitFor(() => expect(seen).toEqual([0]));
    await library.star(arxivId(0));
    await vi.waitFor(() => expect(seen).toEqual([0, 1]));
    sub.unsubscribe();
  });

  it('announces each committed write to onChange subscribers', async () => {
    const { library } = freshLibrary();
    const changes: unknown[] = [];
    const stop = library.onChange((c) => changes.push(c));
    await library.star(record(arxivId(1)));
    await library.tag(arxivId(1), 'x');
    await library.star('bad').catch(() => {});
    stop();
    await library.unstar(arxivId(1));
    expect(changes).toEqual([
      { ids: [arxivId(1)], what: ['stars', 'papers'] },
      { ids: [arxivId(1)], what: ['tags'] },
    ]);
  });
});

describe('"not interested" marks', () => {
  it('are written by the library and announced as a `rank` change of that card, once', async () => {
    const { db, library } = freshLibrary();
    const changes: unknown[] = [];
    library.onChange((c) => changes.push(c));
    expect(await library.markNotInterested(arxivId(3), true, T0)).toBe(false);
    expect(await library.markNotInterested(arxivId(3), true, T0 + 1)).toBe(true); // already marked: nothing written
    expect(await db.notInterested.toArray()).toEqual([{ paperId: arxivId(3), at: T0 }]);
    expect(await library.markNotInterested(arxivId(3), false)).toBe(true);
    expect(await db.notInterested.count()).toBe(0);
    await expect(library.markNotInterested('not-an-id')).rejects.toMatchObject({ code: 'invalid' });
    expect(changes).toEqual([
      { ids: [arxivId(3)], what: ['rank'] },
      { ids: [arxivId(3)], what: ['rank'] },
    ]);
  });
});

describe('many papers at once', () => {
  it('stars, tags, untags and unstars a selection in one transaction and one announcement each', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(5), T0);
    await library.star(arxivId(0), T0);
    const changes: string[][] = [];
    library.onChange((c) => changes.push([...c.what, ...c.ids]));
    const ids = [arxivId(0), arxivId(1), arxivId(2), arxivId(99)]; // 99 was never seen
    expect(await library.starMany(ids, T0 + HOUR)).toBe(2);
    expect((await db.stars.get(arxivId(0)))?.starredAt).toBe(T0); // kept its first star
    expect((await db.stars.get(arxivId(1)))?.starredAt).toBe(T0 + HOUR);
    expect(await db.stars.get(arxivId(99))).toBeUndefined();
    const { tag, tagged } = await library.tagMany(ids, 'Batch', T0 + HOUR);
    expect(tagged).toBe(3);
    expect(await library.tagMany([arxivId(1)], 'batch')).toMatchObject({ tag, tagged: 0 });
    expect(await library.untagMany([arxivId(0), arxivId(1)], tag.id)).toBe(2);
    expect(await db.paperTags.where('tagId').equals(tag.id).primaryKeys()).toEqual([[arxivId(2), tag.id]]);
    expect(await library.unstarMany(ids)).toBe(3);
    expect(await db.stars.count()).toBe(0);
    expect(changes).toEqual([
      ['stars', arxivId(1), arxivId(2)],
      ['tags', arxivId(0), arxivId(1), arxivId(2)],
      ['tags'],
      ['tags', arxivId(0), arxivId(1)],
      ['stars', arxivId(0), arxivId(1), arxivId(2)],
    ]);
  });

  it('sets the reading status of a selection in one transaction and one announcement, skipping unknown papers', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(3), T0);
    await library.setNote(arxivId(0), 'Keep this', T0);
    const changes: string[][] = [];
    library.onChange((c) => changes.push([...c.what, ...c.ids]));
    expect(await library.setStatusMany([arxivId(0), arxivId(1), arxivId(99)], 'read', T0 + 1)).toBe(2);
    expect(await library.setStatusMany([arxivId(0), arxivId(1)], 'read', T0 + 2)).toBe(0); // nothing changes
    expect(await db.notes.toArray()).toEqual([
      { paperId: arxivId(0), text: 'Keep this', status: 'read', updatedAt: T0 + 1 },
      { paperId: arxivId(1), text: '', status: 'read', updatedAt: T0 + 1 },
    ]);
    expect(await library.setStatusMany([arxivId(0), arxivId(1)], null, T0 + 3)).toBe(2);
    expect(await db.notes.toArray()).toEqual([{ paperId: arxivId(0), text: 'Keep this', updatedAt: T0 + 3 }]);
    await expect(library.setStatusMany([arxivId(0)], 'done' as never)).rejects.toMatchObject({ code: 'invalid' });
    expect(changes).toEqual([
      ['notes', arxivId(0), arxivId(1)],
      ['notes', arxivId(0), arxivId(1)],
    ]);
  });

  it('deletes papers with their stars and tags, and keeps the paper count right', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(4), T0);
    await library.star(arxivId(1), T0);
    await library.tag(arxivId(1), 'Gone', T0);
    expect(await library.deletePapers([arxivId(1), arxivId(2), arxivId(77)])).toBe(2);
    expect(await db.papers.count()).toBe(2);
    expect(await db.stars.count()).toBe(0);
    expect(await db.paperTags.count()).toBe(0);
    expect((await library.counts(T0)).papers).toBe(2);
    // Seen again: back as a new, unstarred paper.
    await library.recordSeen(records(2, 1), T0 + DAY);
    await library.settle();
    expect((await library.getState([arxivId(1)]))[arxivId(1)]).toMatchObject({ starred: false, tags: [], firstSeenAt: T0 + DAY });
  });

  it('refuses a tag for papers that are all gone, writing nothing', async () => {
    const { db, library } = freshLibrary();
    await expect(library.tagMany([arxivId(3)], 'Nothing')).rejects.toMatchObject({ code: 'invalid' });
    expect(await db.tags.count()).toBe(0);
  });
});

describe('notes and reading status', () => {
  it('sets, shows in getState, clears, and refuses unknown papers and oversize notes', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(2), T0);
    await library.settle();
    const changes: string[][] = [];
    library.onChange((c) => changes.push(c.what));
    expect(await library.setStatus(arxivId(0), 'to-read', T0)).toMatchObject({ status: 'to-read', text: '' });
    expect(await library.setNote(arxivId(0), '  Check the ablation in §4.\r\nCompare with [12]. ', T0 + 1)).toMatchObject({
      text: 'Check the ablation in §4.\nCompare with [12].',
      status: 'to-read',
      updatedAt: T0 + 1,
    });
    expect((await library.getState([arxivId(0), arxivId(1)]))[arxivId(0)]).toMatchObject({
      status: 'to-read',
      note: 'Check the ablation in §4.\nCompare with [12].',
    });
    expect((await library.getState([arxivId(1)]))[arxivId(1)]).not.toHaveProperty('status');
    await library.setStatus(arxivId(0), null);
    expect(await library.setNote(arxivId(0), '   ')).toBeNull(); // nothing left: the row goes
    expect(await db.notes.count()).toBe(0);
    expect(changes).toEqual([['notes'], ['notes'], ['notes'], ['notes']]);
    await expect(library.setNote(arxivId(9), 'x')).rejects.toMatchObject({ code: 'invalid' });
    await expect(library.setNote(arxivId(0), 'x'.repeat(20_001))).rejects.toMatchObject({ code: 'invalid' });
    await expect(library.setStatus(arxivId(0), 'done' as never)).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('rule modes, exceptions and pause', () => {
  it('stores a mode and exceptions, clears exceptions with "", and keeps pauseRules in settings', async () => {
    const { library } = freshLibrary();
    const rule = await library.addRule({ kind: 'keyword', pattern: 'diffusion', mode: 'dim', unless: 'protein' }, T0);
    expect(rule).toMatchObject({ mode: 'dim', unless: 'protein' });
    expect(await library.updateRule(rule.id, { unless: '' })).not.toHaveProperty('unless');
    expect(await library.updateRule(rule.id, { mode: 'hide' })).toMatchObject({ mode: 'hide' });
    await expect(library.addRule({ kind: 'keyword', pattern: 'x', mode: 'vanish' as never })).rejects.toMatchObject({ code: 'invalid' });
    expect((await library.setSettings({ pauseRules: true })).pauseRules).toBe(true);
  });
});

describe('regular-expression flags', () => {
  it('keeps "" (match case) when adding and editing, and "i" by default', async () => {
    const { library } = freshLibrary();
    const sensitive = await library.addRule({ kind: 'regex', pattern: 'LLM', flags: '' }, T0);
    expect(sensitive.flags).toBe('');
    const insensitive = await library.addRule({ kind: 'regex', pattern: 'GPT' }, T0);
    expect(insensitive.flags).toBe('i');
    expect((await library.updateRule(insensitive.id, { flags: '' })).flags).toBe('');
    expect((await library.updateRule(insensitive.id, { flags: 'i' })).flags).toBe('i');
    const { compileRules } = await import('../../../lib/topics/rules');
    const m = compileRules([sensitive]);
    expect(m.match({ title: 'LLM agents' })).not.toBeNull();
    expect(m.match({ title: 'llm agents' })).toBeNull();
  });
});
