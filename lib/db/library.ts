import type {
  HideRule,
  LibrarySnapshot,
  PaperNote,
  PaperState,
  PaperTag,
  ReadingStatus,
  Settings,
  Star,
  StoredPaper,
  Tag,
} from '../model/library';
import type { PaperRecord } from '../model/paper';
import * as backups from './backups';
import { Core } from './core';
import type { PaperdeckDB } from './database';
import * as removal from './delete';
import { importSnapshot, type ImportReport } from './import';
import { Journal, type RecordSeenResult } from './journal';
import { markNotInterested } from './not-interested';
import * as notes from './notes';
import { snapshotSeenData, snapshotUserData } from './page-snapshot';
import { live, observeWrites, type Live, type StoredWrites } from './observe';
import * as rules from './rules';
import { readCaches, writeCaches, type CacheEntry } from './search-cache';
import type { LibraryChange, RuleInput, RulePatch } from './schemas';
import * as settings from './settings';
import { readSnapshot } from './snapshot';
import * as stars from './stars';
import { getState } from './state';
import { applySync, databaseId } from './sync';
import * as tags from './tags';
import * as views from './views';

export type { LibraryChange, RuleInput, RulePatch } from './schemas';
export type { ImportReport } from './import';
export type { BackupSummary } from './backups';
export type { HeaderCounts, Scope } from './views';
export type { StoredWrites } from './observe';
export type { CacheEntry } from './search-cache';

/**
 * The library: every read and write the extension makes, one module per concern — page reads
 * (journal.ts), stars, tags, notes, "not interested" marks, hide rules, settings, the page's card
 * state (state.ts), the extension pages' reads (views.ts, observe.ts), exports and local backups
 * (snapshot.ts, backups.ts), imports (import.ts), deleting (delete.ts) and sync (sync.ts). This
 * class only holds them together: the database, the journal of page reads, and the change
 * announcements (core.ts).
 *
 * Each write is one Dexie transaction (it happens entirely or not at all) and, once committed, is
 * announced to `onChange` subscribers (lib/messaging broadcasts it to content scripts). Anything
 * thrown is a LibraryError with a message for the user. `now` parameters are for tests.
 */
export class Library {
  /** How often a scheduled backup is made, how many backups are kept (backups.ts). */
  static readonly BACKUP_EVERY = backups.BACKUP_EVERY;
  static readonly BACKUPS_KEPT = backups.BACKUPS_KEPT;

  readonly db: PaperdeckDB;
  private readonly core: Core;
  private readonly journal: Journal;

  constructor(db: PaperdeckDB) {
    this.db = db;
    this.core = new Core(db, () => this.journal.settled());
    this.journal = new Journal(this.core);
  }

  /** Called after each committed write of this instance. Returns an unsubscribe function. */
  onChange(listener: (change: LibraryChange) => void): () => void {
    return this.core.onChange(listener);
  }

  // ---- page reads (journal.ts) and the page's cards (state.ts) ------------------------------

  /** One page read: logged at once, merged into papers a moment later (or by `settle`). */
  recordSeen(records: readonly PaperRecord[], now: number = Date.now()): Promise<{ logged: number }> {
    return this.journal.recordSeen(records, now);
  }
  /**
   * A papers page's read, where a paper whose stored texts are current comes as a light record:
   * each record with the hash of its long texts when it was sent with them, else null
   * (lib/model/record-texts.ts). Otherwise recordSeen.
   */
  recordRead(reads: readonly (readonly [PaperRecord, string | null])[], now: number = Date.now()): Promise<{ logged: number }> {
    return this.journal.recordSeen(
      reads.map(([record]) => record),
      now,
      reads.map(([, hash]) => hash),
    );
  }
  /** Of these [id, texts hash] pairs, the papers a page should send with their long texts (Journal.staleTexts). */
  staleTexts(pairs: readonly (readonly [string, string])[]): Promise<string[]> {
    return this.journal.staleTexts(pairs);
  }
  /** Merges every logged page read now. */
  settle(): Promise<RecordSeenResult> {
    return this.journal.settle();
  }
  /** What a papers page needs to decorate its cards, for lib/snapshot (page-snapshot.ts). */
  snapshotUserData(): ReturnType<typeof snapshotUserData> {
    return snapshotUserData(this.core);
  }
  /** Ids of the papers first seen before `day` and on it (YYYY-MM-DD). */
  snapshotSeenData(day: string): ReturnType<typeof snapshotSeenData> {
    return snapshotSeenData(this.core, day);
  }
  getState(ids: readonly string[], visitStart?: number): Promise<Record<string, PaperState>> {
    return getState(this.core, this.journal, ids, visitStart);
  }

