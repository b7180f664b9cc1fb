import { oneLine, utf8Length } from '../export/items';
import { formatCount, formatMegabytes, t, tn } from '../i18n';

/**
 * What every import parser (BibTeX, RIS, a list of ids) gives back, and the limits they share.
 * Parsers never throw on bad input: an entry they cannot use is skipped with a problem line that
 * says where it was, and the rest of the file is still read.
 */

/** One paper read from a file. Only `id` is certain; every other field is what the file said. */
export interface ImportedItem {
  /** arXiv id, version stripped, valid by ARXIV_ID_RE. */
  id: string;
  title?: string;
  /** Display names, "Given Family" (the order the Hugging Face pages use). */
  authors?: string[];
  abstract?: string;
  /** Only a full calendar date (YYYY-MM-DD): a year alone is not guessed into a day. */
  publishedAt?: string;
  tags?: string[];
  notes?: string;
}

export interface ImportResult {
  items: ImportedItem[];
  /** One sentence per skipped entry or oddity, with its line; at most MAX_PROBLEMS (+ a "more" line). */
  problems: string[];
}

/** Larger files are refused before they are read: a 40,000-item Zotero library as RIS is ~60 MB with abstracts, but a file of papers to import is rarely more than a few MB. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** Zotero users have 6,000–38,000 items (USERS.md); more than this in one import is not a reading list. */
export const MAX_IMPORT_ITEMS = 50_000;
/** Problem lines kept; the rest are counted in one last line. */
export const MAX_PROBLEMS = 100;

// Caps on a paper's fields: the library's own (lib/model/limits), the same as for a page read.
export { MAX_ABSTRACT, MAX_AUTHORS, MAX_NAME, MAX_TITLE } from '../model/limits';
export const MAX_NOTES = 100_000;
export const MAX_TAGS_PER_ITEM = 100;
export const MAX_TAG = 200;

/** The refusal for an oversized input, or undefined when it fits. */
export function sizeProblem(text: string, max = MAX_IMPORT_BYTES): string | undefined {
  // Each UTF-16 unit is 1–3 UTF-8 bytes: count exactly only when the bounds do not settle it.
  const bytes = text.length > max ? text.length : text.length * 3 > max ? utf8Length(text) : 0;
  if (bytes <= max) return undefined;
  return t('importTooLarge', formatMegabytes(bytes), formatMegabytes(max));
}

// C0 controls but TAB and LF, DEL, C1 controls. CR is turned into LF first.
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** The text a parser works on: no byte-order mark, LF line ends, no control characters. */
export function cleanInput(text: string): string {
  let s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  return s.replace(CONTROLS, '');
}

/** One line of text, cut to `max` characters (never in the middle of a surrogate pair). */
export function cleanLine(s: string, max: number): string {
  return cut(oneLine(s), max);
}

/** Multi-line text (notes): line ends kept, blanks within a line collapsed, at most one empty line in a row. */
export function cleanText(s: string, max: number): string {
  const lines = s
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .split('\n')
    .map((l) => oneLine(l));
  return cut(
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    max,
  );
}

export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = /[\ud800-\udbff]/.test(s[max - 1]!) ? max - 1 : max;
  return s.slice(0, end).trimEnd();
}

/** A quoted excerpt of the input for a problem line: one line, at most `max` characters. */
export function excerpt(s: string, max = 60): string {
  const line = oneLine(s);
  return `“${line.length > max ? `${cut(line, max - 1)}…` : line}”`;
}

/**
 * Collects problem lines up to MAX_PROBLEMS, then only counts them, and collects items by arXiv
 * id: an id read again fills the first item's gaps and adds its tags (a file that lists a paper
 * twice, e.g. once per Zotero collection, still gives one paper).
 */
export class Collector {
  readonly items = new Map<string, ImportedItem>();
  private readonly problems: string[] = [];
  private hidden = 0;
  private repeats = 0;
  private refused = 0;

  constructor(private readonly maxItems = MAX_IMPORT_ITEMS) {}

  problem(message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(message);
    else this.hidden++;
  }

  /** False when the item cap is reached (the parser may stop reading). */
  add(item: ImportedItem): boolean {
    const prev = this.items.get(item.id);
    if (prev) {
      this.repeats++;
      mergeItem(prev, item);
      return true;
    }
    if (this.items.size >= this.maxItems) {
      this.refused++;
      return false;
    }
    this.items.set(item.id, item);
    return true;
  }

  /** True once an item was refused for the cap: the parser stops reading. */
  get stopped(): boolean {
    return this.refused > 0;
  }

  result(): ImportResult {
    const problems = this.problems.slice();
    if (this.refused) {
      problems.unshift(t('importFirstOnly', formatCount(this.maxItems)));
    }
    if (this.repeats) {
      problems.push(tn(this.repeats, 'importRepeatsOne', 'importRepeatsOther'));
    }
    if (this.hidden) problems.push(t('importMoreProblems', this.hidden));
    return { items: [...this.items.values()], problems };
  }
}

function mergeItem(into: ImportedItem, from: ImportedItem): void {
  if (!into.title && from.title) into.title = from.title;
  if (!into.authors?.length && from.authors?.length) into.authors = from.authors;
  if (!into.abstract && from.abstract) into.abstract = from.abstract;
  if (!into.publishedAt && from.publishedAt) into.publishedAt = from.publishedAt;
  if (from.notes && into.notes !== from.notes) into.notes = into.notes ? `${into.notes}\n\n${from.notes}` : from.notes;
  if (from.tags?.length) into.tags = uniqueTags([...(into.tags ?? []), ...from.tags]);
}

/** Tag names cleaned (one line, capped), empty ones dropped, repeats (case-insensitive) dropped. */
export function uniqueTags(names: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = cleanLine(raw, MAX_TAG);
    const key = name.toLowerCase();
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
    if (out.length >= MAX_TAGS_PER_ITEM) break;
  }
  return out;
}

/** A full calendar date from year, month and day strings, or undefined (never a guessed day). */
export function isoDate(y: string | undefined, m: string | undefined, d: string | undefined): string | undefined {
  if (!y || !m || !d || !/^\d{4}$/.test(y) || !/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d)) return undefined;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return undefined;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Line number (1-based) of each offset, by binary search over the line starts. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** "First Last" from "Last, First" and "Last, Jr., First" (BibTeX) or "Last, First, Suffix" (RIS). */
export function displayName(parts: readonly string[], order: 'bibtex' | 'ris'): string {
  const p = parts.map((s) => s.trim());
  if (p.length === 1) return p[0]!;
  if (p.length === 2) return [p[1], p[0]].filter(Boolean).join(' ');
  return order === 'bibtex'
    ? [p.slice(2).join(', '), p[0], p[1]].filter(Boolean).join(' ')
    : [p[1], p[0], p.slice(2).join(', ')].filter(Boolean).join(' ');
}
