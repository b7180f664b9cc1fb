import { t } from '../i18n';
import { ARXIV_ID_RE } from '../model/arxiv';
import { Collector, cleanInput, excerpt, sizeProblem, type ImportResult } from './text';

/**
 * arXiv ids out of what people paste: bare ids, `arXiv:` ids, abstract/PDF/HTML links, Hugging
 * Face paper pages, alphaXiv and ar5iv links and arXiv's DataCite DOIs. Every id is checked with
 * the project's ARXIV_ID_RE and with arXiv's own numbering rules, so a number that only looks like
 * an id ("2013.12345": there is no month 13) is not taken for one.
 *
 * The numbering (https://info.arxiv.org/help/arxiv_identifier.html): YYMM.NNNN from 2007-04 to
 * 2014-12, YYMM.NNNNN from 2015-01; before 2007-04, archive(.SC)/YYMMNNN from 1991-08.
 */

const NEW_ID = String.raw`\d{4}\.\d{4,5}`;
// The subject class is upper case on arXiv (math.GT); a lower-case one is accepted and fixed.
const OLD_ID = String.raw`[a-zA-Z][a-zA-Z-]*(?:\.[a-zA-Z]{2})?\/\d{7}`;
const ID = `(${NEW_ID}|${OLD_ID})(?:v\\d+)?`;

/** An id with an optional `arXiv:` prefix and version, nothing else. */
const BARE = new RegExp(`^(?:arxiv:\\s*)?${ID}$`, 'i');
const DOI = new RegExp(`^(?:doi:\\s*)?10\\.48550\\/arxiv\\.${ID}$`, 'i');

/**
 * The sites whose paper links carry an arXiv id, and the path that holds it (the id is followed
 * by an optional version, `.pdf`, a slash, or the end of the path).
 */
const LINKS: readonly { host: RegExp; path: RegExp }[] = [
  // arxiv.org/abs/ID, /pdf/ID(.pdf), /html/ID, /format/ID; export. and www. mirrors.
  { host: /^(?:www\.|export\.)?arxiv\.org$/, path: new RegExp(`^\\/(?:abs|pdf|html|format|ps)\\/${ID}(?:\\.pdf)?\\/?$`, 'i') },
  { host: /^(?:www\.)?(?:huggingface\.co|hf\.co)$/, path: new RegExp(`^\\/papers\\/${ID}\\/?$`, 'i') },
  { host: /^(?:www\.)?alphaxiv\.org$/, path: new RegExp(`^\\/(?:abs|overview|pdf)\\/${ID}(?:\\.pdf)?\\/?$`, 'i') },
  { host: /^(?:ar5iv\.labs\.arxiv\.org|(?:www\.)?ar5iv\.org)$/, path: new RegExp(`^\\/(?:abs|html|papers)\\/${ID}\\/?$`, 'i') },
  { host: /^(?:dx\.)?doi\.org$/, path: new RegExp(`^\\/10\\.48550\\/arxiv\\.${ID}$`, 'i') },
];