  // ---- what the user makes ------------------------------------------------------------------

  star(recordOrId: PaperRecord | string, now: number = Date.now()): Promise<Star> {
    return stars.star(this.core, recordOrId, now);
  }
  unstar(paperId: string): Promise<boolean> {
    return stars.unstar(this.core, paperId);
  }
  starMany(ids: readonly string[], now: number = Date.now()): Promise<number> {
    return stars.starMany(this.core, ids, now);
  }
  unstarMany(ids: readonly string[]): Promise<number> {
    return stars.unstarMany(this.core, ids);
  }
  tag(paperId: string, tagName: string, now: number = Date.now()): Promise<Tag> {
    return tags.tag(this.core, paperId, tagName, now);
  }
  untag(paperId: string, tagId: string): Promise<boolean> {
    return tags.untag(this.core, paperId, tagId);
  }
  tagMany(ids: readonly string[], tagName: string, now: number = Date.now()): Promise<{ tag: Tag; tagged: number }> {
    return tags.tagMany(this.core, ids, tagName, now);
  }
  untagMany(ids: readonly string[], tagId: string): Promise<number> {
    return tags.untagMany(this.core, ids, tagId);
  }
  listTags(): Promise<Tag[]> {
    return tags.listTags(this.core);
  }
  renameTag(tagId: string, newName: string): Promise<Tag> {
    return tags.renameTag(this.core, tagId, newName);
  }
  mergeTags(fromId: string, intoId: string): Promise<Tag> {
    return tags.mergeTags(this.core, fromId, intoId);
  }
  deleteTag(tagId: string): Promise<boolean> {
    return tags.deleteTag(this.core, tagId);
  }
  setNote(paperId: string, text: string, now: number = Date.now()): Promise<PaperNote | null> {
    return notes.setNote(this.core, paperId, text, now);
  }
  setStatus(paperId: string, status: ReadingStatus | null, now: number = Date.now()): Promise<PaperNote | null> {
    return notes.setStatus(this.core, paperId, status, now);
  }
  setStatusMany(ids: readonly string[], status: ReadingStatus | null, now: number = Date.now()): Promise<number> {
    return notes.setStatusMany(this.core, ids, status, now);
  }
  markNotInterested(paperId: string, on = true, now: number = Date.now()): Promise<boolean> {
    return markNotInterested(this.core, paperId, on, now);
  }
  deletePapers(ids: readonly string[]): Promise<number> {
    return removal.deletePapers(this.core, ids);
  }

  // ---- hide rules and settings --------------------------------------------------------------

  listRules(): Promise<HideRule[]> {
    return rules.listRules(this.core);
  }
  addRule(input: RuleInput, now: number = Date.now()): Promise<HideRule> {
    return rules.addRule(this.core, input, now);
  }
  updateRule(id: string, patch: RulePatch): Promise<HideRule> {
    return rules.updateRule(this.core, id, patch);
  }
  removeRule(id: string): Promise<boolean> {
    return rules.removeRule(this.core, id);
  }
  getSettings(): Promise<Settings> {
    return settings.getSettings(this.core);
  }
  setSettings(patch: Partial<Settings>): Promise<Settings> {
    return settings.setSettings(this.core, patch);
  }

  // ---- reads for the popup, side panel and library page (views.ts, observe.ts) --------------

