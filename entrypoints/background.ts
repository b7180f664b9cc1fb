import { defineBackground } from 'wxt/utils/define-background';
import { db } from '@/lib/db';
import { Library } from '@/lib/db/library';
import { announceChange, onLibraryChange } from '@/lib/messaging/changes';
import { serveLibrary } from '@/lib/messaging/server';
import { installLinkMenus } from '@/lib/background/menus';
import { startSync } from '@/lib/sync/background';
import { followRules } from '@/lib/background/guard';
import { RankService } from '@/lib/rank/service';
import { noteUpdates } from '@/lib/background/updates';
import { writeSnapshotsAtStart } from '@/lib/snapshot/writer';
import { startDigest } from '@/lib/digest/background';

export default defineBackground(() => {
  // After an update, the popup says what is new (never a tab opened uninvited). First, so the
  // onInstalled event that starts an updated worker finds its listener.
  noteUpdates();
  // The library lives here, in the extension's origin; content scripts reach it by message.
  // Registered synchronously at start-up so a message that wakes the MV3 service worker is answered.
  const library = new Library(db);
  // "For you" ranking (issue 7): retrained here, debounced, after writes made here (stars from a
  // page) and elsewhere (the popup and library page announce theirs through storage.local).
  const rank = new RankService(library, { announce: (ids) => void announceChange({ ids, what: ['rank'] }) });
  rank.watch((listener) => library.onChange(listener));
  rank.watch(onLibraryChange);
  serveLibrary(library, rank);

  // "Star / tag this paper" on links to papers anywhere (the click listener, too, is registered now).
  installLinkMenus(library, undefined, [onLibraryChange]);
  // Durability: a weekly local backup of what the user made — a little after start-up, off the
  // path of the page that woke us. (Persistent storage is asked for by the library page:
  // components/persistence.ts; a service worker's request does nothing.)
  setTimeout(() => void library.backupIfDue().catch((e) => console.warn('[paperdeck] scheduled backup failed', e)), 5_000);
  // Stars, tags and hidden-topic rules follow the user to their other devices (storage.sync);
  // its listeners are registered synchronously too, so another device's writes wake the worker.
  startSync(library);
  // Papers pages decorate their cards from a snapshot in storage.local, without waking this worker
  // (lib/snapshot); every write keeps it current, and each start writes it again.
  setTimeout(() => void writeSnapshotsAtStart(library).catch((e) => console.warn('[paperdeck] page snapshot not written', e)), 0);
  // No flash of hidden papers: the guard stylesheet is registered only while a hide rule is in
  // force. Rules change here or in the popup and library page, which announce their own writes.
  followRules(library, undefined, [onLibraryChange]);
  // The daily digest (off unless the user turned it on in the popup): its wake-up and
  // notification listeners are registered now too, so an alarm or a click wakes the worker.
  startDigest(library, rank);
});
