/**
 * How sync is doing, as the background records it in `storage.local` and the popup tells it.
 * No Dexie here: the popup reads it without the sync engine.
 */
import { z } from '../model/zod';
import { CHROME_SYNC_QUOTA } from './layout';

export const SYNC_STATUS_KEY = 'pd:sync:status';

const Count = z.number().int().nonnegative();
const Millis = z.number().int().nonnegative();
const Counts = z.object({ stars: Count, links: Count, tags: Count, rules: Count });

export const SyncStatus = z.object({
  /**
   * off: the setting is off. ok: everything is shared. partial: shared, but the library is
   * bigger than browser sync holds (`left` says what stayed here). waiting: the browser's
   * write rate limit was hit; a retry is planned. error: the last attempt failed (`message`).
   */
  state: z.enum(['off', 'ok', 'partial', 'waiting', 'error']),
  /** When this status was written. */
  at: Millis,
  /** The last complete sync. */
  lastSyncedAt: Millis.optional(),
  /** Bytes of browser sync in use by Paperdeck after the last sync. */
  bytes: Count.optional(),
  left: Counts.optional(),
  message: z.string().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export function readSyncStatus(value: unknown): SyncStatus | null {
  const parsed = SyncStatus.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const number = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${number(n)} ${n === 1 ? one : many}`;

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ago(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 45) return 'just now';
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 36) return `${h} h ago`;
  return plural(Math.round(h / 24), 'day') + ' ago';
}

/** What did not fit, in words: "1,234 starred papers and 56 tag links". */
export function describeLeftOut(left: z.infer<typeof Counts>): string {
  const parts: string[] = [];
  if (left.stars) parts.push(plural(left.stars, 'starred paper'));
  if (left.links) parts.push(plural(left.links, 'tag link'));
  if (left.tags) parts.push(plural(left.tags, 'tag'));
  if (left.rules) parts.push(plural(left.rules, 'hidden-topic rule'));
  if (parts.length <= 1) return parts[0] ?? 'nothing';
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export interface SyncLine {
  tone: 'quiet' | 'ok' | 'warning' | 'error';
  text: string;
}

const QUOTA_KB = Math.round(CHROME_SYNC_QUOTA.QUOTA_BYTES / 1024);

/** The popup's sync line. `enabled`: the setting (the status may lag behind a toggle). */
export function describeSync(status: SyncStatus | null, enabled: boolean, now: number): SyncLine {
  if (!enabled) return { tone: 'quiet', text: 'Sync is off: stars, tags and hidden topics stay in this browser.' };
  // Just switched on (the background has not run yet), or never synced.
  if (!status || status.state === 'off') return { tone: 'quiet', text: 'Sync is on; not synced yet.' };
  const last = status.lastSyncedAt !== undefined ? `last synced ${ago(status.lastSyncedAt, now)}` : 'not synced yet';
  switch (status.state) {
    case 'ok':
      return { tone: 'ok', text: `Synced ${ago(status.lastSyncedAt ?? status.at, now)} through your browser's sync.` };
    case 'partial':
      return {
        tone: 'warning',
        text:
          `Synced ${ago(status.lastSyncedAt ?? status.at, now)}, but browser sync holds only ${QUOTA_KB} KB: ` +
          `${describeLeftOut(status.left ?? { stars: 0, links: 0, tags: 0, rules: 0 })} (the oldest) did not fit. ` +
          'They stay in this browser; use Export → JSON backup in the library to move them.',
      };
    case 'waiting':
      return { tone: 'warning', text: `Sync is waiting: ${status.message ?? 'the browser limits how often it may write'} (${last}).` };
    case 'error':
      return {
        tone: 'error',
        text: `Sync failed: ${status.message ?? 'unknown error'} (${last}). Your library in this browser is not affected.`,
      };
  }
}
