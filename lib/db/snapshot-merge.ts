import { mergeStored, sameValue } from './merge';
import { ruleKey } from './rules';
import { DEFAULT_SETTINGS } from '../model/defaults';
import {
  Settings,
  type HideRule,
  type LibrarySnapshot,
  type NotInterested,
  type PaperNote,
  type PaperTag,
  type Star,
  type StoredPaper,
  type Tag,
  tagKey,
} from '../model/library';

/**
 * How a backup merges into a library: the one place that decides it. Pure functions;
 * `importSnapshot` (lib/db/import.ts) reads what the backup could collide with, calls
 * `planMerge` and writes its changes in one transaction; `mergeSnapshot` gives the merged library
 * as a value (tests, benchmarks). Nothing the library has is ever removed or emptied:
 *
 * - **papers** by id: merged field by field exactly as two page reads of the paper are
 *   (`mergeStored`, merge.ts): the fresher read's non-empty fields win, the other fills the
 *   gaps, a non-empty field is never emptied; earliest first seen, latest last seen, the larger
 *   seen count, the union of the listings it was seen on;
 * - **stars** by paper: union; a paper starred on both sides keeps the earlier date;
 * - **tags** by name, case-insensitively, else by id (a tag renamed since the backup was made:
 *   ids are random, so the same id is the same tag); the library's name and colour are kept and
 *   the backup's links follow to the library's tag. Other tags are added;
 * - **tag links**: union after that remapping, the earlier date kept; a link to a tag that
 *   neither side has is dropped;
 * - **hide and follow rules** by action, kind, pattern and flags (words, authors and organizations compared without
 *   case, a regular expression exactly, its flags in any order): the library's rule is kept as it
 *   is (enabled or not); a new rule whose id is taken gets `<id>-2`, `<id>-3`…;
 * - **"not interested" marks** by paper: union; a paper marked on both sides keeps the earlier date;
 * - **settings**: a setting this library has stored wins; one it has never stored (a new or
 *   wiped library, or a setting newer than its last save) is taken from the backup. So importing
 *   never overrides a choice the user made here, and export → wipe → import restores them all.
 */

/** What the library holds where a backup can collide with it. */
export interface MergeBase {
  /** At least the library's papers that share an id with the backup's (all of them is fine). */
  papers: readonly StoredPaper[];
  /** At least the stars of the backup's starred papers. */
  stars: readonly Star[];
  /** Every tag. */
  tags: readonly Tag[];
  /** At least the links of the papers the backup tags. */
  paperTags: readonly PaperTag[];
  /** Every rule. */
  rules: readonly HideRule[];
  /** The settings as stored (possibly partial); undefined when this library never stored any. */
  settings?: Partial<Settings> | undefined;
  /** At least the notes of the papers the backup has notes for. */
  notes?: readonly PaperNote[];
  /** At least the "not interested" marks of the papers the backup marks. */
  notInterested?: readonly NotInterested[];
}

export interface MergeReport {
  papersAdded: number;
  /** Papers the library had whose stored record changed (fields filled in, seen dates widened…). */
  papersUpdated: number;
  starsAdded: number;
  tagsAdded: number;
  linksAdded: number;
  rulesAdded: number;
  /** Notes or reading statuses added or changed. */
  notesChanged: number;
  /** "Not interested" marks added. */
  notInterestedAdded: number;
  /** Settings were taken from the backup. */
  settingsChanged: boolean;
}

/** The writes a merge needs: rows to put (new or changed), rows to add, the settings to store. */
export interface MergeChanges {
  papers: StoredPaper[];
  stars: Star[];
  /** New tags, with the backup's ids. */
  tags: Tag[];
  paperTags: PaperTag[];
  /** New rules, with ids free in the library. */
  rules: HideRule[];
  /** Null: the stored settings stay as they are. */
  settings: Settings | null;
  /** Notes to put (new or merged). */
  notes: PaperNote[];
  /** "Not interested" marks to put (new, or an earlier date). */
  notInterested: NotInterested[];
}

const linkKey = (paperId: string, tagId: string): string => `${paperId}\u0000${tagId}`;

