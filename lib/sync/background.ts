/**
 * Sync wired to the real browser: `browser.storage.sync` through WXT's wrapper (Chrome and
 * Firefox alike), the engine's state in `browser.storage.local`. Call from the background,
 * synchronously at start-up.
 */
import { browser } from 'wxt/browser';
import type { Library } from '../db/library';
import { onLibraryChange } from '../messaging/changes';
import { SyncEngine, type SyncOptions, type StorageChanges } from './engine';
import { SYNC_DECISION_KEY } from './status';

export function startSync(library: Library, options: Partial<SyncOptions> = {}): SyncEngine {
  const engine = new SyncEngine({
    library,
    sync: browser.storage.sync,
    local: browser.storage.local,
    onSyncChanged(listener) {
      const handler = (changes: StorageChanges, area: string) => {
        if (area === 'sync') listener(changes);
      };
      browser.storage.onChanged.addListener(handler);
      return () => browser.storage.onChanged.removeListener(handler);
    },
    options,
  });
  engine.start();
  // The user chose, in the popup, what to do with removals held back: sync again now.
  browser.storage.onChanged.addListener((changes: StorageChanges, area: string) => {
    if (area === 'local' && changes[SYNC_DECISION_KEY]?.newValue !== undefined) engine.schedule('local');
  });
  // The popup and the library page write through their own Library (Dexie in their page), so
  // the background's Library.onChange does not see those writes; they announce them in
  // storage.local (lib/messaging/changes), which reaches the background too. The background's
  // own writes arrive both ways; the debounce makes them one sync.
  onLibraryChange((change) => engine.onLibraryChange(change));
  return engine;
}
