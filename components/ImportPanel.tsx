import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { ImportReport } from '../lib/db/library';
import { parseBackup, parseBackupFile, type BackupResult } from '../lib/export/index';
import {
  IMPORT_ACCEPT,
  parseImport,
  planImport,
  planToSnapshot,
  readImportFile,
  type ImportFormat,
  type ImportPlan,
  type ImportedItem,
} from '../lib/import/index';
import { sizeProblem } from '../lib/import/text';
import type { LibrarySnapshot } from '../lib/model/library';
import { useServices } from './context';
import { ErrorBanner } from './ErrorBanner';
import { counted, formatCount, formatDate, papersCount, rulesLeftOut } from './format';
import { useAction } from './hooks';
import { t } from '../lib/i18n';

type Checked = Extract<BackupResult, { ok: true }>['backup'];

const FORMAT_NAMES: Record<ImportFormat, string> = { bibtex: 'BibTeX', ris: 'RIS', ids: t('formatIds') };

/** Where papers came from, inside a sentence: the pasted text, or the quoted file name. */
function sourceName(source: string): string {
  return source === 'pasted text' ? t('thePastedText') : t('quotedSource', source);
}
/** Lines of each list the preview shows; the rest are counted. */
const SHOWN = 6;

/** A file or pasted text read and planned, waiting for the user's word. */
interface Preview {
  source: string;
  format: ImportFormat;
  items: ImportedItem[];
  problems: string[];
  notice?: string | undefined;
  /** The library as it was when the plan was made (planning again with other options reads it again). */
  plan: ImportPlan;
  star: boolean;
}

type Done = { kind: 'backup'; report: ImportReport } | { kind: 'tools'; source: string; report: ImportReport };