const URL_PARTS = /^(?:https?:\/\/)?([a-z0-9.-]+\.[a-z]{2,})(\/[^?#]*)?(?:[?#].*)?$/i;

/** The canonical id (version dropped, archive lower case, subject class upper case), if valid. */
export function normalizeArxivId(raw: string): string | undefined {
  const slash = raw.indexOf('/');
  const id =
    slash === -1
      ? raw
      : (() => {
          const [archive, number] = [raw.slice(0, slash), raw.slice(slash + 1)];
          const dot = archive.indexOf('.');
          const name = (dot === -1 ? archive : archive.slice(0, dot)).toLowerCase();
          const subject = dot === -1 ? '' : `.${archive.slice(dot + 1).toUpperCase()}`;
          return `${name}${subject}/${number}`;
        })();
  if (!ARXIV_ID_RE.test(id)) return undefined;
  const m = /^(\d{2})(\d{2})\.(\d+)$/.exec(id) ?? /\/(\d{2})(\d{2})(\d{3})$/.exec(id);
  if (!m) return undefined;
  const yy = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (slash === -1) {
    // New scheme: 2007-04 on; four digits until 2014-12, five from 2015-01.
    const yymm = yy * 100 + month;
    if (yymm < 704) return undefined;
    if ((m[3]!.length === 5) !== yymm >= 1501) return undefined;
  } else if (!(yy >= 91 || yy <= 7)) {
    return undefined; // Old scheme: 1991 to 2007.
  }
  return id;
}

/**
 * The arXiv id a single token stands for: a bare id (`2401.01234`, `hep-th/9901001v2`,
 * `arXiv:2401.01234`), an arXiv DOI, or a link to a paper on arXiv, Hugging Face, alphaXiv or
 * ar5iv (with or without `https://`). Anything else gives undefined.
 */
export function parseArxivRef(token: string): string | undefined {
  const t = token.trim().replace(/^<(.*)>$/, '$1');
  const bare = BARE.exec(t) ?? DOI.exec(t);
  if (bare) return normalizeArxivId(bare[1]!);
  const url = URL_PARTS.exec(t);
  if (!url) return undefined;
  const host = url[1]!.toLowerCase();
  const path = url[2] ?? '';
  for (const link of LINKS) {
    if (!link.host.test(host)) continue;
    const m = link.path.exec(path);
    if (m) return normalizeArxivId(m[1]!);
  }
  return undefined;
}

// In running text an id is only taken after "arXiv", in an arXiv DOI or in a paper link: a bare
// number in a sentence ("pages 1203.1234") is not an id. After "arXiv", the blanks are in one
// place per alternative: `\s*(?::|\s|preprint\s+)\s*` (the same words) split a run of blanks
// every way, quadratic (2.7 s on "arXiv" and 20,000 spaces in a BibTeX note).
const IN_TEXT = new RegExp(
  String.raw`(?:\barxiv\.org\/(?:abs|pdf|html)\/|\bhuggingface\.co\/papers\/|\balphaxiv\.org\/(?:abs|overview)\/|` +
    String.raw`\bar5iv(?:\.labs\.arxiv)?\.org\/(?:abs|html)\/|\b10\.48550\/arxiv\.|\barxiv(?:\s*:\s*|\s*preprint\s+|\s+))` +
    `(${NEW_ID}|${OLD_ID})(?![\\d/])`,
  'gi',
);

/** The first arXiv id mentioned in free text ("arXiv preprint arXiv:2401.01234", a URL, a DOI). */
export function findArxivId(text: string): string | undefined {
  IN_TEXT.lastIndex = 0;
  for (const m of text.matchAll(IN_TEXT)) {
    const id = normalizeArxivId(m[1]!);
    if (id) return id;
  }
  return undefined;
}

// Punctuation a pasted id or link often ends with, from the sentence or list around it.
const TRAILING = new Set('.,;:!?\'"”’)]}>');
const LEADING = /^[('"“‘[{<]+/;

/**
 * `token` without the TRAILING punctuation at its end. A loop from the end, not a `[…]+$` regex:
 * that one is retried at every position of a run of punctuation not at the end, quadratic (12 s
 * on 160,000 characters).
 */
function trimTrailing(token: string): string {
  let end = token.length;
  while (end > 0 && TRAILING.has(token[end - 1]!)) end--;
  return end === token.length ? token : token.slice(0, end);
}

/**
 * A plain list of arXiv ids and paper links: one per line, or several per line separated by
 * blanks, commas or semicolons. Lines starting with `#` are comments. Ids are kept once, in
 * order; every line holding something that is not an id is reported with its number.
 */
export function parseIdList(input: string, opts: { maxItems?: number } = {}): ImportResult {
  const tooLarge = sizeProblem(input);
  if (tooLarge) return { items: [], problems: [tooLarge] };
  const out = new Collector(opts.maxItems);
  const lines = cleanInput(input).split('\n');
  for (let i = 0; i < lines.length && !out.stopped; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    const rejected: string[] = [];
    for (const raw of line.split(/[\s,;]+/)) {
      if (!raw) continue;
      const token = trimTrailing(raw.replace(LEADING, ''));
      // Every id and link holds digits: anything else is rejected without trying the patterns.
      // A Markdown link or any other wrapping: take an arXiv link or arXiv: id found inside.
      const id = /\d/.test(raw) ? (parseArxivRef(token) ?? findArxivId(raw)) : undefined;
      if (id) {
        if (!out.add({ id })) break;
      } else if (token) rejected.push(raw);
    }
    if (rejected.length) {
      const shown = rejected.slice(0, 3).map((r) => excerpt(r, 40)).join(', ');
      const line = i + 1;
      out.problem(
        rejected.length === 1
          ? t('idsRejectedOne', line, shown)
          : rejected.length <= 3
            ? t('idsRejectedOther', line, shown)
            : t('idsRejectedMore', line, shown, rejected.length - 3),
      );
    }
  }
  return out.result();
}
