/**
 * Keeps the page snapshot (snapshot.ts) current. Every extension page that writes to the library
 * (the background, the popup, the library page, the side panel) runs one: after each committed
 * write it rewrites the user's part and announces the change in the same `storage.local.set`, so a
 * papers page either reads the new snapshot or hears of the change — never neither. The seen part
 * follows page reads, which only the background records, a little behind them (coalesced).
 */
import { browser } from 'wxt/browser';
import type { HideRule, PaperNote, Settings, Tag } from '../model/library';
import { encodeIds } from './ids';
import { localDay, NOTE_EXCERPT, SEEN_KEY, SNAPSHOT_VERSION, USER_KEY, type SeenSnapshot, type UserSnapshot } from './snapshot';

/** What the writer reads from the library (lib/db answers it). */
export interface SnapshotSource {
  snapshotUserData(): Promise<{
    starred: string[];
    tags: Tag[];
    links: Array<{ paperId: string; tagId: string }>;
    notes: PaperNote[];
    rules: HideRule[];
    settings: Settings;
  }>;
  /** Ids first seen before `day` and on it (local days, YYYY-MM-DD). */
  snapshotSeenData(day: string): Promise<{ before: string[]; today: string[] }>;
}

export async function buildUserSnapshot(source: SnapshotSource, now: number): Promise<UserSnapshot> {
  const data = await source.snapshotUserData();
  const links: Record<string, string[]> = {};
  for (const { paperId, tagId } of data.links) (links[paperId] ??= []).push(tagId);
  const notes: Record<string, [string, string]> = {};
  for (const n of data.notes) {
    if (!n.status && !n.text) continue;
    notes[n.paperId] = [n.status ?? '', n.text.length > NOTE_EXCERPT ? `${n.text.slice(0, NOTE_EXCERPT)}…` : n.text];
  }
  return {
    v: SNAPSHOT_VERSION,
    at: now,
    starred: encodeIds(data.starred),
    tags: data.tags,
    links,
    notes,
    rules: data.rules,
    settings: data.settings,
  };
}

export async function buildSeenSnapshot(source: SnapshotSource, now: number): Promise<SeenSnapshot> {
  const day = localDay(now);
  const { before, today } = await source.snapshotSeenData(day);
  return { v: SNAPSHOT_VERSION, day, before: encodeIds(before), today: encodeIds(today) };
}

export interface SnapshotStorage {
  set(items: Record<string, unknown>): Promise<void>;
}

/**
 * Rewrites the user's part and stores it together with `extra` (the change announcement), in one
 * write. A failure to build the snapshot still stores `extra`: the announcement never waits on it.
 */
export async function writeUserSnapshot(
  source: SnapshotSource,
  extra: Record<string, unknown> = {},
  storage: SnapshotStorage = browser.storage.local,
  now = Date.now(),
): Promise<void> {
  let user: UserSnapshot | undefined;
  try {
    user = await buildUserSnapshot(source, now);
  } catch (error) {
    console.warn('[paperdeck] page snapshot not updated', error);
  }
  await storage.set(user ? { ...extra, [USER_KEY]: user } : extra);
}

/** Rewrites the seen part: at most once per `delayMs`, coalescing the page reads in between. */
export function seenWriter(source: SnapshotSource, storage: SnapshotStorage = browser.storage.local, delayMs = 1000): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void buildSeenSnapshot(source, Date.now())
        .then((seen) => storage.set({ [SEEN_KEY]: seen }))
        .catch((error) => console.warn('[paperdeck] seen snapshot not updated', error));
    }, delayMs);
  };
}

/**
 * At the background's start: the user's part is written again (an update may have changed its
 * shape, or a write may have been cut off), and the seen part when it is missing or not today's
 * (it stays correct across days, but today's list is kept short this way).
 */
export async function writeSnapshotsAtStart(
  source: SnapshotSource,
  storage: SnapshotStorage & { get(keys: string[]): Promise<Record<string, unknown>> } = browser.storage.local,
  now = Date.now(),
): Promise<void> {
  await writeUserSnapshot(source, {}, storage, now);
  const stored = (await storage.get([SEEN_KEY]))[SEEN_KEY] as Partial<SeenSnapshot> | undefined;
  if (stored?.v === SNAPSHOT_VERSION && stored.day === localDay(now)) return;
  await storage.set({ [SEEN_KEY]: await buildSeenSnapshot(source, now) });
}
