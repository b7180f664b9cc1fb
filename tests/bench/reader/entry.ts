/**
 * Bundle entry for the reader benchmark: tests/bench/reader.mjs builds this into one IIFE (global
 * `PdReader`) and runs it in Chromium on a generated page (and a base ref's copy as `PdReaderBase`).
 * The steps below readPage are exported to time them alone.
 */
export { pageContext, readCards, readPage } from '../../../lib/hf/read';
export { findCards } from '../../../lib/hf/cards';
export { readListHydration } from '../../../lib/hf/hydration';
export { detectView } from '../../../lib/hf/views';
export { watchPapers } from '../../../lib/hf/watch';
export { PaperRecord } from '../../../lib/model/paper';
