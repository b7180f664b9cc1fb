import { arxivAbsUrl, hfPaperUrl, organizationName, type ExportItem } from './items';

/**
 * CSV, RFC 4180: comma-separated, CRLF after every record (the header included), fields quoted
 * only when they contain a comma, a double quote, CR or LF (quotes doubled inside).
 *
 * A UTF-8 byte-order mark opens the file: without it Excel decodes CSV in the legacy code page and
 * mangles every non-ASCII title; LibreOffice, Google Sheets, pandas and Python's csv (utf-8-sig)
 * all accept it.
 */
export const CSV_COLUMNS = [
  'arxiv_id',
  'title',
  'authors',
  'organization',
  'published',
  'upvotes',
  'comments',
  'url',
  'arxiv_url',
  'tags',
  'starred_at',
  'status',
  'notes',
  'abstract',
] as const;

const BOM = '\uFEFF';
const CRLF = '\r\n';

/**
 * Spreadsheet formula injection (CWE-1236): a cell that begins with = + - @ TAB or CR can be run
 * as a formula by Excel, LibreOffice or Sheets. OWASP's advice is to prefix such a cell with a
 * single quote so it is shown as text: https://owasp.org/www-community/attacks/CSV_Injection
 * The apostrophe stays visible in tools that do not evaluate formulas; titles starting with
 * "-" are the only realistic case, and safety wins.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(items: readonly ExportItem[]): string {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  for (const { paper, tags, starredAt, status, notes } of items) {
    const cells: (string | number | undefined)[] = [
      paper.id,
      paper.title,
      paper.authors?.join('; '),
      organizationName(paper),
      paper.publishedAt,
      paper.upvotes,
      paper.comments,
      hfPaperUrl(paper.id),
      arxivAbsUrl(paper.id),
      tags.length ? tags.map((t) => t.name).join('; ') : undefined,
      starredAt === undefined ? undefined : new Date(starredAt).toISOString(),
      status,
      notes,
      paper.abstract,
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return BOM + lines.join(CRLF) + CRLF;
}
