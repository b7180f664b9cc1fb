import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PaperSummary } from './store';

/**
 * A virtual list: one scroll container with a spacer as tall as all rows, and only the rows in
 * view (plus a few above and below) in the DOM, so 50,000 papers scroll like 50. Rows have one
 * fixed height.
 *
 * Keyboard (focus the list): ↑/↓ (and Page Up/Down, Home/End) move the active row, ←/→ the
 * active cell, Space selects the row, Shift+↑/↓ extends the selection, Enter does what the active
 * cell holds (presses its button, or opens the paper), and `onKey` gets the rest (the library page
 * stars with "s").
 *
 * ARIA: a multi-selectable data grid (WAI-ARIA APG "Grid"), one tab stop, whose active cell is
 * named with aria-activedescendant. Not a listbox: an option may not hold controls, and each row
 * holds a star, a link and a note button. Rows are `row`s (selected with aria-selected), their
 * parts `gridcell`s (made by `renderRow` with `state.cell(col)`); the cells' own controls are out
 * of the tab order (tabIndex -1): the grid's keys reach them, and the mouse clicks them.
 */

/** Title, the meta line (date, organization, upvotes, note, tags) and the TL;DR line. */
export const ROW_HEIGHT = 76;
const OVERSCAN = 6;
/** Where layout is unknown (tests, a hidden tab): assume a window this tall. */
const FALLBACK_VIEWPORT = 640;

export interface RowState {
  active: boolean;
  selected: boolean;
  /** The attributes of the row's cell number `col` (0-based): spread them on the cell's element. */
  cell: (col: number) => CellProps;
}

export interface CellProps {
  role: 'gridcell';
  id: string;
  'aria-colindex': number;
  /** On the active cell of the active row: the focus ring is drawn there. */
  'data-pd-active'?: true;
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
  columns = 1,
  openColumn = 0,
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
  /** How many cells each row has (`state.cell(0…columns-1)`). */
  columns?: number;
  /** The cell that is active first, whose Enter opens the paper. */
  openColumn?: number;
  /** Called after each commit with the rows shown (the benchmark marks the first paint). */
  onRendered?: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const [active, setActive] = useState(0);
  const [column, setColumn] = useState(openColumn);
  const anchor = useRef(0);
  const cellId = (row: number, col: number) => `${listId}-row-${row}-c${col}`;

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
      case 'ArrowRight':
        setColumn(Math.min(columns - 1, column + 1));
        break;
      case 'ArrowLeft':
        setColumn(Math.max(0, column - 1));
        break;
      case 'Enter': {
        // The active cell's button, as a click would press it; a cell without one opens the paper.
        const control = document.getElementById(cellId(activeIndex, column))?.querySelector('button');
        if (control && column !== openColumn) control.click();
        else onOpen(row);
        break;
      }
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
        role="row"
        aria-selected={isSelected}
        aria-rowindex={i + 1}
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
        {renderRow(row, i, {
          active: isActive,
          selected: isSelected,
          cell: (col) => ({
            role: 'gridcell',
            id: cellId(i, col),
            'aria-colindex': col + 1,
            ...(isActive && col === column ? { 'data-pd-active': true as const } : {}),
          }),
        })}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      class="pd-vlist"
      role="grid"
      aria-multiselectable="true"
      aria-label={label}
      aria-rowcount={rows.length}
      aria-colcount={columns}
      aria-activedescendant={rows.length ? cellId(activeIndex, Math.min(column, columns - 1)) : undefined}
      aria-describedby="pd-list-keys"
      tabIndex={0}
      data-rows={rows.length}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div class="pd-vspacer" role="rowgroup" style={{ height: `${rows.length * rowHeight}px` }}>
        {items}
      </div>
    </div>
  );
}
