import { useEffect, useState } from 'preact/hooks';
import type { BackupSummary } from '../lib/db/library';
import { toLibraryError, type LibraryError } from '../lib/db/errors';
import { useServices } from './context';
import { ErrorBanner } from './ErrorBanner';

const REASONS: Record<BackupSummary['reason'], string> = {
  scheduled: 'weekly',
  manual: 'made by you',
  'before-import': 'before an import',
  'before-wipe': 'before starting over',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Durability, in plain words: whether the browser keeps the library under storage pressure, the
 * local backups Paperdeck keeps (weekly, and before an import), a way to restore one, and what
 * uninstalling does.
 */
export function BackupsPanel() {
  const { library, now } = useServices();
  const [backups, setBackups] = useState<BackupSummary[] | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<LibraryError | null>(null);
  const [done, setDone] = useState('');

  const reload = () =>
    library.listBackups().then(setBackups, (e: unknown) => {
      setBackups([]);
      setError(toLibraryError(e));
    });
  useEffect(() => {
    void reload();
    void navigator.storage?.persisted?.().then(setPersisted, () => setPersisted(null));
  }, []);

  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setDone('');
    try {
      setDone(await what());
      await reload();
    } catch (e) {
      setError(toLibraryError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="pd-panel" aria-labelledby="pd-backups-heading">
      <h2 id="pd-backups-heading" class="pd-heading">
        Backups
      </h2>
      <p class="pd-muted">
        Your library lives only in this browser. Uninstalling Paperdeck deletes it, with these backups — export a JSON
        backup to keep a copy elsewhere.{' '}
        {persisted === true && 'The browser keeps it even when disk space runs low.'}
        {persisted === false && 'The browser may clear it when disk space runs low.'}
      </p>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {done && (
        <p class="pd-notice" role="status">
          {done}
        </p>
      )}
      {backups === null ? (
        <p class="pd-muted" aria-busy="true">
          Loading backups…
        </p>
      ) : backups.length === 0 ? (
        <p class="pd-muted">No backup yet. Paperdeck makes one each week once you have starred, tagged or hidden something.</p>
      ) : (
        <ul class="pd-backups" aria-label="Backups kept in this browser">
          {backups.map((b) => (
            <li key={b.id} class="pd-backup">
              <span>
                <time dateTime={new Date(b.createdAt).toISOString()}>{new Date(b.createdAt).toLocaleString()}</time> ·{' '}
                {REASONS[b.reason]} · {plural(b.counts.stars, 'star')}, {plural(b.counts.tags, 'tag')},{' '}
                {plural(b.counts.rules, 'rule')}
              </span>
              <button
                type="button"
                class="pd-button pd-small"
                disabled={busy}
                aria-label={`Restore the backup of ${new Date(b.createdAt).toLocaleString()}`}
                onClick={() =>
                  void run(async () => {
                    const r = await library.restoreBackup(b.id);
                    return `Restored: ${plural(r.starsAdded, 'star')}, ${plural(r.linksAdded, 'tag link')} and ${plural(r.rulesAdded, 'rule')} added back; nothing current was removed.`;
                  })
                }
              >
                Restore
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        class="pd-button pd-small"
        disabled={busy}
        onClick={() => void run(async () => (await library.makeBackup('manual', now()), 'Backup made.'))}
      >
        Back up now
      </button>
    </section>
  );
}
