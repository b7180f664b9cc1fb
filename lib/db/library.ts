import type { Table } from 'dexie';
import { ArxivId, type PaperRecord } from '../model/paper';
import {
  DEFAULT_SETTINGS,
  HideRule,
  LibrarySnapshot,
  Settings,
  TAG_COLOURS,
  type PaperState,
  type PaperTag,
  type Star,
  type StoredPaper,
  type Tag,
} from '../model/library';
import { PAPER_COUNT, SETTINGS_KEY, tagKey, type PaperdeckDB, type TagRow } from './database';
import { localDay, startOfLocalDay, titleWords } from './derive';
import { LibraryError, MESSAGES, describeZodError, toLibraryError } from './errors';
import { mergeRecord, mergeStored, sameValue } from './merge';
import { getMany } from './batch';
import { SettingsPatch, type ChangeKind, type LibraryChange, type RuleInput, type RulePatch } from './schemas';
import { checkRule as checkRuleInput } from '../topics/rules';

export { ChangeKind, RuleInput, RulePatch, SettingsPatch, type LibraryChange } from './schemas';

export type RecordSeenResult = { added: number; updated: number };
export type ImportReport = {
  papersAdded: number;
  papersUpdated: number;
  starsAdded: number;
  tagsAdded: number;
  linksAdded: number;
  rulesAdded: number;
};
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
  if (!ArxivId.safeParse(id).success) throw invalid(`“${String(id)}” is not an arXiv id.`);
  return id as string;
}

