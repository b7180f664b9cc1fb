import { LibrarySnapshot } from '../../../lib/model/library';
import { HOUR, T0, arxivId, freshLibrary, record, records } from './helpers';

async function populated() {
  const ctx = freshLibrary();
  const { library } = ctx;
  await library.recordSeen(records(30, 0, { upvotes: 3, abstract: 'An abstract.' }), T0);
  await library.recordSeen(records(10, 30, { upvotes: 7 }), T0 + HOUR);
  for (let i = 0; i < 8; i++) await library.star(arxivId(i), T0 + i);
  const llm = await library.tag(arxivId(1), 'LLM', T0);
  await library.tag(arxivId(2), 'LLM', T0 + 1);
  await library.tag(arxivId(2), 'Vision', T0 + 2);
  await library.addRule({ kind: 'keyword', pattern: 'benchmark' }, T0);
  await library.addRule({ kind: 'regex', pattern: 'survey$', flags: 'i' }, T0 + 1);
  await library.setSettings({ dimSeen: true });
  return { ...ctx, llm };
}

describe('export / import', () => {
  it('export → wipe → import gives back exactly the same library', async () => {
    const { library } = await populated();
    const before = await library.exportSnapshot();
    expect(LibrarySnapshot.parse(before)).toEqual(before);
    expect(before.papers).toHaveLength(40);

    await library.wipe();
    expect((await library.counts()).papers).toBe(0);
    // Through JSON, as a backup file would be.
    const report = await library.importSnapshot(JSON.parse(JSON.stringify(before)));
    expect(report).toEqual({
      papersAdded: 40,
      papersUpdated: 0,
      starsAdded: 8,
      tagsAdded: 2,
      linksAdded: 3,
      rulesAdded: 2,
      notesChanged: 0,
      notInterestedAdded: 0,
      settingsChanged: true,
    });
    expect(await library.exportSnapshot()).toEqual(before);

    // Importing the same backup again changes nothing.
    expect(await library.importSnapshot(before)).toEqual({
      papersAdded: 0,
      papersUpdated: 0,
      starsAdded: 0,
      tagsAdded: 0,
      linksAdded: 0,
      rulesAdded: 0,
      notesChanged: 0,
      notInterestedAdded: 0,
      settingsChanged: false,
    });
    expect(await library.exportSnapshot()).toEqual(before);
  });

  it('merges into an existing library: union, tags by name, links remapped, nothing lost', async () => {
    const { library: theirs } = await populated();
    const backup = await theirs.exportSnapshot();

    const { library: mine, db } = freshLibrary();
    await mine.recordSeen([record(arxivId(1), { upvotes: 99 })], T0 + 5 * HOUR); // newer read of a shared paper
    await mine.recordSeen([record(arxivId(900))], T0); // a paper only I have
    await mine.star(arxivId(900), T0);
    const myLlm = await mine.tag(arxivId(900), 'llm', T0); // same tag, other case, other id
    await mine.addRule({ kind: 'keyword', pattern: 'Benchmark' }); // same rule, other id
    await mine.setSettings({ shortcuts: false });

    const report = await mine.importSnapshot(backup);
    expect(report).toEqual({
      papersAdded: 39,
      papersUpdated: 1,
      starsAdded: 8,
      tagsAdded: 1,
      linksAdded: 3,
      rulesAdded: 1,
      notesChanged: 0,
      notInterestedAdded: 0,
      settingsChanged: false,
    });

    const after = await mine.exportSnapshot();
    expect(after.papers).toHaveLength(41);
    expect(after.stars).toHaveLength(9);
    expect(after.tags.map((t) => t.name).sort()).toEqual(['Vision', 'llm']);
    const llmLinks = after.paperTags
      .filter((l) => l.tagId === myLlm.id)
      .map((l) => l.paperId)
      .sort();
    expect(llmLinks).toEqual([arxivId(1), arxivId(2), arxivId(900)]);
    expect(after.rules).toHaveLength(2);
    // My settings win; the shared paper keeps my newer count and gains the backup's abstract and history.
    expect(after.settings).toEqual({ dimSeen: false, shortcuts: false, sync: true, pauseRules: false });
    const shared = (await db.papers.get(arxivId(1)))!;
    expect(shared).toMatchObject({ upvotes: 99, abstract: 'An abstract.', firstSeenAt: T0, lastSeenAt: T0 + 5 * HOUR });
  });

  it('refuses an invalid backup with a message naming the problem, changing nothing', async () => {
    const { library } = await populated();
    const before = await library.exportSnapshot();
    const broken = { ...before, papers: [...before.papers, { ...before.papers[0]!, id: 'bogus' }] };
    const error = await library.importSnapshot(broken).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid' });
    expect((error as Error).message).toMatch(/papers\[40\]\.id: not an arXiv id/);
    expect(await library.exportSnapshot()).toEqual(before);
  });

  it('refuses an inconsistent snapshot (a star for a paper it does not hold), changing nothing', async () => {
    const { library } = await populated();
    const before = await library.exportSnapshot();
    const broken = { ...before, stars: [...before.stars, { paperId: arxivId(999), starredAt: T0 }] };
    const error = await library.importSnapshot(broken).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid' });
    expect((error as Error).message).toMatch(new RegExp(`star refers to paper ${arxivId(999).replace('.', '\\.')}`));
    expect(await library.exportSnapshot()).toEqual(before);
  });

  it('recognises a tag renamed since the backup by its id: no duplicate, the links follow it', async () => {
    const { library } = freshLibrary();
    await library.recordSeen(records(2), T0);
    const mine = await library.tag(arxivId(0), 'Reading list', T0);
    const backup = await library.exportSnapshot();
    const old = {
      ...backup,
      tags: [{ ...backup.tags[0]!, name: 'Reading' }], // its name when the backup was made
      paperTags: [...backup.paperTags, { paperId: arxivId(1), tagId: mine.id, taggedAt: T0 + 1 }],
    };
    const report = await library.importSnapshot(old);
    expect(report).toMatchObject({ tagsAdded: 0, linksAdded: 1 });
    expect((await library.listTags()).map((t) => [t.id, t.name])).toEqual([[mine.id, 'Reading list']]);
    expect((await library.getState([arxivId(1)]))[arxivId(1)]!.tags).toEqual([mine]);
  });

  it("settings: the ones stored here win; a library that never stored any takes the backup's", async () => {
    const source = freshLibrary().library;
    await source.recordSeen(records(1), T0);
    await source.setSettings({ dimSeen: true, shortcuts: false });
    const backup = await source.exportSnapshot();

    const { library: chosen } = freshLibrary();
    await chosen.setSettings({ dimSeen: false });
    expect((await chosen.importSnapshot(backup)).settingsChanged).toBe(false);
    expect(await chosen.getSettings()).toEqual({ dimSeen: false, shortcuts: true, sync: true, pauseRules: false });

    const { library: blank } = freshLibrary();
    expect((await blank.importSnapshot(backup)).settingsChanged).toBe(true);
    expect(await blank.getSettings()).toEqual({ dimSeen: true, shortcuts: false, sync: true, pauseRules: false });
  });
});
