import { Library } from '../../../lib/db/library';
import { parseBackup, serializeBackup } from '../../../lib/export/backup';
import { LibrarySnapshot, type HideRule } from '../../../lib/model/library';
import { t } from '../../../lib/i18n';
import { DAY, T0, arxivId, freshLibrary, records } from './helpers';

describe('local backups', () => {
  it('keeps what the user made (not every paper seen) and restores it after a wipe', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(30), T0);
    await library.star(arxivId(1), T0);
    await library.tag(arxivId(2), 'Later', T0);
    await library.addRule({ kind: 'keyword', pattern: 'diffusion' }, T0);
    const made = await library.makeBackup('manual', T0 + 1);
    expect(made.counts).toEqual({ papers: 2, stars: 1, tags: 1, rules: 1 });
    const row = await db.backups.get(made.id);
    expect(LibrarySnapshot.safeParse(row!.snapshot).success).toBe(true);

    await library.wipe(); // makes a 'before-wipe' backup first
    expect(await db.stars.count()).toBe(0);
    const list = await library.listBackups();
    expect(list.map((b) => b.reason)).toEqual(['before-wipe', 'manual']);
    const report = await library.restoreBackup(made.id);
    expect(report).toMatchObject({ papersAdded: 2, starsAdded: 1, tagsAdded: 1, rulesAdded: 1 });
    expect((await library.getState([arxivId(1), arxivId(2)]))[arxivId(2)]!.tags.map((t) => t.name)).toEqual(['Later']);
    expect(await db.stars.get(arxivId(1))).toBeTruthy();
  });

  it('makes a scheduled backup once a week at most, keeps the newest few, and skips an empty library', async () => {
    const { library } = freshLibrary();
    expect(await library.backupIfDue(T0)).toBeNull(); // nothing to keep yet
    await library.recordSeen(records(3), T0);
    await library.star(arxivId(0), T0);
    expect(await library.backupIfDue(T0)).toMatchObject({ reason: 'scheduled' });
    expect(await library.backupIfDue(T0 + 6 * DAY)).toBeNull();
    for (let week = 1; week <= Library.BACKUPS_KEPT + 2; week++) expect(await library.backupIfDue(T0 + week * 7 * DAY)).not.toBeNull();
    const kept = await library.listBackups();
    expect(kept).toHaveLength(Library.BACKUPS_KEPT);
    expect(kept[0]!.createdAt).toBe(T0 + (Library.BACKUPS_KEPT + 2) * 7 * DAY);
  });

  it('keeps the last two weekly backups whatever else happens: five imports in a row push out only older ones', async () => {
    const { library } = freshLibrary();
    await library.recordSeen(records(3), T0);
    await library.star(arxivId(0), T0);
    for (let week = 0; week < 3; week++) expect(await library.backupIfDue(T0 + week * 7 * DAY)).toMatchObject({ reason: 'scheduled' });
    await library.makeBackup('before-wipe', T0 + 15 * DAY);
    for (let i = 0; i < 5; i++) await library.makeBackup('before-import', T0 + 16 * DAY + i);
    const kept = await library.listBackups();
    expect(kept).toHaveLength(Library.BACKUPS_KEPT);
    expect(kept.map((b) => [b.reason, b.createdAt])).toEqual([
      ['before-import', T0 + 16 * DAY + 4],
      ['before-import', T0 + 16 * DAY + 3],
      ['before-wipe', T0 + 15 * DAY],
      ['scheduled', T0 + 14 * DAY],
      ['scheduled', T0 + 7 * DAY],
    ]);
    // Manual backups too keep one place of their own; with nothing else around, the newest fill the rest.
    for (let i = 0; i < 7; i++) await library.makeBackup('manual', T0 + 20 * DAY + i);
    expect((await library.listBackups()).map((b) => b.reason)).toEqual([
      'manual',
      'before-import',
      'before-wipe',
      'scheduled',
      'scheduled',
    ]);
  });

  it('an import first backs up the current state, and restoring that undoes nothing but adds back', async () => {
    const { library } = freshLibrary();
    await library.recordSeen(records(2), T0);
    await library.star(arxivId(0), T0);
    const snap = await library.exportSnapshot();
    await library.importSnapshot(snap);
    expect((await library.listBackups()).map((b) => b.reason)).toEqual(['before-import']);
    // Restoring is itself a merge, without a further backup.
    await library.restoreBackup((await library.listBackups())[0]!.id);
    expect(await library.listBackups()).toHaveLength(1);
    await expect(library.restoreBackup(999)).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('the "before import" backup', () => {
  it('is made only once the import passed its checks: a refused import leaves the backups as they were', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(2), T0);
    await library.star(arxivId(0), T0);
    await library.makeBackup('scheduled', T0);
    const good = await library.exportSnapshot();
    // A star on a paper the backup lacks: refused as inconsistent, after the schema check.
    const inconsistent = { ...good, papers: [], paperTags: [], notes: [] };
    await expect(library.importSnapshot(inconsistent)).rejects.toMatchObject({ code: 'invalid' });
    await expect(library.importSnapshot({ ...good, stars: [{ paperId: 'nope', starredAt: 1 }] })).rejects.toMatchObject({
      code: 'invalid',
    });
    expect((await library.listBackups()).map((b) => b.reason)).toEqual(['scheduled']);
    expect(await db.backups.count()).toBe(1);
    await library.importSnapshot(good);
    expect((await library.listBackups()).map((b) => b.reason)).toEqual(['before-import', 'scheduled']);
  });
});

