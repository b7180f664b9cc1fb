import type { Table } from 'dexie';
import { ArxivId, type PaperRecord } from '../model/paper';
import {
  DEFAULT_SETTINGS,
  HideRule,
  LibrarySnapshot,
  NOTE_MAX,
  ReadingStatus,
  type PaperNote,
  Settings,
  TAG_COLOURS,
  type PaperState,
  type PaperTag,
  type Star,
  type StoredPaper,
  type Tag,
} from '../model/library';
import { DATABASE_ID, PAPER_COUNT, SETTINGS_KEY, tagKey, type DatabaseIdRow, type BackupRow, type JournalRow, type PaperdeckDB, type TagRow } from './database';
import { localDay, startOfLocalDay, titleWords } from './derive';
import { LibraryError, MESSAGES, describeZodError, toLibraryError } from './errors';
import { mergeRecord, mergeStored, sameValue } from './merge';
import { getMany } from './batch';
import { SettingsPatch, type ChangeKind, type LibraryChange, type RuleInput, type RulePatch } from './schemas';
import { checkRule as checkRuleInput } from '../topics/rules';
import { integrityProblems } from '../export/backup';
import { planMerge, type MergeReport } from '../export/merge';
import { formatCount, t } from '../i18n';

export { ChangeKind, RuleInput, RulePatch, SettingsPatch, type LibraryChange } from './schemas';

export type RecordSeenResult = { added: number; updated: number };
/** What an import added and changed (lib/export/merge.ts decides how a backup merges). */
export type ImportReport = MergeReport;
export type LibraryCounts = {
  papers: number;
  starred: number;
  tags: number;
  rules: number;
  /** Papers first seen today (local day). */
  newToday: number;
  /** Papers seen on any page today (local day). */
  seenToday: number;
};
/** A paper as the popup and library page list it. `paper` is absent only for a star imported without its paper. */
export type LibraryItem = { paperId: string; paper?: StoredPaper; starredAt?: number; tags: Tag[] };
export type Overview = { counts: LibraryCounts; recentStars: LibraryItem[] };
export type BackupSummary = Pick<BackupRow, 'createdAt' | 'reason' | 'counts'> & { id: number };

const TAG_NAME_MAX = 40;

function newId(): string {
  // randomUUID exists only in secure contexts (extension pages are; a plain http test page isn't).
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function toTag(row: TagRow): Tag {
  return { id: row.id, name: row.name, colour: row.colour, createdAt: row.createdAt };
}

function byName(a: Tag, b: Tag): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id);
}

function invalid(message: string): LibraryError {
  return new LibraryError('invalid', message);
}

function checkPaperId(id: unknown): string {
  if (!ArxivId.safeParse(id).success) throw invalid(t('errorNotArxivId', String(id)));
  return id as string;
}

function normaliseTagName(name: string): string {
  const clean = String(name).trim().replace(/\s+/g, ' ');
  if (clean.length === 0 || clean.length > TAG_NAME_MAX) {
    throw invalid(t('errorTagNameLength', TAG_NAME_MAX, clean.length));
  }
  return clean;
}

/** The palette colour fewest tags use (ties: palette order), so new tags stay distinguishable. */
function pickColour(tags: readonly TagRow[]): Tag['colour'] {
  const uses = new Map<string, number>(TAG_COLOURS.map((c) => [c, 0]));
  for (const t of tags) uses.set(t.colour, (uses.get(t.colour) ?? 0) + 1);
  let best: Tag['colour'] = TAG_COLOURS[0];
  for (const c of TAG_COLOURS) if (uses.get(c)! < uses.get(best)!) best = c;
  return best;
}

/**
 * Validates a complete rule with the same checks the page applies before saving
 * (lib/topics/rules: a regex must compile and must not match empty text), then the contract.
 */
function checkRule(rule: HideRule): HideRule {
  const check = checkRuleInput(rule);
  if (!check.ok) throw invalid(check.error);
  const { kind, pattern, flags, mode, unless } = check.rule;
  const next: HideRule = { id: rule.id, kind, pattern, enabled: rule.enabled, createdAt: rule.createdAt };
  // "" is a choice (a case-sensitive regular expression); absent means the default, "i".
  if (flags !== undefined && kind === 'regex') next.flags = flags;
  if (mode) next.mode = mode;
  if (unless) next.unless = unless;
  if (rule.stopped && !rule.enabled) next.stopped = rule.stopped;
  const parsed = HideRule.safeParse(next);
  if (!parsed.success) throw invalid(t('errorRuleInvalid', describeZodError(parsed.error)));
  return parsed.data;
}

function sameRule(a: HideRule, b: HideRule): boolean {
  return a.kind === b.kind && a.pattern.toLowerCase() === b.pattern.toLowerCase() && (a.flags ?? '') === (b.flags ?? '');
}

/**
 * The library: every read and write the extension makes. Each write is one Dexie transaction
 * (so it either happens entirely or not at all) and, once committed, is announced to
 * `onChange` subscribers (lib/messaging broadcasts it to content scripts).
 *
 * Stars and tags are independent: tagging does not star, and unstarring keeps the paper's tags
 * (the content UI offers the tag editor on starred cards only, so re-starring brings them back).
 */
export class Library {
  readonly db: PaperdeckDB;
  private readonly listeners = new Set<(change: LibraryChange) => void>();
  /** Page reads logged but not merged yet, by journal seq, and the earliest pending read per id. */
  private readonly pending = new Map<number, { at: number; ids: string[] }>();
  private readonly pendingFirst = new Map<string, number>();
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private settling: Promise<void> = Promise.resolve();
  private recovered = false;

  constructor(db: PaperdeckDB) {
    this.db = db;
  }

