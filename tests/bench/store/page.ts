/**
 * The store benchmark's in-browser half: bundled (with lib/db) into one IIFE by bench/store.mjs
 * and run in a page of real Chromium, where IndexedDB is the browser's own. Every function
 * returns plain numbers (milliseconds) for the Node side to print.
 */
import Dexie, { liveQuery } from 'dexie';
import { PaperdeckDB, RANK_MODEL_KEY } from '../../../lib/db/database';
import { Library } from '../../../lib/db/library';
import type { PaperRecord } from '../../../lib/model/paper';
import { Corpus } from '../../../lib/rank/corpus';
import { assemble, fitOverall } from '../../../lib/rank/model';
import { selectFeatures } from '../../../lib/rank/tfidf';
import { MAX_PAPERS, RankService } from '../../../lib/rank/service';

const WORDS = (
  'scaling diffusion transformer language model reasoning agents benchmark vision multimodal efficient ' +
  'sparse mixture experts retrieval augmented generation alignment reward preference optimization video ' +
  'robotics policy learning tokenizer attention long context memory speculative decoding quantization ' +
  'distillation synthetic data evaluation safety open weights code math chain thought latent'
).split(' ');
const NAMES = 'Ada Alan Grace Edsger Barbara Donald Leslie Tim Yoshua Geoffrey Fei-Fei Andrew Ilya Oriol Jeff'.split(' ');
const SURNAMES = 'Lovelace Turing Hopper Dijkstra Liskov Knuth Lamport Berners-Lee Bengio Hinton Li Ng Sutskever Vinyals Dean'.split(' ');

/** A deterministic pseudo-random stream, so every run writes the same data. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export function arxivId(i: number): string {
  return `${2400 + Math.floor(i / 99_999) + 1}.${String((i % 99_999) + 1).padStart(5, '0')}`;
}

/** Records shaped like a daily listing's: full abstracts, authors, organisation, counts. */
export function makeRecords(count: number, start = 0, seed = 1): PaperRecord[] {
  const r = rng(seed + start);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const authors = Array.from({ length: 3 + Math.floor(r() * 8) }, () => `${pick(NAMES)} ${pick(SURNAMES)}`);
    const title = words(7 + Math.floor(r() * 6));
    const record: PaperRecord = {
      id: arxivId(i),
      title: title[0]!.toUpperCase() + title.slice(1),
      abstract: Array.from({ length: 8 }, () => words(20)).join('. ') + '.',
      authors,
      authorCount: authors.length,
      organization: { slug: `org-${i % 50}`, name: `Organisation ${i % 50}` },
      publishedAt: `2025-0${1 + (i % 9)}-1${i % 10}`,
      upvotes: Math.floor(r() * 200),
      comments: Math.floor(r() * 10),
      submitter: `user${i % 300}`,
      thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${arxivId(i)}.png`,
      keywords: [pick(WORDS), pick(WORDS)],
      seenOn: { view: 'daily', url: 'https://huggingface.co/papers?date=2025-01-15' },
    };
    if (i % 3 === 0) record.github = { repo: `https://github.com/org-${i % 50}/repo-${i}`, stars: Math.floor(r() * 1000) };
    return record;
  });
}

const now = () => performance.now();

async function fresh(name: string): Promise<Library> {
  await Dexie.delete(name);
  const db = new PaperdeckDB(name);
  await db.open();
  return new Library(db);
}

type SeenRuns = { fresh: number[]; known: number[]; mergeFresh: number[]; mergeKnown: number[] };

/**
 * recordSeen of `size` new records, then of the same `size` again (already known, new counts):
 * the time until the page read is stored (logged), and, separately, the merge into papers that
 * follows in the background (settle).
 */
export async function recordSeenRuns(runs: number, size = 1000): Promise<SeenRuns> {
  const out: SeenRuns = { fresh: [], known: [], mergeFresh: [], mergeKnown: [] };
  for (let run = 0; run < runs; run++) {
    const library = await fresh(`bench-record-${run}`);
    // A store that is not empty, as in real use.
    await library.recordSeen(makeRecords(2000, 500_000, 7), Date.now() - 86_400_000);
    await library.settle();
    const batch = makeRecords(size, run * size);
    let t = now();
    await library.recordSeen(batch, Date.now());
    out.fresh.push(now() - t);
    t = now();
    const added = await library.settle();
    out.mergeFresh.push(now() - t);
    if (added.added !== size) throw new Error(`merge added ${added.added} of ${size}`);
    const again = batch.map((p) => ({ ...p, upvotes: (p.upvotes ?? 0) + 1, comments: (p.comments ?? 0) + 1 }));
    t = now();
    await library.recordSeen(again, Date.now() + 1);
    out.known.push(now() - t);
    t = now();
    const updated = await library.settle();
    out.mergeKnown.push(now() - t);
    if (updated.updated !== size) throw new Error(`merge updated ${updated.updated} of ${size}`);
    library.db.close();
    await Dexie.delete(library.db.name);
  }
  return out;
}

