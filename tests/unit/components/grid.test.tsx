/**
 * The library's paper list is a data grid (WAI-ARIA APG), not a listbox: its rows hold controls,
 * which an option may not (issue 19, axe's nested-interactive). One tab stop; ↑/↓ rows, ←/→ cells,
 * Enter presses the active cell's button or opens the paper.
 */
import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { PaperList } from '../../../components/PaperList';
import type { PaperSummary } from '../../../components/store';

const rows: PaperSummary[] = ['One', 'Two', 'Three'].map((title, i) => ({
  id: `2401.0000${i}`,
  title,
  firstSeenAt: i,
  lastSeenAt: i,
}));

function setup() {
  const star = vi.fn();
  const onOpen = vi.fn();
  render(
    <PaperList
      rows={rows}
      label="Papers"
      selected={new Set([rows[1]!.id])}
      onSelect={() => {}}
      onOpen={onOpen}
      columns={2}
      openColumn={1}
      renderRow={(row, _i, { cell }) => (
        <>
          <div {...cell(0)}>
            <button type="button" tabIndex={-1} aria-label={`Star ${row.title}`} onClick={() => star(row.id)}>
              ☆
            </button>
          </div>
          <div {...cell(1)}>
            <a href={`/papers/${row.id}`} tabIndex={-1}>
              {row.title}
            </a>
          </div>
        </>
      )}
    />,
  );
  return { grid: screen.getByRole('grid', { name: 'Papers' }), star, onOpen };
}

describe('PaperList as a grid', () => {
  it('is a multi-selectable grid of rows and cells, with no option holding a control', () => {
    const { grid } = setup();
    expect(grid.getAttribute('aria-multiselectable')).toBe('true');
    expect(grid.getAttribute('aria-rowcount')).toBe('3');
    expect(grid.getAttribute('aria-colcount')).toBe('2');
    expect(grid.tabIndex).toBe(0);
    expect(within(grid).queryAllByRole('option')).toHaveLength(0);
    const gridRows = within(grid).getAllByRole('row');
    expect(gridRows.map((r) => r.getAttribute('aria-selected'))).toEqual(['false', 'true', 'false']);
    for (const row of gridRows) expect(within(row).getAllByRole('gridcell')).toHaveLength(2);
    // The grid is the one tab stop: the controls in its cells are reached by its keys.
    for (const control of grid.querySelectorAll('button, a')) expect((control as HTMLElement).tabIndex).toBe(-1);
  });

  it('moves the active cell with the arrows; Enter presses its button, or opens the paper', () => {
    const { grid, star, onOpen } = setup();
    expect(grid.getAttribute('aria-activedescendant')).toBe('pd-paper-list-row-0-c1');
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith(rows[0]);
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowLeft' });
    expect(grid.getAttribute('aria-activedescendant')).toBe('pd-paper-list-row-1-c0');
    expect(document.getElementById('pd-paper-list-row-1-c0')!.hasAttribute('data-pd-active')).toBe(true);
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(star).toHaveBeenCalledWith(rows[1]!.id);
    fireEvent.keyDown(grid, { key: 'ArrowLeft' }); // stays in the first column
    expect(grid.getAttribute('aria-activedescendant')).toBe('pd-paper-list-row-1-c0');
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    fireEvent.keyDown(grid, { key: 'ArrowRight' }); // stays in the last
    expect(grid.getAttribute('aria-activedescendant')).toBe('pd-paper-list-row-1-c1');
  });
});

describe('LiveRegion', () => {
  it('is one polite status region; announce() fills it without moving the focus', async () => {
    const { LiveRegion, announce } = await import('../../../components/LiveRegion');
    render(
      <>
        <button type="button">here</button>
        <LiveRegion />
      </>,
    );
    const button = screen.getByRole('button', { name: 'here' });
    button.focus();
    const region = screen.getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    announce('Starred: One');
    await vi.waitFor(() => expect(region.textContent).toBe('Starred: One'));
    expect(document.activeElement).toBe(button);
  });
});
