/**
 * How sync is doing, as the background records it in `storage.local` and the popup tells it.
 * No Dexie here: the popup reads it without the sync engine.
 */
import { z } from '../model/zod';
import { CHROME_SYNC_QUOTA } from './layout';
import { t, type MessageKey } from '../i18n';

export const SYNC_STATUS_KEY = 'pd:sync:status';
/**
 * The user's choice about removals held back (status `held`), written by the popup for the
 * background's next sync: `restore` puts them back on this device, `remove` removes them
 * everywhere. Read once, then cleared.
 */
export const SYNC_DECISION_KEY = 'pd:sync:decision';

export const SyncDecision = z.object({ choice: z.enum(['restore', 'remove']), at: z.number().int().nonnegative() });
export type SyncDecision = z.infer<typeof SyncDecision>;

export function readSyncDecision(value: unknown): SyncDecision | null {
  const parsed = SyncDecision.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const Count = z.number().int().nonnegative();
const Millis = z.number().int().nonnegative();
const Counts = z.object({ stars: Count, links: Count, tags: Count, rules: Count });

export const SyncStatus = z.object({
  /**
   * off: the setting is off. ok: everything is shared. partial: shared, but the library is
   * bigger than browser sync holds (`left` says what stayed here). waiting: the browser's
   * write rate limit was hit; a retry is planned. error: the last attempt failed (`message`).
   * held: shared, but more things vanished from this library than a few, unannounced (`held`):
   * they are neither removed elsewhere nor put back here until the user chooses.
   */
  state: z.enum(['off', 'ok', 'partial', 'waiting', 'error', 'held']),
  /** When this status was written. */
  at: Millis,
  /** The last complete sync. */
  lastSyncedAt: Millis.optional(),
  /** Bytes of browser sync in use by Paperdeck after the last sync. */
  bytes: Count.optional(),
  left: Counts.optional(),
  /** What is held back, for `held`. */
  held: Counts.optional(),
  message: z.string().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export function readSyncStatus(value: unknown): SyncStatus | null {
  const parsed = SyncStatus.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const number = (n: number) => n.toLocaleString('en-US');
/** A count in words through messages: `oneKey` when n is 1, else `otherKey`, n formatted as $1. */
const counted = (n: number, oneKey: MessageKey, otherKey: MessageKey) => t(n === 1 ? oneKey : otherKey, number(n));

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ago(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 45) return t('agoJustNow');
  const min = Math.round(s / 60);
  if (min < 60) return t('agoMinutes', min);
  const h = Math.round(min / 60);
  if (h < 36) return t('agoHours', h);
  return counted(Math.round(h / 24), 'agoDaysOne', 'agoDaysOther');
}

/** What did not fit, in words: "1,234 starred papers and 56 tag links". */
export function describeLeftOut(left: z.infer<typeof Counts>): string {
  const parts: string[] = [];
  if (left.stars) parts.push(counted(left.stars, 'starredPaperCountOne', 'starredPaperCountOther'));
  if (left.links) parts.push(counted(left.links, 'tagLinkCountOne', 'tagLinkCountOther'));
  if (left.tags) parts.push(counted(left.tags, 'tagCountOne', 'tagCountOther'));
  if (left.rules) parts.push(counted(left.rules, 'hiddenTopicRuleCountOne', 'hiddenTopicRuleCountOther'));
  if (parts.length <= 1) return parts[0] ?? t('leftOutNothing');
  return t('listAnd', parts.slice(0, -1).join(', '), parts.at(-1)!);
}

export interface SyncLine {
  tone: 'quiet' | 'ok' | 'warning' | 'error';
  text: string;
}

const QUOTA_KB = Math.round(CHROME_SYNC_QUOTA.QUOTA_BYTES / 1024);

/** The popup's sync line. `enabled`: the setting (the status may lag behind a toggle). */
export function describeSync(status: SyncStatus | null, enabled: boolean, now: number): SyncLine {
  if (!enabled) return { tone: 'quiet', text: t('syncOff') };
  // Just switched on (the background has not run yet), or never synced.
  if (!status || status.state === 'off') return { tone: 'quiet', text: t('syncOnNotYet') };
  const last = status.lastSyncedAt !== undefined ? t('lastSynced', ago(status.lastSyncedAt, now)) : t('notSyncedYet');
  switch (status.state) {
    case 'ok':
      return { tone: 'ok', text: t('syncOk', ago(status.lastSyncedAt ?? status.at, now)) };
    case 'partial':
      return {
        tone: 'warning',
        text: t(
          'syncPartial',
          ago(status.lastSyncedAt ?? status.at, now),
          QUOTA_KB,
          describeLeftOut(status.left ?? { stars: 0, links: 0, tags: 0, rules: 0 }),
        ),
      };
    case 'waiting':
      return { tone: 'warning', text: t('syncWaiting', status.message ?? t('syncWaitingReason'), last) };
    case 'error':
      return {
        tone: 'error',
        text: t('syncFailed', status.message ?? t('unknownError'), last),
      };
    case 'held':
      return { tone: 'warning', text: t('syncHeld', describeLeftOut(status.held ?? { stars: 0, links: 0, tags: 0, rules: 0 })) };
  }
}