/** A JSON backup, wherever it came from: its text starts with an object. */
const looksLikeJson = (text: string) => /^\uFEFF?\s*\{/.test(text);

/** Would the plan change anything? */
function changesSomething(plan: ImportPlan): boolean {
  const c = plan.counts;
  return c.newPapers + c.papersFilled + c.starsToAdd + c.linksToAdd > 0;
}

/**
 * Import into the library: a Paperdeck JSON backup, or papers from other tools — BibTeX, RIS or
 * a plain list of arXiv ids and links — from a file or pasted. Nothing is written until the user
 * confirms what they were shown:
 *  - a backup is checked completely first (parseBackupFile) and summarised;
 *  - other formats are parsed (lib/import) and planned as a dry run against the library
 *    (planImport): the preview gives the numbers and a short list of what would be added,
 *    filled in and skipped, and the problems met while reading.
 * Either way the library merges in one transaction (only adding) and the panel reports what was
 * added. A refused file or a cancel writes nothing.
 */
export function ImportPanel() {
  const { library, now } = useServices();
  const [checked, setChecked] = useState<{ name: string; backup: Checked } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [refusal, setRefusal] = useState<{ message: string; problems?: string[] } | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [reading, setReading] = useState(false);
  const [pasted, setPasted] = useState('');
  const action = useAction();
  const fileInput = useRef<HTMLInputElement>(null);

  const reset = () => {
    setChecked(null);
    setPreview(null);
    setRefusal(null);
    setDone(null);
    action.clear();
  };
  const clearFile = () => {
    if (fileInput.current) fileInput.current.value = '';
  };

  const takeBackup = (name: string, result: BackupResult) => {
    if (result.ok) setChecked({ name, backup: result.backup });
    else setRefusal({ message: result.error });
  };

  /** Parses and plans a text from another tool; shows the preview or why there is nothing to import. */
  const takeText = async (source: string, text: string, notice?: string) => {
    if (looksLikeJson(text)) return takeBackup(source, parseBackup(text));
    const tooBig = sizeProblem(text);
    if (tooBig) return setRefusal({ message: tooBig });
    const parsed = parseImport(text);
    if (parsed.items.length === 0) {
      setRefusal({
        message: t('importNothingFound', sourceName(source)),
        problems: parsed.problems,
      });
      return;
    }
    const snapshot = await library.exportSnapshot();
    setPreview({
      source,
      format: parsed.format,
      items: parsed.items,
      problems: parsed.problems,
      notice,
      plan: planImport(parsed.items, snapshot, { star: true }),
      star: true,
    });
  };

  /** Reads, parses and plans; a failure to read the library is shown like any other error. */
  const examine = async (work: () => Promise<void>) => {
    reset();
    setReading(true);
    // Let "Checking…" paint before a large file is parsed.
    await new Promise((r) => setTimeout(r, 0));
    await action.run(work);
    setReading(false);
  };

  const choose = (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) {
      reset();
      return;
    }
    void examine(async () => {
      if (/\.json$/i.test(file.name) || file.type === 'application/json') {
        takeBackup(file.name, await parseBackupFile(file));
        return;
      }
      const read = await readImportFile(file);
      if (!read.ok) setRefusal({ message: read.error });
      else await takeText(file.name, read.text, read.notice);
    });
  };

  const previewPasted = (e: Event) => {
    e.preventDefault();
    if (!pasted.trim()) return;
    clearFile();
    void examine(() => takeText('pasted text', pasted));
  };

  const setStar = (star: boolean) => {
    if (!preview) return;
    void action.run(async () => {
      const snapshot: LibrarySnapshot = await library.exportSnapshot();
      setPreview({ ...preview, star, plan: planImport(preview.items, snapshot, { star }) });
    });
  };

  const confirmBackup = async () => {
    if (!checked) return;
    const result = await action.run(() => library.importSnapshot(checked.backup.library));
    if (result) {
      setDone({ kind: 'backup', report: result });
      setChecked(null);
      clearFile();
    }
  };

  const confirmPreview = async () => {
    if (!preview) return;
    const result = await action.run(() => library.importSnapshot(planToSnapshot(preview.plan, { now: now() })));
    if (result) {
      setDone({ kind: 'tools', source: preview.source, report: result });
      setPreview(null);
      clearFile();
      if (preview.source === 'pasted text') setPasted('');
    }
  };

  const cancel = () => {
    setChecked(null);
    setPreview(null);
    clearFile();
  };

  const lib = checked?.backup.library;
  return (
    <section class="pd-panel" aria-labelledby="pd-import-heading">
      <h2 id="pd-import-heading" class="pd-heading">
        {t('importHeading')}
      </h2>
      <p class="pd-hint">{t('importIntro')}</p>
      <div class="pd-field">
        <label for="pd-import-file">{t('importFileLabel')}</label>
        <input
          ref={fileInput}
          id="pd-import-file"
          type="file"
          accept={`.json,application/json,${IMPORT_ACCEPT}`}
          class="pd-file"
          onChange={choose}
        />
      </div>
      <form class="pd-import-paste" onSubmit={previewPasted}>
        <div class="pd-field">
          <label for="pd-import-text">{t('importPasteLabel')}</label>
          <textarea
            id="pd-import-text"
            class="pd-input pd-import-text"
            rows={4}
            spellcheck={false}
            placeholder={'2401.01234\nhttps://arxiv.org/abs/2312.00001\n@article{…}'}
            value={pasted}
            onInput={(e) => setPasted(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="pd-button" disabled={!pasted.trim() || reading || action.busy}>
          {t('previewImport')}
        </button>
      </form>
      {reading && (
        <p role="status" class="pd-hint">
          {t('checking')}
        </p>
      )}
      {refusal && (
        <>
          <ErrorBanner error={refusal.message} />
          <Problems problems={refusal.problems ?? []} />
        </>
      )}
      {checked && lib && (
        <div class="pd-confirm" role="group" aria-label={t('backupChecked')}>
          <p>
            {t(
              'backupCheckedSummary',
              t('quotedSource', checked.name),
              formatDate(Date.parse(checked.backup.exportedAt)),
              papersCount(lib.papers.length),
              counted(lib.stars.length, 'starCountOne', 'starCountOther'),
              counted(lib.tags.length, 'tagCountOne', 'tagCountOther'),
              counted(lib.rules.length, 'hideRuleCountOne', 'hideRuleCountOther'),
            )}
          </p>
          <div class="pd-form-row">
            <button type="button" class="pd-button pd-primary" onClick={confirmBackup} disabled={action.busy}>
              {action.busy ? t('importing') : t('importButton')}
            </button>
            <button type="button" class="pd-button pd-quiet" onClick={cancel}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      {preview && <PlanPreview preview={preview} busy={action.busy} onStar={setStar} onConfirm={confirmPreview} onCancel={cancel} />}
      <ErrorBanner error={action.error} onDismiss={action.clear} />
      {done?.kind === 'backup' && (
        <div class="pd-ok" role="status">
          <p>{t('imported')}</p>
          <ul class="pd-report">
            <li>{t('countAdded', papersCount(done.report.papersAdded))}</li>
            <li>{t('countUpdated', papersCount(done.report.papersUpdated))}</li>
            <li>{t('countAdded', counted(done.report.starsAdded, 'starCountOne', 'starCountOther'))}</li>
            <li>{t('countAdded', counted(done.report.tagsAdded, 'tagCountOne', 'tagCountOther'))}</li>
            <li>{t('countAdded', counted(done.report.linksAdded, 'tagLinkCountOne', 'tagLinkCountOther'))}</li>
            <li>{t('countAdded', counted(done.report.rulesAdded, 'hideRuleCountOne', 'hideRuleCountOther'))}</li>
            {done.report.notesChanged > 0 && (
              <li>{t('countAdded', counted(done.report.notesChanged, 'noteOrStatusCountOne', 'noteOrStatusCountOther'))}</li>
            )}
            {done.report.notInterestedAdded > 0 && (
              <li>{t('countAdded', counted(done.report.notInterestedAdded, 'notInterestedCountOne', 'notInterestedCountOther'))}</li>
            )}
            <li>{done.report.settingsChanged ? t('settingsFromBackup') : t('settingsKept')}</li>
            {rulesLeftOut(done.report) && <li>{rulesLeftOut(done.report)}</li>}
          </ul>
        </div>
      )}
      {done?.kind === 'tools' && (
        <div class="pd-ok" role="status">
          <p>{t('importedFrom', sourceName(done.source))}</p>
          <ul class="pd-report">
            <li>{t('countAdded', papersCount(done.report.papersAdded))}</li>
            <li>{t('countFilledIn', papersCount(done.report.papersUpdated))}</li>
            <li>{t('countAdded', counted(done.report.starsAdded, 'starCountOne', 'starCountOther'))}</li>
            <li>{t('countAdded', counted(done.report.tagsAdded, 'tagCountOne', 'tagCountOther'))}</li>
            <li>{t('countAdded', counted(done.report.linksAdded, 'tagLinkCountOne', 'tagLinkCountOther'))}</li>
            {done.report.notesChanged > 0 && (
              <li>{t('countAdded', counted(done.report.notesChanged, 'noteCountOne', 'noteCountOther'))}</li>
            )}
          </ul>
        </div>
      )}
    </section>
  );
}

/** The dry run: what the import would change, in numbers and a short list; nothing is written yet. */
function PlanPreview({
  preview,
  busy,
  onStar,
  onConfirm,
  onCancel,
}: {
  preview: Preview;
  busy: boolean;
  onStar: (star: boolean) => void;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { plan, source, format, problems, notice } = preview;
  const c = plan.counts;
  const filled = plan.knownPapers.filter((p) => Object.keys(p.fill).length > 0);
  const keptAll = plan.knownPapers.filter((p) => p.kept.length > 0);
  const useful = changesSomething(plan);
  const skippedCount = c.skipped;
  const newPapers = counted(c.newPapers, 'newPaperCountOne', 'newPaperCountOther');
  const known = papersCount(plan.knownPapers.length);
  const stars = counted(c.starsToAdd, 'starCountOne', 'starCountOther');
  const newTags = counted(c.tagsToCreate, 'newTagCountOne', 'newTagCountOther');
  return (
    <div class="pd-confirm pd-plan" role="group" aria-label={t('importPreview')}>
      <p>
        {t(
          'previewRead',
          source === 'pasted text' ? t('thePastedTextStart') : t('quotedSource', source),
          FORMAT_NAMES[format],
          counted(c.items, 'entryCountOne', 'entryCountOther'),
        )}
      </p>
      {notice && <p class="pd-hint">{notice}</p>}
      <ul class="pd-report pd-plan-counts" aria-label={t('whatWouldChange')}>
        <li data-count="new">{c.stubs > 0 ? t('newPapersWithStubs', newPapers, counted(c.stubs, 'stubsOne', 'stubsOther')) : newPapers}</li>
        <li data-count="known">
          {plan.knownPapers.length === 0
            ? t('alreadyInLibrary', known)
            : c.papersFilled > 0
              ? t('knownPapersFilled', known, formatCount(c.papersFilled))
              : t(plan.knownPapers.length === 1 ? 'knownPapersUnchangedOne' : 'knownPapersUnchangedOther', known)}
        </li>
        <li data-count="stars">
          {preview.star
            ? plan.alreadyStarred.length
              ? t('starsToAddSomeStarred', stars, formatCount(plan.alreadyStarred.length))
              : t('countToAdd', stars)
            : t('noStarsAdded')}
        </li>
        <li data-count="tags">
          {c.tagsToCreate > 0
            ? t('newTagsNamed', newTags, `${plan.tagsToCreate.slice(0, SHOWN).join(', ')}${c.tagsToCreate > SHOWN ? '…' : ''}`)
            : newTags}
        </li>
        <li data-count="links">{t('countToAdd', counted(c.linksToAdd, 'tagLinkCountOne', 'tagLinkCountOther'))}</li>
        {skippedCount > 0 && <li data-count="skipped">{t('countSkipped', counted(skippedCount, 'entryCountOne', 'entryCountOther'))}</li>}
      </ul>
      <label class="pd-check">
        <input type="checkbox" checked={preview.star} disabled={busy} onChange={(e) => onStar(e.currentTarget.checked)} />
        {t('starImported')}
      </label>
      {plan.newPapers.length > 0 && (
        <ShortList title={t('listNewPapers')} total={plan.newPapers.length}>
          {plan.newPapers.slice(0, SHOWN).map((p) => (
            <li key={p.id}>
              {p.fields.title ?? `arXiv:${p.id}`}
              <span class="pd-hint-inline">
                {' '}
                · {p.id}
                {p.stub ? ` · ${t('idOnly')}` : ''}
              </span>
            </li>
          ))}
        </ShortList>
      )}
      {filled.length > 0 && (
        <ShortList title={t('listDetailsFilled')} total={filled.length}>
          {filled.slice(0, SHOWN).map((p) => (
            <li key={p.id}>
              {p.title}
              <span class="pd-hint-inline"> · {t('addsFields', Object.keys(p.fill).join(', '))}</span>
            </li>
          ))}
        </ShortList>
      )}
      {keptAll.length > 0 && (
        <ShortList title={t('listYoursKept')} total={keptAll.length}>
          {keptAll.slice(0, SHOWN).map((p) => (
            <li key={p.id}>
              {p.title}
              <span class="pd-hint-inline"> · {t('keepsYour', p.kept.join(', '))}</span>
            </li>
          ))}
        </ShortList>
      )}
      {plan.skipped.length > 0 && (
        <ShortList title={t('listSkipped')} total={plan.skipped.length}>
          {plan.skipped.slice(0, SHOWN).map((s) => (
            <li key={s.index}>
              {s.id
                ? t('skippedEntryWithId', formatCount(s.index + 1), s.id, s.reason)
                : t('skippedEntry', formatCount(s.index + 1), s.reason)}
            </li>
          ))}
        </ShortList>
      )}
      {plan.notices.map((n) => (
        <p key={n} class="pd-hint">
          {n}
        </p>
      ))}
      <Problems problems={problems} />
      {!useful && (
        <p class="pd-notice" role="status">
          {preview.star ? t('nothingWouldChangeStarred') : t('nothingWouldChange')}
        </p>
      )}
      <div class="pd-form-row">
        {useful && (
          <button type="button" class="pd-button pd-primary" onClick={onConfirm} disabled={busy}>
            {busy ? t('importing') : t('importButton')}
          </button>
        )}
        <button type="button" class="pd-button pd-quiet" onClick={onCancel}>
          {useful ? t('cancel') : t('close')}
        </button>
      </div>
    </div>
  );
}

function ShortList({ title, total, children }: { title: string; total: number; children: ComponentChildren }) {
  return (
    <div class="pd-plan-list">
      <h3 class="pd-subheading">
        {title} ({formatCount(total)})
      </h3>
      <ul>
        {children}
        {total > SHOWN && <li class="pd-hint-inline">{t('andMore', formatCount(total - SHOWN))}</li>}
      </ul>
    </div>
  );
}

/** What the reader met and skipped while reading the file, with where. */
function Problems({ problems }: { problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <div class="pd-plan-list pd-problems">
      <h3 class="pd-subheading">{t('problemsWhileReading')}</h3>
      <ul>
        {problems.slice(0, SHOWN).map((p, i) => (
          <li key={i}>{p}</li>
        ))}
        {problems.length > SHOWN && <li class="pd-hint-inline">{t('andMore', formatCount(problems.length - SHOWN))}</li>}
      </ul>
    </div>
  );
}
