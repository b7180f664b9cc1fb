import { browser } from 'wxt/browser';

/**
 * "What's new" after an update. The browser updates the extension without asking the user; on
 * `runtime.onInstalled` with reason `update` the background notes the versions in storage.local,
 * and the popup shows a small note (components/WhatsNew.tsx) until it is dismissed. Nothing else:
 * no tab is opened, no badge set — the user sees it when they next open the popup.
 * The note's text is the CHANGELOG's summary of the version, kept in messages.json
 * (`whatsNewSummary`; tests/unit/release/changelog.test.ts checks they agree).
 */
export const UPDATE_NOTE_KEY = 'pd:updated';

export type UpdateNote = { from: string; to: string; at: number };

/** The stored note, or null when there is none or it is not one (storage is not trusted blindly). */
export function readUpdateNote(value: unknown): UpdateNote | null {
  if (value == null || typeof value !== 'object') return null;
  const { from, to, at } = value as Record<string, unknown>;
  if (typeof from !== 'string' || typeof to !== 'string' || typeof at !== 'number') return null;
  return { from, to, at };
}

/**
 * Registers the onInstalled listener. Call synchronously at the background's start: the event
 * that starts an updated MV3 worker is delivered only to listeners registered in its first turn.
 */
export function noteUpdates({
  version = () => browser.runtime.getManifest().version,
  now = Date.now,
}: { version?: () => string; now?: () => number } = {}): void {
  browser.runtime.onInstalled.addListener(({ reason, previousVersion }) => {
    if (reason !== 'update' || !previousVersion) return;
    const to = version();
    // Chrome also says `update` when an unpacked build is reloaded at the same version.
    if (previousVersion === to) return;
    const note: UpdateNote = { from: previousVersion, to, at: now() };
    void browser.storage.local
      .set({ [UPDATE_NOTE_KEY]: note })
      .catch((e: unknown) => console.warn('[paperdeck] could not keep the update note', e));
  });
}
