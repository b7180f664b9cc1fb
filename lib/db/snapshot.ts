import type { LibrarySnapshot, StoredPaper } from '../model/library';
import { toTag, type Core } from './core';
import { SETTINGS_KEY } from './database';
import { readSettings } from './settings';

/**
 * The library as a LibrarySnapshot, in one read transaction (a consistent picture): with every
 * paper (the JSON export), or with only the papers that what the user made touches — a star, a
 * tag link, a note or a "not interested" mark (local backups: not the cache of every paper seen,
 * which pages fill again).
 */
export async function readSnapshot(core: Core, papersWanted: 'all' | 'touched'): Promise<LibrarySnapshot> {
  await core.settled();
  const db = core.db;
  return core.read([db.papers, db.stars, db.tags, db.paperTags, db.rules, db.settings, db.notes, db.notInterested], async () => {
    const [stars, tags, paperTags, rules, settings, notes, marks] = await Promise.all([
      db.stars.toArray(),
      db.tags.toArray(),
      db.paperTags.toArray(),
      db.rules.toArray(),
      db.settings.get(SETTINGS_KEY),
      db.notes.toArray(),
      db.notInterested.toArray(),
    ]);
    let papers: StoredPaper[];
    if (papersWanted === 'all') papers = await db.papers.toArray();
    else {
      const touched = [stars, paperTags, notes, marks].flatMap((rows) => rows.map((r) => r.paperId));
      papers = (await db.papers.bulkGet([...new Set(touched)])).filter((p): p is StoredPaper => p !== undefined);
    }
    // Rows as the contract has them (a stored row could carry more), without the store's bookkeeping.
    papers = papers.map(({ updatedAt: _, textHash: _hash, ...paper }) => paper);
    const notInterested = marks.map((m) => ({ paperId: m.paperId, at: m.at }));
    return { papers, stars, tags: tags.map(toTag), paperTags, rules, settings: readSettings(settings?.value), notes, notInterested };
  });
}

/** Whether the user has made anything a backup would keep (stars, tags, rules, notes or "not interested" marks). */
export async function madeAnything(core: Core): Promise<boolean> {
  const db = core.db;
  const counts = await core.read([db.stars, db.tags, db.rules, db.notes, db.notInterested], () =>
    Promise.all([db.stars.count(), db.tags.count(), db.rules.count(), db.notes.count(), db.notInterested.count()]),
  );
  return counts.some((n) => n > 0);
}
