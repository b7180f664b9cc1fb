import { t, tn } from '../i18n';
import { findArxivId, normalizeArxivId, parseArxivRef } from './ids';
import { decodeLatex } from './latex';
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
  lineIndex,
  sizeProblem,
  uniqueTags,
  type ImportResult,
  type ImportedItem,
} from './text';

/**
 * BibTeX (and biblatex) files as Zotero, JabRef, Google Scholar, arXiv, DBLP, Semantic Scholar and
 * our own export write them, read into ImportedItems. Only arXiv papers are kept: an entry without
 * an arXiv id is reported and skipped.
 *
 * Syntax, after BibTeX's own reader (btxdoc; the "Tame the BeaST" notes): `@type{key, name = value,
 * …}` or `@type(…)`; a value is `{…}` (braces nested and counted, backslash or not), `"…"` (quotes
 * inside braces do not end it), a number, or an @string macro, joined by `#`; text between entries
 * is a comment; `@comment`, `@preamble` are skipped. Field and macro names are case-insensitive.
 *
 * Where the id comes from, first found wins: `eprint` (arXiv's and biblatex's field; any
 * `archivePrefix`/`eprinttype` other than arXiv means it is not an arXiv id), `arxivid` (Mendeley),
 * `volume = {abs/…}` with `journal = {CoRR}` (DBLP), `doi` (10.48550/arXiv.…), `url`, then any
 * "arXiv:…" or arXiv link in `journal`, `note`, `howpublished`, `publisher`, `number`, `pages`.
 *
 * Mapping: title, abstract, author (split on "and", "Last, First" turned into "First Last",
 * "others" dropped), keywords → tags (split on commas and semicolons), annote/annotation/comment
 * → notes (Zotero writes notes to `annote`; `note` is usually "arXiv:… [cs]", not the user's),
 * biblatex `date` → publishedAt when it is a full date (year and month alone are not a day).
 *
 * Safety: fields live in Maps (a `__proto__` field is just a name); input over MAX_IMPORT_BYTES
 * is refused; a value over MAX_VALUE characters (also after macro expansion: `@string` chains
 * doubling at each step) fails its entry; the reader has a work budget linear in the input, so
 * recovering from many broken entries cannot go quadratic.
 */

const MAX_VALUE = 1_000_000;
const MAX_MACROS = 10_000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

class EntryError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

class OutOfBudget extends Error {}

interface Entry {
  type: string;
  key: string;
  fields: Map<string, string>;
  at: number;
}