function normaliseTagName(name: string): string {
  const clean = String(name).trim().replace(/\s+/g, ' ');
  if (clean.length === 0 || clean.length > TAG_NAME_MAX) {
    throw invalid(`A tag name needs 1 to ${TAG_NAME_MAX} characters (got ${clean.length}).`);
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
  const { kind, pattern, flags } = check.rule;
  const next: HideRule = { id: rule.id, kind, pattern, enabled: rule.enabled, createdAt: rule.createdAt };
  if (flags) next.flags = flags;
  const parsed = HideRule.safeParse(next);
  if (!parsed.success) throw invalid(`That hide rule isn't valid: ${describeZodError(parsed.error)}`);
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
   * One page read: merges every record into the papers table (see merge.ts for the rules).
   * A paper listed twice in one read counts once.
   */
  async recordSeen(records: readonly PaperRecord[], now: number = Date.now()): Promise<RecordSeenResult> {
    if (records.length === 0) return { added: 0, updated: 0 };
    const ids = [...new Set(records.map((r) => r.id))];
    const result = await this.write([this.db.papers, this.db.meta], async () => {
      const existing = await getMany(this.db.papers, ids);
      const rows = new Map<string, StoredPaper>();
      let added = 0;
      ids.forEach((id, i) => {
        if (existing[i]) rows.set(id, existing[i]);
        else added++;
      });
      const read = new Set<string>();
      for (const record of records) {
        rows.set(record.id, mergeRecord(rows.get(record.id), record, now, !read.has(record.id)));
        read.add(record.id);
      }
      await this.db.papers.bulkPut([...rows.values()]);
      await this.countAdded(added);
      return { added, updated: ids.length - added };
    });
    this.emit(ids, ['papers']);
    return result;
  }

  // ---- stars --------------------------------------------------------------------------------

  /**
   * Stars a paper (idempotent: a star keeps its first starredAt). Given the full record the
   * paper is stored/refreshed too, in the same transaction; given only an id, the paper must
   * already be in the library.
   */
  async star(recordOrId: PaperRecord | string, now: number = Date.now()): Promise<Star> {
    const record = typeof recordOrId === 'string' ? undefined : recordOrId;
    const id = checkPaperId(record ? record.id : recordOrId);
    const star = await this.write([this.db.papers, this.db.stars, this.db.meta], async () => {
      const paper = await this.db.papers.get(id);
      if (record) {
        await this.db.papers.put(mergeRecord(paper, record, now, !paper));
        if (!paper) await this.countAdded(1);
      } else if (!paper) {
        throw invalid(`Paperdeck hasn't seen paper ${id} yet — reload the page and star it again.`);
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
    const id = checkPaperId(paperId);
    const name = normaliseTagName(tagName);
    const key = tagKey(name);
    const tag = await this.write([this.db.papers, this.db.tags, this.db.paperTags], async () => {
      if ((await this.db.papers.where(':id').equals(id).count()) === 0) {
        throw invalid(`Paperdeck hasn't seen paper ${id} yet — reload the page and tag it again.`);
      }
      let row = await this.db.tags.where('key').equals(key).first();
      if (!row) {
        row = { id: newId(), name, key, colour: pickColour(await this.db.tags.toArray()), createdAt: now };
        await this.db.tags.add(row);
      }
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
      if (!row) throw invalid('That tag no longer exists.');
      const clash = await this.db.tags.where('key').equals(key).first();
      if (clash && clash.id !== tagId) {
        throw invalid(`A tag named “${clash.name}” already exists — merge the two tags instead.`);
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
    if (fromId === intoId) throw invalid('A tag cannot be merged into itself.');
    const { tag, ids } = await this.write([this.db.tags, this.db.paperTags], async () => {
      const [from, into] = await this.db.tags.bulkGet([fromId, intoId]);
      if (!from || !into) throw invalid('One of those tags no longer exists.');
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

  // ---- what the page needs ------------------------------------------------------------------

  /**
   * The state of each card on a page. `seenBefore`: first seen before `visitStart` (the start
   * of this page visit); without `visitStart`, simply known to the library.
   */
  async getState(ids: readonly string[], visitStart?: number): Promise<Record<string, PaperState>> {
    const unique = [...new Set(ids)];
    const out: Record<string, PaperState> = {};
    if (unique.length === 0) return out;
    const { papers, stars, links, tags } = await this.read(
      [this.db.papers, this.db.stars, this.db.paperTags, this.db.tags],
      async () => {
        const [papers, stars, links] = await Promise.all([
          // A page's cards sit among the many other papers of their month, so a key-range probe
          // rarely pays off here (measured): plain per-id gets, all in flight at once.
          this.db.papers.bulkGet(unique),
          this.starredAmong(unique),
          this.linksOf(unique),
        ]);
        const tags = await this.db.tags.bulkGet([...new Set(links.map((l) => l.tagId))]);
        return { papers, stars, links, tags };
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
      const paper = papers[i];
      const state: PaperState = {
        starred: stars.has(id),
        tags: (tagsOf.get(id) ?? []).sort(byName),
        seenBefore: paper !== undefined && (visitStart === undefined || paper.firstSeenAt < visitStart),
      };
      if (paper) state.firstSeenAt = paper.firstSeenAt;
      out[id] = state;
    });
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
      ...(input.flags ? { flags: input.flags } : {}),
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
      if (!rule) throw invalid('That hide rule no longer exists.');
      const next: HideRule = { ...rule };
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
      if (patch.flags === '') delete next.flags;
      const checked = checkRule(next);
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
    if (!parsed.success) throw invalid(`Those settings aren't valid: ${describeZodError(parsed.error)}`);
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
    const { limit = 50, offset = 0 } = options;
    return this.read([this.db.papers, this.db.stars, this.db.paperTags, this.db.tags], async () => {
      const stars = await this.db.stars.orderBy('starredAt').reverse().offset(offset).limit(limit).toArray();
      return this.itemsIn(stars.map((s) => s.paperId), stars);
    });
  }

  /** Papers carrying a tag, most recently tagged first. */
  async listTagged(tagId: string, options: { limit?: number; offset?: number } = {}): Promise<LibraryItem[]> {
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
  async exportSnapshot(): Promise<LibrarySnapshot> {
    const db = this.db;
    return this.read([db.papers, db.stars, db.tags, db.paperTags, db.rules, db.settings], async () => {
      const [papers, stars, tags, paperTags, rules, settings] = await Promise.all([
        db.papers.toArray(),
        db.stars.toArray(),
        db.tags.toArray(),
        db.paperTags.toArray(),
        db.rules.toArray(),
        db.settings.get(SETTINGS_KEY),
      ]);
      return { papers, stars, tags: tags.map(toTag), paperTags, rules, settings: readSettings(settings?.value) };
    });
  }

  /**
   * Merges a backup into the library in ONE transaction: nothing existing is lost. Papers are
   * merged field by field (as if both had been seen), stars and rules unioned, tags matched by
   * name case-insensitively (links follow them). Settings are taken from the backup only when
   * this library has none stored (the user's current choices win).
   */
  async importSnapshot(input: LibrarySnapshot): Promise<ImportReport> {
    const parsed = LibrarySnapshot.safeParse(input);
    if (!parsed.success) throw invalid(`That backup isn't a valid Paperdeck library: ${describeZodError(parsed.error)}`);
    const snap = parsed.data;
    const db = this.db;
    const report = await this.write([db.papers, db.stars, db.tags, db.paperTags, db.rules, db.settings, db.meta], async () => {
      const r: ImportReport = { papersAdded: 0, papersUpdated: 0, starsAdded: 0, tagsAdded: 0, linksAdded: 0, rulesAdded: 0 };

      // Papers (a backup never lists a paper twice, but be safe: later rows merge onto earlier).
      const incoming = new Map<string, StoredPaper>();
      for (const p of snap.papers) {
        const prev = incoming.get(p.id);
        incoming.set(p.id, prev ? mergeStored(prev, p) : p);
      }
      const ids = [...incoming.keys()];
      const existing = await db.papers.bulkGet(ids);
      const puts: StoredPaper[] = [];
      ids.forEach((id, i) => {
        const mine = existing[i];
        const theirs = incoming.get(id)!;
        if (!mine) {
          puts.push(theirs);
          r.papersAdded++;
          return;
        }
        const merged = mergeStored(mine, theirs);
        if (!sameValue(merged, mine)) {
          puts.push(merged);
          r.papersUpdated++;
        }
      });
      await db.papers.bulkPut(puts);
      await this.countAdded(r.papersAdded);

      // Stars: union; an existing star keeps the earlier date.
      const starIds = [...new Set(snap.stars.map((s) => s.paperId))];
      const haveStars = new Map<string, Star>();
      (await db.stars.bulkGet(starIds)).forEach((s) => s && haveStars.set(s.paperId, s));
      const starPuts = new Map<string, Star>();
      for (const s of snap.stars) {
        const have = haveStars.get(s.paperId);
        if (have && have.starredAt <= s.starredAt) continue;
        if (!have) r.starsAdded++;
        haveStars.set(s.paperId, s);
        starPuts.set(s.paperId, s);
      }
      await db.stars.bulkPut([...starPuts.values()]);

      // Tags: by name, case-insensitively; their ids are remapped to ours.
      const tagRows = await db.tags.toArray();
      const byKey = new Map(tagRows.map((t) => [t.key, t]));
      const takenIds = new Set(tagRows.map((t) => t.id));
      const tagIdMap = new Map<string, string>();
      for (const t of snap.tags) {
        const key = tagKey(t.name);
        const mine = byKey.get(key);
        if (mine) {
          tagIdMap.set(t.id, mine.id);
          continue;
        }
        const row: TagRow = { ...t, id: takenIds.has(t.id) ? newId() : t.id, key };
        await db.tags.add(row);
        byKey.set(key, row);
        takenIds.add(row.id);
        tagIdMap.set(t.id, row.id);
        r.tagsAdded++;
      }

      // Links, remapped; a link to a tag neither side knows is dropped.
      const links = new Map<string, PaperTag>();
      for (const l of snap.paperTags) {
        const tagId = tagIdMap.get(l.tagId) ?? (takenIds.has(l.tagId) ? l.tagId : undefined);
        if (!tagId) continue;
        const key = `${l.paperId}\u0000${tagId}`;
        const prev = links.get(key);
        if (!prev || l.taggedAt < prev.taggedAt) links.set(key, { ...l, tagId });
      }
      const wanted = [...links.values()];
      const haveLinks = await db.paperTags.bulkGet(wanted.map((l) => [l.paperId, l.tagId] as [string, string]));
      const linkPuts = wanted.filter((_, i) => !haveLinks[i]);
      await db.paperTags.bulkAdd(linkPuts);
      r.linksAdded = linkPuts.length;

      // Rules: union by id and by content.
      const rules = await db.rules.toArray();
      for (const rule of snap.rules) {
        if (rules.some((mine) => mine.id === rule.id || sameRule(mine, rule))) continue;
        await db.rules.add(rule);
        rules.push(rule);
        r.rulesAdded++;
      }

      if (!(await db.settings.get(SETTINGS_KEY))) await db.settings.put({ key: SETTINGS_KEY, value: snap.settings });
      return r;
    });
    this.emit([], ['papers', 'stars', 'tags', 'rules', 'settings']);
    return report;
  }

  /** Deletes everything (tests, and "start over" after an export). */
  async wipe(): Promise<void> {
    const db = this.db;
    // The ranking's tables too: "not interested" marks and the model trained on the old library.
    const ranking = [db.notInterested, db.rankModels];
    await this.write([db.papers, db.stars, db.tags, db.paperTags, db.rules, db.settings, db.meta, ...ranking], async () => {
      await Promise.all([db.papers, db.stars, db.tags, db.paperTags, db.rules, db.settings, ...ranking].map((t) => t.clear()));
      await db.meta.put({ key: PAPER_COUNT, value: 0 });
    });
    this.emit([], ['papers', 'stars', 'tags', 'rules', 'settings']);
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
