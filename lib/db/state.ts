import type { PaperNote, PaperState, PaperTag, Star, Tag } from '../model/library';
import { byName, toTag, type Core } from './core';
import type { Journal } from './journal';

/**
 * What a papers page needs: the state of each card. Answered on the page's path, so every read
 * is shaped for Chromium's IndexedDB (one request per round trip, few of them, in flight at once).
 */

/**
 * The state of each card on a page. `seenBefore`: first seen before `visitStart` (the start of
 * this page visit); without `visitStart`, simply known to the library. A page read still in the
 * journal counts as seen (it is merged with the same time).
 */
export async function getState(
  core: Core,
  journal: Journal,
  ids: readonly string[],
  visitStart?: number,
): Promise<Record<string, PaperState>> {
  if (!journal.recovered) await core.settled();
  const db = core.db;
  const unique = [...new Set(ids)];
  const out: Record<string, PaperState> = {};
  if (unique.length === 0) return out;
  const { papers, stars, links, tags, notes } = await core.read([db.papers, db.stars, db.paperTags, db.tags, db.notes], async () => {
    const [papers, stars, links, notes] = await Promise.all([
      // A page's cards sit among the many other papers of their month, so a key-range probe
      // rarely pays off here (measured): plain per-id gets, all in flight at once.
      db.papers.bulkGet(unique),
      starredAmong(core, unique),
      linksOf(core, unique),
      notesAmong(core, unique),
    ]);
    const tags = await db.tags.bulkGet([...new Set(links.map((l) => l.tagId))]);
    return { papers, stars, links, tags, notes };
  });
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
    const logged = journal.firstPending(id);
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
async function notesAmong(core: Core, ids: string[]): Promise<Map<string, PaperNote>> {
  const db = core.db;
  const out = new Map<string, PaperNote>();
  if ((await db.notes.count()) <= ids.length * 4) {
    const wanted = new Set(ids);
    for (const row of await db.notes.toArray()) if (wanted.has(row.paperId)) out.set(row.paperId, row);
  } else {
    for (const row of await db.notes.bulkGet(ids)) if (row) out.set(row.paperId, row);
  }
  return out;
}

/** Which of `ids` are starred: star keys are tiny, so one key-range read unless thousands lie between. */
async function starredAmong(core: Core, ids: string[]): Promise<Set<string>> {
  const db = core.db;
  const wanted = new Set(ids);
  const sorted = [...wanted].sort();
  const cap = Math.max(4000, ids.length * 8);
  const keys = await db.stars
    .where(':id')
    .between(sorted[0]!, sorted[sorted.length - 1]!, true, true)
    .limit(cap + 1)
    .primaryKeys();
  if (keys.length <= cap) return new Set(keys.filter((k) => wanted.has(k)));
  const stars = await db.stars.bulkGet(sorted);
  return new Set(stars.filter((s): s is Star => !!s).map((s) => s.paperId));
}

/**
 * The tag links of `ids`. Links are tiny rows, so one index-range read of up to a few thousand of
 * them beats a request per id; Dexie's anyOf (a cursor hopping key to key) is the slowest option
 * in Chromium, so the fallback is one `equals` query per id, in parallel.
 */
async function linksOf(core: Core, ids: string[]): Promise<PaperTag[]> {
  if (ids.length === 0) return [];
  const db = core.db;
  const sorted = [...ids].sort();
  const cap = Math.max(2000, ids.length * 8);
  const inRange = await db.paperTags
    .where('paperId')
    .between(sorted[0]!, sorted[sorted.length - 1]!, true, true)
    .limit(cap + 1)
    .toArray();
  if (inRange.length > cap) {
    const each = await Promise.all(ids.map((id) => db.paperTags.where('paperId').equals(id).toArray()));
    return each.flat();
  }
  const wanted = new Set(ids);
  return inRange.filter((l) => wanted.has(l.paperId));
}
