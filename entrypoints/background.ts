import { db } from '@/lib/db';
import { Library } from '@/lib/db/library';
import { serveLibrary } from '@/lib/messaging/server';
import { startSync } from '@/lib/sync/background';

export default defineBackground(() => {
  // The library lives here, in the extension's origin; content scripts reach it by message.
  // Registered synchronously at start-up so a message that wakes the MV3 service worker is answered.
  const library = new Library(db);
  serveLibrary(library);
  // Stars, tags and hidden-topic rules follow the user to their other devices (storage.sync);
  // its listeners are registered synchronously too, so another device's writes wake the worker.
  startSync(library);
});
