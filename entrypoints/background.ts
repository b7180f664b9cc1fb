import { db } from '@/lib/db';
import { Library } from '@/lib/db/library';
import { announceChange, onLibraryChange } from '@/lib/messaging/changes';
import { serveLibrary } from '@/lib/messaging/server';
import { RankService } from '@/lib/rank/service';

export default defineBackground(() => {
  // The library lives here, in the extension's origin; content scripts reach it by message.
  // Registered synchronously at start-up so a message that wakes the MV3 service worker is answered.
  const library = new Library(db);
  // "For you" ranking (issue 7): retrained here, debounced, after writes made here (stars from a
  // page) and elsewhere (the popup and library page announce theirs through storage.local).
  const rank = new RankService(db, { announce: (ids) => void announceChange({ ids, what: ['rank'] }) });
  rank.watch((listener) => library.onChange(listener));
  rank.watch(onLibraryChange);
  serveLibrary(library, rank);
});
