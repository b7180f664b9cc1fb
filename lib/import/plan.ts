import { localDay } from '../db/derive';
import { formatCount, t, tn } from '../i18n';
import { DEFAULT_SETTINGS } from '../model/defaults';
import {
  NOTE_MAX,
  StoredPaper,
  TAG_COLOURS,
  type LibrarySnapshot,
  type PaperNote,
  type PaperTag,
  type Settings,
  type Star,
  type Tag,
  tagKey,
} from '../model/library';
import { normalizeArxivId } from './ids';
import {
  MAX_ABSTRACT,
  MAX_AUTHORS,
  MAX_IMPORT_ITEMS,
  MAX_NAME,
  MAX_NOTES,
  MAX_TAGS_PER_ITEM,
  MAX_TITLE,
  cleanLine,
  cleanText,
  cut,
  isoDate,
  type ImportedItem,
} from './text';

/**
 * The dry run of an import: what would change in the library, computed before anything is
 * written, from the parsed items and a read-only view of the library. Pure (no Dexie, no clock:
 * the caller passes `now` to planToSnapshot).
 *
 * Rules:
 *  - a paper new to the library is added with the file's fields, or as an id-only stub (its title
 *    is `arXiv:<id>` until a papers page shows the real one: the stored record needs a title);
 *  - a known paper only has its empty fields filled in; a field the library already has is never
 *    overwritten (it is listed in `kept` when the file says something else). A stub's placeholder
 *    title counts as empty;
 *  - every item is starred unless `star: false` (a paper already starred keeps its date);
 *  - the file's tags are matched to the library's by name, case-insensitively (as the store does);
 *    the others are created; a name longer than the store allows (40) is shortened;
 *  - an item without a valid arXiv id, or repeating one above it, is skipped with its reason.
 */

export type FillableField = 'title' | 'authors' | 'abstract' | 'publishedAt' | 'notes';
const FILLABLE: readonly FillableField[] = ['title', 'authors', 'abstract', 'publishedAt', 'notes'];

/**
 * What the plan needs to know about a paper in the library: a StoredPaper fits. The fields an
 * import can fill must be given when the library has them (else they would count as empty), and
 * the seen dates are carried into the rows so merging them changes nothing but the filled fields.
 */
export interface KnownPaper {
  id: string;
  title: string;
  firstSeenAt: number;
  lastSeenAt: number;
  authors?: readonly string[];
  abstract?: string;
  publishedAt?: string;
  notes?: string;
}

/** A read-only view of the library. A LibrarySnapshot fits as it is. */
export interface LibraryView {
  papers: Iterable<KnownPaper>;
  stars: Iterable<{ paperId: string }>;
  tags: Iterable<{ id: string; name: string; colour?: string; createdAt?: number }>;
  /** The tag links, so links the library has are not counted as new. Optional. */
  paperTags?: Iterable<{ paperId: string; tagId: string }>;
}

export interface PlanOptions {
  /** Star every imported paper (default true). */
  star?: boolean;
  /** Apply the tags (keywords) the file gives (default true). */
  fileTags?: boolean;
  /** One more tag on every imported paper, e.g. "Imported 2026-11-23". */
  addTag?: string;
  /** Items after this many are left out (default MAX_IMPORT_ITEMS). */
  maxItems?: number;
}

export interface PaperFields {
  title?: string;
  authors?: string[];
  abstract?: string;
  publishedAt?: string;
  notes?: string;
}

export interface PlannedNewPaper {
  id: string;
  fields: PaperFields;
  /** No title in the file: stored as an id-only stub. */
  stub: boolean;
}

export interface PlannedKnownPaper {
  id: string;
  /** The library's title (a stub's placeholder included). */
  title: string;
  firstSeenAt: number;
  lastSeenAt: number;
  /** Fields empty in the library that the file fills in; often none. */
  fill: PaperFields;
  /** Fields the library has and the file gives differently: the library's are kept. */
  kept: FillableField[];
}

export interface PlannedTag {
  name: string;
  /** The library's tag, when one has this name (case-insensitively). */
  existing?: { id: string; colour?: string; createdAt?: number };
}

