import type { StoredPaper } from '../lib/model/library';

/** A paper as the lists show it. */
export type PaperSummary = Pick<
  StoredPaper,
  | 'id'
  | 'title'
  | 'authors'
  | 'authorCount'
  | 'organization'
  | 'publishedAt'
  | 'upvotes'
  | 'aiSummary'
  | 'firstSeenAt'
  | 'lastSeenAt'
  // Hugging Face's signals, for the library page's filters (code, AI keywords).
  | 'github'
  | 'keywords'
>;

/**
 * A list's rows as saved beside its search index (Library.saveListCaches), so that the library
 * page opened again reads one value of a few MB instead of 50,000 paper rows with their abstracts
 * (~75 MB: 6.8 s at load 3, tests/bench/ui.mjs), then only the papers written since
 * (Library.papersWrittenSince).
 *
 * Columns, not objects: a column of numbers is one typed array, and author names, organizations,
 * dates and AI keywords repeat across papers, so each is kept once in a dictionary and referred
 * to by number (fewer bytes to read back, and one string per name in memory instead of one per
 * row). `watermark`: every paper written since then is read again at the next opening (see
 * `SAVE_MARGIN` in store.ts). `indexSavedAt`: the `savedAt` of the search index these rows go with
 * (an index saved at another moment may hold other abstracts: then neither is used).
 */
export interface SavedRows {
  format: number;
  watermark: number;
  indexSavedAt: number;
  /** Papers that had tags or a note when saved (their search text is checked again at the next opening). */
  decorated: string[];
  ids: string[];
  titles: string[];
  /** -1: none. */
  ints: Int32Array;
  times: Float64Array;
  /** '' for none. */
  aiSummaries: string[];
  githubRepos: string[];
  words: string[];
  /** Per row, `LISTS` lists: their length (-1: absent), then the word numbers of every list, in order. */
  listLengths: Int32Array;
  listWords: Int32Array;
  orgs: { slug: string; name?: string }[];
}

/** A new number whenever SavedRows changes shape: an older saved value is then not used. */
const FORMAT = 1;
/** Per row in `ints`: authorCount, upvotes, github stars, organization (its index in `orgs`), publishedAt (a word). */
const INTS = 5;
/** Per row in `times`: firstSeenAt, lastSeenAt. */
const TIMES = 2;
/** Per row, in `listLengths`: authors, keywords. */
const LISTS = 2;

class Dictionary {
  readonly words: string[] = [];
  private readonly numbers = new Map<string, number>();
  of(word: string): number {
    let n = this.numbers.get(word);
    if (n === undefined) {
      n = this.words.length;
      this.words.push(word);
      this.numbers.set(word, n);
    }
    return n;
  }
}

export function encodeRows(
  rows: Iterable<PaperSummary>,
  count: number,
  meta: Pick<SavedRows, 'watermark' | 'indexSavedAt' | 'decorated'>,
): SavedRows {
  const words = new Dictionary();
  const orgKeys = new Dictionary();
  const orgs: SavedRows['orgs'] = [];
  const ids: string[] = [];
  const titles: string[] = [];
  const aiSummaries: string[] = [];
  const githubRepos: string[] = [];
  const ints = new Int32Array(count * INTS);
  const times = new Float64Array(count * TIMES);
  const listLengths = new Int32Array(count * LISTS);
  const listWords: number[] = [];
  let i = 0;
  for (const row of rows) {
    if (i === count) break;
    ids.push(row.id);
    titles.push(row.title);
    aiSummaries.push(row.aiSummary ?? '');
    githubRepos.push(row.github?.repo ?? '');
    let org = -1;
    if (row.organization) {
      const { slug, name } = row.organization;
      org = orgKeys.of(`${slug}\u0000${name ?? '\u0001'}`);
      if (org === orgs.length) orgs.push(name === undefined ? { slug } : { slug, name });
    }
    ints.set(
      [row.authorCount ?? -1, row.upvotes ?? -1, row.github?.stars ?? -1, org, row.publishedAt ? words.of(row.publishedAt) : -1],
      i * INTS,
    );
    times[i * TIMES] = row.firstSeenAt;
    times[i * TIMES + 1] = row.lastSeenAt;
    [row.authors, row.keywords].forEach((list, l) => {
      listLengths[i * LISTS + l] = list ? list.length : -1;
      for (const w of list ?? []) listWords.push(words.of(w));
    });
    i++;
  }
  return {
    format: FORMAT,
    ...meta,
    ids,
    titles,
    ints: ints.subarray(0, i * INTS).slice(),
    times: times.subarray(0, i * TIMES).slice(),
    aiSummaries,
    githubRepos,
    words: words.words,
    listLengths: listLengths.subarray(0, i * LISTS).slice(),
    listWords: Int32Array.from(listWords),
    orgs,
  };
}

