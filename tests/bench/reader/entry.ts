/**
 * Bundle entry for the reader benchmark: tests/bench/reader.mjs builds this into one IIFE (global
 * `PdReader`) and runs it in Chromium on a generated page.
 */
export { readPage } from '../../../lib/hf/read';
export { watchPapers } from '../../../lib/hf/watch';
export { PaperRecord } from '../../../lib/model/paper';