/** getState of `cards` ids on a store of 5,000 papers with stars and tags. */
export async function getStateRuns(runs: number, cards = 100): Promise<number[]> {
  const library = await fresh('bench-state');
  const start = Date.now() - 3 * 86_400_000;
  for (let b = 0; b < 5; b++) await library.recordSeen(makeRecords(1000, b * 1000), start + b);
  await library.settle();
  for (let i = 0; i < 500; i++) await library.star(arxivId(i * 10), start + i);
  for (let i = 0; i < 300; i++) await library.tag(arxivId(i * 10), `tag ${i % 30}`, start + i);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const ids = Array.from({ length: cards }, (_, k) => arxivId(((run * 37 + k) * 7) % 5500)); // ~10% unknown
    const t = now();
    await library.getState(ids, Date.now());
    times.push(now() - t);
  }
  library.db.close();
  return times;
}

/** Fills a store with `papers` papers (1,000 per recordSeen) and `stars` stars. Returns ms per batch. */
export async function populate(name: string, papers: number, stars: number): Promise<number[]> {
  const library = await fresh(name);
  const start = Date.now() - 400 * 86_400_000;
  const batchTimes: number[] = [];
  for (let b = 0; b < papers / 1000; b++) {
    const t = now();
    await library.recordSeen(makeRecords(1000, b * 1000), start + b * 8 * 3_600_000);
    await library.settle();
    batchTimes.push(now() - t);
  }
  const step = Math.floor(papers / stars);
  await library.db.transaction('rw', library.db.stars, () =>
    library.db.stars.bulkAdd(Array.from({ length: stars }, (_, i) => ({ paperId: arxivId(i * step), starredAt: start + i * 60_000 }))),
  );
  for (let i = 0; i < 40; i++) await library.tag(arxivId(i * step), `topic ${i % 12}`);
  library.db.close();
  return batchTimes;
}

/**
 * What a freshly opened popup does first: open the database, then its first reads — the first
 * screen of starred papers (components/store.ts, 20 rows in the popup) and the header counts
 * (components/Popup.tsx), sent together. (Until schema v4 this measured `Library.overview`, which
 * no page used: counts with the paper counter plus the 20 newest stars, 12.3 ms in the last run.)
 */
export async function popupFirstQuery(
  name: string,
): Promise<{ open: number; first: number; second: number; papers: number; starred: number }> {
  let t = now();
  const db = new PaperdeckDB(name);
  await db.open();
  const open = now() - t;
  const library = new Library(db);
  const query = () => Promise.all([library.firstScreen('starred', 20), library.headerCounts()]);
  t = now();
  const [screen, header] = await query();
  const first = now() - t;
  t = now();
  await query();
  const second = now() - t;
  const papers = await library.paperCount();
  db.close();
  if (screen.stars.length !== 20 || screen.papers.some((p) => !p)) throw new Error('popup first screen incomplete');
  return { open, first, second, papers, starred: header.starred };
}

// ---- reference: raw IndexedDB, no Dexie, no merge ------------------------------------------

function rawTx(db: IDBDatabase, fn: (store: IDBObjectStore) => void): Promise<number> {
  const t = now();
  return new Promise((resolve, reject) => {
    const tx = db.transaction('papers', 'readwrite');
    fn(tx.objectStore('papers'));
    tx.oncomplete = () => resolve(now() - t);
    tx.onerror = () => reject(tx.error);
  });
}

/**
 * The floor under recordSeen on this machine: 1,000 puts of the rows recordSeen would write,
 * into a store with the papers table's indexes, straight through IndexedDB; and 1,000 puts of
 * tiny rows into a store without indexes (the per-request cost alone).
 */