describe('hide rules from a backup', () => {
  // Rules as a backup file can hold them: valid by the schema, but not all of them able to work.
  const rule = (id: string, kind: HideRule['kind'], pattern: string, flags?: string): HideRule => ({
    id,
    kind,
    pattern,
    ...(flags === undefined ? {} : { flags }),
    enabled: true,
    createdAt: T0,
  });
  const hostile = [
    rule('good', 'keyword', 'diffusion'),
    rule('empty-match', 'regex', 'a*', 'i'), // matches every text: would hide every card
    rule('no-letter', 'keyword', '!!!'),
    rule('bad-flags', 'regex', 'robots?', 'g'), // the schema allows no g either: refused whole below
  ];

  it('pass the same full check as a typed rule: those that fail are left out, named with the reason, the rest imported', async () => {
    const source = freshLibrary().library;
    await source.recordSeen(records(2), T0);
    await source.star(arxivId(1), T0);
    const snap = { ...(await source.exportSnapshot()), rules: hostile.slice(0, 3) };

    const { library } = freshLibrary();
    const report = await library.importSnapshot(snap);
    expect(report).toMatchObject({ papersAdded: 2, starsAdded: 1, rulesAdded: 1 });
    expect(report.rulesRefused).toEqual([
      { pattern: 'a*', reason: t('ruleErrorMatchesEmpty') },
      { pattern: '!!!', reason: t('ruleErrorTopicLetter') },
    ]);
    expect((await library.listRules()).map((r) => r.pattern)).toEqual(['diffusion']);
    // A snapshot that breaks the schema is still refused whole.
    await expect(library.importSnapshot({ ...snap, rules: hostile })).rejects.toMatchObject({ code: 'invalid' });
    // Nothing refused: no such field in the report.
    expect('rulesRefused' in (await library.importSnapshot({ ...snap, rules: [hostile[0]!] }))).toBe(false);
  });

  it('restoring a local backup that holds a rule that cannot work leaves that rule out too', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(2), T0);
    await library.star(arxivId(0), T0);
    const made = await library.makeBackup('manual', T0);
    const row = (await db.backups.get(made.id))!;
    await db.backups.put({ ...row, snapshot: { ...row.snapshot, rules: hostile.slice(0, 2) } });
    const report = await library.restoreBackup(made.id);
    expect(report.rulesRefused).toEqual([{ pattern: 'a*', reason: t('ruleErrorMatchesEmpty') }]);
    expect((await library.listRules()).map((r) => r.pattern)).toEqual(['diffusion']);
  });
});

