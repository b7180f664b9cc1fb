import type { StoredPaper } from '../model/library';
import type { PaperRecord } from '../model/paper';
import { getMany } from './batch';
import type { Core } from './core';
import type { JournalRow } from './database';
import { LibraryError } from './errors';
import { mergeRecord } from './merge';

export type RecordSeenResult = { added: number; updated: number };

/**
 * Page reads. A read is logged as one journal row (a single IndexedDB write, so the page's
 * request returns at once) and merged into `papers` a moment later by `settle()`, in one
 * transaction, by the rules of merge.ts. Until then `firstPending` answers for the reads still
 * logged, so a card is never told "seen before" or "new" wrongly (state.ts), and every other read
 * that needs papers settles first. A worker stopped before the merge leaves the journal in the
 * database; the next start-up merges it (nothing read is lost).
 */
export class Journal {
  /** How long after the last page read the journal is merged: reads that follow a page read
   * (its cards' state) go first, and the reads of a scrolling page merge together. */
  static SETTLE_DELAY = 400;

  /** Page reads logged but not merged yet, by journal seq, and the earliest pending read per id. */
  private readonly pending = new Map<number, { at: number; ids: string[] }>();
  private readonly pendingFirst = new Map<string, number>();
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private settling: Promise<void> = Promise.resolve();
  /** Whether this instance has looked for reads a stopped worker left in the journal. */
  recovered = false;

  constructor(private readonly core: Core) {}

  /** `textHashes[i]`: the hash of records[i]'s long texts, when it was sent with them (record-texts.ts). */
  async recordSeen(records: readonly PaperRecord[], now: number, textHashes?: readonly (string | null)[]): Promise<{ logged: number }> {
    if (records.length === 0) return { logged: 0 };
    const { core } = this;
    const row: JournalRow = { at: now, records: [...records], ...(textHashes?.some(Boolean) ? { textHashes: [...textHashes] } : {}) };
    const seq = (await core.write([core.db.journal], () => core.db.journal.add(row))) as number;
    const ids = [...new Set(records.map((r) => r.id))];
    this.pending.set(seq, { at: now, ids });
    for (const id of ids) {
      const first = this.pendingFirst.get(id);
      if (first === undefined || now < first) this.pendingFirst.set(id, now);
    }
    this.scheduleSettle();
    return { logged: records.length };
  }

  /**
   * Of these papers ([id, hash of the long texts a page read]), those whose stored texts did not
   * come from texts with that hash: unknown papers, texts that changed, rows written before hashes.
   * Reads still in the journal are not looked at: a paper they hold is at worst sent in full again.
   */
  async staleTexts(pairs: readonly (readonly [string, string])[]): Promise<string[]> {
    if (pairs.length === 0) return [];
    const db = this.core.db;
    const rows = await this.core.read([db.papers], () =>
      getMany(
        db.papers,
        pairs.map(([id]) => id),
      ),
    );
    return pairs.filter(([, hash], i) => rows[i]?.textHash !== hash).map(([id]) => id);
  }

  /** When a read still in the journal first saw this paper (undefined: none pending). */
  firstPending(id: string): number | undefined {
    return this.pendingFirst.get(id);
  }

  private scheduleSettle(): void {
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      // Closed on purpose (tests, a replaced connection): the journal waits for the next start.
      if (this.core.db.hasBeenClosed()) return;
      this.settle().catch((e) => console.error('[paperdeck] merging page reads failed; they stay logged', e));
    }, Journal.SETTLE_DELAY);
  }

  /**
   * Merges every logged page read into `papers` (oldest first, one transaction) and empties the
   * journal. Safe from several Library instances at once: each merge reads and deletes the rows
   * it merges inside its own transaction. Resolves to what changed (nothing logged: zeros).
   */
  settle(): Promise<RecordSeenResult> {
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    const run = this.settling.then(() => this.mergeJournal());
    this.settling = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Settles before a read or write that needs every page read merged. Cheap when nothing is
   * pending; the first call after start-up always looks, since a stopped worker may have left
   * reads in the journal.
   */
  async settled(): Promise<void> {
    if (this.pending.size === 0 && this.recovered) return;
    this.recovered = true;
    // A merge that fails (quota full) keeps the reads logged and is retried by the next page
    // read or settle; the read or write asked for goes on with what is merged, so an export
    // (the way out of a full disk) still works.
    await this.settle().catch((e: unknown) => {
      if (!(e instanceof LibraryError) || e.code !== 'quota') throw e;
      console.warn('[paperdeck] page reads not merged yet; they stay logged', e);
    });
  }

  /** Forgets the reads pending (the journal table was cleared: "start over"). */
  clear(): void {
    this.pending.clear();
    this.pendingFirst.clear();
  }

  private async mergeJournal(): Promise<RecordSeenResult> {
    const { core } = this;
    const db = core.db;
    const merged = await core.write([db.journal, db.papers, db.meta], async () => {
      const logged = await db.journal.toArray();
      if (logged.length === 0) return null;
      logged.sort((a, b) => a.seq! - b.seq!);
      const ids = [...new Set(logged.flatMap((row) => row.records.map((r) => r.id)))];
      const existing = await getMany(db.papers, ids);
      const rows = new Map<string, StoredPaper>();
      let added = 0;
      ids.forEach((id, i) => {
        if (existing[i]) rows.set(id, existing[i]);
        else added++;
      });
      for (const { at, records, textHashes } of logged) {
        // A paper listed twice in one read counts once.
        const read = new Set<string>();
        records.forEach((record, i) => {
          const row = mergeRecord(rows.get(record.id), record, at, !read.has(record.id));
          const hash = textHashes?.[i];
          if (hash) row.textHash = hash;
          rows.set(record.id, row);
          read.add(record.id);
        });
      }
      await db.papers.bulkPut([...rows.values()]);
      await core.countAdded(added);
      await db.journal.bulkDelete(logged.map((row) => row.seq!));
      return { ids, seqs: logged.map((row) => row.seq!), result: { added, updated: ids.length - added } };
    });
    if (!merged) return { added: 0, updated: 0 };
    for (const seq of merged.seqs) this.pending.delete(seq);
    this.pendingFirst.clear();
    for (const { at, ids } of this.pending.values()) {
      for (const id of ids) {
        const first = this.pendingFirst.get(id);
        if (first === undefined || at < first) this.pendingFirst.set(id, at);
      }
    }
    core.emit(merged.ids, ['papers']);
    return merged.result;
  }
}
