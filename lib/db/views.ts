import type { PaperNote, PaperTag, Star, StoredPaper, Tag } from '../model/library';
import { toTag, type Core } from './core';
import { PAPER_COUNT } from './database';
import { localDay, startOfLocalDay } from './derive';
import { UPDATED_AT } from './updated-at';

/**
 * The reads behind the popup, the side panel and the library page (components/): counts, and the
 * rows their in-memory lists are built from (components/store.ts). Each is shaped for the first
 * screen's budget (100 ms with 10,000 stars, tests/bench/ui.mjs): index reads, requests that do
 * not depend on each other sent together, nothing that walks a whole big table on the way.
 *
 * These never wait for the journal (journal.ts): an extension page shows what is merged, and
 * the merge, announced like any write, brings the rest.
 */

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

/** The header numbers of the popup and the library page. */
export type HeaderCounts = Pick<LibraryCounts, 'starred' | 'newToday' | 'seenToday'>;

/** Which papers a list holds: the starred ones (popup, side panel) or every paper seen (library page). */
export type Scope = 'starred' | 'all';

/** The first rows of a list in display order, with what it shows beside them. */
export interface FirstScreen {
  /** Stars of `papers` (scope 'all') or the newest stars (scope 'starred'), newest first. */
  stars: Star[];
  tags: Tag[];
  /** In display order; undefined for a star whose paper the library does not hold. */
  papers: (StoredPaper | undefined)[];
  links: PaperTag[];
  notes: PaperNote[];
}

/** Counts for the popup (with every paper, from the paper counter). `now` picks "today". */
export async function counts(core: Core, now: number): Promise<LibraryCounts> {
  await core.settled();
  const db = core.db;
  const read = await core.read([db.papers, db.stars, db.tags, db.rules, db.meta], () =>
    Promise.all([
      db.meta.get(PAPER_COUNT),
      db.stars.count(),
      db.tags.count(),
      db.rules.count(),
      db.papers.where('firstSeenDay').equals(localDay(now)).count(),
      db.papers.where('lastSeenAt').aboveOrEqual(startOfLocalDay(now)).count(),
    ]),
  );
  const [counter, starred, tags, rules, newToday, seenToday] = read;
  return { papers: counter?.value ?? (await core.paperCount()), starred, tags, rules, newToday, seenToday };
}

/**
 * The header numbers, read through indexes only. (counts() also reads the paper counter, and an
 * extension page must not count 50,000 papers: Chromium walks the table, ~200 ms.) Same
 * definitions as counts().
 */
export function headerCounts(core: Core, now: number): Promise<HeaderCounts> {
  const db = core.db;
  return core.read([db.papers, db.stars], async () => {
    const [starred, newToday, seenToday] = await Promise.all([
      db.stars.count(),
      db.papers.where('firstSeenDay').equals(localDay(now)).count(),
      db.papers.where('lastSeenAt').aboveOrEqual(startOfLocalDay(now)).count(),
    ]);
    return { starred, newToday, seenToday };
  });
}

/**
 * The first `limit` rows of a list in display order (most recently starred, or most recently
 * seen), their stars, tag links and notes, and every tag, in one read transaction. Nothing here
 * reads a whole big table: counting 50,000 papers or reading 10,000 stars takes Chromium
 * 100-300 ms each, far past the popup's budget.
 */
export function firstScreen(core: Core, scope: Scope, limit: number): Promise<FirstScreen> {
  const db = core.db;
  return core.read([db.stars, db.tags, db.papers, db.paperTags, db.notes], async () => {
    const tagsRead = db.tags.toArray();
    const present = (rows: (PaperNote | undefined)[]) => rows.filter((n): n is PaperNote => !!n);
    if (scope === 'starred') {
      const stars = await db.stars.orderBy('starredAt').reverse().limit(limit).toArray();
      const ids = stars.map((s) => s.paperId);
      const [papers, links, tags, notes] = await Promise.all([db.papers.bulkGet(ids), linksOf(core, ids), tagsRead, db.notes.bulkGet(ids)]);
      return { stars, tags: tags.map(toTag), papers, links, notes: present(notes) };
    }
    const papers = await db.papers.orderBy('lastSeenAt').reverse().limit(limit).toArray();
    const ids = papers.map((p) => p.id);
    const [stars, links, tags, notes] = await Promise.all([db.stars.bulkGet(ids), linksOf(core, ids), tagsRead, db.notes.bulkGet(ids)]);
    return { stars: stars.filter((s): s is Star => !!s), tags: tags.map(toTag), papers, links, notes: present(notes) };
  });
}

/** Tag links of a few papers: one exact-key read per paper, in parallel (not `anyOf`, a cursor hopping key to key). */
function linksOf(core: Core, ids: readonly string[]): Promise<PaperTag[]> {
  return Promise.all(ids.map((id) => core.db.paperTags.where('paperId').equals(id).toArray())).then((l) => l.flat());
}

/** Every star (newest first), tag link and note, in one read transaction. */
export async function userRows(core: Core): Promise<{ stars: Star[]; links: PaperTag[]; notes: PaperNote[] }> {
  const db = core.db;
  const [stars, links, notes] = await core.read([db.stars, db.paperTags, db.notes], () =>
    Promise.all([db.stars.toArray(), db.paperTags.toArray(), db.notes.toArray()]),
  );
  stars.sort((a, b) => b.starredAt - a.starredAt);
  return { stars, links, notes };
}

/** The papers of `ids`, in their order (undefined where the library has none). */
export function papersOf(core: Core, ids: readonly string[]): Promise<(StoredPaper | undefined)[]> {
  return core.query(() => core.db.papers.bulkGet([...ids]));
}

/** Up to `limit` papers in id order, after the id `after` (null: from the first). For walking every paper in chunks. */
export function papersAfter(core: Core, after: string | null, limit: number): Promise<StoredPaper[]> {
  const papers = core.db.papers;
  return core.query(() => (after === null ? papers.orderBy(':id') : papers.where(':id').above(after)).limit(limit).toArray());
}

/** Every paper's id, in id order: keys only, no row read. */
export function paperIds(core: Core): Promise<string[]> {
  return core.query(() => core.db.papers.toCollection().primaryKeys());
}

/** The papers written at or after `since` (updated-at.ts). */
export function papersWrittenSince(core: Core, since: number): Promise<StoredPaper[]> {
  return core.query(() => core.db.papers.where(UPDATED_AT).aboveOrEqual(since).toArray());
}

/** Every tag (in no particular order). */
export async function allTags(core: Core): Promise<Tag[]> {
  return (await core.query(() => core.db.tags.toArray())).map(toTag);
}

/** Every star, in no particular order. */
export function allStars(core: Core): Promise<Star[]> {
  return core.query(() => core.db.stars.toArray());
}

/** Every tag link. */
export function allLinks(core: Core): Promise<PaperTag[]> {
  return core.query(() => core.db.paperTags.toArray());
}

/** The notes of `ids` (undefined where a paper has none), or every note. */
export function notesOf(core: Core, ids?: readonly string[]): Promise<(PaperNote | undefined)[]> {
  const notes = core.db.notes;
  return core.query(() => (ids ? notes.bulkGet([...ids]) : notes.toArray()));
}
