import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import {
  tagKey,
  type HideRule,
  type LibrarySnapshot,
  type PaperNote,
  type PaperTag,
  type Settings,
  type Star,
  type StoredPaper,
  type Tag,
} from '../model/library';
import type { PaperRecord } from '../model/paper';
import { listingPath, localDay } from './derive';
import { DB_NAME, LATEST_VERSION } from './schema-version';
import { stampPaperWrites } from './updated-at';

/**
 * The library's IndexedDB database, in the extension's own origin (background, popup, library
 * page). Never open it from a content script: there it would be huggingface.co's database
 * (Dexie.js issues #233, #1978); content scripts go through lib/messaging.
 */
export { DB_NAME };

/** A tag as stored: the contract's Tag plus `key`, its lower-cased name, uniquely indexed. */
export type TagRow = Tag & { key: string };
/** The settings table holds one row under this key. */
export const SETTINGS_KEY = 'settings';
export type SettingsRow = { key: typeof SETTINGS_KEY; value: Partial<Settings> };

/**
 * Small bookkeeping values. `paperCount`: the number of papers, kept by every write that adds
 * papers — Chromium counts a 50,000-row store by walking it (~100+ ms), too slow for the popup.
 */
export type MetaRow = { key: 'paperCount'; value: number };
export const PAPER_COUNT = 'paperCount';
/** This database's identity (Library.databaseId), a row of `meta` too: sync tells a lost and remade database by it. */
export const DATABASE_ID = 'databaseId';
export type DatabaseIdRow = { key: typeof DATABASE_ID; value: string };

/**
 * One page read waiting to be merged into `papers` (see Library.recordSeen): the records as the
 * page read them and when. `seq` orders reads; the merge applies them oldest first. `textHashes`:
 * for each record sent with its long texts, their hash (null: a light record; lib/model/record-texts.ts).
 */
export type JournalRow = { seq?: number; at: number; records: PaperRecord[]; textHashes?: (string | null)[] };

/**
 * A local backup of what the user made (stars, tags, rules, settings and the papers they touch —
 * not the cache of every paper seen): kept in the database, a few per reason (backups.ts).
 */
export type BackupRow = {
  id?: number;
  createdAt: number;
  reason: 'scheduled' | 'manual' | 'before-import' | 'before-wipe';
  counts: { papers: number; stars: number; tags: number; rules: number };
  snapshot: LibrarySnapshot;
};

/** A paper the user marked "not interested" (a strong negative for the ranking, lib/rank). */
export type NotInterestedRow = { paperId: string; at: number };

/**
 * The trained ranking model, so a restarted background answers without training first.
 * `fingerprint` summarises the labels and papers it was trained on (lib/rank/service). The model
 * is the ranking's own structure (lib/rank/model RankModel): the store keeps it as it is given,
 * and the ranking checks it (`isRankModel`) when it reads it back.
 */
export type RankModelRow = { key: 'model'; savedAt: number; fingerprint: string; model: unknown };
export const RANK_MODEL_KEY = 'model';

/**
 * The ranking's training papers as it tokenised them (lib/rank/corpus), so a restarted background
 * does not tokenise every paper again. One row for all of them: reading 10,000 rows of one paper
 * each cost Chromium more than tokenising the papers (tests/bench/store.mjs), one row of typed
 * arrays costs a few tens of ms.
 *
 * Paper k (`ids[k]`) has the word ids `tokens[offsets[k] … offsets[k + 1])` (BREAK between
 * phrases); word id i is `words[i]`. Its tokens are used only while its title and abstract hash
 * to `hashes[k]` (lib/rank/corpus textHash), and the row only while `tokenizer` and
 * `titleWeight` are the current ones.
 */
export type RankTokensRow = {
  key: 'tokens';
  tokenizer: number;
  titleWeight: number;
  words: string[];
  ids: string[];
  hashes: Int32Array;
  offsets: Int32Array;
  tokens: Int32Array;
};
export const RANK_TOKENS_KEY = 'tokens';

/**
 * What the extension pages keep of a list so that opening it again reads neither every paper nor
 * every abstract: its search index (`search:<scope>`, components/search.ts) and its rows' summary
 * (`rows:<scope>`, components/row-cache.ts), saved together. The store keeps each as it is given:
 * it is a cache the page can always rebuild, so the page checks it whole when it reads it back and
 * ignores a row that is not what it wrote.
 */
export type SearchCacheRow = { key: string; savedAt: number; index: unknown };

export { tagKey };

