import { useEffect, useRef } from 'preact/hooks';

/**
 * The search field. Reports every keystroke (the index answers in a few milliseconds) and marks
 * it for the benchmark (`performance.mark('pd-search-input')`). "/" focuses it from anywhere on
 * the page, Escape clears it.
 */
export function SearchBox({
  value,
  onInput,
  label,
  placeholder,
  status,
  autoFocus = false,
}: {
  value: string;
  onInput: (value: string) => void;
  label: string;
  placeholder?: string;
  /** Said under the box and to screen readers: "12 papers", "Indexing abstracts…". */
  status?: string;
  autoFocus?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]');
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [autoFocus]);
  return (
    <div class="pd-search">
      <input
        ref={input}
        type="search"
        class="pd-input pd-search-input"
        aria-label={label}
        aria-describedby={status ? 'pd-search-status' : undefined}
        placeholder={placeholder ?? label}
        value={value}
        autoComplete="off"
        spellcheck={false}
        onInput={(e) => {
          performance.mark('pd-search-input');
          onInput(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            e.stopPropagation();
            onInput('');
          }
        }}
      />
      {status && (
        <span id="pd-search-status" class="pd-search-status" aria-live="polite">
          {status}
        </span>
      )}
    </div>
  );
}