const strings = (x: unknown, n: number): x is string[] => Array.isArray(x) && x.length === n && x.every((s) => typeof s === 'string');

/** The saved value, when it is one `encodeRows` made in this format (checked whole: it is read from disk). */
export function checkRows(value: unknown): SavedRows | null {
  if (typeof value !== 'object' || value === null) return null;
  const s = value as Partial<SavedRows>;
  if (s.format !== FORMAT || typeof s.watermark !== 'number' || typeof s.indexSavedAt !== 'number') return null;
  const n = Array.isArray(s.ids) ? s.ids.length : -1;
  const ok =
    strings(s.ids, n) &&
    strings(s.titles, n) &&
    strings(s.aiSummaries, n) &&
    strings(s.githubRepos, n) &&
    strings(s.decorated, s.decorated?.length ?? -1) &&
    strings(s.words, s.words?.length ?? -1) &&
    s.ints instanceof Int32Array &&
    s.ints.length === n * INTS &&
    s.times instanceof Float64Array &&
    s.times.length === n * TIMES &&
    s.listLengths instanceof Int32Array &&
    s.listLengths.length === n * LISTS &&
    s.listWords instanceof Int32Array &&
    Array.isArray(s.orgs) &&
    s.orgs.every((o: unknown) => typeof o === 'object' && o !== null && typeof (o as { slug?: unknown }).slug === 'string');
  if (!ok) return null;
  const saved = s as SavedRows;
  // Every number refers to something that is there.
  const wordCount = saved.words.length;
  let listTotal = 0;
  for (const len of saved.listLengths) listTotal += Math.max(0, len);
  if (listTotal !== saved.listWords.length || saved.listWords.some((w) => w < 0 || w >= wordCount)) return null;
  for (let i = 0; i < n; i++) {
    const org = saved.ints[i * INTS + 3]!;
    const day = saved.ints[i * INTS + 4]!;
    if (org >= saved.orgs.length || day >= wordCount) return null;
  }
  return saved;
}

/** Calls `take` with each saved row (a fresh object, as the store keeps it). */
export function eachSavedRow(saved: SavedRows, take: (row: PaperSummary) => void): void {
  const { ids, titles, ints, times, aiSummaries, githubRepos, words, listLengths, listWords, orgs } = saved;
  let w = 0;
  const list = (len: number): string[] | undefined => {
    if (len < 0) return undefined;
    const out = new Array<string>(len);
    for (let k = 0; k < len; k++) out[k] = words[listWords[w++]!]!;
    return out;
  };
  for (let i = 0; i < ids.length; i++) {
    const row: PaperSummary = { id: ids[i]!, title: titles[i]!, firstSeenAt: times[i * TIMES]!, lastSeenAt: times[i * TIMES + 1]! };
    const authors = list(listLengths[i * LISTS]!);
    const keywords = list(listLengths[i * LISTS + 1]!);
    const at = i * INTS;
    const [authorCount, upvotes, stars, org, day] = [ints[at]!, ints[at + 1]!, ints[at + 2]!, ints[at + 3]!, ints[at + 4]!];
    if (authors) row.authors = authors;
    if (authorCount >= 0) row.authorCount = authorCount;
    if (org >= 0) row.organization = orgs[org];
    if (day >= 0) row.publishedAt = words[day];
    if (upvotes >= 0) row.upvotes = upvotes;
    if (aiSummaries[i]) row.aiSummary = aiSummaries[i];
    if (githubRepos[i]) row.github = stars >= 0 ? { repo: githubRepos[i]!, stars } : { repo: githubRepos[i]! };
    if (keywords) row.keywords = keywords;
    take(row);
  }
}
