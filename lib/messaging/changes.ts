/**
 * Live updates for content scripts. Extension pages (popup, library) can watch the database
 * directly with Dexie's liveQuery; content scripts can't (their IndexedDB is the site's), so each
 * extension page that writes announces its committed writes in `browser.storage.local`, whose
 * onChanged event reaches every tab within milliseconds, and keeps the page snapshot current.
 */
import { browser } from 'wxt/browser';
import type { Library } from '../db/library';
import type { ChangeKind, LibraryChange } from '../db/schemas';
import { seenWriter, writeUserSnapshot, type SnapshotSource } from '../snapshot/writer';
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

function changeMessage(change: LibraryChange): LibraryChangeMessage {
  return { seq: ++seq, at: Date.now(), ids: change.ids.length > MAX_IDS ? [] : change.ids, what: change.what };
}

/** Writes one change announcement. Failing to announce never fails the write that caused it. */
export async function announceChange(change: LibraryChange): Promise<void> {
  const message = changeMessage(change);
  try {
    await browser.storage.local.set({ [CHANGE_KEY]: message });
  } catch (e) {
    console.warn('[paperdeck] could not announce a library change', e);
  }
}

/** Change kinds that alter what a papers page shows from its snapshot (lib/snapshot). */
const SNAPSHOT_KINDS: readonly ChangeKind[] = ['stars', 'tags', 'notes', 'rules', 'settings'];

/**
 * Announces every write the library commits, and keeps the page snapshot current: a change that
 * alters what a page shows rewrites the user's part in the same storage write as the announcement
 * (lib/snapshot/writer.ts); page reads refresh the seen part a little later. Writes go out in
 * order, one at a time; changes that come while one is being written are announced together.
 * Returns a function that stops it.
 */
export function broadcastLibraryChanges(library: Library & SnapshotSource): () => void {
  const writeSeen = seenWriter(library);
  let queued: LibraryChange | null = null;
  let running = false;
  const drain = async () => {
    running = true;
    while (queued) {
      const change = queued;
      queued = null;
      const message = changeMessage(change);
      try {
        if (change.what.some((w) => SNAPSHOT_KINDS.includes(w))) await writeUserSnapshot(library, { [CHANGE_KEY]: message });
        else await browser.storage.local.set({ [CHANGE_KEY]: message });
      } catch (e) {
        console.warn('[paperdeck] could not announce a library change', e);
      }
      if (change.what.includes('papers')) writeSeen();
    }
    running = false;
  };
  return library.onChange((change) => {
    queued = queued ? joinChanges(queued, change) : { ids: [...change.ids], what: [...change.what] };
    if (!running) void drain();
  });
}

/** Two changes as one: every paper either named (none named: any card), every kind. */
function joinChanges(a: LibraryChange, b: LibraryChange): LibraryChange {
  const ids = a.ids.length === 0 || b.ids.length === 0 ? [] : [...new Set([...a.ids, ...b.ids])];
  return { ids, what: [...new Set([...a.what, ...b.what])] };
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

/**
 * `onLibraryChange` subscribed now, for a listener that comes later. The content script reads its
 * page snapshot at document_start, and the page app that listens starts once the parser has made a
 * body: a write in between would be neither in the snapshot read nor heard. What is announced
 * meanwhile is kept (joined into one change) and told to the listener as it subscribes.
 */
export function heldLibraryChanges(signal: AbortSignal): (listener: (change: LibraryChangeMessage) => void) => () => void {
  let held: LibraryChangeMessage | null = null;
  let target: ((change: LibraryChangeMessage) => void) | null = null;
  const stop = onLibraryChange((change) => {
    if (target) return target(change);
    const joined = held ? joinChanges(held, change) : change;
    held = { ...change, ids: joined.ids.length > MAX_IDS ? [] : joined.ids, what: joined.what };
  });
  signal.addEventListener('abort', stop, { once: true });
  return (listener) => {
    target = listener;
    const early = held;
    held = null;
    if (early) listener(early);
    return () => {
      target = null;
      stop();
    };
  };
}
