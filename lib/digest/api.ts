/**
 * The digest's one request: the day's list from huggingface.co's public API,
 *   GET https://huggingface.co/api/daily_papers?date=YYYY-MM-DD&limit=100
 * whose items are the same objects as the list pages' `DailyPapers` island (../shared/fixtures/README.md,
 * "The public API" [HH]): `{ paper: { id, title, summary, authors[], publishedAt, upvotes, ai_summary?,
 * ai_keywords?, githubRepo?, githubStars?, projectPage?, organization?, … }, title, numComments,
 * submittedBy, organization?, … }`.
 *
 * The answer is not trusted: it is checked whole with zod before anything is kept, and refused
 * whole — nothing recorded, nothing ranked — when it is not a list of such items (an error page,
 * a truncated body, a wrong type anywhere in the fields we read, more items or bytes than any
 * real day). Fields we do not read are let through unchecked (the API adds fields over time).
 * Valid items become PaperRecords through the page reader's own mapping (lib/hf/hydration
 * normalizeItem), so a paper read here is the same record as one read off the page.
 */
import { normalizeItem } from '../hf/hydration';
import { ARXIV_ID_RE } from '../model/arxiv';
import { PaperRecord } from '../model/paper';
import { z } from '../model/zod';

export const API_ORIGIN = 'https://huggingface.co';
/** More than any day holds (30–77 seen): one request gets the whole day. */
export const API_LIMIT = 100;
/** Items refused beyond this (a day is at most API_LIMIT; a hostile answer could be anything). */
const MAX_ITEMS = API_LIMIT;
/** 100 items are ~1 MB with abstracts; a larger body is refused before it is parsed. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

/** The request for one day's listing. */
export function dailyPapersUrl(date: string): string {
  return `${API_ORIGIN}/api/daily_papers?date=${encodeURIComponent(date)}&limit=${API_LIMIT}`;
}

/** Where the day's list is on the site: the `seenOn` of the papers the digest records. */
export function dailyPageUrl(date: string): string {
  return `${API_ORIGIN}/papers/date/${encodeURIComponent(date)}`;
}

// The fields we read, typed; every other field passes through unread.
const Name = z.string().max(100_000);
const Count = z.number().int().nonnegative();
const User = z.looseObject({ name: Name.optional(), user: Name.optional() }).nullable();
const Organization = z.looseObject({ name: Name, fullname: Name.optional() }).nullable();
const ApiPaper = z.looseObject({
  id: z.string().regex(ARXIV_ID_RE),
  title: z.string().trim().min(1).max(100_000),
  summary: z.string().max(1_000_000).optional(),
  authors: z
    .array(z.looseObject({ name: Name.optional(), hidden: z.boolean().optional() }))
    .max(100_000)
    .optional(),
  publishedAt: z.string().max(100).optional(),
  upvotes: Count.optional(),
  ai_summary: z.string().max(100_000).nullable().optional(),
  ai_keywords: z.array(Name).max(10_000).nullable().optional(),
  githubRepo: z.string().max(100_000).nullable().optional(),
  githubStars: Count.nullable().optional(),
  projectPage: z.string().max(100_000).nullable().optional(),
  organization: Organization.optional(),
  submittedOnDailyBy: User.optional(),
});
const ApiItem = z.looseObject({
  paper: ApiPaper,
  title: Name.optional(),
  numComments: Count.optional(),
  submittedBy: User.optional(),
  organization: Organization.optional(),
  thumbnail: z.string().max(100_000).nullable().optional(),
});
export const DailyPapersResponse = z.array(ApiItem).max(MAX_ITEMS);

export type DigestFetchProblem = 'network' | 'http' | 'too-large' | 'not-json' | 'invalid';

/** Why a day could not be read: the kind decides nothing but the words in the log and the popup. */
export class DigestFetchError extends Error {
  constructor(
    readonly problem: DigestFetchProblem,
    detail: string,
  ) {
    super(`daily papers: ${problem}: ${detail}`);
    this.name = 'DigestFetchError';
  }
}

/**
 * The day's papers as records (as if read off /papers/date/<date>), or a DigestFetchError:
 * every item valid or none kept. Pure apart from `fetchFn`: writes nothing.
 */
export function parseDailyPapers(body: unknown, date: string): PaperRecord[] {
  const parsed = DailyPapersResponse.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DigestFetchError('invalid', `${issue?.path.join('.') || 'answer'}: ${issue?.message ?? 'not a list of papers'}`);
  }
  const url = dailyPageUrl(date);
  const records: PaperRecord[] = [];
  const seen = new Set<string>();
  for (const [i, item] of parsed.data.entries()) {
    const hyd = normalizeItem(item, API_ORIGIN);
    const record = hyd && PaperRecord.safeParse({ ...hyd, seenOn: { view: 'date', url } });
    if (!record?.success) throw new DigestFetchError('invalid', `item ${i}: not a paper`);
    if (seen.has(record.data.id)) continue;
    seen.add(record.data.id);
    records.push(record.data);
  }
  return records;
}

export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

/** GET the day's list: no cookies, no referrer, nothing from the library — only the date. */
export async function fetchDailyPapers(date: string, fetchFn: FetchFn = (u, i) => fetch(u, i)): Promise<PaperRecord[]> {
  let response: Response;
  try {
    response = await fetchFn(dailyPapersUrl(date), {
      method: 'GET',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new DigestFetchError('network', e instanceof Error ? e.message : String(e));
  }
  if (!response.ok) throw new DigestFetchError('http', `HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_BODY_BYTES) throw new DigestFetchError('too-large', `${declared} bytes`);
  let text: string;
  try {
    text = await response.text();
  } catch (e) {
    throw new DigestFetchError('network', e instanceof Error ? e.message : String(e));
  }
  if (text.length > MAX_BODY_BYTES) throw new DigestFetchError('too-large', `${text.length} characters`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DigestFetchError('not-json', `${text.length} characters that are not JSON`);
  }
  return parseDailyPapers(body, date);
}
