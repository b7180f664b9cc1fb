import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PaperNote, ReadingStatus } from '../lib/model/library';
import { NOTE_MAX } from '../lib/model/values';
import { ErrorBanner } from './ErrorBanner';
import { useAction } from './hooks';
import { READING_STATUSES, STATUS_LABELS } from './view';
import { t } from '../lib/i18n';

let nextId = 0;

/** How the library stores a note: CR/LF folded, trimmed (Library.setNote). */
const normalise = (text: string) => text.replace(/\r\n?/g, '\n').trim();

/**
 * A paper's reading status and note, edited in place. The status is saved as soon as it is
 * picked; the note when the field loses focus, on Ctrl+Enter (which also closes), on Escape or
 * "Done" (which close) — typed words are never dropped. An emptied note is removed. A failed
 * save says why next to the field and keeps the text as typed.
 */
export function NoteEditor({
  paperTitle,
  note,
  onSaveNote,
  onSetStatus,
  onClose,
  autoFocus = true,
}: {
  paperTitle: string;
  note: Pick<PaperNote, 'text' | 'status'> | undefined;
  onSaveNote: (text: string) => Promise<unknown>;
  onSetStatus: (status: ReadingStatus | null) => Promise<unknown>;
  onClose?: () => void;
  autoFocus?: boolean;
}) {
  const stored = note?.text ?? '';
  const [text, setText] = useState(stored);
  const [saved, setSavedMessage] = useState('');
  const action = useAction();
  const field = useRef<HTMLTextAreaElement>(null);
  const root = useRef<HTMLDivElement>(null);
  /** The text the library has (as far as this editor knows). */
  const known = useRef(stored);
  const inFlight = useRef<{ text: string; done: Promise<boolean> } | null>(null);
  const idBase = useMemo(() => `pd-note-editor-${++nextId}`, []);

  useEffect(() => {
    if (!autoFocus) return;
    field.current?.focus();
    // The whole editor in view (focus alone shows the field's first line at the bottom of a list).
    root.current?.scrollIntoView?.({ block: 'nearest' });
  }, [autoFocus]);

  // A note changed elsewhere (another tab, the page) shows here unless the user is mid-edit.
  useEffect(() => {
    if (normalise(text) === normalise(known.current)) setText(stored);
    known.current = stored;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stored]);

  /** Saves the note if it changed; resolves to whether the library has what the field shows. */
  const save = (): Promise<boolean> => {
    const want = normalise(text);
    if (want === normalise(known.current)) return Promise.resolve(true);
    if (inFlight.current?.text === want) return inFlight.current.done;
    const done = action
      .run(async () => {
        await onSaveNote(want);
        known.current = want;
        setSavedMessage(want ? t('noteSaved') : t('noteRemoved'));
        return true;
      })
      .then((ok) => ok === true)
      .finally(() => {
        if (inFlight.current?.done === done) inFlight.current = null;
      });
    inFlight.current = { text: want, done };
    return done;
  };

  const saveAndClose = async () => {
    if ((await save()) && onClose) onClose();
  };

  const setStatus = (value: string) =>
    void action.run(async () => {
      await onSetStatus(value ? (value as ReadingStatus) : null);
      setSavedMessage(value ? t('markedStatus', STATUS_LABELS[value as ReadingStatus]) : t('statusCleared'));
    });

  return (
    <div ref={root} class="pd-note-editor" role="group" aria-label={t('noteAndStatusOf', paperTitle)}>
      <div class="pd-field">
        <label for={`${idBase}-status`}>{t('statusLabel')}</label>
        <select
          id={`${idBase}-status`}
          class="pd-select"
          aria-label={t('readingStatusOf', paperTitle)}
          value={note?.status ?? ''}
          onChange={(e) => setStatus(e.currentTarget.value)}
        >
          <option value="">{t('noStatus')}</option>
          {READING_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div class="pd-field pd-grow">
        <label for={`${idBase}-text`}>{t('noteLabel')}</label>
        <textarea
          ref={field}
          id={`${idBase}-text`}
          class="pd-input pd-note-text"
          aria-label={t('noteOn', paperTitle)}
          aria-describedby={`${idBase}-hint`}
          aria-invalid={action.error ? true : undefined}
          rows={3}
          maxLength={NOTE_MAX}
          placeholder={t('noteFieldPlaceholder')}
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setSavedMessage('');
          }}
          onBlur={() => void save()}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void saveAndClose();
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              void saveAndClose();
            }
          }}
        />
      </div>
      <div class="pd-note-foot">
        <span id={`${idBase}-hint`} class="pd-hint-inline">
          {t('noteFieldHint')}
        </span>
        {saved && !action.error && (
          <span class="pd-saved" role="status">
            {saved}
          </span>
        )}
        {onClose && (
          <button type="button" class="pd-button pd-quiet pd-small" onClick={() => void saveAndClose()}>
            {t('done')}
          </button>
        )}
      </div>
      <ErrorBanner error={action.error} onDismiss={action.clear} />
    </div>
  );
}

/** A paper's reading status and whether it has a note, as the lists show them (text only). */
export function NoteBadges({ note }: { note: Pick<PaperNote, 'text' | 'status'> | undefined }) {
  if (!note || (!note.status && !note.text)) return null;
  const first = note.text ? note.text.split('\n', 1)[0]! : '';
  return (
    <span class="pd-note-badges">
      {note.status && (
        <span class={`pd-status pd-status-${note.status}`}>
          <span class="pd-visually-hidden">{t('statusPrefix')}</span>
          {STATUS_LABELS[note.status]}
        </span>
      )}
      {note.text && (
        <span class="pd-note-mark" title={note.text.length > 300 ? `${note.text.slice(0, 300)}…` : note.text}>
          <span aria-hidden="true">✎ </span>
          <span class="pd-visually-hidden">{t('notePrefix')}</span>
          {first.length > 80 ? `${first.slice(0, 80)}…` : first}
        </span>
      )}
    </span>
  );
}
