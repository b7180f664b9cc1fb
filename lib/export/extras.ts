import type { ExportItem } from './items';

/**
 * Fields other engineers may add to the model (notes per paper; a DOI or a venue): read where they
 * may appear — on the export item or on the stored paper — without depending on them existing.
 * Each is used only when it is a non-blank string.
 */
function field(item: ExportItem, name: 'notes' | 'doi' | 'venue'): string | undefined {
  const onItem = (item as unknown as Record<string, unknown>)[name];
  const onPaper = (item.paper as unknown as Record<string, unknown>)[name];
  for (const v of [onItem, onPaper]) if (typeof v === 'string' && v.trim()) return v.trim();
  return undefined;
}

/** The user's notes on the paper, when the model has them. */
export const itemNotes = (item: ExportItem): string | undefined => field(item, 'notes');

/** A DOI, only if the record holds one (`10.NNNN/…`). */
export function itemDoi(item: ExportItem): string | undefined {
  const doi = field(item, 'doi');
  return doi && /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : undefined;
}

/** The journal or conference the paper appeared in, if the record holds one. */
export const itemVenue = (item: ExportItem): string | undefined => field(item, 'venue');
