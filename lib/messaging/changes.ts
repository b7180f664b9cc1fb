/**
 * Live updates for content scripts. Extension pages (popup, library) can watch the database
 * directly with Dexie's liveQuery; content scripts can't (their IndexedDB is the site's), so the
 * background announces each committed write in `browser.storage.local`, whose onChanged event
 * reaches every tab within milliseconds.
 */
import { browser } from 'wxt/browser';
import type { Library } from '../db/library';
import type { ChangeKind, LibraryChange } from '../db/schemas';
import { CHANGE_KINDS } from './wire';

export const CHANGE_KEY = 'pd:change';

/** More ids than this are announced as `ids: []`, meaning "any card may have changed". */
const MAX_IDS = 500;

export type LibraryChangeMessage = {
  /** Increases with each write announced by this background instance. */
  seq: number;
  at: number;
  /** Papers affected; empty = unknown or many (refresh every card). */
  ids: string[];
  what: ChangeKind[];
};

/**
 * Is this an announcement in our shape? Checked by hand (it comes from our own background, and
 * zod would add ~20 KB to the content script).
 */
export function isChangeMessage(v: unknown): v is LibraryChangeMessage {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return (
    Number.isInteger(m.seq) &&
    typeof m.at === 'number' &&
    Array.isArray(m.ids) &&
    m.ids.every((id) => typeof id === 'string') &&
    Array.isArray(m.what) &&
    m.what.every((w) => (CHANGE_KINDS as readonly unknown[]).includes(w))
  );
}

let seq = 0;

/** Writes one change announcement. Failing to announce never fails the write that caused it. */
export async function announceChange(change: LibraryChange): Promise<void> {
  const message: LibraryChangeMessage = {
    seq: ++seq,
    at: Date.now(),
    ids: change.ids.length > MAX_IDS ? [] : change.ids,
    what: change.what,
  };
  try {
    await browser.storage.local.set({ [CHANGE_KEY]: message });
  } catch (e) {
    console.warn('[paperdeck] could not announce a library change', e);
  }
}

/** Announces every write the library commits. Returns a function that stops it. */
export function broadcastLibraryChanges(library: Library): () => void {
  return library.onChange((change) => void announceChange(change));
}

/**
 * Calls `listener` for each library write, from any tab or page. Returns an unsubscribe
 * function (call it from the content script's ctx.onInvalidated / AbortSignal).
 */
export function onLibraryChange(listener: (change: LibraryChangeMessage) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(CHANGE_KEY in changes)) return;
    const message = changes[CHANGE_KEY]?.newValue;
    if (isChangeMessage(message)) listener(message);
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
