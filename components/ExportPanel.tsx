import { browser } from 'wxt/browser';
import { useState } from 'preact/hooks';
import { exportLibrary, type ExportFormat } from '../lib/export/index';
import { useServices } from './context';
import { downloadText } from './download';
import { ErrorBanner } from './ErrorBanner';
import { papersCount } from './format';
import { useAction } from './hooks';
import { t } from '../lib/i18n';

const FORMATS: { value: ExportFormat; label: string; hint: string }[] = [
  { value: 'json', label: t('formatJson'), hint: t('formatJsonHint') },
  { value: 'csv', label: 'CSV', hint: t('formatCsvHint') },
  { value: 'bibtex', label: 'BibTeX', hint: t('formatBibtexHint') },
  { value: 'ris', label: 'RIS', hint: t('formatRisHint') },
  { value: 'markdown', label: 'Markdown', hint: t('formatMarkdownHint') },
  { value: 'csljson', label: 'CSL-JSON', hint: t('formatCsljsonHint') },
  { value: 'bookmarks', label: t('formatBookmarks'), hint: t('formatBookmarksHint') },
  { value: 'atom', label: 'Atom', hint: t('formatAtomHint') },
];

export type ExportScope = 'library' | 'selection' | 'shown';

function appInfo(): { name: string; version: string } {
  try {
    return { name: 'Paperdeck', version: browser.runtime.getManifest().version };
  } catch {
    return { name: 'Paperdeck', version: 'unknown' };
  }
}

/**
 * Export the whole library, the selected papers or the papers shown, in one of eight formats.
 * The file is built from a consistent snapshot and downloaded; its name comes from exportLibrary.
 */
export function ExportPanel({
  selectedIds,
  shownIds,
  shownLabel,
}: {
  selectedIds: readonly string[];
  shownIds?: readonly string[];
  shownLabel?: string;
}) {
  const { library, now } = useServices();
  const [format, setFormat] = useState<ExportFormat>('json');
  const [scope, setScope] = useState<ExportScope>('library');
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  const effectiveScope: ExportScope = scope === 'selection' && selectedIds.length === 0 ? 'library' : scope;

  const run = async (e: Event) => {
    e.preventDefault();
    setDone(null);
    await action.run(async () => {
      const snapshot = await library.exportSnapshot();
      const ids = effectiveScope === 'selection' ? selectedIds : effectiveScope === 'shown' ? shownIds : undefined;
      const label = effectiveScope === 'selection' ? 'selection' : effectiveScope === 'shown' ? shownLabel : undefined;
      const file = exportLibrary(format, snapshot, {
        now: new Date(now()),
        ...(ids ? { ids } : {}),
        ...(label ? { label } : {}),
        app: appInfo(),
      });
      // An empty file helps nobody: say why there is nothing instead. (A backup of hide rules
      // alone still is one.)
      if (file.count === 0 && (format !== 'json' || snapshot.rules.length === 0)) {
        setDone(effectiveScope === 'library' ? t('exportNothingLibrary') : t('exportNothingList'));
        return;
      }
      downloadText(file);
      setDone(t('exportSaved', papersCount(file.count), file.filename));
    });
  };

  return (
    <section class="pd-panel" aria-labelledby="pd-export-heading">
      <h2 id="pd-export-heading" class="pd-heading">
        {t('exportHeading')}
      </h2>
      <form onSubmit={run}>
        <fieldset class="pd-fieldset">
          <legend>{t('exportFormat')}</legend>
          {FORMATS.map((f) => (
            <label key={f.value} class="pd-radio">
              <input
                type="radio"
                name="pd-export-format"
                value={f.value}
                checked={format === f.value}
                onChange={() => setFormat(f.value)}
              />
              <span>
                {f.label} <span class="pd-hint-inline">— {f.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset class="pd-fieldset">
          <legend>{t('exportPapers')}</legend>
          <label class="pd-radio">
            <input type="radio" name="pd-export-scope" checked={effectiveScope === 'library'} onChange={() => setScope('library')} />
            {t('exportWholeLibrary')}
          </label>
          <label class="pd-radio">
            <input
              type="radio"
              name="pd-export-scope"
              checked={effectiveScope === 'selection'}
              disabled={selectedIds.length === 0}
              onChange={() => setScope('selection')}
            />
            {t('exportSelected', selectedIds.length)}
          </label>
          {shownIds && (
            <label class="pd-radio">
              <input type="radio" name="pd-export-scope" checked={effectiveScope === 'shown'} onChange={() => setScope('shown')} />
              {t('exportShown', shownIds.length)}
            </label>
          )}
        </fieldset>
        <button type="submit" class="pd-button pd-primary" disabled={action.busy}>
          {action.busy ? t('exporting') : t('exportButton')}
        </button>
        {done && (
          <p class="pd-ok" role="status">
            {done}
          </p>
        )}
        <ErrorBanner error={action.error} onDismiss={action.clear} />
      </form>
    </section>
  );
}
