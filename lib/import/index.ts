import { parseBibtex } from './bibtex';
import { parseIdList } from './ids';
import { parseRis } from './ris';
import { MAX_IMPORT_BYTES, type ImportResult } from './text';

/**
 * Importing papers from other tools: BibTeX, RIS, or a plain list of arXiv ids and links. Each
 * parser gives `{ items, problems }` and never throws; `planImport` (./plan) then says what would
 * change in the library before anything is written, and `planToSnapshot` gives the rows to merge.
 *
 * Wiring, from a file input or a pasted text:
 *
 *   const file = await readImportFile(input.files[0]);          // or { ok: true, text: pasted }
 *   if (!file.ok) return show(file.error);
 *   const parsed = parseImport(file.text);                     // { format, items, problems }
 *   const plan = planImport(parsed.items, await library.exportSnapshot(), { star: true });
 *   // preview: plan.counts, newPapers, knownPapers[].fill/kept, tagsToCreate, linksToAdd,
 *   // skipped, notices, and parsed.problems (+ file.notice); then, if the user confirms:
 *   await library.importSnapshot(planToSnapshot(plan, { now: Date.now() }));
 */
export type ImportFormat = 'bibtex' | 'ris' | 'ids';

/** For an `<input type="file" accept=…>`. */
export const IMPORT_ACCEPT = '.bib,.bibtex,.ris,.txt,.text,.md,.csv,text/plain,application/x-bibtex,application/x-research-info-systems';

// Blanks within one line only: with the `m` flag, `^\s*` would run from every line start across all
// the blank lines below it, quadratic (3.6 s on 80,000 blank lines). Each line start is tried anyway.
const LINE_BLANKS = String.raw`[^\S\n\r\u2028\u2029]*`;
const RIS_START = new RegExp(`^${LINE_BLANKS}TY {1,2}- `, 'm');
const BIBTEX_START = new RegExp(String.raw`^${LINE_BLANKS}@\s*[A-Za-z][\w-]*\s*[{(]`, 'm');

/**
 * The format of a text, from its content (a file name can lie, a pasted text has none): an RIS tag
 * line `TY  - ` opening a record, else a BibTeX `@type{`/`@type(`, else a list of ids.
 */
export function detectFormat(text: string): ImportFormat {
  const head = text.slice(0, 200_000);
  if (RIS_START.test(head)) return 'ris';
  if (BIBTEX_START.test(head)) return 'bibtex';
  return 'ids';
}

export function parseImport(
  text: string,
  format: ImportFormat | 'auto' = 'auto',
  opts: { maxItems?: number } = {},
): ImportResult & { format: ImportFormat } {
  const chosen = format === 'auto' ? detectFormat(text) : format;
  const result = chosen === 'bibtex' ? parseBibtex(text, opts) : chosen === 'ris' ? parseRis(text, opts) : parseIdList(text, opts);
  return { ...result, format: chosen };
}

/** What `File` and `Blob` offer; the size is checked before a byte is read. */
export interface BlobLike {
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * The text of a file to import: refused over MAX_IMPORT_BYTES before it is read; UTF-8, else (an
 * older EndNote or Windows export) Windows-1252, said in the notice. Never throws.
 */
export async function readImportFile(
  file: BlobLike,
  maxBytes = MAX_IMPORT_BYTES,
): Promise<{ ok: true; text: string; notice?: string } | { ok: false; error: string }> {
  if (file.size > maxBytes) {
    return { ok: false, error: t('importTooLarge', formatMegabytes(file.size), formatMegabytes(maxBytes)) };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { ok: false, error: t('importUnreadable') };
  }
  if (bytes.byteLength > maxBytes) {
    return { ok: false, error: t('importTooLarge', formatMegabytes(bytes.byteLength), formatMegabytes(maxBytes)) };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return {
      ok: true,
      text: decodeWindows1252(bytes),
      notice: t('importNotUtf8'),
    };
  }
}

// 0x80–0x9F in Windows-1252 (https://encoding.spec.whatwg.org/index-windows-1252.txt); the other
// bytes are the same code points as Latin-1. Decoded here because TextDecoder's support for the
// label varies (Node builds without full ICU read it as Latin-1).
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252.charCodeAt(b - 0x80) : b)));
  }
  return out;
}

export { type ImportResult, type ImportedItem } from './text';
export { planImport, planToSnapshot, stubTitle, type ImportPlan } from './plan';
import { formatMegabytes, t } from '../i18n';
