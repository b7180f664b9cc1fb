import { checkPaperId, type Core } from './core';

/**
 * "Not interested" marks: the user's own signal to the "for you" ranking (lib/rank), kept with
 * what the user made (backups, exports). Written here like every other user write, and announced
 * as a `rank` change of that paper: its card's scores and mark change.
 */

/** Marks (or with `on` false, unmarks) a paper "not interested". Returns whether it was marked before. */
export async function markNotInterested(core: Core, paperId: string, on: boolean, now: number): Promise<boolean> {
  const id = checkPaperId(paperId);
  const db = core.db;
  const had = await core.write([db.notInterested], async () => {
    const existing = await db.notInterested.get(id);
    if (on && !existing) await db.notInterested.add({ paperId: id, at: now });
    if (!on && existing) await db.notInterested.delete(id);
    return existing !== undefined;
  });
  if (had !== on) core.emit([id], ['rank']);
  return had;
}
