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
/** How many backups are kept. */
export const BACKUPS_KEPT = 5;

/** Makes a backup now and keeps only the newest BACKUPS_KEPT. Returns the new backup's summary. */
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

/** The backups past the newest BACKUPS_KEPT (inside a transaction over `backups`; keys only). */
async function pastRetention(db: PaperdeckDB): Promise<number[]> {
  return (await db.backups.orderBy('createdAt').reverse().offset(BACKUPS_KEPT).primaryKeys()) as number[];
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