/** The stored settings that are valid, key by key (a stored value of the wrong type does not count). */
function storedSettings(stored: Partial<Settings> | undefined): Partial<Settings> {
  const out: Record<string, unknown> = {};
  if (!stored || typeof stored !== 'object') return out;
  for (const [key, schema] of Object.entries(Settings.shape)) {
    const value = (stored as Record<string, unknown>)[key];
    if (value !== undefined && schema.safeParse(value).success) out[key] = value;
  }
  return out;
}

/** What merging `incoming` into `existing` writes, and the report for the user. Pure. */
export function planMerge(existing: MergeBase, incoming: LibrarySnapshot): { changes: MergeChanges; report: MergeReport } {
  const report: MergeReport = {
    papersAdded: 0,
    papersUpdated: 0,
    starsAdded: 0,
    tagsAdded: 0,
    linksAdded: 0,
    rulesAdded: 0,
    notesChanged: 0,
    notInterestedAdded: 0,
    settingsChanged: false,
  };
  const changes: MergeChanges = { papers: [], stars: [], tags: [], paperTags: [], rules: [], settings: null, notes: [], notInterested: [] };

  // Papers. (A valid backup lists a paper once; should one repeat, its rows merge first.)
  const theirs = new Map<string, StoredPaper>();
  for (const p of incoming.papers) {
    const prev = theirs.get(p.id);
    theirs.set(p.id, prev ? mergeStored(prev, p) : p);
  }
  const mine = new Map(existing.papers.map((p) => [p.id, p]));
  for (const [id, paper] of theirs) {
    const have = mine.get(id);
    if (!have) {
      changes.papers.push(paper);
      report.papersAdded++;
      continue;
    }
    const merged = mergeStored(have, paper);
    if (!sameValue(merged, have)) {
      changes.papers.push(merged);
      report.papersUpdated++;
    }
  }

  // Stars: union; a paper starred on both sides keeps the earlier date.
  const stars = earliestPerPaper(
    existing.stars,
    incoming.stars,
    (s) => s.starredAt,
    (s) => ({ paperId: s.paperId, starredAt: s.starredAt }),
  );
  changes.stars = stars.puts;
  report.starsAdded += stars.added;

  // Tags.
  const byName = new Map(existing.tags.map((t) => [tagKey(t.name), t.id]));
  const byId = new Set(existing.tags.map((t) => t.id));
  const tagIdMap = new Map<string, string>();
  for (const tag of incoming.tags) {
    const match = byName.get(tagKey(tag.name)) ?? (byId.has(tag.id) ? tag.id : undefined);
    if (match !== undefined) {
      tagIdMap.set(tag.id, match);
      continue;
    }
    changes.tags.push(tag);
    byName.set(tagKey(tag.name), tag.id);
    byId.add(tag.id);
    tagIdMap.set(tag.id, tag.id);
    report.tagsAdded++;
  }

  // Links.
  const links = new Map(existing.paperTags.map((l) => [linkKey(l.paperId, l.tagId), l]));
  const linkPuts = new Map<string, PaperTag>();
  for (const link of incoming.paperTags) {
    const tagId = tagIdMap.get(link.tagId) ?? (byId.has(link.tagId) ? link.tagId : undefined);
    if (tagId === undefined) continue;
    const key = linkKey(link.paperId, tagId);
    const have = links.get(key);
    if (have && have.taggedAt <= link.taggedAt) continue;
    if (!have && !linkPuts.has(key)) report.linksAdded++;
    const next = { paperId: link.paperId, tagId, taggedAt: link.taggedAt };
    links.set(key, next);
    linkPuts.set(key, next);
  }
  changes.paperTags = [...linkPuts.values()];

  // Rules.
  const ruleKeys = new Set(existing.rules.map(ruleKey));
  const ruleIds = new Set(existing.rules.map((r) => r.id));
  for (const rule of incoming.rules) {
    const key = ruleKey(rule);
    if (ruleKeys.has(key)) continue;
    let id = rule.id;
    for (let n = 2; ruleIds.has(id); n++) id = `${rule.id}-${n}`;
    changes.rules.push(id === rule.id ? rule : { ...rule, id });
    ruleKeys.add(key);
    ruleIds.add(id);
    report.rulesAdded++;
  }

  // Notes: the newer status wins; two different texts are both kept (the newer first), so no
  // note written on either side is lost.
  const notesHere = new Map((existing.notes ?? []).map((n) => [n.paperId, n]));
  for (const note of incoming.notes ?? []) {
    const have = notesHere.get(note.paperId);
    const merged = have ? mergeNote(have, note) : note;
    if (have && sameValue(merged, have)) continue;
    changes.notes.push(merged);
    notesHere.set(note.paperId, merged);
    report.notesChanged++;
  }

  // "Not interested" marks: union; a paper marked on both sides keeps the earlier date.
  const marks = earliestPerPaper(
    existing.notInterested ?? [],
    incoming.notInterested ?? [],
    (m) => m.at,
    (m) => ({ paperId: m.paperId, at: m.at }),
  );
  changes.notInterested = marks.puts;
  report.notInterestedAdded += marks.added;

  // Settings.
  const stored = storedSettings(existing.settings);
  const before: Settings = { ...DEFAULT_SETTINGS, ...stored };
  const after: Settings = { ...DEFAULT_SETTINGS, ...storedSettings(incoming.settings), ...stored };
  if (!sameValue(after, before)) {
    changes.settings = after;
    report.settingsChanged = true;
  }

  return { changes, report };
}