  /** Called after each committed write. Returns an unsubscribe function. */
  onChange(listener: (change: LibraryChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(ids: string[], what: ChangeKind[]): void {
    const change = { ids, what };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (e) {
        console.error('[paperdeck] library change listener failed', e);
      }
    }
  }

  private async write<T>(tables: Table[], scope: () => Promise<T>): Promise<T> {
    try {
      return await this.unlessBlocked(this.db.transaction('rw', tables, scope));
    } catch (e) {
      throw toLibraryError(e);
    }
  }

  private async read<T>(tables: Table[], scope: () => Promise<T>): Promise<T> {
    try {
      return await this.unlessBlocked(this.db.transaction('r', tables, scope));
    } catch (e) {
      throw toLibraryError(e);
    }
  }

  /** Keeps the paper counter (inside a write transaction that covers `meta`). */
  private async countAdded(added: number): Promise<void> {
    if (added === 0) return;
    const row = await this.db.meta.get(PAPER_COUNT);
    // No counter (should not happen): leave it missing; counts() rebuilds it.
    if (row) await this.db.meta.put({ key: PAPER_COUNT, value: row.value + added });
  }

  /** The number of papers, from the counter; rebuilt by counting if it is missing. */
  private async paperCount(): Promise<number> {
    const row = await this.read([this.db.meta], () => this.db.meta.get(PAPER_COUNT));
    if (row) return row.value;
    return this.write([this.db.papers, this.db.meta], async () => {
      const value = await this.db.papers.count();
      await this.db.meta.put({ key: PAPER_COUNT, value });
      return value;
    });
  }

  /**
   * While the database is still opening, an upgrade can wait indefinitely for another
   * connection holding an older version (Dexie's own connections step aside, a foreign one may
   * not). Tell the user instead of leaving the click hanging. The operation itself stays queued
   * and runs if the other connection closes.
   */
  private unlessBlocked<T>(operation: Promise<T>): Promise<T> {
    if (this.db.isOpen()) return operation;
    return new Promise<T>((resolve, reject) => {
      const onBlocked = () => reject(new LibraryError('blocked', MESSAGES.blocked));
      this.db.on('blocked', onBlocked);
      operation.then(resolve, reject).finally(() => this.db.on('blocked').unsubscribe(onBlocked));
    });
  }

  // ---- papers -------------------------------------------------------------------------------

  /**
   * One page read. The records are logged as one journal row (a single IndexedDB write, so the
   * page's request returns at once) and merged into `papers` a moment later by `settle()`, in
   * one transaction, by the rules of merge.ts. Until then `getState` answers from what is
   * pending, so a card is never told "seen before" or "new" wrongly, and every other read that
   * needs papers settles first. A worker stopped before the merge leaves the journal in the
   * database; the next start-up merges it (nothing read is lost).
   */
  async recordSeen(records: readonly PaperRecord[], now: number = Date.now()): Promise<{ logged: number }> {
    if (records.length === 0) return { logged: 0 };
    const row: JournalRow = { at: now, records: [...records] };
    const seq = (await this.write([this.db.journal], () => this.db.journal.add(row))) as number;
    const ids = [...new Set(records.map((r) => r.id))];
    this.pending.set(seq, { at: now, ids });
    for (const id of ids) {
      const first = this.pendingFirst.get(id);
      if (first === undefined || now < first) this.pendingFirst.set(id, now);
    }
    this.scheduleSettle();
    return { logged: records.length };
  }

  /** How long after the last page read the journal is merged: reads that follow a page read
   * (its cards' state) go first, and the reads of a scrolling page merge together. */
  static SETTLE_DELAY = 400;

  private scheduleSettle(): void {
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      // Closed on purpose (tests, a replaced connection): the journal waits for the next start.
      if (this.db.hasBeenClosed()) return;
      this.settle().catch((e) => console.error('[paperdeck] merging page reads failed; they stay logged', e));
    }, Library.SETTLE_DELAY);
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