export interface ImportPlan {
  newPapers: PlannedNewPaper[];
  /** Every item the library already has, in file order; `fill` says what would change. */
  knownPapers: PlannedKnownPaper[];
  starsToAdd: string[];
  alreadyStarred: string[];
  /** Every tag the links use, the library's and new ones, in order of first use. */
  tags: PlannedTag[];
  tagsToCreate: string[];
  linksToAdd: { paperId: string; tag: string }[];
  /** `index` is the item's position in the list given to planImport. */
  skipped: { index: number; id: string; reason: string }[];
  /** Things worth saying that skip nothing (a tag name shortened, items over the limit). */
  notices: string[];
  counts: {
    items: number;
    newPapers: number;
    stubs: number;
    papersFilled: number;
    starsToAdd: number;
    tagsToCreate: number;
    linksToAdd: number;
    skipped: number;
  };
}

/** The stored title of a paper known only by its id. */
export const stubTitle = (id: string): string => `arXiv:${id}`;

/** The store's limit on tag names (lib/model/library.ts Tag.name). */
const TAG_NAME_MAX = 40;
/**
 * New tags one import may create: far above a real library's (Zotero's automatic arXiv tags are a
 * handful of categories), low enough that a file with a keyword per paper cannot flood the tag list.
 */
export const MAX_NEW_TAGS = 2_000;
const linkKey = (paperId: string, key: string): string => `${paperId}\u0000${key}`;

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** The item's fields, cleaned and checked again (items may come from elsewhere than our parsers). */
function fieldsOf(item: ImportedItem): PaperFields {
  const out: PaperFields = {};
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const title = cleanLine(str(item.title), MAX_TITLE);
  if (title) out.title = title;
  if (Array.isArray(item.authors)) {
    const authors = item.authors
      .map((a) => cleanLine(str(a), MAX_NAME))
      .filter(Boolean)
      .slice(0, MAX_AUTHORS);
    if (authors.length) out.authors = authors;
  }
  const abstract = cleanLine(str(item.abstract), MAX_ABSTRACT);
  if (abstract) out.abstract = abstract;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(str(item.publishedAt));
  const publishedAt = date && isoDate(date[1], date[2], date[3]);
  if (publishedAt) out.publishedAt = publishedAt;
  const notes = cleanText(str(item.notes), MAX_NOTES);
  if (notes) out.notes = notes;
  return out;
}

/** A tag name as the store takes it: one line, blanks collapsed, at most 40 characters. */
function tagName(raw: string): { name: string; shortened: boolean } {
  const clean = cleanLine(raw, 10_000);
  if (clean.length <= TAG_NAME_MAX) return { name: clean, shortened: false };
  return { name: cut(clean, TAG_NAME_MAX - 1).trimEnd() + '…', shortened: true };
}

