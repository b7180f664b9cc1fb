import { db } from '@/lib/db';
import { Library } from '@/lib/db/library';
import { serveLibrary } from '@/lib/messaging/server';
import { installLinkMenus } from '@/lib/background/menus';

export default defineBackground(() => {
  // The library lives here, in the extension's origin; content scripts reach it by message.
  // Registered synchronously at start-up so a message that wakes the MV3 service worker is answered.
  const library = new Library(db);
  serveLibrary(library);
  // "Star / tag this paper" on links to papers anywhere (the click listener, too, is registered now).
  installLinkMenus(library);
});
