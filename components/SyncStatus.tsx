import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { SyncDecision, SyncStatus as Status } from '../lib/sync/status';
import { useServices } from './context';
import { t } from '../lib/i18n';

/** lib/sync/status: loaded after the popup's first rows (its zod schemas are not part of them; see lib/db/deferred.ts). */
type StatusModule = typeof import('../lib/sync/status');

/**
 * The popup's sync line: when Paperdeck last synced through the browser's sync, or why not
 * (lib/sync/status words it), and the switch that turns sync on and off. The background writes
 * the status to storage.local after each sync; this follows it live. Nothing is shown until the
 * setting is known (the line's place is at the end of the popup: nothing moves).
 */
export function SyncStatus() {
  const { library, now } = useServices();
  const [sync, setSync] = useState<StatusModule | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState(false);

  useEffect(() => {
    let alive = true;
    let module: StatusModule | null = null;
    const loading = import('../lib/sync/status').then((m) => {
      module = m;
      if (alive) setSync(m);
      return m;
    });
    loading.catch((e: unknown) => console.error('[paperdeck] could not load the sync status', e));
    void loading
      .then(async ({ SYNC_STATUS_KEY, readSyncStatus }) => {
        const stored = await browser.storage.local.get(SYNC_STATUS_KEY);
        if (alive) setStatus(readSyncStatus(stored[SYNC_STATUS_KEY]));
      })
      .catch(() => {});
    void library
      .getSettings()
      .then((s) => alive && setEnabled(s.sync))
      .catch(() => alive && setEnabled(true));
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (!module) return; // (the first read, when it loads, is newer)
      const { SYNC_STATUS_KEY, readSyncStatus } = module;
      if (area === 'local' && SYNC_STATUS_KEY in changes) {
        setStatus(readSyncStatus(changes[SYNC_STATUS_KEY]?.newValue));
        setChosen(false);
      }
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [library]);

  if (enabled === null || !sync) return null;
  const line = sync.describeSync(status, enabled, now());
  const toggle = async (on: boolean) => {
    setError(null);
    try {
      await library.setSettings({ sync: on });
      setEnabled(on);
    } catch (e) {
      setError(e instanceof Error && 'userMessage' in e ? String(e.userMessage) : String(e));
    }
  };
  // Removals held back (lib/sync/apply RemovalGuard): the background waits for the user's word.
  const choose = async (choice: SyncDecision['choice']) => {
    setError(null);
    try {
      await browser.storage.local.set({ [sync.SYNC_DECISION_KEY]: { choice, at: now() } satisfies SyncDecision });
      setChosen(true);
    } catch (e) {
      setError(String(e));
    }
  };
  const held = enabled && status?.state === 'held';
  return (
    <footer class="pd-sync" data-sync={enabled ? (status?.state ?? 'pending') : 'off'}>
      <p class={`pd-sync-line pd-sync-${line.tone}`} role="status">
        {held && chosen ? t('syncHeldChosen') : line.text}
      </p>
      {held && !chosen && (
        <p class="pd-sync-choice">
          <button type="button" class="pd-button pd-small pd-primary" onClick={() => void choose('restore')}>
            {t('syncHeldRestore')}
          </button>{' '}
          <button type="button" class="pd-button pd-small pd-danger" onClick={() => void choose('remove')}>
            {t('syncHeldRemove')}
          </button>
        </p>
      )}
      <label class="pd-sync-toggle">
        <input type="checkbox" checked={enabled} onChange={(e) => void toggle(e.currentTarget.checked)} />
        {t('syncToggle')}
      </label>
      {error && (
        <p class="pd-sync-error" role="alert">
          {error}
        </p>
      )}
    </footer>
  );
}