const NAME = /[A-Za-z_][\w\-:.+/]*/y;
const KEY = /[^\s,{}()"#%'=]*/y;
const NUMBER = /\d+/y;

class Parser {
  i = 0;
  private work = 0;
  private readonly budget: number;
  /** @string macros, lower-cased names. A Map, so `@string{__proto__ = …}` is only a name. */
  readonly macros = new Map<string, string>(MONTHS.map((m, k) => [m, MONTH_NAMES[k]!]));

  constructor(
    readonly s: string,
    private readonly onMacroProblem: (message: string) => void,
  ) {
    // A well-formed file is read with about one step per character; each broken entry whose
    // brace never closes costs one more pass to the end of the file before reading resumes.
    // Twenty passes is far above what a real file needs, and still linear.
    this.budget = 20 * s.length + 10_000;
  }

  private spend(n: number): void {
    this.work += n;
    if (this.work > this.budget) throw new OutOfBudget();
  }

  private skipSpace(): void {
    const s = this.s;
    let j = this.i;
    while (j < s.length && (s[j] === ' ' || s[j] === '\n' || s[j] === '\t')) j++;
    this.spend(j - this.i);
    this.i = j;
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.i;
    const m = re.exec(this.s);
    if (!m) return undefined;
    this.spend(m[0].length);
    this.i += m[0].length;
    return m[0];
  }

  /**
   * The next entry, or undefined at the end of the input. Throws EntryError for a broken entry
   * (the caller resumes after its `@`), OutOfBudget when the work budget is spent.
   */
  next(): Entry | 'skipped' | undefined {
    const s = this.s;
    const at = s.indexOf('@', this.i);
    if (at === -1) {
      this.i = s.length;
      return undefined;
    }
    this.spend(at - this.i + 1);
    this.i = at + 1;
    this.skipSpace();
    const type = this.match(/[A-Za-z][\w-]*/y)?.toLowerCase();
    if (!type) return 'skipped'; // an "@" in the text between entries
    this.skipSpace();
    const open = s[this.i];
    if (open !== '{' && open !== '(') return 'skipped';
    this.i++;
    const close = open === '{' ? '}' : ')';

    if (type === 'comment') {
      // The braced block is skipped; in the ( ) form, or unbalanced, only the line.
      if (open === '{') {
        try {
          this.braced(at);
        } catch (e) {
          if (!(e instanceof EntryError)) throw e;
          this.i = at + 1; // unbalanced: BibTeX itself reads on after "@comment"
        }
      }
      return 'skipped';
    }
    if (type === 'preamble') {
      this.value(at);
      this.skipSpace();
      this.expect(close, at, t('bibtexPreambleNotClosed', close));
      return 'skipped';
    }
    if (type === 'string') {
      this.skipSpace();
      const name = this.match(NAME)?.toLowerCase();
      if (!name) throw new EntryError(t('bibtexStringNoName'), at);
      this.skipSpace();
      this.expect('=', at, t('bibtexStringNoEquals', name));
      const value = this.value(at);
      this.skipSpace();
      this.expect(close, at, t('bibtexStringNotClosed', name, close));
      if (this.macros.size >= MAX_MACROS && !this.macros.has(name)) throw new EntryError(t('bibtexTooManyMacros'), at);
      this.macros.set(name, value);
      return 'skipped';
    }

    this.skipSpace();
    const key = this.match(KEY) ?? '';
    this.skipSpace();
    const fields = new Map<string, string>();
    if (s[this.i] === close) {
      this.i++;
      return { type, key, fields, at };
    }
    this.expect(',', at, key ? t('bibtexCommaAfterKey', key) : t('bibtexNoKey'));
    for (;;) {
      this.skipSpace();
      const c = s[this.i];
      if (c === close) {
        this.i++;
        return { type, key, fields, at };
      }
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === undefined) throw new EntryError(t('bibtexEntryNotClosed'), at);
      const name = this.match(NAME)?.toLowerCase();
      if (!name) throw new EntryError(t('bibtexFieldNameExpected', excerpt(s.slice(this.i, this.i + 30), 30)), at);
      this.skipSpace();
      this.expect('=', at, t('bibtexFieldNoEquals', name));
      const value = this.value(at);
      // BibTeX keeps the first of two fields with one name.
      if (!fields.has(name)) fields.set(name, value);
      this.skipSpace();
      if (s[this.i] !== ',' && s[this.i] !== close) {
        if (this.i >= s.length) throw new EntryError(t('bibtexEntryNotClosed'), at);
        throw new EntryError(t('bibtexAfterField', name, close), at);
      }
    }
  }

  private expect(c: string, at: number, message: string): void {
    if (this.s[this.i] !== c) throw new EntryError(message, at);
    this.i++;
  }

  /** A value: parts joined by `#`. Raw TeX, braces inside kept. */
  private value(at: number): string {
    let out = '';
    for (;;) {
      this.skipSpace();
      const part = this.part(at);
      if (out.length + part.length > MAX_VALUE) throw new EntryError(t('bibtexValueTooLong'), at);
      out += part;
      this.skipSpace();
      if (this.s[this.i] !== '#') return out;
      this.i++;
    }
  }

  private part(at: number): string {
    const s = this.s;
    const c = s[this.i];
    if (c === '{') {
      this.i++;
      return this.braced(at);
    }
    if (c === '"') {
      this.i++;
      const start = this.i;
      let depth = 0;
      let j = this.i;
      for (; j < s.length; j++) {
        const d = s[j];
        if (d === '{') depth++;
        else if (d === '}') {
          if (depth === 0) break; // BibTeX: a quoted value cannot close more braces than it opened
          depth--;
        } else if (d === '"' && depth === 0) break;
      }
      this.spend(j - start);
      if (s[j] !== '"') throw new EntryError(t('bibtexQuoteNotClosed'), at);
      this.i = j + 1;
      return s.slice(start, j);
    }
    const number = this.match(NUMBER);
    if (number !== undefined) return number;
    const name = this.match(NAME);
    if (name !== undefined) {
      const macro = this.macros.get(name.toLowerCase());
      if (macro === undefined) {
        this.onMacroProblem(name);
        return '';
      }
      return macro;
    }
    throw new EntryError(
      c === undefined ? t('bibtexValueMissing') : t('bibtexValueExpected', excerpt(s.slice(this.i, this.i + 30), 30)),
      at,
    );
  }

  /** After an opening brace: the text up to its partner, which is consumed. Every brace counts. */
  private braced(at: number): string {
    const s = this.s;
    const start = this.i;
    let depth = 0;
    let j = start;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 123) depth++;
      else if (c === 125) {
        if (depth === 0) break;
        depth--;
      }
    }
    this.spend(j - start);
    if (j >= s.length) throw new EntryError(t('bibtexBraceNotClosed'), at);
    this.i = j + 1;
    return s.slice(start, j);
  }
}

