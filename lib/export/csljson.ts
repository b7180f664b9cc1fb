import { citationKeys } from './bibtex';
import { itemDoi, itemNotes, itemVenue } from './extras';
import { arxivAbsUrl, oneLine, paperDate, type ExportItem } from './items';

/**
 * CSL-JSON: the item format of the Citation Style Language (schema:
 * https://github.com/citation-style-language/schema, csl-data.json), read by Zotero ("Import
 * from Clipboard"/File › Import), Pandoc (`--bibliography x.json`), citeproc-js and Mendeley.
 * A JSON array, one object per paper:
 *
 *  - `id`: the same citation key as our BibTeX export (lastnameYEARword, a/b/c on collisions), so
 *    a Pandoc document cites `[@kaiser2024lukasz]` whichever of the two files it uses;
 *  - `type`: "article" — CSL's type for preprints, which Zotero imports as a Preprint — or
 *    "article-journal" with `container-title` when the record names a venue;
 *  - `author`: `{family, given}` split at the last word, keeping particles with the family name
 *    ("van der Maaten") and suffixes apart ("Jr."); a one-word name (a mononym, "DeepSeek-AI")
 *    or an organisation ("Qwen Team", "Google DeepMind") is `{literal}`, never split;
 *  - `issued`: `date-parts` [[y, m, d]] from the HF date, else [[y, m]] from the arXiv id;
 *  - `URL`: the arXiv abstract page (the citable one; our BibTeX and RIS use it too);
 *  - `number` "arXiv:ID" (the form arXiv and Zotero give, which styles print as the preprint's
 *    number: "(arXiv:2412.14689)"), `archive` "arXiv", `archive_location` the bare id and
 *    `publisher` "arXiv" (the repository, which APA and Chicago print);
 *  - `DOI` only when the record holds one (the HF page gives none);
 *  - `abstract`; `keyword`: the tags, comma-separated (a comma inside a tag name becomes a space,
 *    as in our BibTeX); `note`: the user's notes, then "Tags: …" — Zotero keeps `note` in Extra.
 *
 * Text goes in as it is: JSON.stringify escapes quotes, backslashes and control characters, and
 * writes lone surrogates as \uXXXX escapes, so any title stays inside its string.
 */

export interface CslName {
  family?: string;
  given?: string;
  suffix?: string;
  literal?: string;
}

export interface CslItem {
  id: string;
  type: 'article' | 'article-journal';
  title: string;
  author?: CslName[];
  issued?: { 'date-parts': [number[]] };
  'container-title'?: string;
  publisher: string;
  number: string;
  archive: string;
  archive_location: string;
  URL: string;
  DOI?: string;
  abstract?: string;
  keyword?: string;
  note?: string;
}

// Lower-case words that begin a family name ("Ludwig van Beethoven", "Laurens van der Maaten").
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'dos',
  'das',
  'du',
  'la',
  'le',
  'ter',
  'ten',
  'bin',
  'ibn',
  'al',
  'el',
  'zu',
  'af',
  'av',
]);
const SUFFIX = /^(?:jr\.?|sr\.?|ii|iii|iv)$/i;
// Words that make a name an organisation's (whole words; "AI" only in capitals: "Ai" is a given name).
const ORGANISATION =
  /\b(?:team|lab|labs|laboratory|laboratories|inc|corp|corporation|ltd|llc|gmbh|university|institute|group|consortium|collaboration|project|foundation|research|academy|center|centre|deepmind|openai)\b/i;
const AI_WORD = /\bAI\b/;

/** One author's display name as CSL: family/given (with particle and suffix), or literal. */
export function cslName(raw: string): CslName {
  const name = oneLine(raw);
  const words = name.split(' ').filter(Boolean);
  if (words.length < 2 || ORGANISATION.test(name) || AI_WORD.test(name)) return { literal: name };
  let suffix: string | undefined;
  if (words.length > 2 && SUFFIX.test(words[words.length - 1]!)) {
    suffix = words.pop();
    // "Martin Luther King, Jr." — the comma belongs to the suffix.
    words[words.length - 1] = words[words.length - 1]!.replace(/,$/, '');
  }
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!.toLowerCase()) && words[start - 1] === words[start - 1]!.toLowerCase()) start--;
  const out: CslName = { family: words.slice(start).join(' '), given: words.slice(0, start).join(' ') };
  if (suffix) out.suffix = suffix;
  return out;
}

export function cslItem(item: ExportItem, key: string): CslItem {
  const { paper, tags } = item;
  const venue = itemVenue(item);
  const names = (paper.authors ?? []).map((a) => oneLine(a)).filter(Boolean);
  const date = paperDate(paper);
  const doi = itemDoi(item);
  const abstract = paper.abstract?.trim();
  const tagNames = tags.map((t) => oneLine(t.name)).filter(Boolean);
  const notes = itemNotes(item);
  const note = [notes, tagNames.length ? `Tags: ${tagNames.join(', ')}` : undefined].filter(Boolean).join('\n\n');
  // Built in reading order (JSON keeps insertion order); absent values are left out.
  return {
    id: key,
    type: venue ? 'article-journal' : 'article',
    title: oneLine(paper.title),
    ...(names.length ? { author: names.map(cslName) } : {}),
    ...(date ? { issued: { 'date-parts': [date.day ? [date.year, date.month, date.day] : [date.year, date.month]] } } : {}),
    ...(venue ? { 'container-title': oneLine(venue) } : {}),
    publisher: 'arXiv',
    number: `arXiv:${paper.id}`,
    archive: 'arXiv',
    archive_location: paper.id,
    URL: arxivAbsUrl(paper.id),
    ...(doi ? { DOI: doi } : {}),
    ...(abstract ? { abstract } : {}),
    ...(tagNames.length ? { keyword: tagNames.map((n) => n.replace(/,/g, ' ').replace(/ {2,}/g, ' ').trim()).join(', ') } : {}),
    ...(note ? { note } : {}),
  };
}

export function toCslJson(items: readonly ExportItem[]): string {
  const keys = citationKeys(items);
  return `${JSON.stringify(
    items.map((item, i) => cslItem(item, keys[i]!)),
    null,
    2,
  )}\n`;
}