export function planImport(items: readonly ImportedItem[], library: LibraryView, opts: PlanOptions = {}): ImportPlan {
  const maxItems = opts.maxItems ?? MAX_IMPORT_ITEMS;
  const known = new Map<string, KnownPaper>();
  for (const p of library.papers) known.set(p.id, p);
  const starred = new Set<string>();
  for (const s of library.stars) starred.add(s.paperId);
  const tagsByKey = new Map<string, PlannedTag>();
  const keyOfTagId = new Map<string, string>();
  for (const t of library.tags) {
    const key = tagKey(t.name);
    keyOfTagId.set(t.id, key);
    if (!tagsByKey.has(key)) tagsByKey.set(key, { name: t.name, existing: { id: t.id, colour: t.colour, createdAt: t.createdAt } });
  }
  const links = new Set<string>();
  for (const l of library.paperTags ?? []) {
    const key = keyOfTagId.get(l.tagId);
    if (key !== undefined) links.add(linkKey(l.paperId, key));
  }

  const plan: ImportPlan = {
    newPapers: [],
    knownPapers: [],
    starsToAdd: [],
    alreadyStarred: [],
    tags: [],
    tagsToCreate: [],
    linksToAdd: [],
    skipped: [],
    notices: [],
    counts: { items: items.length, newPapers: 0, stubs: 0, papersFilled: 0, starsToAdd: 0, tagsToCreate: 0, linksToAdd: 0, skipped: 0 },
  };
  const usedTags = new Set<string>();
  const shortened = new Set<string>();
  let tooManyTags = 0;
  const seen = new Set<string>();

  items.slice(0, maxItems).forEach((item, index) => {
    const rawId = typeof item?.id === 'string' ? item.id.trim() : '';
    const id = normalizeArxivId(rawId);
    if (!id) {
      plan.skipped.push({ index, id: rawId, reason: rawId ? t('planNotAnId') : t('planNoId') });
      return;
    }
    if (seen.has(id)) {
      plan.skipped.push({ index, id, reason: t('planListedTwice') });
      return;
    }
    seen.add(id);
    const fields = fieldsOf(item);

    const current = known.get(id);
    if (current) {
      const fill: PaperFields = {};
      const kept: FillableField[] = [];
      for (const f of FILLABLE) {
        const incoming = fields[f];
        if (incoming === undefined) continue;
        const have = f === 'title' && current.title === stubTitle(id) ? undefined : current[f];
        if (isEmpty(have)) (fill as Record<FillableField, unknown>)[f] = incoming;
        else if (!same(have, incoming)) kept.push(f);
      }
      plan.knownPapers.push({ id, title: current.title, firstSeenAt: current.firstSeenAt, lastSeenAt: current.lastSeenAt, fill, kept });
      if (Object.keys(fill).length) plan.counts.papersFilled++;
    } else {
      plan.newPapers.push({ id, fields, stub: !fields.title });
      if (!fields.title) plan.counts.stubs++;
    }

    if (opts.star !== false) {
      if (starred.has(id)) plan.alreadyStarred.push(id);
      else {
        starred.add(id);
        plan.starsToAdd.push(id);
      }
    }

    const names: string[] = [];
    if (opts.fileTags !== false && Array.isArray(item.tags)) {
      for (const raw of item.tags.slice(0, MAX_TAGS_PER_ITEM)) if (typeof raw === 'string') names.push(raw);
    }
    if (opts.addTag !== undefined) names.push(opts.addTag);
    for (const raw of names) {
      const { name, shortened: cutShort } = tagName(raw);
      if (!name) continue;
      if (cutShort) shortened.add(cleanLine(raw, 200));
      const key = tagKey(name);
      let tag = tagsByKey.get(key);
      if (!tag) {
        if (plan.tagsToCreate.length >= MAX_NEW_TAGS) {
          tooManyTags++;
          continue;
        }
        tag = { name };
        tagsByKey.set(key, tag);
      }
      if (!usedTags.has(key)) {
        usedTags.add(key);
        plan.tags.push(tag);
        if (!tag.existing) plan.tagsToCreate.push(tag.name);
      }
      const link = linkKey(id, key);
      if (!links.has(link)) {
        links.add(link);
        plan.linksToAdd.push({ paperId: id, tag: tag.name });
      }
    }
  });

  if (items.length > maxItems) {
    plan.notices.push(t('planFirstOnly', formatCount(maxItems), formatCount(items.length - maxItems)));
  }
  if (tooManyTags) {
    const max = formatCount(MAX_NEW_TAGS);
    plan.notices.push(t(tooManyTags === 1 ? 'planTagUsesCutOne' : 'planTagUsesCutOther', max, formatCount(tooManyTags)));
  }
  if (shortened.size) {
    const list = [...shortened]
      .slice(0, 3)
      .map((n) => `“${cut(n, 60)}”`)
      .join(', ');
    plan.notices.push(
      tn(shortened.size, 'planTagsShortenedOne', 'planTagsShortenedOther', TAG_NAME_MAX, `${list}${shortened.size > 3 ? '…' : ''}`),
    );
  }
  Object.assign(plan.counts, {
    newPapers: plan.newPapers.length,
    starsToAdd: plan.starsToAdd.length,
    tagsToCreate: plan.tagsToCreate.length,
    linksToAdd: plan.linksToAdd.length,
    skipped: plan.skipped.length,
  });
  return plan;
}

// ---- the rows to merge ----------------------------------------------------------------------------

export interface SnapshotOptions {
  /** The import time (epoch ms): first/last seen of new papers, star, tag and link dates. */
  now: number;
  /** Ids for new tags (default crypto.randomUUID); the store remaps an id it already uses. */
  newTagId?: () => string;
  /** Settings to put in the snapshot (default DEFAULT_SETTINGS); see planToSnapshot. */
  settings?: Settings;
}