export interface IndexedDBDeps {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export class PaperdeckDB extends Dexie {
  declare papers: EntityTable<StoredPaper, 'id'>;
  declare stars: EntityTable<Star, 'paperId'>;
  declare tags: EntityTable<TagRow, 'id'>;
  declare paperTags: Table<PaperTag, [string, string]>;
  declare rules: EntityTable<HideRule, 'id'>;
  declare settings: EntityTable<SettingsRow, 'key'>;
  declare meta: EntityTable<MetaRow, 'key'>;
  declare journal: EntityTable<JournalRow, 'seq'>;
  declare backups: EntityTable<BackupRow, 'id'>;
  declare notes: EntityTable<PaperNote, 'paperId'>;
  declare notInterested: EntityTable<NotInterestedRow, 'paperId'>;
  declare rankModels: EntityTable<RankModelRow, 'key'>;
  declare rankTokens: EntityTable<RankTokensRow, 'key'>;
  declare searchCache: EntityTable<SearchCacheRow, 'key'>;

  constructor(name: string = DB_NAME, deps: IndexedDBDeps = {}) {
    super(name, { ...deps });
    declareVersions(this);
    this.use(stampPaperWrites);
    // A database created fresh at the latest version (no upgrade runs): start the counter.
    this.on('populate', (tx) => tx.table('meta').put({ key: PAPER_COUNT, value: 0 } satisfies MetaRow));
    // Every time it opens (sticky), before any read or write of ours.
    this.on('ready', (db) => refuseNewerSchema(db), true);
  }
}

/**
 * A database written by a newer Paperdeck (the extension was downgraded, or an older build was
 * loaded over a newer one) is refused: its rows may have shapes this code does not know, and
 * writing them back in the old shape would lose what the newer version added. Nothing is read,
 * written or deleted; the open fails with a VersionError, which lib/db/errors maps to "written
 * by a newer version of Paperdeck — update the extension. Nothing was lost."
 *
 * Why here: IndexedDB itself refuses to open a database at a lower version (VersionError), but
 * Dexie 4 then opens it at the version it has, and would go on as if it were its own. (If the
 * newer schema lacks an index or table that this code declares, Dexie adds it back before this
 * check runs — an addition only, no row changes.) Dexie stores version n as native version
 * n × 10, plus 1 for each such addition.
 */
export function refuseNewerSchema(db: Dexie, known: number = LATEST_VERSION): void {
  const onDisk = Math.floor(db.backendDB().version / 10);
  if (onDisk > known) {
    throw new Dexie.VersionError(`The database is at schema version ${onDisk}; this version of Paperdeck knows versions up to ${known}.`);
  }
}

/**
 * Every schema version ever shipped, oldest first. Never edit or remove a version: a browser may
 * still hold a database at any of them. A new version = a new `db.version(n)` below with
 * `.upgrade()` when existing rows must change. Never change a stored field's type in place:
 * add a new field and migrate.
 *
 * `upTo` exists for the upgrade test, which writes a database with the real v1 declaration.
 */
export { LATEST_VERSION };

export function declareVersions(db: Dexie, upTo: number = LATEST_VERSION): void {
  // v1 (first development builds). Papers kept the last listing as `lastSeenOn: {view, url}`,
  // had no title-word or first-seen-day index; tag names were not unique case-insensitively;
  // there were no hide rules.
  db.version(1).stores({
    papers: 'id, firstSeenAt, lastSeenAt',
    stars: 'paperId, starredAt',
    tags: 'id, name',
    paperTags: '[paperId+tagId], paperId, tagId',
    settings: 'key',
  });

  if (upTo < 2) return;

  // v2. Papers: `seenOn` history, `firstSeenDay` and `titleWords` (derived, indexed
  // for "new today" and title search). Every index is paid for on each of the ~1,000 row writes
  // of a month listing, so papers carry only those the pages query: firstSeenDay, lastSeenAt
  // ("seen today", most recent first) and the title words; firstSeenAt, publishedAt and upvotes
  // were dropped from the plan (the library page sorts its in-memory rows). Tags: a
  // unique lower-cased `key`, so "LLM" and "llm" are one tag. Links: indexed by date.
  // New tables: hidden-topic rules; meta (the paper counter).
  db.version(2)
    .stores({
      papers: 'id, firstSeenDay, lastSeenAt, *titleWords',
      stars: 'paperId, starredAt',
      tags: 'id, &key',
      paperTags: '[paperId+tagId], paperId, tagId, taggedAt',
      rules: 'id, createdAt',
      settings: 'key',
      meta: 'key',
    })
    .upgrade(upgradeToV2);

  if (upTo < 3) return;

  // v3. `journal`: page reads not yet merged into papers. Writing ~1,000 paper rows (each with
  // four indexes) takes the browser 100+ ms however it is done, and a page read happens on every
  // visit; the read is logged as one row instead and merged a moment later, off the page's path.
  // `backups`: rolling local backups of the user's own data. `notes`: the user's note and
  // reading status per paper, indexed by status (filters) and date. For the "for you" ranking
  // (lib/rank): papers marked "not interested" (by date, newest first) and the trained model (one
  // row, kept so a restarted MV3 service worker answers without retraining), and the training
  // papers' tokens (one row, so that retraining after a restart does not tokenise 10,000 abstracts
  // again). New tables only: nothing existing changes.
  // (v3 was extended with rankTokens before its first release.)
  db.version(3).stores({
    journal: '++seq',
    backups: '++id, createdAt',
    notes: 'paperId, status, updatedAt',
    notInterested: 'paperId, at',
    rankModels: 'key',
    rankTokens: 'key',
  });

  if (upTo < 4) return;

  // v4. Papers lose `titleWords` and its multi-entry index. Every paper write kept ~10 index
  // entries up to date for it, yet only a title search nothing called any more read it (the popup
  // and the library page search in memory, components/search.ts). The upgrade deletes the field
  // from every paper row and keeps every row. (Local backups keep the field inside their
  // snapshots; reading a snapshot drops it, lib/model/library.ts StoredPaper.)
  // Backups are indexed by reason and date too: each reason keeps its newest few (backups.ts),
  // found from the index without reading the backups themselves (each holds a snapshot).
  db.version(4).stores({ papers: 'id, firstSeenDay, lastSeenAt', backups: '++id, createdAt, [reason+createdAt]' }).upgrade(dropTitleWords);

  if (upTo < 5) return;

  // v5. The extension pages' search index of abstracts (SearchCacheRow), so the library page
  // answers searches of 50,000 abstracts a moment after it opens instead of after indexing them
  // all again. A new table only: nothing existing changes.
  db.version(5).stores({ searchCache: 'key' });

  if (upTo < 6) return;

  // v6. Papers are indexed by `updatedAt`, stamped on every write (updated-at.ts), so the library
  // page reads back only the papers changed since it saved its rows (searchCache). An index only:
  // every row is kept as it is (a row without the field is simply not in the index).
  db.version(6).stores({ papers: 'id, firstSeenDay, lastSeenAt, updatedAt' });
}

/** The v1 paper row, for the upgrade only. */
type PaperRowV1 = Omit<StoredPaper, 'seenOn' | 'firstSeenDay'> & {
  lastSeenOn?: { view: StoredPaper['seenOn'][number]['view']; url: string };
};

async function upgradeToV2(tx: Transaction): Promise<void> {
  // Papers: derive the new fields; the single last listing becomes a one-entry history.
  await tx
    .table('papers')
    .toCollection()
    .modify((row: PaperRowV1 & Partial<StoredPaper>) => {
      row.firstSeenDay = localDay(row.firstSeenAt);
      // (v2 also derived `titleWords` here; v4 deletes the field, so it is no longer made.)
      row.seenOn = row.lastSeenOn ? [{ view: row.lastSeenOn.view, path: listingPath(row.lastSeenOn.url), at: row.lastSeenAt }] : [];
      delete row.lastSeenOn;
    });
  await tx.table('meta').put({ key: PAPER_COUNT, value: await tx.table('papers').count() } satisfies MetaRow);

  // Tags: v1 allowed "LLM" and "llm" side by side; the unique `key` index forbids that, so
  // fold such duplicates into the oldest one, moving its paper links over (none is lost).
  const tags = (await tx.table('tags').toArray()) as TagRow[];
  tags.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const keeperByKey = new Map<string, TagRow>();
  const links = tx.table('paperTags') as Table<PaperTag, [string, string]>;
  for (const tag of tags) {
    const key = tagKey(tag.name);
    const keeper = keeperByKey.get(key);
    if (!keeper) {
      keeperByKey.set(key, tag);
      await tx.table('tags').update(tag.id, { key });
      continue;
    }
    const moved = await links.where('tagId').equals(tag.id).toArray();
    for (const link of moved) {
      const existing = await links.get([link.paperId, keeper.id]);
      if (!existing || existing.taggedAt > link.taggedAt) {
        await links.put({ paperId: link.paperId, tagId: keeper.id, taggedAt: link.taggedAt });
      }
      await links.delete([link.paperId, tag.id]);
    }
    await tx.table('tags').delete(tag.id);
  }
}

/** v3 → v4: the paper rows without `titleWords` (see version 4). */
async function dropTitleWords(tx: Transaction): Promise<void> {
  await tx
    .table('papers')
    .toCollection()
    .modify((row: StoredPaper & { titleWords?: unknown }) => {
      delete row.titleWords;
    });
}
