import { findArxivId, parseArxivRef } from './ids';
import {
  Collector,
  MAX_ABSTRACT,
  MAX_AUTHORS,
  MAX_NAME,
  MAX_NOTES,
  MAX_TITLE,
  cleanInput,
  cleanLine,
  cleanText,
  displayName,
  excerpt,
  isoDate,
  sizeProblem,
  uniqueTags,
  type ImportResult,
  type ImportedItem,
} from './text';
import { t, tn } from '../i18n';

/**
 * RIS files (Zotero, EndNote, Mendeley, Google Scholar, our own export) read into ImportedItems.
 * Only arXiv papers are kept: a record without an arXiv id is reported and skipped.
 *
 * Syntax (the RIS specification, and what readers accept in practice): `XX  - value` lines, a
 * record from `TY` to `ER`; one or two spaces before the dash are accepted, as is `ER  -` without
 * its trailing space; a line that is not a tag continues the previous field (long abstracts
 * wrapped by some writers). A record not closed by ER is still read, with a problem line.
 *
 * Mapping: TI/T1 → title; AU/A1 → authors ("Last, First[, Suffix]" → "First Last Suffix"; A2/A3
 * are editors, not authors); AB/N2 → abstract; DA, PY, Y1 ("YYYY/MM/DD/…" or "YYYY-MM-DD") →
 * publishedAt when the day is given; KW → one tag per line; N1 → notes (Zotero writes notes as
 * HTML there: tags are dropped, paragraphs kept).
 * arXiv id, first found: DO (10.48550/arXiv.…), UR/L1/L2/LK (links), AN/M1/M3/ID/C1 (where
 * Zotero, EndNote and Mendeley put archive ids; a bare id is accepted there), then any
 * "arXiv:…" or arXiv link in the other fields (Google Scholar: `JO  - arXiv preprint arXiv:…`).
 */

const TAG_LINE = /^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|)$/;

type Field = [tag: string, value: string];

interface RisRecord {
  line: number;
  fields: Field[];
}

const ID_FIELDS_EXACT = ['DO', 'UR', 'L1', 'L2', 'L3', 'L4', 'LK', 'AN', 'M1', 'M3', 'ID', 'C1', 'C2'];
const TEXT_FIELDS_SKIPPED = new Set(['TY', 'TI', 'T1', 'AU', 'A1', 'A2', 'A3', 'A4', 'AB', 'N2', 'KW', 'PY', 'Y1', 'DA', 'ER']);

function values(record: RisRecord, ...tags: string[]): string[] {
  return record.fields.filter(([t]) => tags.includes(t)).map(([, v]) => v);
}

function arxivIdOf(record: RisRecord): string | undefined {
  for (const tag of ID_FIELDS_EXACT) {
    for (const value of values(record, tag)) {
      const id = parseArxivRef(value) ?? findArxivId(value);
      if (id) return id;
    }
  }
  for (const [tag, value] of record.fields) {
    if (TEXT_FIELDS_SKIPPED.has(tag)) continue;
    const id = findArxivId(value);
    if (id) return id;
  }
  return undefined;
}

/** "2024/01/15/", "2024/01/15", "2024-01-15", "2024/01/15/Spring": a date only when the day is there. */
function risDate(value: string): string | undefined {
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[/ T].*)?$/.exec(value.trim());
  return m ? isoDate(m[1], m[2], m[3]) : undefined;
}

const ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', ' '],
]);

/** Zotero's N1 holds the note's HTML: block ends become line breaks, tags go, entities are decoded. */
export function noteText(value: string): string {
  if (!/<\/?[a-z][^>]*>/i.test(value)) return value;
  return value
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(?:p|div|li|h[1-6]|blockquote|pre|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES.get(name.toLowerCase()) ?? whole;
    });
}

function toItem(id: string, record: RisRecord): ImportedItem {
  const item: ImportedItem = { id };
  const first = (...tags: string[]) =>
    values(record, ...tags)
      .map((v) => v.trim())
      .find(Boolean);
  const title = cleanLine(first('TI', 'T1') ?? '', MAX_TITLE);
  if (title) item.title = title;
  const authors = values(record, 'AU', 'A1')
    .map((v) => cleanLine(displayName(v.split(','), 'ris'), MAX_NAME))
    .filter(Boolean)
    .slice(0, MAX_AUTHORS);
  if (authors.length) item.authors = authors;
  const abstract = cleanLine(first('AB', 'N2') ?? '', MAX_ABSTRACT);
  if (abstract) item.abstract = abstract;
  const date = values(record, 'DA', 'PY', 'Y1').map(risDate).find(Boolean);
  if (date) item.publishedAt = date;
  const tags = uniqueTags(values(record, 'KW'));
  if (tags.length) item.tags = tags;
  const notes = values(record, 'N1')
    .map((v) => cleanText(noteText(v), MAX_NOTES))
    .filter(Boolean);
  if (notes.length) item.notes = cleanText(notes.join('\n\n'), MAX_NOTES);
  return item;
}

/** Read an RIS file. Never throws; see the module comment for what is read and how. */
export function parseRis(input: string, opts: { maxItems?: number } = {}): ImportResult {
  const tooLarge = sizeProblem(input);
  if (tooLarge) return { items: [], problems: [tooLarge] };
  const out = new Collector(opts.maxItems);
  const lines = cleanInput(input).split('\n');
  let record: RisRecord | undefined;
  let records = 0;
  let stray = 0;
  let firstStray = 0;

  const finish = (r: RisRecord) => {
    records++;
    const id = arxivIdOf(r);
    if (!id) {
      const title = values(r, 'TI', 'T1')[0];
      out.problem(t('risNoId', records, r.line, title ? ` ${excerpt(title)}` : ''));
      return;
    }
    out.add(toItem(id, r));
  };

  for (let i = 0; i < lines.length && !out.stopped; i++) {
    const line = lines[i]!;
    const m = TAG_LINE.exec(line.trimEnd());
    if (m) {
      const tag = m[1]!;
      const value = m[2] ?? '';
      if (tag === 'TY') {
        if (record) {
          out.problem(t('risNotClosedNext', records + 1, record.line));
          finish(record);
        }
        record = { line: i + 1, fields: [[tag, value.trim()]] };
      } else if (!record) {
        if (!stray++) firstStray = i + 1;
      } else if (tag === 'ER') {
        finish(record);
        record = undefined;
      } else if (record.fields.length < 10_000) {
        record.fields.push([tag, value]);
      }
    } else if (record) {
      // A wrapped line: part of the field above (notes keep the line break).
      const last = record.fields[record.fields.length - 1]!;
      if (line.trim()) last[1] += last[0] === 'N1' ? `\n${line}` : ` ${line.trim()}`;
    } else if (line.trim()) {
      if (!stray++) firstStray = i + 1;
    }
  }
  if (record && !out.stopped) {
    out.problem(t('risNotClosedEnd', records + 1, record.line));
    finish(record);
  }
  if (stray) {
    out.problem(tn(stray, 'risStrayOne', 'risStrayOther', firstStray));
  }
  if (!records && !out.items.size) out.problem(t('risNoRecords'));
  return out.result();
}
