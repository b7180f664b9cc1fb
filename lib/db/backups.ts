import Dexie from 'dexie';
import type { LibrarySnapshot } from '../model/library';
import { t } from '../i18n';
import { invalid, type Core } from './core';
import type { BackupRow, PaperdeckDB } from './database';
import { madeAnything, readSnapshot } from './snapshot';

/**
 * Local backups of what the user made, kept in the database (a wipe leaves them alone): weekly,
 * before an import, before "start over", and when the user asks.
 */

export type BackupReason = BackupRow['reason'];
export type BackupSummary = Pick<BackupRow, 'createdAt' | 'reason' | 'counts'> & { id: number };

/** How often a scheduled backup is made. */
export const BACKUP_EVERY = 7 * 24 * 60 * 60 * 1000;
/** How many backups are kept in all. */
export const BACKUPS_KEPT = 5;
/**
 * Of those, the newest of each reason that no backup of another reason pushes out: five imports
 * in a row leave the last two weekly backups (and the last "before start over" one) in place.
 * The other slots go to the newest backups, whatever their reason. (They add up to BACKUPS_KEPT.)
 */
const KEPT_PER_REASON: Readonly<Record<BackupReason, number>> = { scheduled: 2, 'before-wipe': 1, 'before-import': 1, manual: 1 };

/** Makes a backup now and keeps only what the retention above keeps. Returns the new backup's summary. */
export async function makeBackup(core: Core, reason: BackupReason, now: number): Promise<BackupSummary> {
  const db = core.db;
  const snapshot = await readSnapshot(core, 'touched');
  const counts = { papers: snapshot.papers.length, stars: snapshot.stars.length, tags: snapshot.tags.length, rules: snapshot.rules.length };
  const id = await core.write([db.backups], async () => {
    const id = (await db.backups.add({ createdAt: now, reason, counts, snapshot })) as number;
    await db.backups.bulkDelete(await pastRetention(db));
    return id;
  });
  return { id, createdAt: now, reason, counts };
}

/** The backups retention lets go (inside a transaction over `backups`; keys only, no backup is read). */
async function pastRetention(db: PaperdeckDB): Promise<number[]> {
  const newestFirst = (await db.backups.orderBy('createdAt').reverse().primaryKeys()) as number[];
  const keep = new Set<number>();
  for (const [reason, n] of Object.entries(KEPT_PER_REASON)) {
    const ids = await db.backups
      .where('[reason+createdAt]')
      .between([reason, Dexie.minKey], [reason, Dexie.maxKey])
      .reverse()
      .limit(n)
      .primaryKeys();
    for (const id of ids) keep.add(id as number);
  }
  for (const id of newestFirst) {
    if (keep.size >= BACKUPS_KEPT) break;
    keep.add(id);
  }
  return newestFirst.filter((id) => !keep.has(id));
}

/** A scheduled backup when the newest backup is older than BACKUP_EVERY (and there is anything to keep). */
export async function backupIfDue(core: Core, now: number): Promise<BackupSummary | null> {
  const db = core.db;
  const [newest] = await core.read([db.backups], () => db.backups.orderBy('createdAt').reverse().limit(1).keys());
  if (newest !== undefined && now - (newest as number) < BACKUP_EVERY) return null;
  if (!(await madeAnything(core))) return null;
  return makeBackup(core, 'scheduled', now);
}

/** The backups kept, newest first (without their data). */
export async function listBackups(core: Core): Promise<BackupSummary[]> {
  const db = core.db;
  const rows: BackupSummary[] = [];
  await core.read([db.backups], () =>
    db.backups
      .orderBy('createdAt')
      .reverse()
      .each((row) => void rows.push({ id: row.id!, createdAt: row.createdAt, reason: row.reason, counts: row.counts })),
  );
  return rows;
}

/** What a kept backup holds (to merge it back in: import.ts). */
export async function backupSnapshot(core: Core, id: number): Promise<LibrarySnapshot> {
  const row = await core.read([core.db.backups], () => core.db.backups.get(id));
  if (!row) throw invalid(t('backupGone'));
  return row.snapshot;
}
