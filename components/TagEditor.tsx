import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Tag } from '../lib/model/library';
import { ErrorBanner } from './ErrorBanner';
import { useAction } from './hooks';
import { TagChips } from './TagChips';
import { t } from '../lib/i18n';

let nextId = 0;

/**
 * Edits a paper's tags: type a name and press Enter (or pick a suggestion from the existing tags
 * with ↑/↓), Backspace in the empty field or × removes a tag, Escape closes. A combobox in the
 * ARIA sense: the suggestions are a listbox the field points into with aria-activedescendant.
 */
export function TagEditor({
  paperTitle,
  tags,
  allTags,
  onAdd,
  onRemove,
  onClose,
  autoFocus = true,
}: {
  paperTitle: string;
  tags: readonly Tag[];
  allTags: readonly Tag[];
  onAdd: (name: string) => Promise<unknown>;
  onRemove: (tag: Tag) => Promise<unknown>;
  onClose?: () => void;
  autoFocus?: boolean;
}) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const action = useAction();
  const input = useRef<HTMLInputElement>(null);
  const idBase = useMemo(() => `pd-tag-editor-${++nextId}`, []);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  const suggestions = useMemo(() => {
    const q = text.trim().toLowerCase();
    const have = new Set(tags.map((t) => t.id));
    const candidates = allTags.filter((t) => !have.has(t.id));
    if (!q) return candidates.slice(0, 6);
    const starts = candidates.filter((t) => t.name.toLowerCase().startsWith(q));
    const contains = candidates.filter((t) => !t.name.toLowerCase().startsWith(q) && t.name.toLowerCase().includes(q));
    return [...starts, ...contains].slice(0, 6);
  }, [text, tags, allTags]);
  const open = suggestions.length > 0;

  const add = async (name: string) => {
    const clean = name.trim();
    if (!clean) return;
    await action.run(async () => {
      await onAdd(clean);
      setText('');
      setActive(-1);
    });
    input.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' && open) {
      e.preventDefault();
      setActive((a) => (a + 1) % suggestions.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? suggestions.length - 1 : a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const picked = active >= 0 ? suggestions[active] : undefined;
      void add(picked ? picked.name : text);
    } else if (e.key === 'Backspace' && text === '' && tags.length > 0) {
      e.preventDefault();
      const last = tags[tags.length - 1]!;
      void action.run(() => onRemove(last));
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (text) setText('');
      else onClose?.();
    }
  };

  return (
    <div class="pd-tag-editor">
      <TagChips tags={tags} onRemove={(t) => void action.run(() => onRemove(t))} />
      <div class="pd-combobox">
        <input
          ref={input}
          class="pd-input"
          type="text"
          role="combobox"
          aria-label={t('addTagTo', paperTitle)}
          aria-expanded={open}
          aria-controls={`${idBase}-list`}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? `${idBase}-opt-${active}` : undefined}
          placeholder={t('addTagEnterPlaceholder')}
          maxLength={40}
          value={text}
          disabled={action.busy}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
        />
        {open && (
          <ul id={`${idBase}-list`} role="listbox" class="pd-suggestions" aria-label={t('existingTags')}>
            {suggestions.map((t, i) => (
              <li
                key={t.id}
                id={`${idBase}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                class={`pd-suggestion${i === active ? ' pd-active' : ''}`}
                onMouseDown={(e) => {
                  e.preventDefault();
                  void add(t.name);
                }}
              >
                <span class={`pd-dot pd-tag-${t.colour}`} aria-hidden="true" />
                {t.name}
              </li>
            ))}
          </ul>
        )}
        {onClose && (
          <button type="button" class="pd-button pd-quiet" onClick={onClose}>
            {t('done')}
          </button>
        )}
      </div>
      <ErrorBanner error={action.error} onDismiss={action.clear} />
    </div>
  );
}
