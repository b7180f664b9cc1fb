import { NOTE_MAX, ReadingStatus, type PaperNote } from '../model/library';
import { formatCount, t } from '../i18n';
import { checkPaperId, invalid, type Core } from './core';

/**
 * The user's note and reading status per paper (one `notes` row; a row with neither is deleted).
 * The paper must be in the library. A status is only ever set on the user's action.
 */

/** Sets the user's note on a paper (trimmed; empty removes it). */
export async function setNote(core: Core, paperId: string, text: string, now: number): Promise<PaperNote | null> {
  const clean = String(text).replace(/\r\n?/g, '\n').trim();
  if (clean.length > NOTE_MAX) throw invalid(t('errorNoteTooLong', formatCount(NOTE_MAX), formatCount(clean.length)));
  return updateNote(core, paperId, now, (row) => ({ ...row, text: clean }));
}

/** Sets (or, with null, clears) a paper's reading status. */
export async function setStatus(core: Core, paperId: string, status: ReadingStatus | null, now: number): Promise<PaperNote | null> {
  checkStatus(status);
  return updateNote(core, paperId, now, (row) => withStatus(row, status));
}

/**
 * Sets (or clears) the reading status of every known paper of `ids` (unknown ids are skipped), in
 * one transaction, announced once. Returns how many papers' status changed.
 */
export async function setStatusMany(core: Core, ids: readonly string[], status: ReadingStatus | null, now: number): Promise<number> {
  checkStatus(status);
  await core.settled();
  const db = core.db;
  const list = [...new Set(ids.map(checkPaperId))];
  const changed = await core.write([db.papers, db.notes], async () => {
    const known = await db.papers.where(':id').anyOf(list).primaryKeys();
    const current = await db.notes.bulkGet(known);
    const puts: PaperNote[] = [];
    const deletes: string[] = [];
    known.forEach((id, i) => {
      const row = current[i] ?? { paperId: id, text: '', updatedAt: now };
      if ((row.status ?? null) === status) return;
      const next = { ...withStatus(row, status), updatedAt: now };
      if (!next.text && !next.status) deletes.push(id);
      else puts.push(next);
    });
    await db.notes.bulkPut(puts);
    await db.notes.bulkDelete(deletes);
    return [...puts.map((n) => n.paperId), ...deletes];
  });
  if (changed.length) core.emit(changed, ['notes']);
  return changed.length;
}

function checkStatus(status: ReadingStatus | null): void {
  if (status !== null && !ReadingStatus.safeParse(status).success) throw invalid(t('errorNotAStatus', String(status)));
}

function withStatus(row: PaperNote, status: ReadingStatus | null): PaperNote {
  const next = { ...row };
  if (status) next.status = status;
  else delete next.status;
  return next;
}

async function updateNote(core: Core, paperId: string, now: number, change: (row: PaperNote) => PaperNote): Promise<PaperNote | null> {
  await core.settled();
  const db = core.db;
  const id = checkPaperId(paperId);
  const saved = await core.write([db.papers, db.notes], async () => {
    if ((await db.papers.where(':id').equals(id).count()) === 0) {
      throw invalid(t('errorUnseenPaper', id));
    }
    const current = (await db.notes.get(id)) ?? { paperId: id, text: '', updatedAt: now };
    const next = { ...change(current), updatedAt: now };
    if (!next.text && !next.status) {
      await db.notes.delete(id);
      return null;
    }
    await db.notes.put(next);
    return next;
  });
  core.emit([id], ['notes']);
  return saved;
}
