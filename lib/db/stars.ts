import type { Star } from '../model/library';
import type { PaperRecord } from '../model/paper';
import { t } from '../i18n';
import { checkPaperId, invalid, type Core } from './core';
import { mergeRecord } from './merge';

/**
 * Stars. Stars and tags are independent: starring does not tag, and unstarring keeps the paper's
 * tags (the content UI offers the tag editor on starred cards only, so re-starring brings them back).
 */

/**
 * Stars a paper (idempotent: a star keeps its first starredAt). Given the full record the paper
 * is stored/refreshed too, in the same transaction; given only an id, the paper must already be in
 * the library.
 */
export async function star(core: Core, recordOrId: PaperRecord | string, now: number): Promise<Star> {
  await core.settled();
  const db = core.db;
  const record = typeof recordOrId === 'string' ? undefined : recordOrId;
  const id = checkPaperId(record ? record.id : recordOrId);
  const created = await core.write([db.papers, db.stars, db.meta], async () => {
    const paper = await db.papers.get(id);
    if (record) {
      await db.papers.put(mergeRecord(paper, record, now, !paper));
      if (!paper) await core.countAdded(1);
    } else if (!paper) {
      throw invalid(t('errorUnseenPaperStar', id));
    }
    const existing = await db.stars.get(id);
    if (existing) return existing;
    const row: Star = { paperId: id, starredAt: now };
    await db.stars.add(row);
    return row;
  });
  core.emit([id], record ? ['stars', 'papers'] : ['stars']);
  return created;
}

/** Removes a star; the paper and its tags stay. Returns whether it was starred. */
export async function unstar(core: Core, paperId: string): Promise<boolean> {
  const id = checkPaperId(paperId);
  const db = core.db;
  const had = await core.write([db.stars], async () => {
    const existing = await db.stars.get(id);
    if (existing) await db.stars.delete(id);
    return existing !== undefined;
  });
  core.emit([id], ['stars']);
  return had;
}

/** Stars every known paper of `ids` (unknown ids are skipped), in one transaction. Returns how many were newly starred. */
export async function starMany(core: Core, ids: readonly string[], now: number): Promise<number> {
  await core.settled();
  const db = core.db;
  const list = [...new Set(ids.map(checkPaperId))];
  const added = await core.write([db.papers, db.stars], async () => {
    const known = new Set(await db.papers.where(':id').anyOf(list).primaryKeys());
    const starred = new Set(await db.stars.where(':id').anyOf(list).primaryKeys());
    const rows: Star[] = list.filter((id) => known.has(id) && !starred.has(id)).map((id) => ({ paperId: id, starredAt: now }));
    await db.stars.bulkAdd(rows);
    return rows.map((r) => r.paperId);
  });
  if (added.length) core.emit(added, ['stars']);
  return added.length;
}

/** Removes the stars of `ids`, in one transaction. Returns how many were starred. */
export async function unstarMany(core: Core, ids: readonly string[]): Promise<number> {
  const db = core.db;
  const list = [...new Set(ids.map(checkPaperId))];
  const removed = await core.write([db.stars], async () => {
    const had = await db.stars.where(':id').anyOf(list).primaryKeys();
    await db.stars.bulkDelete(had);
    return had;
  });
  if (removed.length) core.emit(removed, ['stars']);
  return removed.length;
}
