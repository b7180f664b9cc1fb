import { useLayoutEffect, useRef } from 'preact/hooks';
import type { PaperNote, ReadingStatus, Tag } from '../lib/model/library';
import { formatCount, formatDate, organizationLabel, paperUrl } from './format';
import { NoteBadges, NoteEditor } from './NoteEditor';
import type { PaperSummary as Row } from './store';
import { TagChips } from './TagChips';
import { TagEditor } from './TagEditor';
import { t } from '../lib/i18n';

/** "12 Dec 2024 · FuriosaAI · ▲ 34" */
export function PaperMeta({ row, starredAt }: { row: Row; starredAt?: number | undefined }) {
  const parts: string[] = [];
  const date = formatDate(row.publishedAt ?? row.firstSeenAt);
  if (date) parts.push(date);
  const org = organizationLabel(row.organization);
  if (org) parts.push(org);
  else if (row.authors?.length) parts.push(row.authors.length > 2 ? t('authorsEtAl', row.authors[0]!) : row.authors.join(', '));
  return (
    <span class="pd-meta">
      {parts.join(' · ')}
      {row.upvotes !== undefined && (
        <span class="pd-upvotes" title={`${formatCount(row.upvotes)} upvotes`}>
          {parts.length > 0 && ' · '}▲ {formatCount(row.upvotes)}
        </span>
      )}
      {starredAt !== undefined && <span class="pd-visually-hidden">, starred {formatDate(starredAt)}</span>}
    </span>
  );
}

/**
 * HF's one-sentence AI summary of the paper, "TL;DR: …" (the record's `aiSummary`; never the
 * abstract). Nothing when the paper has none.
 */
export function Tldr({ text, oneLine = false }: { text?: string | undefined; oneLine?: boolean }) {
  if (!text) return null;
  return (
    <p class={`pd-tldr${oneLine ? ' pd-one-line' : ''}`} title={oneLine ? text : undefined}>
      <abbr class="pd-tldr-label" title={t('tldrTitle')}>
        {t('tldrLabel')}
      </abbr>{' '}
      {text}
    </p>
  );
}

/** Closing an editor removes the field that had the focus: give it back to the button that opened it. */
function useFocusBack(open: boolean) {
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);
  useLayoutEffect(() => {
    if (wasOpen.current && !open) {
      const lost = document.activeElement === document.body || document.activeElement === null;
      if (lost) button.current?.focus();
    }
    wasOpen.current = open;
  }, [open]);
  return button;
}

/**
 * A saved paper in the popup: title (a link to its Hugging Face page), date, organization,
 * upvotes, tags, reading status and note, with un-star, tag editing and note editing in place.
 */
export function PaperRow({
  row,
  starred,
  starredAt,
  tags,
  allTags,
  editing,
  onToggleStar,
  onEditTags,
  onAddTag,
  onRemoveTag,
  note,
  editingNote = false,
  onEditNote,
  onSaveNote,
  onSetStatus,
}: {
  row: Row;
  starred: boolean;
  starredAt?: number | undefined;
  tags: readonly Tag[];
  allTags: readonly Tag[];
  editing: boolean;
  onToggleStar: () => void;
  onEditTags: (open: boolean) => void;
  onAddTag: (name: string) => Promise<unknown>;
  onRemoveTag: (tag: Tag) => Promise<unknown>;
  /** The paper's note and reading status, if it has either. */
  note?: Pick<PaperNote, 'text' | 'status'> | undefined;
  editingNote?: boolean;
  /** Opens or closes the note editor; without it the row offers none. */
  onEditNote?: (open: boolean) => void;
  onSaveNote?: (text: string) => Promise<unknown>;
  onSetStatus?: (status: ReadingStatus | null) => Promise<unknown>;
}) {
  const tagButton = useFocusBack(editing);
  const noteButton = useFocusBack(editingNote);
  const noteEditable = !!(onEditNote && onSaveNote && onSetStatus);
  return (
    <li class="pd-row" data-paper-id={row.id}>
      <div class="pd-row-main">
        <a class="pd-title" href={paperUrl(row.id)} target="_blank" rel="noopener noreferrer">
          {row.title}
        </a>
        <PaperMeta row={row} starredAt={starredAt} />
        <Tldr text={row.aiSummary} />
        {!editingNote && <NoteBadges note={note} />}
        {!editing && <TagChips tags={tags} />}
      </div>
      <div class="pd-row-actions">
        <button
          type="button"
          class={`pd-icon-button pd-star${starred ? ' pd-on' : ''}`}
          aria-pressed={starred}
          aria-label={starred ? t('unstarTitled', row.title) : t('starTitled', row.title)}
          title={starred ? t('unstar') : t('star')}
          onClick={onToggleStar}
        >
          {starred ? '★' : '☆'}
        </button>
        <button
          ref={tagButton}
          type="button"
          class="pd-icon-button pd-tag-button"
          aria-expanded={editing}
          aria-label={t('editTagsOf', row.title)}
          title={t('editTags')}
          onClick={() => onEditTags(!editing)}
        >
          #
        </button>
        {noteEditable && (
          <button
            ref={noteButton}
            type="button"
            class={`pd-icon-button pd-note-button${note?.text || note?.status ? ' pd-on' : ''}`}
            aria-expanded={editingNote}
            aria-label={t('noteAndStatusOf', row.title)}
            title={t('noteAndStatus')}
            onClick={() => onEditNote(!editingNote)}
          >
            ✎
          </button>
        )}
      </div>
      {editing && (
        <TagEditor
          paperTitle={row.title}
          tags={tags}
          allTags={allTags}
          onAdd={onAddTag}
          onRemove={onRemoveTag}
          onClose={() => onEditTags(false)}
        />
      )}
      {editingNote && noteEditable && (
        <NoteEditor
          paperTitle={row.title}
          note={note}
          onSaveNote={onSaveNote}
          onSetStatus={onSetStatus}
          onClose={() => onEditNote(false)}
        />
      )}
    </li>
  );
}
