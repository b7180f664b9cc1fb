import { TAG_COLOURS, type PaperTag, type Tag } from '../model/library';
import { t } from '../i18n';
import { byName, checkPaperId, invalid, newId, toTag, type Core } from './core';
import { tagKey, type TagRow } from './database';

/** Tags: names unique case-insensitively (`key`), a palette colour each, links to papers. Tagging does not star. */

const TAG_NAME_MAX = 40;

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
  for (const tag of tags) uses.set(tag.colour, (uses.get(tag.colour) ?? 0) + 1);
  let best: Tag['colour'] = TAG_COLOURS[0];
  for (const c of TAG_COLOURS) if (uses.get(c)! < uses.get(best)!) best = c;
  return best;
}

/**
 * The tag with this (normalised) name, made with the palette colour fewest tags use if it is
 * new. Inside a write transaction that covers `tags`.
 */
async function tagRowFor(core: Core, name: string, now: number): Promise<TagRow> {
  const db = core.db;
  const key = tagKey(name);
  const row = await db.tags.where('key').equals(key).first();
  if (row) return row;
  const created: TagRow = { id: newId(), name, key, colour: pickColour(await db.tags.toArray()), createdAt: now };
  await db.tags.add(created);
  return created;
}

/** Tags a paper by tag name, creating the tag (with a palette colour) if it is new. Does not star. */
export async function tag(core: Core, paperId: string, tagName: string, now: number): Promise<Tag> {
  await core.settled();
  const db = core.db;
  const id = checkPaperId(paperId);
  const name = normaliseTagName(tagName);
  const saved = await core.write([db.papers, db.tags, db.paperTags], async () => {
    if ((await db.papers.where(':id').equals(id).count()) === 0) {
      throw invalid(t('errorUnseenPaperTag', id));
    }
    const row = await tagRowFor(core, name, now);
    if (!(await db.paperTags.get([id, row.id]))) {
      await db.paperTags.add({ paperId: id, tagId: row.id, taggedAt: now });
    }
    return toTag(row);
  });
  core.emit([id], ['tags']);
  return saved;
}

/** Removes one tag from one paper (the tag itself stays). Returns whether the link existed. */
export async function untag(core: Core, paperId: string, tagId: string): Promise<boolean> {
  const db = core.db;
  const id = checkPaperId(paperId);
  const had = await core.write([db.paperTags], async () => {
    const link = await db.paperTags.get([id, tagId]);
    if (link) await db.paperTags.delete([id, tagId]);
    return link !== undefined;
  });
  core.emit([id], ['tags']);
  return had;
}

/** Tags every known paper of `ids` by tag name (creating the tag if new), in one transaction. */
export async function tagMany(core: Core, ids: readonly string[], tagName: string, now: number): Promise<{ tag: Tag; tagged: number }> {
  await core.settled();
  const db = core.db;
  const list = [...new Set(ids.map(checkPaperId))];
  const name = normaliseTagName(tagName);
  const result = await core.write([db.papers, db.tags, db.paperTags], async () => {
    const known = await db.papers.where(':id').anyOf(list).primaryKeys();
    if (known.length === 0) throw invalid(t('papersGone'));
    const row = await tagRowFor(core, name, now);
    const tagId = row.id;
    const existing = await db.paperTags.bulkGet(known.map((id) => [id, tagId] as [string, string]));
    const links: PaperTag[] = known.filter((_, i) => !existing[i]).map((paperId) => ({ paperId, tagId, taggedAt: now }));
    await db.paperTags.bulkAdd(links);
    return { tag: toTag(row), ids: links.map((l) => l.paperId) };
  });
  core.emit(result.ids, ['tags']);
  return { tag: result.tag, tagged: result.ids.length };
}

/** Removes one tag from every paper of `ids`, in one transaction. Returns how many had it. */
export async function untagMany(core: Core, ids: readonly string[], tagId: string): Promise<number> {
  const db = core.db;
  const list = [...new Set(ids.map(checkPaperId))];
  const removed = await core.write([db.paperTags], async () => {
    const keys = list.map((id) => [id, tagId] as [string, string]);
    const had = await db.paperTags.bulkGet(keys);
    const present = keys.filter((_, i) => had[i]);
    await db.paperTags.bulkDelete(present);
    return present.map(([id]) => id);
  });
  if (removed.length) core.emit(removed, ['tags']);
  return removed.length;
}

/** All tags, by name. */
export async function listTags(core: Core): Promise<Tag[]> {
  const rows = await core.read([core.db.tags], () => core.db.tags.toArray());
  return rows.map(toTag).sort(byName);
}

/** Renames a tag. Fails (code 'invalid') if another tag already has that name in any case. */
export async function renameTag(core: Core, tagId: string, newName: string): Promise<Tag> {
  const db = core.db;
  const name = normaliseTagName(newName);
  const key = tagKey(name);
  const renamed = await core.write([db.tags], async () => {
    const row = await db.tags.get(tagId);
    if (!row) throw invalid(t('tagGone'));
    const clash = await db.tags.where('key').equals(key).first();
    if (clash && clash.id !== tagId) {
      throw invalid(t('errorTagNameTaken', clash.name));
    }
    const next: TagRow = { ...row, name, key };
    await db.tags.put(next);
    return toTag(next);
  });
  core.emit([], ['tags']);
  return renamed;
}

/** Moves every paper of tag `fromId` to tag `intoId` and deletes `fromId`. Returns the kept tag. */
export async function mergeTags(core: Core, fromId: string, intoId: string): Promise<Tag> {
  if (fromId === intoId) throw invalid(t('errorMergeIntoItself'));
  const db = core.db;
  const { kept, ids } = await core.write([db.tags, db.paperTags], async () => {
    const [from, into] = await db.tags.bulkGet([fromId, intoId]);
    if (!from || !into) throw invalid(t('tagsGone'));
    const moving = await db.paperTags.where('tagId').equals(fromId).toArray();
    const targets = await db.paperTags.bulkGet(moving.map((l) => [l.paperId, intoId] as [string, string]));
    const puts: PaperTag[] = [];
    moving.forEach((link, i) => {
      const target = targets[i];
      if (!target || target.taggedAt > link.taggedAt) puts.push({ ...link, tagId: intoId });
    });
    await db.paperTags.bulkPut(puts);
    await db.paperTags.bulkDelete(moving.map((l) => [l.paperId, fromId] as [string, string]));
    await db.tags.delete(fromId);
    return { kept: toTag(into), ids: moving.map((l) => l.paperId) };
  });
  core.emit(ids, ['tags']);
  return kept;
}

/** Deletes a tag and its links to papers (the papers stay). Returns whether it existed. */
export async function deleteTag(core: Core, tagId: string): Promise<boolean> {
  const db = core.db;
  const { had, ids } = await core.write([db.tags, db.paperTags], async () => {
    const row = await db.tags.get(tagId);
    const links = await db.paperTags.where('tagId').equals(tagId).toArray();
    await db.paperTags.bulkDelete(links.map((l) => [l.paperId, tagId] as [string, string]));
    await db.tags.delete(tagId);
    return { had: row !== undefined, ids: links.map((l) => l.paperId) };
  });
  core.emit(ids, ['tags']);
  return had;
}
