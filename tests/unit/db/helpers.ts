import type { PaperRecord } from '../../../lib/model/paper';
import { PaperdeckDB } from '../../../lib/db/database';
import { Library } from '../../../lib/db/library';

let n = 0;
/** A database name no other test uses (fake-indexeddb lives for the whole test file). */
export function uniqueName(prefix = 'pd-test'): string {
  return `${prefix}-${++n}-${Math.random().toString(36).slice(2, 8)}`;
}

export function freshLibrary(name = uniqueName()): { db: PaperdeckDB; library: Library; name: string } {
  const db = new PaperdeckDB(name);
  return { db, library: new Library(db), name };
}

/** The i-th valid arXiv id: 2501.00000, 2501.00001, … */
export function arxivId(i: number): string {
  return `2501.${String(i).padStart(5, '0')}`;
}

export function record(id: string, over: Partial<PaperRecord> = {}): PaperRecord {
  return {
    id,
    title: `Scaling diffusion models for paper ${id}`,
    seenOn: { view: 'daily', url: 'https://huggingface.co/papers' },
    ...over,
  };
}

export function records(count: number, start = 0, over: Partial<PaperRecord> = {}): PaperRecord[] {
  return Array.from({ length: count }, (_, i) => record(arxivId(start + i), over));
}

export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
