/**
 * The digest days, kept in `storage.local` (not IndexedDB: no schema version for a few kilobytes a
 * day, and the library page follows it with storage.onChanged): one key per day,
 * `digest:day:YYYY-MM-DD`, and the list of days, newest first, under `digest:days`. The last
 * DAYS_KEPT days are kept; older ones are removed when a new day is written. A day is a few
 * kilobytes (ids and reasons; the papers themselves are in the library, recorded like a visit).
 */
import { z } from '../model/zod';
import { ArxivId, IsoDate } from '../model/paper';
import type { DigestDay } from './types';

export const DAYS_KEPT = 30;
export const DAYS_KEY = 'digest:days';
export const DAY_PREFIX = 'digest:day:';
export const dayKey = (date: string): string => `${DAY_PREFIX}${date}`;

/** The part of storage.local the digest uses (browser.storage.local; a Map-backed fake in tests). */
export interface DigestStorage {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

const Rule = z.object({ id: z.string().max(200), label: z.string().max(2_000) });
const Reason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('for-you'), score: z.number(), words: z.array(z.string().max(300)).max(20) }),
  z.object({ kind: z.literal('starred-tag'), tag: z.object({ id: z.string().max(200), name: z.string().max(300) }), score: z.number() }),
  z.object({ kind: z.literal('follow'), rule: Rule }),
  z.object({ kind: z.literal('popular'), upvotes: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('hidden'), rule: Rule }),
]);
/** A stored day, checked when read back (storage a newer version wrote, or one edited by hand). */
export const StoredDigestDay = z.object({
  date: IsoDate,
  fetchedAt: z.number().int().nonnegative(),
  rank: z.enum(['ready', 'cold', 'training']),
  entries: z.array(z.object({ id: ArxivId, reasons: z.array(Reason).max(20) })).max(500),
});

const Dates = z.array(IsoDate).max(1_000);

/** The dates kept, newest first. */
export async function listDigestDates(storage: DigestStorage): Promise<string[]> {
  const got = await storage.get(DAYS_KEY);
  const dates = Dates.safeParse(got[DAYS_KEY] ?? []);
  return dates.success ? dates.data : [];
}

/** One day, or null when it is not kept (or not readable). */
export async function readDigestDay(storage: DigestStorage, date: string): Promise<DigestDay | null> {
  const key = dayKey(date);
  const got = await storage.get(key);
  const day = StoredDigestDay.safeParse(got[key]);
  return day.success ? day.data : null;
}

/** Writes a day (replacing that date's, if any) and forgets days beyond the last DAYS_KEPT. */
export async function writeDigestDay(storage: DigestStorage, day: DigestDay): Promise<void> {
  const dates = [...new Set([day.date, ...(await listDigestDates(storage))])].sort().reverse();
  const kept = dates.slice(0, DAYS_KEPT);
  const dropped = dates.slice(DAYS_KEPT);
  await storage.set({ [dayKey(day.date)]: day, [DAYS_KEY]: kept });
  if (dropped.length) await storage.remove(dropped.map(dayKey));
}
