/**
 * What the ranking keeps in IndexedDB besides the user's data: the trained model (table
 * rankModels), so a restarted worker answers at once, and the training papers' tokens (one row of
 * table rankTokens), so it tokenises only the papers it has not seen, or whose text changed since
 * (a hash of the text tells), instead of all of them.
 *
 * The model carries a fingerprint of what it was trained on: counts and latest dates of the
 * labels, and the number of papers — a few cheap reads. A restarted worker compares it with the
 * library's and retrains (answering with the stored model meanwhile) if it moved.
 */
import { PAPER_COUNT, RANK_MODEL_KEY, RANK_TOKENS_KEY, type PaperdeckDB, type RankTokensRow } from '../db/database';
import { Corpus } from './corpus';
import { isRankModel, type RankModel } from './model';
import { TOKENIZER_VERSION } from './tokenize';

/** The library state a model is trained on, in a few cheap reads (inside a caller's transaction too). */
export async function fingerprintIn(db: PaperdeckDB): Promise<string> {
  const [stars, lastStar, links, lastLink, marked, lastMark, papers] = await Promise.all([
    db.stars.count(),
    db.stars.orderBy('starredAt').last(),
    db.paperTags.count(),
    db.paperTags.orderBy('taggedAt').last(),
    db.notInterested.count(),
    db.notInterested.orderBy('at').last(),
    db.meta.get(PAPER_COUNT),
  ]);
  return [stars, lastStar?.starredAt, links, lastLink?.taggedAt, marked, lastMark?.at, papers?.value].join('/');
}

/** The stored model (null: none, or not one this code reads), and whether the library moved since. */
export async function readStoredModel(
  db: PaperdeckDB,
): Promise<{ stored: { model: RankModel; savedAt: number } | null; found: boolean; moved: boolean }> {
  const { row, fingerprint } = await db.transaction('r', [db.rankModels, db.stars, db.paperTags, db.notInterested, db.meta], async () => ({
    row: await db.rankModels.get(RANK_MODEL_KEY),
    fingerprint: await fingerprintIn(db),
  }));
  return {
    stored: row && isRankModel(row.model) ? { model: row.model, savedAt: row.savedAt } : null,
    found: row !== undefined,
    moved: row !== undefined && row.fingerprint !== fingerprint,
  };
}

export async function storeModel(db: PaperdeckDB, model: RankModel, fingerprint: string, savedAt: number): Promise<void> {
  await db.rankModels.put({ key: RANK_MODEL_KEY, savedAt, fingerprint, model });
}

export async function dropModel(db: PaperdeckDB): Promise<void> {
  await db.rankModels.delete(RANK_MODEL_KEY);
}

/** Stored tokens this code can use: made by this tokenizer, with this title weight, and not damaged. */
export interface StoredTokens {
  row: RankTokensRow;
  /** Paper id → its place in the row. */
  index: Map<string, number>;
  /** A corpus whose lexicon is the row's word list (so the row's tokens can be added as they are). */
  corpus: Corpus;
}

export function usableTokens(row: RankTokensRow | undefined, titleWeight: number): StoredTokens | null {
  if (!row || row.tokenizer !== TOKENIZER_VERSION || row.titleWeight !== titleWeight) return null;
  try {
    const corpus = new Corpus(titleWeight, row.words);
    return { row, index: new Map(row.ids.map((id, k) => [id, k])), corpus };
  } catch (e) {
    // A damaged word list (a word twice): tokenise again.
    console.warn('[paperdeck] ranking: the stored tokens are unusable; tokenising again', e);
    return null;
  }
}

/** The tokens of this paper in the stored row, if its text still hashes the same. */
export function storedTokensOf(stored: StoredTokens | null, id: string, hash: number): Int32Array | null {
  const k = stored?.index.get(id);
  if (k === undefined) return null;
  const { offsets, tokens, hashes } = stored!.row;
  return hashes[k] === hash ? tokens.subarray(offsets[k], offsets[k + 1]) : null;
}

/**
 * Stores every paper's tokens of the corpus in one row, with the word list their ids refer to.
 * Throws when the write fails (the caller keeps them as unsaved).
 */
export async function storeTokens(db: PaperdeckDB, corpus: Corpus): Promise<void> {
  const ids = [...corpus.ids()];
  const offsets = new Int32Array(ids.length + 1);
  ids.forEach((id, k) => (offsets[k + 1] = offsets[k]! + corpus.get(id)!.tokens.length));
  const tokens = new Int32Array(offsets[ids.length]!);
  ids.forEach((id, k) => tokens.set(corpus.get(id)!.tokens, offsets[k]));
  const row: RankTokensRow = {
    key: RANK_TOKENS_KEY,
    tokenizer: TOKENIZER_VERSION,
    titleWeight: corpus.titleWeight,
    words: corpus.stems(),
    ids,
    hashes: Int32Array.from(ids, (id) => corpus.hashOf(id) ?? 0),
    offsets,
    tokens,
  };
  await db.rankTokens.put(row);
}
