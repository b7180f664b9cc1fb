/**
 * Operations on many papers at once (the library page's selection). The Library has one-paper
 * operations; each runs in its own transaction, in order.
 */
export async function forEachPaper(ids: readonly string[], op: (id: string) => Promise<unknown>): Promise<void> {
  for (const id of ids) await op(id);
}