  private async mergeJournal(): Promise<RecordSeenResult> {
    const merged = await this.write([this.db.journal, this.db.papers, this.db.meta], async () => {
      const logged = await this.db.journal.toArray();
      if (logged.length === 0) return null;
      logged.sort((a, b) => a.seq! - b.seq!);
      const ids = [...new Set(logged.flatMap((row) => row.records.map((r) => r.id)))];
      const existing = await getMany(this.db.papers, ids);
      const rows = new Map<string, StoredPaper>();
      let added = 0;
      ids.forEach((id, i) => {
        if (existing[i]) rows.set(id, existing[i]);
        else added++;
      });
      for (const { at, records } of logged) {
        // A paper listed twice in one read counts once.
        const read = new Set<string>();
        for (const record of records) {
          rows.set(record.id, mergeRecord(rows.get(record.id), record, at, !read.has(record.id)));
          read.add(record.id);
        }
      }
      await this.db.papers.bulkPut([...rows.values()]);
      await this.countAdded(added);
      await this.db.journal.bulkDelete(logged.map((row) => row.seq!));
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
    this.emit(merged.ids, ['papers']);
    return merged.result;
  }

  /**
   * Settles before a read or write that needs every page read merged. Cheap when nothing is
   * pending; the first call after start-up always looks, since a stopped worker may have left
   * reads in the journal.
   */
  private async settled(): Promise<void> {
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

  // ---- stars --------------------------------------------------------------------------------

  /**
   * Stars a paper (idempotent: a star keeps its first starredAt). Given the full record the
   * paper is stored/refreshed too, in the same transaction; given only an id, the paper must
   * already be in the library.
   */
  async star(recordOrId: PaperRecord | string, now: number = Date.now()): Promise<Star> {
    await this.settled();
    const record = typeof recordOrId === 'string' ? undefined : recordOrId;
    const id = checkPaperId(record ? record.id : recordOrId);
    const star = await this.write([this.db.papers, this.db.stars, this.db.meta], async () => {
      const paper = await this.db.papers.get(id);
      if (record) {
        await this.db.papers.put(mergeRecord(paper, record, now, !paper));
        if (!paper) await this.countAdded(1);
      } else if (!paper) {
        throw invalid(t('errorUnseenPaperStar', id));
      }
      const existing = await this.db.stars.get(id);
      if (existing) return existing;
      const created: Star = { paperId: id, starredAt: now };
      await this.db.stars.add(created);
      return created;
    });
    this.emit([id], record ? ['stars', 'papers'] : ['stars']);
    return star;
  }

  /** Removes a star; the paper and its tags stay. Returns whether it was starred. */
  async unstar(paperId: string): Promise<boolean> {
    const id = checkPaperId(paperId);
    const had = await this.write([this.db.stars], async () => {
      const existing = await this.db.stars.get(id);
      if (existing) await this.db.stars.delete(id);
      return existing !== undefined;
    });
    this.emit([id], ['stars']);
    return had;
  }

  // ---- tags ---------------------------------------------------------------------------------

  /** Tags a paper by tag name, creating the tag (with a palette colour) if it is new. Does not star. */
  async tag(paperId: string, tagName: string, now: number = Date.now()): Promise<Tag> {
    await this.settled();
    const id = checkPaperId(paperId);
    const name = normaliseTagName(tagName);
    const tag = await this.write([this.db.papers, this.db.tags, this.db.paperTags], async () => {
      if ((await this.db.papers.where(':id').equals(id).count()) === 0) {
        throw invalid(t('errorUnseenPaperTag', id));
      }
      const row = await this.tagRowFor(name, now);
      if (!(await this.db.paperTags.get([id, row.id]))) {
        await this.db.paperTags.add({ paperId: id, tagId: row.id, taggedAt: now });
      }
      return toTag(row);
    });
    this.emit([id], ['tags']);
    return tag;
  }

  /** Removes one tag from one paper (the tag itself stays). Returns whether the link existed. */
  async untag(paperId: string, tagId: string): Promise<boolean> {
    const id = checkPaperId(paperId);
    const had = await this.write([this.db.paperTags], async () => {
      const link = await this.db.paperTags.get([id, tagId]);
      if (link) await this.db.paperTags.delete([id, tagId]);
      return link !== undefined;
    });
    this.emit([id], ['tags']);
    return had;
  }

  /**
   * The tag with this (normalised) name, made with the palette colour fewest tags use if it is
   * new. Inside a write transaction that covers `tags`.
   */
  private async tagRowFor(name: string, now: number): Promise<TagRow> {
    const key = tagKey(name);
    const row = await this.db.tags.where('key').equals(key).first();
    if (row) return row;
    const created: TagRow = { id: newId(), name, key, colour: pickColour(await this.db.tags.toArray()), createdAt: now };
    await this.db.tags.add(created);
    return created;
  }

  /** All tags, by name. */
  async listTags(): Promise<Tag[]> {
    const rows = await this.read([this.db.tags], () => this.db.tags.toArray());
    return rows.map(toTag).sort(byName);
  }

  /** Renames a tag. Fails (code 'invalid') if another tag already has that name in any case. */
  async renameTag(tagId: string, newName: string): Promise<Tag> {
    const name = normaliseTagName(newName);
    const key = tagKey(name);
    const tag = await this.write([this.db.tags], async () => {
      const row = await this.db.tags.get(tagId);
      if (!row) throw invalid(t('tagGone'));
      const clash = await this.db.tags.where('key').equals(key).first();
      if (clash && clash.id !== tagId) {
        throw invalid(t('errorTagNameTaken', clash.name));
      }
      const renamed: TagRow = { ...row, name, key };
      await this.db.tags.put(renamed);
      return toTag(renamed);
    });
    this.emit([], ['tags']);
    return tag;
  }

  /** Moves every paper of tag `fromId` to tag `intoId` and deletes `fromId`. Returns the kept tag. */
  async mergeTags(fromId: string, intoId: string): Promise<Tag> {
    if (fromId === intoId) throw invalid(t('errorMergeIntoItself'));
    const { tag, ids } = await this.write([this.db.tags, this.db.paperTags], async () => {
      const [from, into] = await this.db.tags.bulkGet([fromId, intoId]);
      if (!from || !into) throw invalid(t('tagsGone'));
      const moving = await this.db.paperTags.where('tagId').equals(fromId).toArray();
      const targets = await this.db.paperTags.bulkGet(moving.map((l) => [l.paperId, intoId] as [string, string]));
      const puts: PaperTag[] = [];
      moving.forEach((link, i) => {
        const target = targets[i];
        if (!target || target.taggedAt > link.taggedAt) puts.push({ ...link, tagId: intoId });
      });
      await this.db.paperTags.bulkPut(puts);
      await this.db.paperTags.bulkDelete(moving.map((l) => [l.paperId, fromId] as [string, string]));
      await this.db.tags.delete(fromId);
      return { tag: toTag(into), ids: moving.map((l) => l.paperId) };
    });
    this.emit(ids, ['tags']);
    return tag;
  }

  /** Deletes a tag and its links to papers (the papers stay). Returns whether it existed. */
  async deleteTag(tagId: string): Promise<boolean> {
    const { had, ids } = await this.write([this.db.tags, this.db.paperTags], async () => {
      const row = await this.db.tags.get(tagId);
      const links = await this.db.paperTags.where('tagId').equals(tagId).toArray();
      await this.db.paperTags.bulkDelete(links.map((l) => [l.paperId, tagId] as [string, string]));
      await this.db.tags.delete(tagId);
      return { had: row !== undefined, ids: links.map((l) => l.paperId) };
    });
    this.emit(ids, ['tags']);
    return had;
  }

  // ---- notes and reading status --------------------------------------------------------------

  /**
   * Sets the user's note on a paper (trimmed; empty removes it). The paper must be in the
   * library. A row with neither note nor status is deleted.
   */
  async setNote(paperId: string, text: string, now: number = Date.now()): Promise<PaperNote | null> {
    const clean = String(text).replace(/\r\n?/g, '\n').trim();
    if (clean.length > NOTE_MAX) throw invalid(t('errorNoteTooLong', formatCount(NOTE_MAX), formatCount(clean.length)));
    return this.updateNote(paperId, now, (row) => ({ ...row, text: clean }));
  }

  /** Sets (or, with null, clears) a paper's reading status. Only ever called on the user's action. */
  async setStatus(paperId: string, status: ReadingStatus | null, now: number = Date.now()): Promise<PaperNote | null> {
    if (status !== null && !ReadingStatus.safeParse(status).success) throw invalid(t('errorNotAStatus', String(status)));
    return this.updateNote(paperId, now, (row) => {
      const next = { ...row };
      if (status) next.status = status;
      else delete next.status;
      return next;
    });
  }

  private async updateNote(paperId: string, now: number, change: (row: PaperNote) => PaperNote): Promise<PaperNote | null> {
    await this.settled();
    const id = checkPaperId(paperId);
    const saved = await this.write([this.db.papers, this.db.notes], async () => {
      if ((await this.db.papers.where(':id').equals(id).count()) === 0) {
        throw invalid(t('errorUnseenPaper', id));
      }
      const current = (await this.db.notes.get(id)) ?? { paperId: id, text: '', updatedAt: now };
      const next = { ...change(current), updatedAt: now };
      if (!next.text && !next.status) {
        await this.db.notes.delete(id);
        return null;
      }
      await this.db.notes.put(next);
      return next;
    });
    this.emit([id], ['notes']);
    return saved;
  }

  /** Every note and status, most recently changed first. */
  async listNotes(): Promise<PaperNote[]> {
    const rows = await this.read([this.db.notes], () => this.db.notes.orderBy('updatedAt').reverse().toArray());
    return rows;
  }

  // ---- many papers at once (the library page's selection) ----------------------------------

  /** Stars every known paper of `ids` (unknown ids are skipped), in one transaction. Returns how many were newly starred. */
  async starMany(ids: readonly string[], now: number = Date.now()): Promise<number> {
    await this.settled();
    const list = [...new Set(ids.map(checkPaperId))];
    const added = await this.write([this.db.papers, this.db.stars], async () => {
      const known = new Set(await this.db.papers.where(':id').anyOf(list).primaryKeys());
      const starred = new Set(await this.db.stars.where(':id').anyOf(list).primaryKeys());
      const rows: Star[] = list.filter((id) => known.has(id) && !starred.has(id)).map((id) => ({ paperId: id, starredAt: now }));
      await this.db.stars.bulkAdd(rows);
      return rows.map((r) => r.paperId);
    });
    if (added.length) this.emit(added, ['stars']);
    return added.length;
  }

  /** Removes the stars of `ids`, in one transaction. Returns how many were starred. */
  async unstarMany(ids: readonly string[]): Promise<number> {
    const list = [...new Set(ids.map(checkPaperId))];
    const removed = await this.write([this.db.stars], async () => {
      const had = (await this.db.stars.where(':id').anyOf(list).primaryKeys()) as string[];
      await this.db.stars.bulkDelete(had);
      return had;
    });
    if (removed.length) this.emit(removed, ['stars']);
    return removed.length;
  }

  /** Tags every known paper of `ids` by tag name (creating the tag if new), in one transaction. */
  async tagMany(ids: readonly string[], tagName: string, now: number = Date.now()): Promise<{ tag: Tag; tagged: number }> {
    await this.settled();
    const list = [...new Set(ids.map(checkPaperId))];
    const name = normaliseTagName(tagName);
    const result = await this.write([this.db.papers, this.db.tags, this.db.paperTags], async () => {
      const known = (await this.db.papers.where(':id').anyOf(list).primaryKeys()) as string[];
      if (known.length === 0) throw invalid(t('papersGone'));
      const row = await this.tagRowFor(name, now);
      const tagId = row.id;
      const existing = await this.db.paperTags.bulkGet(known.map((id) => [id, tagId] as [string, string]));
      const links: PaperTag[] = known.filter((_, i) => !existing[i]).map((paperId) => ({ paperId, tagId, taggedAt: now }));
      await this.db.paperTags.bulkAdd(links);
      return { tag: toTag(row), ids: links.map((l) => l.paperId) };
    });
    this.emit(result.ids, ['tags']);
    return { tag: result.tag, tagged: result.ids.length };
  }

  /** Removes one tag from every paper of `ids`, in one transaction. Returns how many had it. */
  async untagMany(ids: readonly string[], tagId: string): Promise<number> {
    const list = [...new Set(ids.map(checkPaperId))];
    const removed = await this.write([this.db.paperTags], async () => {
      const keys = list.map((id) => [id, tagId] as [string, string]);
      const had = await this.db.paperTags.bulkGet(keys);
      const present = keys.filter((_, i) => had[i]);
      await this.db.paperTags.bulkDelete(present);
      return present.map(([id]) => id);
    });
    if (removed.length) this.emit(removed, ['tags']);
    return removed.length;
  }

  /**
   * Deletes papers with their stars and tag links, in one transaction. A deleted paper comes back
   * (unstarred, untagged) if it is seen on a page again. Returns how many papers were deleted.
   */
  async deletePapers(ids: readonly string[]): Promise<number> {
    await this.settled();
    const list = [...new Set(ids.map(checkPaperId))];
    const deleted = await this.write([this.db.papers, this.db.stars, this.db.paperTags, this.db.meta, this.db.notes], async () => {
      await this.db.notes.bulkDelete(list);
      const links = await this.db.paperTags.where('paperId').anyOf(list).primaryKeys();
      await this.db.paperTags.bulkDelete(links);
      await this.db.stars.bulkDelete(list);
      const existing = (await this.db.papers.where(':id').anyOf(list).primaryKeys()) as string[];
      await this.db.papers.bulkDelete(existing);
      await this.countAdded(-existing.length);
      return existing;
    });
    if (deleted.length) this.emit(deleted, ['papers', 'stars', 'tags', 'notes']);
    return deleted.length;
  }

  // ---- what the page needs ------------------------------------------------------------------

  /**
   * The state of each card on a page. `seenBefore`: first seen before `visitStart` (the start
   * of this page visit); without `visitStart`, simply known to the library.
   */
  async getState(ids: readonly string[], visitStart?: number): Promise<Record<string, PaperState>> {
    if (!this.recovered) await this.settled();
    const unique = [...new Set(ids)];
    const out: Record<string, PaperState> = {};
    if (unique.length === 0) return out;
    const { papers, stars, links, tags, notes } = await this.read(
      [this.db.papers, this.db.stars, this.db.paperTags, this.db.tags, this.db.notes],
      async () => {
        const [papers, stars, links, notes] = await Promise.all([
          // A page's cards sit among the many other papers of their month, so a key-range probe
          // rarely pays off here (measured): plain per-id gets, all in flight at once.
          this.db.papers.bulkGet(unique),
          this.starredAmong(unique),
          this.linksOf(unique),
          this.notesAmong(unique),
        ]);
        const tags = await this.db.tags.bulkGet([...new Set(links.map((l) => l.tagId))]);
        return { papers, stars, links, tags, notes };
      },
    );
    const tagById = new Map<string, Tag>();
    for (const t of tags) if (t) tagById.set(t.id, toTag(t));
    const tagsOf = new Map<string, Tag[]>();
    for (const link of links) {
      const tag = tagById.get(link.tagId);
      if (!tag) continue;
      const list = tagsOf.get(link.paperId);
      if (list) list.push(tag);
      else tagsOf.set(link.paperId, [tag]);
    }
    unique.forEach((id, i) => {
      // A page read still in the journal counts as seen (it is merged with the same time).
      const logged = this.pendingFirst.get(id);
      const stored = papers[i]?.firstSeenAt;
      const firstSeenAt = stored === undefined ? logged : logged === undefined ? stored : Math.min(stored, logged);
      const state: PaperState = {
        starred: stars.has(id),
        tags: (tagsOf.get(id) ?? []).sort(byName),
        seenBefore: firstSeenAt !== undefined && (visitStart === undefined || firstSeenAt < visitStart),
      };
      if (firstSeenAt !== undefined) state.firstSeenAt = firstSeenAt;
      const note = notes.get(id);
      if (note?.status) state.status = note.status;
      if (note?.text) state.note = note.text;
      out[id] = state;
    });
    return out;
  }

  /** Notes of `ids` (few papers have one: the whole small table is cheaper than per-id reads when it is small). */
  private async notesAmong(ids: string[]): Promise<Map<string, PaperNote>> {
    const out = new Map<string, PaperNote>();
    if ((await this.db.notes.count()) <= ids.length * 4) {
      const wanted = new Set(ids);
      for (const row of await this.db.notes.toArray()) if (wanted.has(row.paperId)) out.set(row.paperId, row);
    } else {
      for (const row of await this.db.notes.bulkGet(ids)) if (row) out.set(row.paperId, row);
    }
    return out;
  }

  /** Which of `ids` are starred (keys only). */
  /** Which of `ids` are starred: star keys are tiny, so one key-range read unless thousands lie between. */
  private async starredAmong(ids: string[]): Promise<Set<string>> {
    const wanted = new Set(ids);
    const sorted = [...wanted].sort();
    const cap = Math.max(4000, ids.length * 8);
    const keys = (await this.db.stars
      .where(':id')
      .between(sorted[0]!, sorted[sorted.length - 1]!, true, true)
      .limit(cap + 1)
      .primaryKeys()) as string[];
    if (keys.length <= cap) return new Set(keys.filter((k) => wanted.has(k)));
    const stars = await this.db.stars.bulkGet(sorted);
    return new Set(stars.filter((s): s is Star => !!s).map((s) => s.paperId));
  }

  /**
   * The tag links of `ids`. Links are tiny rows, so one index-range read of up to a few
   * thousand of them beats a request per id; Dexie's anyOf (a cursor hopping key to key) is
   * the slowest option in Chromium, so the fallback is one `equals` query per id, in parallel.
   */
  private async linksOf(ids: string[]): Promise<PaperTag[]> {
    if (ids.length === 0) return [];
    const sorted = [...ids].sort();
    const cap = Math.max(2000, ids.length * 8);
    const inRange = await this.db.paperTags
      .where('paperId')
      .between(sorted[0]!, sorted[sorted.length - 1]!, true, true)
      .limit(cap + 1)
      .toArray();
    if (inRange.length > cap) {
      const each = await Promise.all(ids.map((id) => this.db.paperTags.where('paperId').equals(id).toArray()));
      return each.flat();
    }
    const wanted = new Set(ids);
    return inRange.filter((l) => wanted.has(l.paperId));
  }

  // ---- hide rules ---------------------------------------------------------------------------

  async listRules(): Promise<HideRule[]> {
    const rules = await this.read([this.db.rules], () => this.db.rules.toArray());
    return rules.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  /** Adds a rule (or returns the identical one that already exists). */
  async addRule(input: RuleInput, now: number = Date.now()): Promise<HideRule> {
    const rule = checkRule({
      id: newId(),
      kind: input.kind,
      pattern: input.pattern,
      ...(input.flags !== undefined ? { flags: input.flags } : {}),
      ...(input.mode ? { mode: input.mode } : {}),
      ...(input.unless?.trim() ? { unless: input.unless } : {}),
      enabled: input.enabled ?? true,
      createdAt: now,
    });
    const saved = await this.write([this.db.rules], async () => {
      const same = (await this.db.rules.toArray()).find((r) => sameRule(r, rule));
      if (same) return same;
      await this.db.rules.add(rule);
      return rule;
    });
    this.emit([], ['rules']);
    return saved;
  }

  async updateRule(id: string, patch: RulePatch): Promise<HideRule> {
    const saved = await this.write([this.db.rules], async () => {
      const rule = await this.db.rules.get(id);
      if (!rule) throw invalid(t('ruleGone'));
      const next: HideRule = { ...rule };
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
      if (patch.flags === '') next.flags = ''; // case-sensitive, not "back to the default"
      if (patch.unless === '') delete next.unless;
      // Stopped for being slow: until the user turns it on again or changes what it matches.
      if (!patch.stopped && (patch.enabled || patch.pattern !== undefined || patch.flags !== undefined || patch.kind !== undefined)) delete next.stopped;
      // Turning a rule off is never refused, even one that today's check would not accept (stored
      // by an older version: the very rule the page stops for being slow).
      const offOnly = Object.entries(patch).every(([k, v]) => v === undefined || (k === 'enabled' && v === false) || k === 'stopped');
      const checked = offOnly ? HideRule.parse(next) : checkRule(next);
      await this.db.rules.put(checked);
      return checked;
    });
    this.emit([], ['rules']);
    return saved;
  }

  async removeRule(id: string): Promise<boolean> {
    const had = await this.write([this.db.rules], async () => {
      const had = (await this.db.rules.where(':id').equals(id).count()) > 0;
      await this.db.rules.delete(id);
      return had;
    });
    this.emit([], ['rules']);
    return had;
  }

  // ---- settings -----------------------------------------------------------------------------

  async getSettings(): Promise<Settings> {
    const row = await this.read([this.db.settings], () => this.db.settings.get(SETTINGS_KEY));
    return readSettings(row?.value);
  }

  /** Changes some settings; unknown keys or wrong types are rejected (code 'invalid'). */
  async setSettings(patch: Partial<Settings>): Promise<Settings> {
    const parsed = SettingsPatch.safeParse(patch);
    if (!parsed.success) throw invalid(t('errorSettingsInvalid', describeZodError(parsed.error)));
    const settings = await this.write([this.db.settings], async () => {
      const current = readSettings((await this.db.settings.get(SETTINGS_KEY))?.value);
      const next = { ...current };
      for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
      await this.db.settings.put({ key: SETTINGS_KEY, value: next });
      return next;
    });
    this.emit([], ['settings']);
    return settings;
  }

  // ---- lists for the popup and the library page ---------------------------------------------

  /** Counts for the popup. `now` picks "today". */
  async counts(now: number = Date.now()): Promise<LibraryCounts> {
    await this.settled();
    const counts = await this.read(this.countTables(), () => this.countsIn(now));
    return this.withPaperCount(counts);
  }

  private countTables(): Table[] {
    return [this.db.papers, this.db.stars, this.db.tags, this.db.rules, this.db.meta];
  }

  /** Inside a read transaction over countTables(). `papers` is -1 if the counter is missing. */
  private async countsIn(now: number): Promise<LibraryCounts> {
    const [counter, starred, tags, rules, newToday, seenToday] = await Promise.all([
      this.db.meta.get(PAPER_COUNT),
      this.db.stars.count(),
      this.db.tags.count(),
      this.db.rules.count(),
      this.db.papers.where('firstSeenDay').equals(localDay(now)).count(),
      this.db.papers.where('lastSeenAt').aboveOrEqual(startOfLocalDay(now)).count(),
    ]);
    return { papers: counter?.value ?? -1, starred, tags, rules, newToday, seenToday };
  }

  private async withPaperCount(counts: LibraryCounts): Promise<LibraryCounts> {
    return counts.papers >= 0 ? counts : { ...counts, papers: await this.paperCount() };
  }

  /** Starred papers, most recently starred first. */
  async listStarred(options: { limit?: number; offset?: number } = {}): Promise<LibraryItem[]> {
    await this.settled();
    const { limit = 50, offset = 0 } = options;
    return this.read([this.db.papers, this.db.stars, this.db.paperTags, this.db.tags], async () => {
      const stars = await this.db.stars.orderBy('starredAt').reverse().offset(offset).limit(limit).toArray();
      return this.itemsIn(stars.map((s) => s.paperId), stars);
    });
  }

  /** Papers carrying a tag, most recently tagged first. */
  async listTagged(tagId: string, options: { limit?: number; offset?: number } = {}): Promise<LibraryItem[]> {
    await this.settled();
    const { limit = 50, offset = 0 } = options;
    return this.read([this.db.papers, this.db.stars, this.db.paperTags, this.db.tags], async () => {
      const links = await this.db.paperTags.where('tagId').equals(tagId).toArray();
      links.sort((a, b) => b.taggedAt - a.taggedAt);
      const ids = links.slice(offset, offset + limit).map((l) => l.paperId);
      return this.itemsIn(ids, await this.db.stars.bulkGet(ids));
    });
  }

  /**
   * Papers whose title has every word of `query` (the last one as a prefix, for search-as-you-
   * type), most recently seen first.
   */
  async searchTitle(query: string, limit = 50): Promise<StoredPaper[]> {
    await this.settled();
    const words = titleWords(query);
    if (words.length === 0) return [];
    const last = words[words.length - 1]!;
    const rest = words.slice(0, -1);
    const probe = rest.length > 0 ? rest.reduce((a, b) => (b.length > a.length ? b : a)) : last;
    const found = await this.read([this.db.papers], () =>
      (probe === last
        ? this.db.papers.where('titleWords').startsWith(probe)
        : this.db.papers.where('titleWords').equals(probe)
      )
        .distinct()
        .filter((p) => rest.every((w) => p.titleWords.includes(w)) && p.titleWords.some((w) => w.startsWith(last)))
        .toArray(),
    );
    return found.sort((a, b) => b.lastSeenAt - a.lastSeenAt).slice(0, limit);
  }

  /** The popup's first query: counts and the most recent stars, in one read transaction. */
  async overview(options: { recentLimit?: number; now?: number } = {}): Promise<Overview> {
    await this.settled();
    const { recentLimit = 20, now = Date.now() } = options;
    const overview = await this.read([...this.countTables(), this.db.paperTags], async () => {
      const [counts, stars] = await Promise.all([
        this.countsIn(now),
        this.db.stars.orderBy('starredAt').reverse().limit(recentLimit).toArray(),
      ]);
      return { counts, recentStars: await this.itemsIn(stars.map((s) => s.paperId), stars) };
    });
    return { ...overview, counts: await this.withPaperCount(overview.counts) };
  }

  /** Joins papers and tags onto ids (inside a read transaction over papers, paperTags, tags). */
  private async itemsIn(ids: string[], stars: (Star | undefined)[]): Promise<LibraryItem[]> {
    const [papers, links] = await Promise.all([
      this.db.papers.bulkGet(ids),
      this.linksOf(ids),
    ]);
    const tagRows = await this.db.tags.bulkGet([...new Set(links.map((l) => l.tagId))]);
    const tagById = new Map(tagRows.filter((t): t is TagRow => !!t).map((t) => [t.id, toTag(t)]));
    return ids.map((paperId, i) => {
      const item: LibraryItem = {
        paperId,
        tags: links
          .filter((l) => l.paperId === paperId)
          .map((l) => tagById.get(l.tagId))
          .filter((t): t is Tag => !!t)
          .sort(byName),
      };
      const paper = papers[i];
      const star = stars[i];
      if (paper) item.paper = paper;
      if (star) item.starredAt = star.starredAt;
      return item;
    });
  }

  // ---- backup -------------------------------------------------------------------------------

  /** Everything, as a LibrarySnapshot (JSON backup). One read transaction: a consistent picture. */
  exportSnapshot(): Promise<LibrarySnapshot> {
    return this.snapshot('all');
  }

  // ---- local backups ------------------------------------------------------------------------

  /** How often a scheduled backup is made, and how many backups are kept. */
  static BACKUP_EVERY = 7 * 24 * 60 * 60 * 1000;
  static BACKUPS_KEPT = 5;

  /**
   * What the user made, as a snapshot: stars, tags and links, rules, settings, notes, "not
   * interested" marks, and the papers those touch (not the cache of every paper seen, which pages
   * fill again).
   */
  userSnapshot(): Promise<LibrarySnapshot> {
    return this.snapshot('touched');
  }

  /** A snapshot with every paper, or only the papers a star, tag link, note or "not interested" mark touches. */
  private async snapshot(papersWanted: 'all' | 'touched'): Promise<LibrarySnapshot> {
    await this.settled();
    const db = this.db;
    return this.read([db.papers, db.stars, db.tags, db.paperTags, db.rules, db.settings, db.notes, db.notInterested], async () => {
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
      // Rows as the contract has them (a stored row could carry more).
      const notInterested = marks.map((m) => ({ paperId: m.paperId, at: m.at }));
      return { papers, stars, tags: tags.map(toTag), paperTags, rules, settings: readSettings(settings?.value), notes, notInterested };
    });
  }

  /** Whether the user has made anything a backup would keep (stars, tags, rules, notes or "not interested" marks). */
  private async madeAnything(): Promise<boolean> {
    const db = this.db;
    const counts = await this.read([db.stars, db.tags, db.rules, db.notes, db.notInterested], () =>
      Promise.all([db.stars.count(), db.tags.count(), db.rules.count(), db.notes.count(), db.notInterested.count()]),
    );
    return counts.some((n) => n > 0);
  }

  /** Makes a backup now and keeps only the newest BACKUPS_KEPT. Returns the new backup's summary. */
  async makeBackup(reason: BackupRow['reason'], now: number = Date.now()): Promise<BackupSummary> {
    const snapshot = await this.userSnapshot();
    const counts = { papers: snapshot.papers.length, stars: snapshot.stars.length, tags: snapshot.tags.length, rules: snapshot.rules.length };
    const id = await this.write([this.db.backups], async () => {
      const id = (await this.db.backups.add({ createdAt: now, reason, counts, snapshot })) as number;
      const old = await this.db.backups.orderBy('createdAt').reverse().offset(Library.BACKUPS_KEPT).primaryKeys();
      await this.db.backups.bulkDelete(old);
      return id;
    });
    return { id, createdAt: now, reason, counts };
  }

  /** A scheduled backup when the newest is older than BACKUP_EVERY (and there is anything to keep). */
  async backupIfDue(now: number = Date.now()): Promise<BackupSummary | null> {
    const newest = await this.read([this.db.backups], () => this.db.backups.orderBy('createdAt').last());
    if (newest && now - newest.createdAt < Library.BACKUP_EVERY) return null;
    if (!(await this.madeAnything())) return null;
    return this.makeBackup('scheduled', now);
  }

  /** The backups kept, newest first (without their data). */
  async listBackups(): Promise<BackupSummary[]> {
    const rows: BackupSummary[] = [];
    await this.read([this.db.backups], () =>
      this.db.backups
        .orderBy('createdAt')
        .reverse()
        .each((row) => void rows.push({ id: row.id!, createdAt: row.createdAt, reason: row.reason, counts: row.counts })),
    );
    return rows;
  }

  /** Merges a kept backup back in (nothing current is lost: the same merge as an import). */
  async restoreBackup(id: number): Promise<ImportReport> {
    const row = await this.read([this.db.backups], () => this.db.backups.get(id));
    if (!row) throw invalid(t('backupGone'));
    return this.importSnapshot(row.snapshot, { backup: false });
  }

  /**
   * Merges a backup into the library in ONE transaction; nothing existing is lost. How papers,
   * stars, tags, links, rules and settings merge is decided in one place, lib/export/merge.ts
   * (planMerge); this reads what the backup can collide with and writes the changes. The
   * snapshot is validated first (schema and references): an invalid one writes nothing.
   */
  async importSnapshot(input: LibrarySnapshot, options: { backup?: boolean } = {}): Promise<ImportReport> {
    await this.settled();
    const parsed = LibrarySnapshot.safeParse(input);
    if (!parsed.success) throw invalid(t('errorBackupInvalid', describeZodError(parsed.error)));
    // A merge loses nothing, but a regretted import is undone faster from the state before it.
    if (options.backup !== false && (await this.madeAnything())) await this.makeBackup('before-import');
    // A backup's rules pass the same check as typed ones (lib/topics/rules): one that fails — a
    // pattern that could freeze the page, say — is left out, and everything else is imported.
    const snap = { ...parsed.data, rules: parsed.data.rules.filter((r) => checkRuleInput(r).ok) };
    const problems = integrityProblems(snap);
    if (problems.length) throw invalid(t('errorBackupInconsistent', problems.slice(0, 3).join('; ')));
    const db = this.db;
    const tables = [db.papers, db.stars, db.tags, db.paperTags, db.rules, db.settings, db.meta, db.notes, db.notInterested];
    const report = await this.write(tables, async () => {
      const unique = (ids: string[]) => [...new Set(ids)];
      const [papers, stars, tags, paperTags, rules, settings, notes, marks] = await Promise.all([
        db.papers.bulkGet(unique(snap.papers.map((p) => p.id))),
        db.stars.bulkGet(unique(snap.stars.map((s) => s.paperId))),
        db.tags.toArray(),
        db.paperTags.where('paperId').anyOf(unique(snap.paperTags.map((l) => l.paperId))).toArray(),
        db.rules.toArray(),
        db.settings.get(SETTINGS_KEY),
        db.notes.bulkGet(unique((snap.notes ?? []).map((n) => n.paperId))),
        db.notInterested.bulkGet(unique((snap.notInterested ?? []).map((m) => m.paperId))),
      ]);
      const { changes, report: r } = planMerge(
        {
          papers: papers.filter((p): p is StoredPaper => !!p),
          stars: stars.filter((x): x is Star => !!x),
          tags: tags.map(toTag),
          paperTags,
          rules,
          settings: settings?.value,
          notes: notes.filter((n): n is PaperNote => !!n),
          notInterested: marks.filter((m) => m !== undefined),
        },
        snap,
      );
      await db.papers.bulkPut(changes.papers);
      await this.countAdded(r.papersAdded);
      await db.stars.bulkPut(changes.stars);
      await db.tags.bulkAdd(changes.tags.map((t): TagRow => ({ ...t, key: tagKey(t.name) })));
      await db.paperTags.bulkPut(changes.paperTags);
      await db.rules.bulkAdd(changes.rules);
      if (changes.settings) await db.settings.put({ key: SETTINGS_KEY, value: changes.settings });
      await db.notes.bulkPut(changes.notes);
      await db.notInterested.bulkPut(changes.notInterested);
      return r;
    });
    this.emit([], ['papers', 'stars', 'tags', 'rules', 'settings', 'notes']);
    return report;
  }

  /** Deletes everything (tests, and "start over" after an export). */
  async wipe(): Promise<void> {
    const db = this.db;
    // Kept in the backups table (which a wipe leaves alone): "start over" can be undone.
    if (await this.madeAnything()) await this.makeBackup('before-wipe');
    // The ranking's tables too: "not interested" marks, the model trained on the old library and its tokens.
    const ranking = [db.notInterested, db.rankModels, db.rankTokens];
    await this.write([db.papers, db.stars, db.tags, db.paperTags, db.rules, db.settings, db.meta, db.journal, db.notes, ...ranking], async () => {
      await Promise.all([db.papers, db.stars, db.tags, db.paperTags, db.rules, db.settings, db.journal, db.notes, ...ranking].map((t) => t.clear()));
      await db.meta.put({ key: PAPER_COUNT, value: 0 });
    });
    this.pending.clear();
    this.pendingFirst.clear();
    this.emit([], ['papers', 'stars', 'tags', 'rules', 'settings', 'notes']);
  }

  // ---- sync across devices (lib/sync) -------------------------------------------------------

  /**
   * Runs one sync reconciliation (lib/sync/apply.ts) as a single transaction over the synced
   * tables, so a user's click lands before or after it, never in between; then announces what
   * it changed like any other write.
   */
  /**
   * This database's identity: made when first asked and kept for the database's life (a wipe keeps
   * it). Sync keeps it beside its record of the last sync, so a database deleted and made anew —
   * the browser's data cleared, a failed upgrade — is never read as the user having removed
   * everything (lib/sync/engine).
   */
  async databaseId(): Promise<string> {
    const meta = this.db.table<DatabaseIdRow, string>('meta');
    return this.write([this.db.meta], async () => {
      const row = await meta.get(DATABASE_ID);
      if (row) return row.value;
      const id = crypto.randomUUID();
      await meta.put({ key: DATABASE_ID, value: id });
      return id;
    });
  }

  async applySync<T extends { change: LibraryChange }>(scope: (db: PaperdeckDB) => Promise<T>): Promise<T> {
    const db = this.db;
    const result = await this.write([db.stars, db.tags, db.paperTags, db.rules], () => scope(db));
    if (result.change.what.length > 0) this.emit(result.change.ids, result.change.what);
    return result;
  }
}

/** Stored settings over the defaults; a stored value of the wrong type falls back to its default. */
function readSettings(stored: Partial<Settings> | undefined): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS };
  if (!stored) return out;
  for (const [key, schema] of Object.entries(Settings.shape)) {
    const value = (stored as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) (out as Record<string, unknown>)[key] = parsed.data;
  }
  return out;
}
