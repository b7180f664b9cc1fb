import { useEffect, useState } from 'preact/hooks';
import type { BackupSummary } from '../lib/db/library';
import { toLibraryError, type LibraryError } from '../lib/db/errors';
import { useServices } from './context';
import { ErrorBanner } from './ErrorBanner';
import { rulesLeftOut } from './format';
import { askPersistence } from './persistence';
import { t, tn } from '../lib/i18n';

const REASONS: Record<BackupSummary['reason'], string> = {
  scheduled: t('backupWeekly'),
  manual: t('backupManual'),
  'before-import': t('backupBeforeImport'),
  'before-wipe': t('backupBeforeWipe'),
};

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
    // The library page is where the browser grants persistence (the worker cannot): asked on opening.
    void askPersistence().then(setPersisted, () => setPersisted(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loaded once, when the panel opens
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
        {t('backupsHeading')}
      </h2>
      <p class="pd-muted">
        {t('backupsIntro')} {persisted === true && t('storagePersisted')}
        {persisted === false && t('storageNotPersisted')}
      </p>
      {persisted === false && (
        <button type="button" class="pd-button pd-small" onClick={() => void askPersistence().then(setPersisted, () => setPersisted(null))}>
          {t('askPersistence')}
        </button>
      )}
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {done && (
        <p class="pd-notice" role="status">
          {done}
        </p>
      )}
      {backups === null ? (
        <p class="pd-muted" aria-busy="true">
          {t('loadingBackups')}
        </p>
      ) : backups.length === 0 ? (
        <p class="pd-muted">{t('noBackupYet')}</p>
      ) : (
        <ul class="pd-backups" aria-label={t('backupsListLabel')}>
          {backups.map((b) => (
            <li key={b.id} class="pd-backup">
              <span>
                <time dateTime={new Date(b.createdAt).toISOString()}>{new Date(b.createdAt).toLocaleString()}</time> ·{' '}
                {t(
                  'backupSummary',
                  REASONS[b.reason],
                  tn(b.counts.stars, 'starCountOne', 'starCountOther'),
                  tn(b.counts.tags, 'tagCountOne', 'tagCountOther'),
                  tn(b.counts.rules, 'ruleCountOne', 'ruleCountOther'),
                )}
              </span>
              <button
                type="button"
                class="pd-button pd-small"
                disabled={busy}
                aria-label={t('restoreBackupOf', new Date(b.createdAt).toLocaleString())}
                onClick={() =>
                  void run(async () => {
                    const r = await library.restoreBackup(b.id);
                    const restored = t(
                      'restored',
                      tn(r.starsAdded, 'starCountOne', 'starCountOther'),
                      tn(r.linksAdded, 'tagLinkCountOne', 'tagLinkCountOther'),
                      tn(r.rulesAdded, 'ruleCountOne', 'ruleCountOther'),
                    );
                    const left = rulesLeftOut(r);
                    return left ? `${restored} ${left}` : restored;
                  })
                }
              >
                {t('restore')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        class="pd-button pd-small"
        disabled={busy}
        onClick={() => void run(async () => (await library.makeBackup('manual', now()), t('backupMade')))}
      >
        {t('backUpNow')}
      </button>
    </section>
  );
}
