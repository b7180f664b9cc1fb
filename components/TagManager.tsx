import { useEffect, useRef, useState } from 'preact/hooks';
import type { Tag } from '../lib/model/library';
import { useServices } from './context';
import { EmptyState } from './EmptyState';
import { ErrorBanner } from './ErrorBanner';
import { plural } from './format';
import { useAction } from './hooks';

/** Every tag with its paper count: rename, merge into another tag, delete. */
export function TagManager({ tags, counts }: { tags: readonly Tag[]; counts: ReadonlyMap<string, number> }) {
  return (
    <section class="pd-panel" aria-labelledby="pd-tags-heading">
      <h2 id="pd-tags-heading" class="pd-heading">
        Tags
      </h2>
      {tags.length === 0 ? (
        <EmptyState title="No tags yet.">Tag papers on the page (press t) or select papers here and add a tag.</EmptyState>
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
        <span class="pd-muted">{plural(count, 'paper')}</span>
        {mode === 'view' && (
          <span class="pd-tag-actions">
            <button type="button" class="pd-button pd-quiet pd-small" aria-label={`Rename tag ${tag.name}`} onClick={() => (setName(tag.name), setMode('rename'))}>
              Rename
            </button>
            <button
              type="button"
              class="pd-button pd-quiet pd-small"
              aria-label={`Merge tag ${tag.name} into another tag`}
              disabled={others.length === 0}
              onClick={() => (setInto(others[0]?.id ?? ''), setMode('merge'))}
            >
              Merge…
            </button>
            <button type="button" class="pd-button pd-quiet pd-small pd-danger" aria-label={`Delete tag ${tag.name}`} onClick={() => setMode('delete')}>
              Delete
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
            New name for tag {tag.name}
          </label>
          <input
            id={`pd-rename-${tag.id}`}
            class="pd-input"
            value={name}
            maxLength={40}
            ref={renameInput}
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => e.key === 'Escape' && setMode('view')}
          />
          <button type="submit" class="pd-button pd-primary pd-small" disabled={action.busy}>
            Save
          </button>
          <button type="button" class="pd-button pd-quiet pd-small" onClick={() => setMode('view')}>
            Cancel
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
          <label for={`pd-merge-${tag.id}`}>Merge “{tag.name}” into</label>
          <select id={`pd-merge-${tag.id}`} class="pd-select" value={into} onChange={(e) => setInto((e.currentTarget as HTMLSelectElement).value)}>
            {others.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          <button type="submit" class="pd-button pd-primary pd-small" disabled={action.busy}>
            Merge
          </button>
          <button type="button" class="pd-button pd-quiet pd-small" onClick={() => setMode('view')}>
            Cancel
          </button>
        </form>
      )}
      {mode === 'delete' && (
        <div class="pd-form-row" role="group" aria-label={`Delete tag ${tag.name}?`}>
          <span>
            Delete “{tag.name}”? {count > 0 ? `It is removed from ${plural(count, 'paper')}; the papers stay.` : ''}
          </span>
          <button type="button" class="pd-button pd-danger pd-small" onClick={async () => done(await action.run(() => library.deleteTag(tag.id)))}>
            Delete tag
          </button>
          <button type="button" class="pd-button pd-quiet pd-small" onClick={() => setMode('view')}>
            Cancel
          </button>
        </div>
      )}
      <ErrorBanner error={action.error} onDismiss={action.clear} />
    </li>
  );
}
