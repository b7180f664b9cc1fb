/**
 * One digest day, start to end: the day's list from the API (api.ts), recorded in the library like
 * a visit to /papers/date/<day> (Library.recordSeen, so the papers are searchable, rankable and
 * in "new" marks like any seen), ranked with the user's follow and hide rules and "for you" (score.ts), kept
 * (store.ts) and told (notify.ts). Nothing is written unless the whole answer was valid, and
 * nothing after the user turned the digest off while the request was out.
 */
import type { Library } from '../db/library';
import type { RankApi } from '../rank/types';
import { compileRules, ruleAction, rulesInForce } from '../topics/rules';
import { fetchDailyPapers, type FetchFn } from './api';
import { scoreDigest } from './score';
import { writeDigestDay, type DigestStorage } from './store';
import type { DigestDay } from './types';
import { ENABLED_KEY } from './schedule';

export interface RunDeps {
  library: Library;
  rank: Pick<RankApi, 'scoreCards'>;
  storage: DigestStorage;
  fetchFn?: FetchFn;
  notify?: (day: DigestDay) => Promise<unknown>;
  now?: () => number;
}

/** Fetches, records, ranks, keeps and tells one listing. Throws (writing nothing) when the day could not be read. */
export async function runDigestDay(listing: string, deps: RunDeps): Promise<DigestDay | null> {
  const now = deps.now ?? Date.now;
  const records = await fetchDailyPapers(listing, deps.fetchFn);
  if ((await deps.storage.get(ENABLED_KEY))[ENABLED_KEY] !== true) return null;
  const { library } = deps;
  if (records.length) {
    await library.recordSeen(records, now());
    await library.settle();
  }
  const [rules, settings] = await Promise.all([library.listRules(), library.getSettings()]);
  const hide = rulesInForce(rules, settings) ? compileRules(rules) : null;
  const follow = rules.some((r) => r.enabled && ruleAction(r) === 'follow') ? compileRules(rules, { action: 'follow' }) : null;
  const forYou = await deps.rank.scoreCards(records.map((r) => r.id));
  const day: DigestDay = {
    date: listing,
    fetchedAt: now(),
    rank: forYou.state,
    entries: scoreDigest(records, { hide, follow, forYou }),
  };
  await writeDigestDay(deps.storage, day);
  // The day is kept whatever the notification does (a browser without a notification service):
  // a failed notification is not a failed day, and is not worth a second request.
  await Promise.resolve(deps.notify?.(day)).catch((e: unknown) => console.warn('[paperdeck] digest notification failed', e));
  return day;
}
