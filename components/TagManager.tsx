import { useEffect, useRef, useState } from 'preact/hooks';
import type { Tag } from '../lib/model/library';
import { useServices } from './context';
import { EmptyState } from './EmptyState';
import { ErrorBanner } from './ErrorBanner';
import { papersCount } from './format';
import { useAction } from './hooks';
import { t } from '../lib/i18n';

/** Every tag with its paper count: rename, merge into another tag, delete. */
export function TagManager({ tags, counts }: { tags: readonly Tag[]; counts: ReadonlyMap<string, number> }) {
  return (
    <section class="pd-panel" aria-labelledby="pd-tags-heading">
      <h2 id="pd-tags-heading" class="pd-heading">
        {t('tagsHeading')}
      </h2>
      {tags.length === 0 ? (
        <EmptyState title={t('noTagsYet')}>{t('noTagsHint')}</EmptyState>
      ) : (
        <ul class="pd-tag-list">
          {tags.map((tag) => (
            <TagItem key={tag.id} tag={tag} count={counts.get(tag.id) ?? 0} others={tags.filter((t) => t.id !== tag.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TagItem({ tag, count, others }: { tag: Tag; count: number; others: readonly Tag[] }) {
  const { library } = useServices();
  const [mode, setMode] = useState<'view' | 'rename' | 'merge' | 'delete'>('view');
  const [name, setName] = useState(tag.name);
  const [into, setInto] = useState('');
  const action = useAction();
  const done = (ok: unknown) => ok !== undefined && setMode('view');
  const renameInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (mode === 'rename') renameInput.current?.focus();
  }, [mode]);

  return (
    <li class="pd-tag-item" data-tag-id={tag.id}>
      <div class="pd-tag-line">
        <span class={`pd-chip pd-tag-${tag.colour}`}>
          <span class="pd-chip-name">{tag.name}</span>
        </span>
        <span class="pd-muted">{papersCount(count)}</span>
        {mode === 'view' && (
          <span class="pd-tag-actions">
            <button
              type="button"
              class="pd-button pd-quiet pd-small"
              aria-label={t('renameTagLabel', tag.name)}
              onClick={() => (setName(tag.name), setMode('rename'))}
            >
              {t('rename')}
            </button>
            <button
              type="button"
              class="pd-button pd-quiet pd-small"
              aria-label={t('mergeTagLabel', tag.name)}
              disabled={others.length === 0}
              onClick={() => (setInto(others[0]?.id ?? ''), setMode('merge'))}
            >
              {t('mergeEllipsis')}
            </button>
            <button
              type="button"
              class="pd-button pd-quiet pd-small pd-danger"
              aria-label={t('deleteTagLabel', tag.name)}
              onClick={() => setMode('delete')}
            >
              {t('delete')}
            </button>
          </span>
        )}
      </div>
      {mode === 'rename' && (
        <form
          class="pd-form-row"
          onSubmit={async (e) => {
            e.preventDefault();
            done(await action.run(() => library.renameTag(tag.id, name)));
          }}
        >
          <label class="pd-visually-hidden" for={`pd-rename-${tag.id}`}>
            {t('newTagName', tag.name)}
          </label>
          <input
            id={`pd-rename-${tag.id}`}
            class="pd-input"
            value={name}
            maxLength={40}
            ref={renameInput}
            onInput={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Escape' && setMode('view')}
          />
          <button type="submit" class="pd-button pd-primary pd-small" disabled={action.busy}>
            {t('save')}
          </button>
          <button type="button" class="pd-button pd-quiet pd-small" onClick={() => setMode('view')}>
            {t('cancel')}
          </button>
        </form>
      )}
      {mode === 'merge' && (
        <form
          class="pd-form-row"
          onSubmit={async (e) => {
            e.preventDefault();
            if (into) done(await action.run(() => library.mergeTags(tag.id, into)));
          }}
        >
          <label for={`pd-merge-${tag.id}`}>{t('mergeInto', tag.name)}</label>
          <select id={`pd-merge-${tag.id}`} class="pd-select" value={into} onChange={(e) => setInto(e.currentTarget.value)}>
            {others.map((other) => (
              <option key={other.id} value={other.id}>
                {other.name}
              </option>
            ))}
          </select>
          <button type="submit" class="pd-button pd-primary pd-small" disabled={action.busy}>
            {t('merge')}
          </button>
          <button type="button" class="pd-button pd-quiet pd-small" onClick={() => setMode('view')}>
            {t('cancel')}
          </button>
        </form>
      )}
      {mode === 'delete' && (
        <div class="pd-form-row" role="group" aria-label={t('deleteTagQuestion', tag.name)}>
          <span>
            {t('deleteTagConfirm', tag.name)} {count > 0 ? t('deleteTagPapers', papersCount(count)) : ''}
          </span>
          <button
            type="button"
            class="pd-button pd-danger pd-small"
            onClick={async () => done(await action.run(() => library.deleteTag(tag.id)))}
          >
            {t('deleteTag')}
          </button>
          <button type="button" class="pd-button pd-quiet pd-small" onClick={() => setMode('view')}>
            {t('cancel')}
          </button>
        </div>
      )}
      <ErrorBanner error={action.error} onDismiss={action.clear} />
    </li>
  );
}
