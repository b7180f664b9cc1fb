import { arxivAbsUrl, oneLine, paperDate, type ExportItem } from './items';

/**
 * BibTeX, in the shape arXiv itself gives for a preprint ("Export BibTeX citation" on an abstract
 * page): `@misc` with `eprint`, `archivePrefix = {arXiv}`, `primaryClass` and `url`. `@misc` because
 * a preprint has no journal: `@article` without `journal` draws warnings from every style, and
 * Zotero would import it as a journal article with an empty publication.
 *
 * Escaping follows Zotero's own BibTeX export (zotero/translators BibTeX.js, `alwaysMap` and
 * `escapeSpecialCharacters`), so Zotero reads back exactly what it would have written:
 *  - `# $ % & _` get a backslash;
 *  - `\ ~ ^ < > |` become text commands (`{\textbackslash}`, …);
 *  - `{` and `}` become `{\textbraceleft}` and `{\textbraceright}`: a text command inside its own
 *    pair of braces, so every field stays balanced whatever the input (BibTeX counts every brace,
 *    backslash or not: a lone `\{` would unbalance the entry). Zotero's own escape,
 *    `\{\vphantom{\}}`, is read back by Better BibTeX's parser but not by citation-js (a title
 *    `Cost {and} Benefit` came back as `Cost {\vphantom}and\vphantom{} Benefit`); both read the
 *    text commands exactly (tests/unit/export/outside-parsers.test.ts).
 * Non-ASCII letters stay UTF-8 (biber, modern BibTeX and Zotero read it).
 *
 * Title case: as Zotero does, each word holding a capital is wrapped in braces so a style cannot
 * lower-case it ("{BERT}", "{Transformers}"), except a first word whose only capital is its first
 * letter (sentence case keeps that one anyway).
 */

