/**
 * Performance marks the benchmark (tests/bench/ui.mjs) reads from the page. Marks cost next to
 * nothing and expose no data; the page keeps no global test hook.
 *
 *  - `pd-first-rows`: the first time a list shows papers (first render with data);
 *    `pd-main` (the entrypoints' main.tsx: every module evaluated) and `pd-store-load` /
 *    `pd-store-first-read` (store.ts, bracketing the first database read) say where the time went.
 *  - `pd-search`: a measure from a keystroke in a search box (the `pd-search-input` mark, set
 *    by SearchBox) to the list first showing results for it.
 *  - `pd-search-complete`: from the same keystroke to the list showing complete results
 *    (abstracts included), when that is a later update.
 */
let firstRowsMarked = false;

export function markFirstRows(count: number): void {
  if (firstRowsMarked || count === 0) return;
  firstRowsMarked = true;
  performance.mark('pd-first-rows', { detail: { count } });
}

let pendingInput: number | null = null;

export function markSearchUpdated(complete: boolean): void {
  const input = performance.getEntriesByName('pd-search-input', 'mark').pop();
  if (input) {
    performance.clearMarks('pd-search-input');
    pendingInput = input.startTime;
    performance.measure('pd-search', { start: input.startTime });
  }
  if (complete && pendingInput !== null) {
    performance.measure('pd-search-complete', { start: pendingInput });
    pendingInput = null;
  }
}