// ---- from raw fields to an item -------------------------------------------------------------------

/**
 * A separator of values in a raw TeX field: a `core` with no blanks in it (global), and the blanks
 * around it, which it takes: at least one each side (`required`, as around "and") or any.
 */
interface Separator {
  core: RegExp;
  blanks: 'required' | 'optional' | 'none';
}
const AND: Separator = { core: /and/gi, blanks: 'required' };
const COMMA: Separator = { core: /,/g, blanks: 'none' };
const LIST: Separator = { core: /[,;]/g, blanks: 'optional' };

const BLANK = /\s/;

/**
 * Split raw TeX on a separator found outside braces: "and" in an author list, commas in a name or
 * a keyword list. A separator cannot span a brace, so each is wholly inside or outside braces and
 * one pass is enough. The blanks around the core are walked by hand: a regex such as `\s+and\s+`
 * is retried at every blank of a long run, quadratic (seconds on 80,000 blanks).
 */
export function splitTopLevel(raw: string, separator: Separator): string[] {
  const { core: re, blanks } = separator;
  re.lastIndex = 0;
  const parts: string[] = [];
  let depth = 0;
  let scanned = 0;
  let start = 0;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    let from = m.index;
    let to = m.index + m[0].length;
    if (blanks !== 'none') {
      while (from > start && BLANK.test(raw[from - 1]!)) from--;
      while (to < raw.length && BLANK.test(raw[to]!)) to++;
      if (blanks === 'required' && (from === m.index || to === m.index + m[0].length)) {
        re.lastIndex = m.index + 1;
        continue;
      }
    }
    for (; scanned < from; scanned++) {
      const c = raw.charCodeAt(scanned);
      if (c === 123) depth++;
      else if (c === 125 && depth > 0) depth--;
    }
    if (depth === 0) {
      parts.push(raw.slice(start, from));
      start = to;
    }
    re.lastIndex = to;
  }
  parts.push(raw.slice(start));
  return parts;
}

/** `author = {A and B}`: display names, "Last, First" reordered, "others" dropped. */
export function bibtexAuthors(raw: string): string[] {
  const names: string[] = [];
  for (const part of splitTopLevel(raw, AND)) {
    const pieces = splitTopLevel(part, COMMA).map((p) => cleanLine(decodeLatex(p), MAX_NAME));
    const name = cleanLine(displayName(pieces, 'bibtex'), MAX_NAME);
    if (!name || name.toLowerCase() === 'others') continue;
    names.push(name);
    if (names.length >= MAX_AUTHORS) break;
  }
  return names;
}

