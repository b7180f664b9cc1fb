import { useState } from 'preact/hooks';
import { exportLibrary, type ExportFormat } from '../lib/export/index';
import { useServices } from './context';
import { downloadText } from './download';
import { ErrorBanner } from './ErrorBanner';
import { plural } from './format';
import { useAction } from './hooks';

const FORMATS: { value: ExportFormat; label: string; hint: string }[] = [
  { value: 'json', label: 'JSON backup', hint: 'everything, to import again later' },
  { value: 'csv', label: 'CSV', hint: 'spreadsheets' },
  { value: 'bibtex', label: 'BibTeX', hint: 'LaTeX, Zotero, JabRef' },
  { value: 'ris', label: 'RIS', hint: 'Zotero, Mendeley, EndNote' },
  { value: 'markdown', label: 'Markdown', hint: 'a reading list' },
  { value: 'csljson', label: 'CSL-JSON', hint: 'Zotero, Pandoc, citeproc' },
  { value: 'bookmarks', label: 'Bookmarks', hint: 'any browser, one folder per tag' },
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
 * Export the whole library, the selected papers or the papers shown, in one of seven formats.
 * The file is built from a consistent snapshot and downloaded; its name comes from exportLibrary.
 */
export function ExportPanel({ selectedIds, shownIds, shownLabel }: { selectedIds: readonly string[]; shownIds?: readonly string[]; shownLabel?: string }) {
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
        setDone(
          effectiveScope === 'library'
            ? 'Nothing to export yet: your library has no papers. Open huggingface.co/papers, or import a backup.'
            : 'Nothing to export: no paper is in this list.',
        );
        return;
      }
      downloadText(file);
      setDone(`Saved ${plural(file.count, 'paper')} to ${file.filename}.`);
    });
  };

  return (
    <section class="pd-panel" aria-labelledby="pd-export-heading">
      <h2 id="pd-export-heading" class="pd-heading">
        Export
      </h2>
      <form onSubmit={run}>
        <fieldset class="pd-fieldset">
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.value} class="pd-radio">
              <input type="radio" name="pd-export-format" value={f.value} checked={format === f.value} onChange={() => setFormat(f.value)} />
              <span>
                {f.label} <span class="pd-hint-inline">— {f.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset class="pd-fieldset">
          <legend>Papers</legend>
          <label class="pd-radio">
            <input type="radio" name="pd-export-scope" checked={effectiveScope === 'library'} onChange={() => setScope('library')} />
            The whole library
          </label>
          <label class="pd-radio">
            <input
              type="radio"
              name="pd-export-scope"
              checked={effectiveScope === 'selection'}
              disabled={selectedIds.length === 0}
              onChange={() => setScope('selection')}
            />
            Selected papers ({selectedIds.length})
          </label>
          {shownIds && (
            <label class="pd-radio">
              <input type="radio" name="pd-export-scope" checked={effectiveScope === 'shown'} onChange={() => setScope('shown')} />
              Papers in the list now ({shownIds.length})
            </label>
          )}
        </fieldset>
        <button type="submit" class="pd-button pd-primary" disabled={action.busy}>
          {action.busy ? 'Exporting…' : 'Export'}
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
