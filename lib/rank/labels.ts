/**
 * The user's data as the ranking sees it: the labels it trains on (stars, tags, "not interested"
 * marks), read by lib/rank/training-set, and the one thing it writes — a "not interested" mark,
 * through the Library, so it is announced to every page like any other write.
 */
import type { Library } from '../db/library';

export interface Labels {
  starred: Set<string>;
  /** Tag id → ids of its papers. */
  tags: Map<string, Set<string>>;
  notInterested: Set<string>;
}

/** The labels of these rows (as the stars, paperTags and notInterested tables hold them). */
export function labelsOf(
  stars: ReadonlyArray<{ paperId: string }>,
  links: ReadonlyArray<{ paperId: string; tagId: string }>,
  marked: ReadonlyArray<{ paperId: string }>,
): Labels {
  const labels: Labels = {
    starred: new Set(stars.map((s) => s.paperId)),
    tags: new Map(),
    notInterested: new Set(marked.map((m) => m.paperId)),
  };
  for (const l of links) {
    const set = labels.tags.get(l.tagId) ?? new Set<string>();
    set.add(l.paperId);
    labels.tags.set(l.tagId, set);
  }
  return labels;
}

/** One string per set of labels: the same labels, the same key (nothing to retrain). */
export function labelsKey(labels: Labels): string {
  const sorted = (set: ReadonlySet<string>) => [...set].sort().join(',');
  const tags = [...labels.tags.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, set]) => `${id}:${sorted(set)}`);
  return [sorted(labels.starred), sorted(labels.notInterested), ...tags].join('|');
}

/**
 * Marks a paper "not interested" (or not any more) through the library, which announces it to the
 * pages as a `rank` change of that card. Returns whether it was marked before.
 */
export function markNotInterested(library: Library, id: string, on: boolean, now: number): Promise<boolean> {
  return library.markNotInterested(id, on, now);
}