/** Braces and the common escapes off a URL-like value (`\_`, `\%`, `\#`, `\&`, `{\textasciitilde}`). */
function plainRef(raw: string): string {
  return raw
    .replace(/\{\\textasciitilde\}|\\textasciitilde\{\}/g, '~')
    .replace(/\\([_%#&~$])/g, '$1')
    .replace(/[{}]/g, '')
    .trim();
}

function arxivIdOf(fields: Map<string, string>): string | undefined {
  const get = (name: string) => fields.get(name);
  const prefix = (get('archiveprefix') ?? get('eprinttype'))?.replace(/[{}\s]/g, '').toLowerCase();
  const eprint = get('eprint');
  if (eprint && (prefix === undefined || prefix === 'arxiv')) {
    const id = parseArxivRef(plainRef(eprint));
    if (id) return id;
  }
  const arxivid = get('arxivid') ?? get('arxiv');
  if (arxivid) {
    const id = parseArxivRef(plainRef(arxivid));
    if (id) return id;
  }
  const journal = plainRef(get('journal') ?? get('journaltitle') ?? '');
  const volume = /^abs\/(.+)$/i.exec(plainRef(get('volume') ?? ''));
  if (volume && /^(?:corr|arxiv)$/i.test(journal)) {
    const id = normalizeArxivId(volume[1]!.replace(/v\d+$/, ''));
    if (id) return id;
  }
  for (const name of ['doi', 'url']) {
    const value = get(name);
    if (!value) continue;
    const ref = plainRef(value);
    const id = parseArxivRef(ref) ?? findArxivId(ref);
    if (id) return id;
  }
  for (const name of [
    'journal',
    'journaltitle',
    'note',
    'howpublished',
    'publisher',
    'number',
    'pages',
    'eprint',
    'archivePrefix',
    'biburl',
  ]) {
    const value = get(name.toLowerCase());
    const id = value && findArxivId(plainRef(value));
    if (id) return id;
  }
  return undefined;
}

/** biblatex `date = {2024-01-15}`, or `year`, `month` and `day` all given; never a guessed day. */
function publishedAt(fields: Map<string, string>): string | undefined {
  const date = fields.get('date');
  if (date) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(plainRef(date));
    return m ? isoDate(m[1], m[2], m[3]) : undefined;
  }
  const [year, month, day] = ['year', 'month', 'day'].map((name) => plainRef(fields.get(name) ?? ''));
  if (!year || !month || !day) return undefined;
  const byName = MONTH_NAMES.findIndex((n) => n.toLowerCase().startsWith(month.toLowerCase().slice(0, 3)));
  return isoDate(year, /^\d{1,2}$/.test(month) ? month : byName >= 0 ? String(byName + 1) : undefined, day);
}

function toItem(id: string, fields: Map<string, string>): ImportedItem {
  const item: ImportedItem = { id };
  const text = (name: string, max: number) => {
    const raw = fields.get(name);
    return raw === undefined ? '' : cleanLine(decodeLatex(raw), max);
  };
  const title = text('title', MAX_TITLE);
  if (title) item.title = title;
  const author = fields.get('author');
  const authors = author ? bibtexAuthors(author) : [];
  if (authors.length) item.authors = authors;
  const abstract = text('abstract', MAX_ABSTRACT);
  if (abstract) item.abstract = abstract;
  const date = publishedAt(fields);
  if (date) item.publishedAt = date;
  const keywords = fields.get('keywords') ?? fields.get('keyword');
  if (keywords) {
    const tags = uniqueTags(splitTopLevel(keywords, LIST).map(decodeLatex));
    if (tags.length) item.tags = tags;
  }
  const notes = ['annote', 'annotation', 'comment']
    .map((name) => fields.get(name))
    .filter((v): v is string => v !== undefined)
    .map((raw) => cleanText(decodeLatex(raw), MAX_NOTES))
    .filter(Boolean);
  if (notes.length) item.notes = notes.join('\n\n');
  return item;
}

/** Read a BibTeX file. Never throws; see the module comment for what is read and how. */
export function parseBibtex(input: string, opts: { maxItems?: number } = {}): ImportResult {
  const tooLarge = sizeProblem(input);
  if (tooLarge) return { items: [], problems: [tooLarge] };
  const text = cleanInput(input);
  const lineOf = lineIndex(text);
  const out = new Collector(opts.maxItems);
  const undefinedMacros = new Set<string>();
  const parser = new Parser(text, (name) => undefinedMacros.add(name));
  let entries = 0;
  let found = false;
  try {
    while (!out.stopped) {
      const start = parser.i;
      let entry: Entry | 'skipped' | undefined;
      try {
        entry = parser.next();
      } catch (e) {
        if (!(e instanceof EntryError)) throw e;
        entries++;
        out.problem(t('bibtexEntrySkipped', entries, lineOf(e.at), e.message));
        // Resume just after the broken entry's "@": the next entry is found again.
        parser.i = Math.max(start, e.at) + 1;
        continue;
      }
      if (entry === undefined) break;
      if (entry === 'skipped') continue;
      entries++;
      found = true;
      const id = arxivIdOf(entry.fields);
      if (!id) {
        const title = entry.fields.get('title');
        const line = lineOf(entry.at);
        const shownTitle = title ? ` ${excerpt(decodeLatex(title))}` : '';
        out.problem(
          entry.key ? t('bibtexNoIdKeyed', entries, line, excerpt(entry.key, 40), shownTitle) : t('bibtexNoId', entries, line, shownTitle),
        );
        continue;
      }
      if (!out.add(toItem(id, entry.fields))) break;
    }
  } catch (e) {
    if (!(e instanceof OutOfBudget)) {
      // A bug we did not foresee: keep what was read rather than lose the whole import.
      out.problem(t('bibtexReadingStopped', lineOf(parser.i), e instanceof Error ? e.message : String(e)));
    } else {
      out.problem(t('bibtexTooDamaged', lineOf(parser.i)));
    }
  }
  if (undefinedMacros.size) {
    const names = [...undefinedMacros]
      .slice(0, 5)
      .map((n) => excerpt(n, 30))
      .join(', ');
    out.problem(
      tn(undefinedMacros.size, 'bibtexUndefinedMacroOne', 'bibtexUndefinedMacroOther', `${names}${undefinedMacros.size > 5 ? '…' : ''}`),
    );
  }
  if (!found && !entries && text.trim()) out.problem(t('bibtexNoEntries'));
  return out.result();
}