  counts(now: number = Date.now()): Promise<views.LibraryCounts> {
    return views.counts(this.core, now);
  }
  headerCounts(now: number = Date.now()): Promise<views.HeaderCounts> {
    return views.headerCounts(this.core, now);
  }
  paperCount(): Promise<number> {
    return this.core.paperCount();
  }
  firstScreen(scope: views.Scope, limit: number): Promise<views.FirstScreen> {
    return views.firstScreen(this.core, scope, limit);
  }
  /** Every star (newest first), tag link and note. */
  userRows(): Promise<{ stars: Star[]; links: PaperTag[]; notes: PaperNote[] }> {
    return views.userRows(this.core);
  }
  papersOf(ids: readonly string[]): Promise<(StoredPaper | undefined)[]> {
    return views.papersOf(this.core, ids);
  }
  /** Up to `limit` papers in id order after `after` (null: from the first): every paper, a chunk at a time. */
  papersAfter(after: string | null, limit: number): Promise<StoredPaper[]> {
    return views.papersAfter(this.core, after, limit);
  }
  /** Every paper's id (the keys only: no row is read). */
  paperIds(): Promise<string[]> {
    return views.paperIds(this.core);
  }
  /** The papers written at or after `since` (their `updatedAt`, updated-at.ts), in no particular order. */
  papersWrittenSince(since: number): Promise<StoredPaper[]> {
    return views.papersWrittenSince(this.core, since);
  }
  allTags(): Promise<Tag[]> {
    return views.allTags(this.core);
  }
  allStars(): Promise<Star[]> {
    return views.allStars(this.core);
  }
  allLinks(): Promise<PaperTag[]> {
    return views.allLinks(this.core);
  }
  /** The notes of `ids` (undefined where none), or every note. */
  notesOf(ids?: readonly string[]): Promise<(PaperNote | undefined)[]> {
    return views.notesOf(this.core, ids);
  }
  /** Every committed write to this database, from any page or tab. Returns the function that stops it. */
  observeWrites(listener: (writes: StoredWrites) => void): () => void {
    return observeWrites(this.db, listener);
  }
  /** `query` (over these methods), re-run whenever a write anywhere touches what it read. */
  live<T>(query: () => Promise<T> | T): Live<T> {
    return live(query);
  }

  // ---- exports, backups, imports ------------------------------------------------------------

  /** Everything, as a LibrarySnapshot (JSON backup). One read transaction: a consistent picture. */
  exportSnapshot(): Promise<LibrarySnapshot> {
    return readSnapshot(this.core, 'all');
  }
  makeBackup(reason: backups.BackupReason, now: number = Date.now()): Promise<backups.BackupSummary> {
    return backups.makeBackup(this.core, reason, now);
  }
  backupIfDue(now: number = Date.now()): Promise<backups.BackupSummary | null> {
    return backups.backupIfDue(this.core, now);
  }
  listBackups(): Promise<backups.BackupSummary[]> {
    return backups.listBackups(this.core);
  }
  /** Merges a kept backup back in (nothing current is lost: the same merge as an import). */
  async restoreBackup(id: number): Promise<ImportReport> {
    return importSnapshot(this.core, await backups.backupSnapshot(this.core, id), { backup: false });
  }
  importSnapshot(input: LibrarySnapshot, options: { backup?: boolean } = {}): Promise<ImportReport> {
    return importSnapshot(this.core, input, options);
  }
  /** What the extension pages saved of their lists (search-cache.ts), by key: undefined where nothing. */
  listCaches(keys: readonly string[]): Promise<(CacheEntry | undefined)[]> {
    return readCaches(this.core, keys);
  }
  /** Saves values of a list together, under one `savedAt`. */
  saveListCaches(values: Readonly<Record<string, unknown>>, now: number = Date.now()): Promise<void> {
    return writeCaches(this.core, values, now);
  }

  /** Deletes everything but the local backups (backed up first when the user made anything). */
  wipe(): Promise<void> {
    return removal.wipe(this.core, this.journal);
  }

  /** One sync reconciliation (lib/sync/apply.ts) in one transaction, announced like any write. */
  /** This database's identity (sync tells a lost and remade database by it). */
  databaseId(): Promise<string> {
    return databaseId(this.core);
  }

  applySync<T extends { change: LibraryChange }>(scope: (db: PaperdeckDB) => Promise<T>): Promise<T> {
    return applySync(this.core, scope);
  }
}
