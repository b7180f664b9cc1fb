import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PaperSummary } from './store';

/**
 * A virtual list: one scroll container with a spacer as tall as all rows, and only the rows in
 * view (plus a few above and below) in the DOM, so 50,000 papers scroll like 50. Rows have one
 * fixed height.
 *
 * Keyboard (focus the list): ↑/↓ (and Page Up/Down, Home/End) move the active row, Space
 * selects it, Shift+↑/↓ extends the selection, Enter opens the paper, and `onKey` gets the rest
 * (the library page stars with "s"). ARIA: a multi-selectable listbox whose active option is
 * named with aria-activedescendant; the rows' own buttons are for the mouse (tabIndex -1).
 */

/** Title, the meta line (date, organization, upvotes, note, tags) and the TL;DR line. */
export const ROW_HEIGHT = 76;
const OVERSCAN = 6;
/** Where layout is unknown (tests, a hidden tab): assume a window this tall. */
const FALLBACK_VIEWPORT = 640;

export interface RowState {
  active: boolean;
  selected: boolean;
}

export function PaperList({
  rows,
  label,
  selected,
  onSelect,
  onOpen,
  onKey,
  renderRow,
  rowHeight = ROW_HEIGHT,
  listId = 'pd-paper-list',
  onRendered,
}: {
  rows: readonly PaperSummary[];
  label: string;
  selected: ReadonlySet<string>;
  /** `range`: Shift-select from the anchor; `toggle`: flip one; otherwise replace. */
  onSelect: (ids: string[], mode: 'toggle' | 'add' | 'set') => void;
  onOpen: (row: PaperSummary) => void;
  onKey?: (e: KeyboardEvent, row: PaperSummary) => boolean;
  renderRow: (row: PaperSummary, index: number, state: RowState) => ComponentChildren;
  rowHeight?: number;
  listId?: string;
  /** Called after each commit with the rows shown (the benchmark marks the first paint). */
  onRendered?: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const [active, setActive] = useState(0);
  const anchor = useRef(0);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight || FALLBACK_VIEWPORT);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the active row in range when the list shrinks (a search, a delete).
  const activeIndex = Math.min(active, Math.max(0, rows.length - 1));

  useLayoutEffect(() => {
    onRendered?.();
  });

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / rowHeight) + OVERSCAN);

  const scrollIntoView = (index: number) => {
    const el = scroller.current;
    if (!el) return;
    const top = index * rowHeight;
    const height = el.clientHeight || viewport;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + height) el.scrollTop = top + rowHeight - height;
    setScrollTop(el.scrollTop);
  };

  const moveTo = (index: number, extend: boolean) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    scrollIntoView(next);
    if (extend) {
      const [a, b] = anchor.current <= next ? [anchor.current, next] : [next, anchor.current];
      onSelect(
        rows.slice(a, b + 1).map((r) => r.id),
        'add',
      );
    } else anchor.current = next;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (rows.length === 0) return;
    const row = rows[activeIndex]!;
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1);
    switch (e.key) {
      case 'ArrowDown':
        moveTo(activeIndex + 1, e.shiftKey);
        break;
      case 'ArrowUp':
        moveTo(activeIndex - 1, e.shiftKey);
        break;
      case 'PageDown':
        moveTo(activeIndex + page, e.shiftKey);
        break;
      case 'PageUp':
        moveTo(activeIndex - page, e.shiftKey);
        break;
      case 'Home':
        moveTo(0, e.shiftKey);
        break;
      case 'End':
        moveTo(rows.length - 1, e.shiftKey);
        break;
      case ' ':
        onSelect([row.id], 'toggle');
        anchor.current = activeIndex;
        break;
      case 'Enter':
        onOpen(row);
        break;
      case 'a':
        if (e.ctrlKey || e.metaKey) {
          onSelect(
            rows.map((r) => r.id),
            'set',
          );
          break;
        }
        return;
      default:
        if (onKey?.(e, row)) break;
        return;
    }
    e.preventDefault();
  };

  const items: ComponentChildren[] = [];
  for (let i = first; i < last; i++) {
    const row = rows[i]!;
    const isSelected = selected.has(row.id);
    const isActive = i === activeIndex;
    items.push(
      <div
        key={row.id}
        id={`${listId}-row-${i}`}
        role="option"
        aria-selected={isSelected}
        aria-setsize={rows.length}
        aria-posinset={i + 1}
        class={`pd-vrow${isActive ? ' pd-active' : ''}${isSelected ? ' pd-selected' : ''}`}
        style={{ transform: `translateY(${i * rowHeight}px)`, height: `${rowHeight}px` }}
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('a, button, input, label')) return;
          setActive(i);
          if (e.shiftKey) {
            const [a, b] = anchor.current <= i ? [anchor.current, i] : [i, anchor.current];
            onSelect(
              rows.slice(a, b + 1).map((r) => r.id),
              'add',
            );
          } else {
            anchor.current = i;
            onSelect([row.id], 'toggle');
          }
        }}
      >
        {renderRow(row, i, { active: isActive, selected: isSelected })}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      class="pd-vlist"
      role="listbox"
      aria-multiselectable="true"
      aria-label={label}
      aria-activedescendant={rows.length ? `${listId}-row-${activeIndex}` : undefined}
      aria-describedby="pd-list-keys"
      tabIndex={0}
      data-rows={rows.length}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div class="pd-vspacer" style={{ height: `${rows.length * rowHeight}px` }}>
        {items}
      </div>
    </div>
  );
}