export async function rawFloor(runs: number, size = 1000): Promise<{ rows: number[]; tiny: number[] }> {
  const out = { rows: [] as number[], tiny: [] as number[] };
  // The rows exactly as the library stores them (lastSeenAt etc. filled in by a real merge).
  const probe = await fresh('bench-floor-probe');
  const schema = probe.db.papers.schema;
  for (let run = 0; run < runs; run++) {
    const batch = makeRecords(size, 200_000 + run * size);
    await probe.recordSeen(batch);
    await probe.settle();
    const rows = await probe.db.papers.bulkGet(batch.map((r) => r.id));
    const name = `bench-floor-${run}`;
    await Dexie.delete(name);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => {
        const full = req.result.createObjectStore('papers', { keyPath: 'id' });
        for (const idx of schema.indexes) full.createIndex(idx.name, idx.keyPath as string, { multiEntry: idx.multi, unique: idx.unique });
        req.result.createObjectStore('tiny', { keyPath: 'id' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    out.rows.push(await rawTx(db, (store) => rows.forEach((r) => store.put(r))));
    const t = now();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('tiny', 'readwrite');
      const store = tx.objectStore('tiny');
      for (let i = 0; i < size; i++) store.put({ id: `k${i}` });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    out.tiny.push(now() - t);
    db.close();
    await Dexie.delete(name);
  }
  probe.db.close();
  return out;
}

// ---- two tabs at once ----------------------------------------------------------------------

let watched: PaperdeckDB | undefined;
const arrivals: Record<string, number> = {};

/** Tab B: watch stars with liveQuery, noting (epoch ms) when each star first shows up. */
export async function watchStars(name: string): Promise<void> {
  watched = new PaperdeckDB(name);
  await watched.open();
  const db = watched;
  await new Promise<void>((ready) => {
    liveQuery(() => db.stars.toCollection().primaryKeys()).subscribe((keys) => {
      const at = performance.timeOrigin + performance.now();
      for (const key of keys) arrivals[key] ??= at;
      ready();
    });
  });
}

export function arrivalOf(id: string): number | undefined {
  return arrivals[id];
}

/** Tab A: star one paper; returns the epoch ms just before the call. */
export async function starOne(name: string, i: number): Promise<number> {
  const library = new Library(new PaperdeckDB(name));
  await library.recordSeen(makeRecords(1, i));
  const at = performance.timeOrigin + performance.now();
  await library.star(arxivId(i));
  library.db.close();
  return at;
}

/** Stars `count` papers from `start`, each in its own transaction, all at once. */
export async function starMany(name: string, start: number, count: number): Promise<number> {
  const library = new Library(new PaperdeckDB(name));
  const records = makeRecords(count, start, 3);
  await Promise.all(records.map((r) => library.star(r)));
  library.db.close();
  return count;
}

export async function countStars(name: string): Promise<number> {
  const db = new PaperdeckDB(name);
  const n = await db.stars.count();
  db.close();
  return n;
}

export async function reset(name: string): Promise<void> {
  await Dexie.delete(name);
}

type RankLoad = { model: number; total: number; tokenised: number; reused: number; starred: number };

/**
 * The ranking's background (lib/rank/service) over this page's IndexedDB: a library of `papers`
 * (the rank bench's synthetic ones, worded like real abstracts), every `starEvery`-th starred.
 * Then, one call each, full loads by new RankServices as restarted workers do (rankLoad), and the
 * same steps timed one by one (rankStages).
 */
export async function rankSetup(name: string, papers: Array<{ id: string; title: string; abstract: string }>, starEvery: number) {
  const library = await fresh(name);
  const start = Date.now() - 30 * 86_400_000;
  for (let b = 0; b < papers.length; b += 1000) {
    const records = papers
      .slice(b, b + 1000)
      .map((p): PaperRecord => ({ ...p, seenOn: { view: 'daily', url: 'https://huggingface.co/papers' } }));
    await library.recordSeen(records, start + b);
    await library.settle();
  }
  const stars = papers.filter((_, i) => i % starEvery === 0).map((p, i) => ({ paperId: p.id, starredAt: start + i }));
  await library.db.transaction('rw', library.db.stars, () => library.db.stars.bulkAdd(stars));
  library.db.close();
}

/**
 * One full load by a new RankService (`storedTokens: false`: the stored tokens are deleted first,
 * so every paper is tokenised): the time until the model is announced (read + tokens + train +
 * model stored), and until the tokens are stored too.
 */
export async function rankLoad(name: string, storedTokens: boolean): Promise<RankLoad> {
  const library = new Library(new PaperdeckDB(name));
  if (!storedTokens) await library.db.rankTokens.clear();
  let model = 0;
  const t = now();
  const service = new RankService(library, { debounceMs: 0, announce: () => void (model ||= now() - t) });
  service.onChange({ ids: [], what: ['papers'] });
  await service.flush();
  const total = now() - t;
  const current = service.current();
  service.stop();
  library.db.close();
  return { model, total, tokenised: current.tokenised, reused: current.reused, starred: current.model?.starred ?? 0 };
}

/**
 * A first training's steps, timed one by one with the ranking's own functions (no pauses between
 * them): reading the papers as the background does, tokenising, picking the features and
 * vectorising, fitting the overall model, storing it.
 */
export async function rankStages(name: string): Promise<Record<string, number>> {
  const db = new PaperdeckDB(name);
  const t0 = now();
  const papers = await db.papers.orderBy('lastSeenAt').reverse().limit(MAX_PAPERS).toArray();
  const starred = new Set(await db.stars.toCollection().primaryKeys());
  const t1 = now();
  const corpus = new Corpus();
  for (const p of papers) corpus.add(p);
  const t2 = now();
  const ids = [...corpus.ids()].sort();
  const { features, vectorizer } = selectFeatures(corpus, ids);
  const t3a = now();
  const { rows, vectors } = vectorizer.all();
  const prepared = { ids, features, x: vectors, rows };
  const t3 = now();
  const overall = fitOverall(prepared, { starred, tags: new Map(), notInterested: new Set() });
  const t4 = now();
  const { model } = assemble(prepared, { starred, tags: new Map(), notInterested: new Set() }, overall, {});
  await db.rankModels.put({ key: RANK_MODEL_KEY, savedAt: 0, fingerprint: '', model });
  const t5 = now();
  db.close();
  return { read: t1 - t0, tokenise: t2 - t1, features: t3a - t2, vectors: t3 - t3a, fit: t4 - t3, store: t5 - t4 };
}

export async function rankTeardown(name: string): Promise<void> {
  await Dexie.delete(name);
}
