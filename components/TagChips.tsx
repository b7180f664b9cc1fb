import type { Tag } from '../lib/model/library';
import { t } from '../lib/i18n';

/** A paper's tags as coloured chips; with `onRemove`, each has a × button. */
export function TagChips({
  tags,
  onRemove,
  focusable = true,
}: {
  tags: readonly Tag[];
  onRemove?: (tag: Tag) => void;
  /** False inside a list row that handles the keyboard itself. */
  focusable?: boolean;
}) {
  if (tags.length === 0) return null;
  return (
    <ul class="pd-chips" aria-label={t('tagsLabel')}>
      {tags.map((tag) => (
        <li key={tag.id} class={`pd-chip pd-tag-${tag.colour}`}>
          <span class="pd-chip-name">{tag.name}</span>
          {onRemove && (
            <button
              type="button"
              class="pd-chip-remove"
              aria-label={t('removeTag', tag.name)}
              tabIndex={focusable ? 0 : -1}
              onClick={() => onRemove(tag)}
            >
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