describe('notes through export, wipe and import', () => {
  it('round-trips notes and statuses, and a backup of them restores them', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(3), T0);
    await library.settle();
    await library.setNote(arxivId(1), 'Read §3 first', T0);
    await library.setStatus(arxivId(2), 'to-read', T0);
    const snap = await library.exportSnapshot();
    expect(snap.notes).toHaveLength(2);
    // A local backup keeps the papers the notes are on, not every paper seen.
    const mine = (await db.backups.get((await library.makeBackup('manual', T0)).id))!.snapshot;
    expect(mine.papers.map((p) => p.id).sort()).toEqual([arxivId(1), arxivId(2)]);
    await library.wipe();
    expect(await db.notes.count()).toBe(0);
    const report = await library.importSnapshot(snap);
    expect(report.notesChanged).toBe(2);
    expect(await library.getState([arxivId(1), arxivId(2)])).toMatchObject({
      [arxivId(1)]: { note: 'Read §3 first' },
      [arxivId(2)]: { status: 'to-read' },
    });
    // A note on a paper the backup does not hold is refused as inconsistent.
    await expect(library.importSnapshot({ ...snap, papers: [], stars: [], paperTags: [] })).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('"not interested" marks through export, wipe and import', () => {
  it('a JSON backup keeps them: export → wipe → import gives them back, and importing again adds none', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(5), T0);
    await library.settle();
    await library.star(arxivId(0), T0);
    await db.notInterested.bulkAdd([
      { paperId: arxivId(3), at: T0 + 1 },
      { paperId: arxivId(777), at: T0 + 2 }, // a paper the library no longer holds
    ]);
    const file = serializeBackup(await library.exportSnapshot(), new Date(T0));
    await library.wipe();
    expect(await db.notInterested.count()).toBe(0);
    const parsed = parseBackup(file);
    if (!parsed.ok) throw new Error(parsed.error);
    const report = await library.importSnapshot(parsed.backup.library);
    expect(report.notInterestedAdded).toBe(2);
    expect(await db.notInterested.orderBy('at').toArray()).toEqual([
      { paperId: arxivId(3), at: T0 + 1 },
      { paperId: arxivId(777), at: T0 + 2 },
    ]);
    expect((await library.importSnapshot(parsed.backup.library)).notInterestedAdded).toBe(0);
  });

  it('local backups keep them with the papers they mark, and restoring one merges them back (the earlier date kept)', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(5), T0);
    await library.settle();
    await library.star(arxivId(0), T0);
    await db.notInterested.add({ paperId: arxivId(3), at: T0 + 1 });
    const mine = (await db.backups.get((await library.makeBackup('manual', T0 + 2)).id))!.snapshot;
    expect(mine.notInterested).toEqual([{ paperId: arxivId(3), at: T0 + 1 }]);
    expect(mine.papers.map((p) => p.id).sort()).toEqual([arxivId(0), arxivId(3)]);
    expect(LibrarySnapshot.safeParse(mine).success).toBe(true);

    await library.wipe(); // backs up first
    await db.notInterested.add({ paperId: arxivId(3), at: T0 + 50 }); // marked again since
    const beforeWipe = (await library.listBackups()).find((b) => b.reason === 'before-wipe')!;
    const report = await library.restoreBackup(beforeWipe.id);
    expect(report.notInterestedAdded).toBe(0);
    expect(await db.notInterested.toArray()).toEqual([{ paperId: arxivId(3), at: T0 + 1 }]);
    expect(await db.papers.get(arxivId(3))).toBeTruthy();
  });

  it('"start over" backs up a library that holds nothing but "not interested" marks', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(2), T0);
    await library.settle();
    await db.notInterested.add({ paperId: arxivId(1), at: T0 });
    await library.wipe();
    const [kept] = await library.listBackups();
    expect(kept).toMatchObject({ reason: 'before-wipe' });
    expect((await library.restoreBackup(kept!.id)).notInterestedAdded).toBe(1);
    expect(await db.notInterested.get(arxivId(1))).toBeTruthy();
  });

  it('a library holding nothing but a note or a rule is backed up before "start over" and before an import', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(2), T0);
    await library.settle();
    await library.setNote(arxivId(1), 'Only a note', T0);
    await library.wipe();
    const [kept] = await library.listBackups();
    expect(kept).toMatchObject({ reason: 'before-wipe' });
    expect((await library.restoreBackup(kept!.id)).notesChanged).toBe(1);
    expect((await db.notes.get(arxivId(1)))?.text).toBe('Only a note');

    const other = freshLibrary().library;
    await other.addRule({ kind: 'keyword', pattern: 'diffusion' }, T0);
    await other.importSnapshot(await library.exportSnapshot());
    expect((await other.listBackups()).map((b) => b.reason)).toEqual(['before-import']);
  });

  it('a backup from before marks travelled (no such field) imports, and leaves the marks here alone', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(3), T0);
    await library.settle();
    await library.star(arxivId(1), T0);
    await db.notInterested.add({ paperId: arxivId(2), at: T0 });
    const { notInterested: _, ...old } = await library.exportSnapshot();
    const envelope = JSON.parse(serializeBackup(old, new Date(T0)));
    expect('notInterested' in envelope.library).toBe(true); // written as [] …
    delete envelope.library.notInterested; // … but an older file has no such field
    const parsed = parseBackup(JSON.stringify(envelope));
    if (!parsed.ok) throw new Error(parsed.error);
    const report = await library.importSnapshot(parsed.backup.library);
    expect(report).toMatchObject({ papersAdded: 0, starsAdded: 0, notInterestedAdded: 0 });
    expect(await db.notInterested.toArray()).toEqual([{ paperId: arxivId(2), at: T0 }]);
  });
});
