import type { Tag } from '../lib/model/library';
import { UNTAGGED } from './view';
import { t } from '../lib/i18n';

/** Narrows a list to one tag (or to untagged papers). */
export function TagFilter({
  tags,
  value,
  onChange,
  counts,
  id = 'pd-tag-filter',
  compact = false,
}: {
  tags: readonly Tag[];
  value: string;
  onChange: (tagId: string) => void;
  /** Papers per tag id, shown after each name. */
  counts?: ReadonlyMap<string, number>;
  id?: string;
  /** Label read to screen readers only (the popup's narrow toolbar). */
  compact?: boolean;
}) {
  return (
    <div class="pd-field">
      <label for={id} class={compact ? 'pd-visually-hidden' : undefined}>
        {t('tagLabel')}
      </label>
      <select id={id} class="pd-select" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{t('allTags')}</option>
        <option value={UNTAGGED}>{t('untagged')}</option>
        {tags.map((tag) => (
          <option key={tag.id} value={tag.id}>
            {counts ? `${tag.name} (${counts.get(tag.id) ?? 0})` : tag.name}
          </option>
        ))}
      </select>
    </div>
  );
}
