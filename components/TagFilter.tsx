import type { Tag } from '../lib/model/library';
import { UNTAGGED } from './view';

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
        Tag
      </label>
      <select id={id} class="pd-select" value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">All tags</option>
        <option value={UNTAGGED}>Untagged</option>
        {tags.map((t) => (
          <option key={t.id} value={t.id}>
            {counts ? `${t.name} (${counts.get(t.id) ?? 0})` : t.name}
          </option>
        ))}
      </select>
    </div>
  );
}
