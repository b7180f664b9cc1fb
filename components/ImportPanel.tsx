import { useRef, useState } from 'preact/hooks';
import type { ImportReport } from '../lib/db/library';
import { parseBackupFile, type BackupResult } from '../lib/export/index';
import { useServices } from './context';
import { ErrorBanner } from './ErrorBanner';
import { formatDate, plural } from './format';
import { useAction } from './hooks';

type Checked = Extract<BackupResult, { ok: true }>['backup'];

/**
 * Import a JSON backup: the file is read and checked completely (parseBackupFile) before
 * anything is written; the user sees what it holds and confirms; the library merges it in one
 * transaction and reports what was added. A refused file shows why, and nothing is written.
 */
export function ImportPanel() {
  const { library } = useServices();
  const [checked, setChecked] = useState<{ name: string; backup: Checked } | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [reading, setReading] = useState(false);
  const action = useAction();
  const fileInput = useRef<HTMLInputElement>(null);

  const choose = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    setChecked(null);
    setRefusal(null);
    setReport(null);
    action.clear();
    if (!file) return;
    setReading(true);
    const result = await parseBackupFile(file);
    setReading(false);
    if (result.ok) setChecked({ name: file.name, backup: result.backup });
    else setRefusal(result.error);
  };

  const confirm = async () => {
    if (!checked) return;
    const result = await action.run(() => library.importSnapshot(checked.backup.library));
    if (result) {
      setReport(result);
      setChecked(null);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const lib = checked?.backup.library;
  return (
    <section class="pd-panel" aria-labelledby="pd-import-heading">
      <h2 id="pd-import-heading" class="pd-heading">
        Import a backup
      </h2>
      <p class="pd-hint">
        Merges a Paperdeck JSON backup into this library: papers, stars, tags and hidden topics are added to yours. Nothing you
        have is removed or overwritten; your settings stay as you chose them.
      </p>
      <div class="pd-field">
        <label for="pd-import-file">Backup file (.json)</label>
        <input ref={fileInput} id="pd-import-file" type="file" accept=".json,application/json" class="pd-file" onChange={choose} />
      </div>
      {reading && (
        <p role="status" class="pd-hint">
          Checking the file…
        </p>
      )}
      <ErrorBanner error={refusal} />
      {checked && lib && (
        <div class="pd-confirm" role="group" aria-label="Backup checked">
          <p>
            “{checked.name}”, exported {formatDate(Date.parse(checked.backup.exportedAt))}: {plural(lib.papers.length, 'paper')},{' '}
            {plural(lib.stars.length, 'star')}, {plural(lib.tags.length, 'tag')}, {plural(lib.rules.length, 'hide rule')}.
          </p>
          <div class="pd-form-row">
            <button type="button" class="pd-button pd-primary" onClick={confirm} disabled={action.busy}>
              {action.busy ? 'Importing…' : 'Import'}
            </button>
            <button
              type="button"
              class="pd-button pd-quiet"
              onClick={() => {
                setChecked(null);
                if (fileInput.current) fileInput.current.value = '';
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      <ErrorBanner error={action.error} onDismiss={action.clear} />
      {report && (
        <div class="pd-ok" role="status">
          <p>Imported:</p>
          <ul class="pd-report">
            <li>{plural(report.papersAdded, 'paper')} added</li>
            <li>{plural(report.papersUpdated, 'paper')} updated</li>
            <li>{plural(report.starsAdded, 'star')} added</li>
            <li>{plural(report.tagsAdded, 'tag')} added</li>
            <li>{plural(report.linksAdded, 'tag link')} added</li>
            <li>{plural(report.rulesAdded, 'hide rule')} added</li>
            <li>{report.settingsChanged ? 'Settings taken from the backup (this library had not saved its own)' : 'Your settings kept'}</li>
          </ul>
        </div>
      )}
    </section>
  );
}