/** Two notes on one paper, merged without losing either's words. */
export function mergeNote(a: PaperNote, b: PaperNote): PaperNote {
  const [newer, older] = b.updatedAt > a.updatedAt ? [b, a] : [a, b];
  const texts = [newer.text, older.text].map((t) => t.trim()).filter(Boolean);
  const text =
    texts.length === 2 && texts[0] !== texts[1] && !texts[0]!.includes(texts[1]!) ? `${texts[0]}\n\n${texts[1]}` : (texts[0] ?? '');
  const out: PaperNote = { paperId: a.paperId, text, updatedAt: newer.updatedAt };
  const status = newer.status ?? older.status;
  if (status) out.status = status;
  return out;
}

/**
 * The library after merging `incoming` into `existing` (a whole library), with the report.
 * Pure: the inputs are not modified. Rows the merge changes keep their place; new rows follow.
 */
export function mergeSnapshot(existing: MergeBase, incoming: LibrarySnapshot): { merged: LibrarySnapshot; report: MergeReport } {
  const { changes, report } = planMerge(existing, incoming);
  const apply = <T>(rows: readonly T[], puts: readonly T[], key: (row: T) => string): T[] => {
    const out = new Map(rows.map((r) => [key(r), r]));
    for (const row of puts) out.set(key(row), row);
    return [...out.values()];
  };
  return {
    merged: {
      papers: apply(existing.papers, changes.papers, (p) => p.id),
      stars: apply(existing.stars, changes.stars, (s) => s.paperId),
      tags: [...existing.tags, ...changes.tags],
      paperTags: apply(existing.paperTags, changes.paperTags, (l) => linkKey(l.paperId, l.tagId)),
      rules: [...existing.rules, ...changes.rules],
      settings: changes.settings ?? { ...DEFAULT_SETTINGS, ...storedSettings(existing.settings) },
      notes: apply(existing.notes ?? [], changes.notes, (n) => n.paperId),
      notInterested: apply(existing.notInterested ?? [], changes.notInterested, (m) => m.paperId),
    },
    report,
  };
}

/**
 * One row per paper from both sides, each paper at its earliest date: the incoming rows to write
 * (new papers, and papers whose incoming date is earlier), and how many papers are new.
 */
function earliestPerPaper<T extends { paperId: string }>(
  existing: readonly T[],
  incoming: readonly T[],
  dateOf: (row: T) => number,
  copy: (row: T) => T,
): { puts: T[]; added: number } {
  const rows = new Map(existing.map((r) => [r.paperId, r]));
  const puts = new Map<string, T>();
  let added = 0;
  for (const row of incoming) {
    const have = rows.get(row.paperId);
    if (have && dateOf(have) <= dateOf(row)) continue;
    if (!have) added++;
    const next = copy(row);
    rows.set(row.paperId, next);
    puts.set(row.paperId, next);
  }
  return { puts: [...puts.values()], added };
}