function randomId(): string {
  // randomUUID exists only in secure contexts (extension pages are; a plain http test page isn't).
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function isColour(c: unknown): c is Tag['colour'] {
  return typeof c === 'string' && (TAG_COLOURS as readonly string[]).includes(c);
}

function withFields(row: StoredPaper, fields: PaperFields): StoredPaper {
  if (fields.authors) row.authors = fields.authors;
  if (fields.abstract) row.abstract = fields.abstract;
  if (fields.publishedAt) row.publishedAt = fields.publishedAt;
  return row;
}

/**
 * The plan as a LibrarySnapshot for `Library.importSnapshot` (or `mergeSnapshot`): one row per
 * imported paper, the stars, the tags the links use and the links. Valid by the LibrarySnapshot
 * schema and self-consistent (every star and link names a paper and a tag in it).
 *
 * - A new paper: its fields, seen now (firstSeenAt = lastSeenAt = now, seenCount 1 — the schema
 *   wants a positive count — and no listing in seenOn).
 * - A known paper: the library's title and seen dates, plus only the fields to fill. Both merges
 *   (lib/db/merge.ts mergeStored, lib/db/snapshot-merge.ts mergeSnapshot) let the fresher row's
 *   fields win and the other only fill gaps; this row is never fresher, so it fills gaps and
 *   changes nothing else. Replacing a stub's placeholder title is the exception: that row is
 *   made 1 ms fresher so its title wins (a stub was never read off a page).
 * - Settings: `opts.settings` (default DEFAULT_SETTINGS). Library.importSnapshot keeps the
 *   user's settings; with mergeSnapshot pass `{ settings: 'existing' }`, or an import would
 *   reset them.
 */
export function planToSnapshot(plan: ImportPlan, opts: SnapshotOptions): LibrarySnapshot {
  const { now } = opts;
  const newTagId = opts.newTagId ?? randomId;
  const papers: StoredPaper[] = [];
  for (const p of plan.newPapers) {
    const title = p.fields.title ?? stubTitle(p.id);
    papers.push(
      withFields(
        {
          id: p.id,
          title,
          firstSeenAt: now,
          lastSeenAt: now,
          firstSeenDay: localDay(now),
          seenCount: 1,
          seenOn: [],
        },
        p.fields,
      ),
    );
  }
  for (const p of plan.knownPapers) {
    const title = p.fill.title ?? p.title;
    papers.push(
      withFields(
        {
          id: p.id,
          title,
          firstSeenAt: p.firstSeenAt,
          lastSeenAt: p.fill.title ? Math.max(now, p.lastSeenAt + 1) : p.lastSeenAt,
          firstSeenDay: localDay(p.firstSeenAt),
          seenCount: 1,
          seenOn: [],
        },
        p.fill,
      ),
    );
  }

  const stars: Star[] = plan.starsToAdd.map((paperId) => ({ paperId, starredAt: now }));

  // New tags take the palette colours used least, as the store does when a tag is created.
  const uses = new Map<string, number>(TAG_COLOURS.map((c) => [c, 0]));
  for (const t of plan.tags) if (isColour(t.existing?.colour)) uses.set(t.existing.colour, uses.get(t.existing.colour)! + 1);
  const tags: Tag[] = [];
  const idByName = new Map<string, string>();
  for (const t of plan.tags) {
    let tag: Tag;
    if (t.existing) {
      const colour = isColour(t.existing.colour) ? t.existing.colour : TAG_COLOURS[0];
      tag = { id: t.existing.id, name: t.name, colour, createdAt: t.existing.createdAt ?? now };
    } else {
      let colour: Tag['colour'] = TAG_COLOURS[0];
      for (const c of TAG_COLOURS) if (uses.get(c)! < uses.get(colour)!) colour = c;
      uses.set(colour, uses.get(colour)! + 1);
      tag = { id: newTagId(), name: t.name, colour, createdAt: now };
    }
    tags.push(tag);
    idByName.set(t.name, tag.id);
  }
  const paperTags: PaperTag[] = plan.linksToAdd.map((l) => ({ paperId: l.paperId, tagId: idByName.get(l.tag)!, taggedAt: now }));

  // Notes live in their own table: one per paper, merged with any note the paper has (both
  // texts are kept, lib/db/snapshot-merge.ts).
  const notes: PaperNote[] = [];
  for (const p of plan.newPapers)
    if (p.fields.notes) notes.push({ paperId: p.id, text: p.fields.notes.slice(0, NOTE_MAX), updatedAt: now });
  for (const p of plan.knownPapers) if (p.fill.notes) notes.push({ paperId: p.id, text: p.fill.notes.slice(0, NOTE_MAX), updatedAt: now });

  return { papers, stars, tags, paperTags, rules: [], settings: opts.settings ?? DEFAULT_SETTINGS, notes };
}