// A Map, not an object literal: a title word such as "valueOf" must not find Object.prototype.
const ESCAPES = new Map<string, string>([
  ['\\', '{\\textbackslash}'],
  ['~', '{\\textasciitilde}'],
  ['^', '{\\textasciicircum}'],
  ['<', '{\\textless}'],
  ['>', '{\\textgreater}'],
  ['|', '{\\textbar}'],
  ['{', '{\\textbraceleft}'],
  ['}', '{\\textbraceright}'],
  ['#', '\\#'],
  ['$', '\\$'],
  ['%', '\\%'],
  ['&', '\\&'],
  ['_', '\\_'],
]);
const SPECIAL = /[\\~^<>|{}#$%&_]/g;

/** Escape text for a braced BibTeX field value. The result is brace-balanced for any input. */
export function escapeBibtex(text: string): string {
  return oneLine(text).replace(SPECIAL, (c) => ESCAPES.get(c)!);
}

// A word: letters (with their combining marks) and digits.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const WORD_OR_SPECIAL = /[\p{L}\p{M}\p{N}]+|[\\~^<>|{}#$%&_]/gu;
const UPPER = /\p{Lu}/u;

/** Escape a title and brace-protect its capitalised words. */
export function escapeBibtexTitle(title: string): string {
  let first = true;
  return oneLine(title).replace(WORD_OR_SPECIAL, (token) => {
    const escape = ESCAPES.get(token);
    if (escape !== undefined) return escape;
    // The title's first word keeps a lone initial capital unbraced (sentence case keeps it anyway).
    const protect = UPPER.test(first ? token.slice(1) : token);
    first = false;
    return protect ? `{${token}}` : token;
  });
}

/**
 * One author for an `author` field: escaped, and never mistaken for the separator or for "others".
 * BibTeX splits the list on the word "and" outside braces, so an "and" inside a name is braced
 * (zotero BibTeX.js does the same).
 */
function escapeAuthor(name: string): string {
  // Escaped specials braced ({\%}): citation-js takes the blank after a bare `\%` as part of the
  // command, so "100\% and B" was read as one name (TeX keeps that blank; both readers keep it here).
  const escaped = escapeBibtex(name).replace(/\\([#$%&_])/g, '{\\$1}');
  if (escaped.toLowerCase() === 'others') return `{${escaped}}`;
  // A comma means "Last, First" to BibTeX: "Martin Luther King, Jr." would come out as first name
  // "Jr.". Braced, the name stays whole (as an organisation's would).
  if (escaped.includes(',')) return `{${escaped}}`;
  if (!/\band\b/i.test(escaped)) return escaped;
  return escaped
    .split(' ')
    .map((word) => (word.toLowerCase() === 'and' ? `{${word}}` : word))
    .join(' ');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// ---- citation keys: lastnameYEARfirstword ------------------------------------------------------

// Letters that NFKD does not take apart.
const FOLD: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ŋ: 'n',
  Ŋ: 'n',
  ħ: 'h',
  Ħ: 'h',
};

/** Lower-case ASCII letters and digits only: NFKD, combining marks dropped, a few letters spelled out. */
export function asciiFold(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return s
    .replace(/[ßæÆœŒøØłŁđĐðÐþÞıŋŊħĦ]/g, (c) => FOLD[c]!)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

const NAME_SUFFIX = /^(jr|sr|ii|iii|iv)\.?$/i;
const KEY_STOPWORDS = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'to', 'for', 'from', 'with', 'and', 'toward', 'towards']);

function keyLastName(authors: readonly string[] | undefined): string {
  const name = authors?.[0];
  if (!name) return '';
  const parts = oneLine(name).split(' ');
  let last = parts.pop() ?? '';
  if (NAME_SUFFIX.test(last) && parts.length) last = parts.pop()!;
  return asciiFold(last);
}

function keyTitleWord(title: string): string {
  let fallback = '';
  for (const m of title.matchAll(WORD)) {
    const word = asciiFold(m[0]);
    if (!word) continue;
    if (!KEY_STOPWORDS.has(word)) return word;
    fallback ||= word;
  }
  return fallback;
}

export function baseCitationKey(item: ExportItem): string {
  const { paper } = item;
  const year = paperDate(paper)?.year ?? '';
  return `${keyLastName(paper.authors) || 'anon'}${year}${keyTitleWord(paper.title)}`;
}

/** a, b, …, z, aa, ab, … */
function suffix(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
  return s;
}

/** Unique keys in order: the first of a kind keeps the bare key, the next get a, b, c… */
export function citationKeys(items: readonly ExportItem[]): string[] {
  const used = new Set<string>();
  // The next suffix to try per base key, so many papers sharing a base (all "anon2025" when
  // neither authors nor a Latin title word are known) stay linear.
  const nextSuffix = new Map<string, number>();
  return items.map((item) => {
    const base = baseCitationKey(item);
    let key = base;
    let n = nextSuffix.get(base) ?? 1;
    if (used.has(key)) {
      while (used.has((key = base + suffix(n)))) n++;
      n++;
    }
    nextSuffix.set(base, n);
    used.add(key);
    return key;
  });
}

// ---- entries ------------------------------------------------------------------------------------

export function bibtexEntry(item: ExportItem, key: string): string {
  const { paper, tags } = item;
  const fields: [string, string][] = [['title', `{${escapeBibtexTitle(paper.title)}}`]];

  // Names only as the page gave them. A list shorter than the known count ends in "and others"
  // (BibTeX's "et al."); with no names at all there is no author field: a count is not a name.
  const names = (paper.authors ?? []).map(escapeAuthor).filter(Boolean);
  if (names.length) {
    if ((paper.authorCount ?? 0) > names.length) names.push('others');
    fields.push(['author', `{${names.join(' and ')}}`]);
  }

  const date = paperDate(paper);
  if (date) {
    fields.push(['year', `{${date.year}}`]);
    // The standard month macro, unbraced (BibTeX expands it; Zotero reads it).
    fields.push(['month', MONTHS[date.month - 1]!]);
    // The day, when known, in biblatex's `date` (BibTeX ignores it; biber, Zotero and Better
    // BibTeX read the full date from it).
    if (date.day) fields.push(['date', `{${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}}`]);
  }

  fields.push(['eprint', `{${escapeBibtex(paper.id)}}`], ['archivePrefix', '{arXiv}']);
  // Old-style ids name their archive (hep-th/9901001); new-style ids carry no category.
  const archive = /^([a-z-]+(?:\.[A-Z]{2})?)\//.exec(paper.id);
  if (archive) fields.push(['primaryClass', `{${archive[1]}}`]);
  fields.push(['url', `{${arxivAbsUrl(paper.id)}}`]);

  const abstract = escapeBibtex(paper.abstract ?? '');
  if (abstract) fields.push(['abstract', `{${abstract}}`]);
  // Keywords are comma-separated, and Zotero splits them on commas and semicolons: a tag name's own
  // commas and semicolons become spaces, so "To read, later" stays one tag.
  const keywords = tags.map((t) => escapeBibtex(t.name.replace(/[,;]/g, ' '))).filter(Boolean);
  if (keywords.length) fields.push(['keywords', `{${keywords.join(', ')}}`]);
  // The user's note: `annote` is BibTeX's field for a reader's annotation (Zotero imports it as a note).
  const annote = item.notes ? escapeBibtex(item.notes.replace(/\s+/g, ' ').trim()) : '';
  if (annote) fields.push(['annote', `{${annote}}`]);

  return `@misc{${key},\n${fields.map(([name, value]) => `  ${name} = ${value}`).join(',\n')}\n}\n`;
}

export function toBibtex(items: readonly ExportItem[]): string {
  const keys = citationKeys(items);
  return items.map((item, i) => bibtexEntry(item, keys[i]!)).join('\n');
}
