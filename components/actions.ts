import type { Library } from '../lib/db/library';

/**
 * Operations on many papers at once (the library page's selection). The Library has one-paper
 * operations; each runs in its own transaction, in order.
 */
export async function forEachPaper(ids: readonly string[], op: (id: string) => Promise<unknown>): Promise<void> {
  for (const id of ids) await op(id);
}

/**
 * Deletes papers from the library with their stars and tag links, in one transaction. A deleted
 * paper comes back (unstarred, untagged) if it is seen on a page again.
 */
export async function deletePapers(library: Library, ids: readonly string[]): Promise<number> {
  const maybe = library as Library & { deletePapers?: (ids: readonly string[]) => Promise<number> };
  if (typeof maybe.deletePapers === 'function') return maybe.deletePapers(ids);
  const db = library.db;
  return db.transaction('rw', [db.papers, db.stars, db.paperTags], async () => {
    const list = [...ids];
    const links = await db.paperTags.where('paperId').anyOf(list).primaryKeys();
    await db.paperTags.bulkDelete(links);
    await db.stars.bulkDelete(list);
    const existing = await db.papers.where(':id').anyOf(list).primaryKeys();
    await db.papers.bulkDelete(existing);
    return existing.length;
  });
}
