import { checkPaperId, type Core } from './core';
import { PAPER_COUNT } from './database';
import type { Journal } from './journal';
import { makeBackup } from './backups';
import { madeAnything } from './snapshot';

/** Taking things out of the library: papers the user picks, or everything ("start over"). */

/**
 * Deletes papers with their stars, tag links and notes, in one transaction. A deleted paper comes
 * back (unstarred, untagged) if it is seen on a page again. Returns how many papers were deleted.
 */
export async function deletePapers(core: Core, ids: readonly string[]): Promise<number> {
  await core.settled();
  const db = core.db;
  const list = [...new Set(ids.map(checkPaperId))];
  const deleted = await core.write([db.papers, db.stars, db.paperTags, db.meta, db.notes], async () => {
    await db.notes.bulkDelete(list);
    const links = await db.paperTags.where('paperId').anyOf(list).primaryKeys();
    await db.paperTags.bulkDelete(links);
    await db.stars.bulkDelete(list);
    const existing = await db.papers.where(':id').anyOf(list).primaryKeys();
    await db.papers.bulkDelete(existing);
    await core.countAdded(-existing.length);
    return existing;
  });
  if (deleted.length) core.emit(deleted, ['papers', 'stars', 'tags', 'notes']);
  return deleted.length;
}

/**
 * Deletes everything but the local backups (tests, and "start over" after an export); a library
 * that holds anything the user made is backed up first, so "start over" can be undone.
 */
export async function wipe(core: Core, journal: Journal): Promise<void> {
  const db = core.db;
  if (await madeAnything(core)) await makeBackup(core, 'before-wipe', Date.now());
  // The ranking's tables too: "not interested" marks, the model trained on the old library and its tokens;
  // and the search index of the extension pages.
  const tables = [
    db.papers,
    db.stars,
    db.tags,
    db.paperTags,
    db.rules,
    db.settings,
    db.journal,
    db.notes,
    db.notInterested,
    db.rankModels,
    db.rankTokens,
    db.searchCache,
  ];
  await core.write([...tables, db.meta], async () => {
    await Promise.all(tables.map((table) => table.clear()));
    await db.meta.put({ key: PAPER_COUNT, value: 0 });
  });
  journal.clear();
  core.emit([], ['papers', 'stars', 'tags', 'rules', 'settings', 'notes']);
}
