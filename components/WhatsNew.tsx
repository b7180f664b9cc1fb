import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { UPDATE_NOTE_KEY, readUpdateNote, type UpdateNote } from '../lib/background/updates';
import { t } from '../lib/i18n';

/** The running version, or null where the browser does not say (unit tests). */
function runningVersion(): string | null {
  try {
    return browser.runtime.getManifest().version;
  } catch {
    return null;
  }
}

/**
 * The popup's note after an update (lib/background/updates.ts): what is new in this version, in
 * one or two sentences, and a button that dismisses it for good. Shown only for the version
 * running now (its text is this version's summary).
 */
export function WhatsNew() {
  const [note, setNote] = useState<UpdateNote | null>(null);

  useEffect(() => {
    let alive = true;
    const show = (value: unknown) => {
      const found = readUpdateNote(value);
      const version = found && runningVersion();
      if (alive) setNote(found && (version === null || found.to === version) ? found : null);
    };
    void browser.storage.local
      .get(UPDATE_NOTE_KEY)
      .then((stored) => show(stored[UPDATE_NOTE_KEY]))
      .catch(() => {});
    // The update may land while the popup is open (the background writes the note a moment
    // after it starts), and another popup may dismiss it.
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && UPDATE_NOTE_KEY in changes) show(changes[UPDATE_NOTE_KEY].newValue);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);

  if (!note) return null;
  const dismiss = () => {
    setNote(null);
    void browser.storage.local.remove(UPDATE_NOTE_KEY).catch(() => {});
    // The button goes away with the note: keep the keyboard in the popup, on its current tab.
    document.querySelector<HTMLElement>('.pd-popup [role="tab"][aria-selected="true"]')?.focus();
  };
  return (
    <aside class="pd-whats-new" aria-labelledby="pd-whats-new-title">
      <h2 id="pd-whats-new-title" class="pd-whats-new-title">
        {t('whatsNewTitle', note.to)}
      </h2>
      <p class="pd-whats-new-text">{t('whatsNewSummary')}</p>
      <button type="button" class="pd-button pd-quiet" onClick={dismiss}>
        {t('whatsNewDismiss')}
      </button>
    </aside>
  );
}
