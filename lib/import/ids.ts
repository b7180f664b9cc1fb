import { t } from '../i18n';
import { ARXIV_LINK_SITES, ID_WITH_VERSION, NEW_ID, OLD_ID_ANY_CASE, arxivIdFromUrl, normalizeArxivId } from '../model/arxiv';
import { Collector, cleanInput, excerpt, sizeProblem, type ImportResult } from './text';

export { normalizeArxivId };

/**
 * arXiv ids out of what people paste: bare ids, `arXiv:` ids, abstract/PDF/HTML links, Hugging
 * Face paper pages, alphaXiv and ar5iv links and arXiv's DataCite DOIs. The grammar, arXiv's
 * numbering rules and the links that carry an id are lib/model/arxiv.ts's, so a number that only
 * looks like an id ("2013.12345": there is no month 13) is not taken for one, and a link is read
 * exactly as the link menu reads it.
 */

/** An id with an optional `arXiv:` prefix and version, nothing else. */
const BARE = new RegExp(`^(?:arxiv:\\s*)?${ID_WITH_VERSION}$`, 'i');
const DOI = new RegExp(`^(?:doi:\\s*)?10\\.48550\\/arxiv\\.${ID_WITH_VERSION}$`, 'i');
/** A token that names its scheme (`https:`, `javascript:`…); without one, a link is read as https. */
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The arXiv id a single token stands for: a bare id (`2401.01234`, `hep-th/9901001v2`,
 * `arXiv:2401.01234`), an arXiv DOI, or a link to a paper on arXiv, Hugging Face, alphaXiv or
 * ar5iv (with or without `https://`; lib/model/arxiv.ts arxivIdFromUrl, the link menu's reader).
 * Anything else gives undefined.
 */
export function parseArxivRef(token: string): string | undefined {
  const t = token.trim().replace(/^<(.*)>$/, '$1');
  const bare = BARE.exec(t) ?? DOI.exec(t);
  if (bare) return normalizeArxivId(bare[1]!);
  return arxivIdFromUrl(HAS_SCHEME.test(t) ? t : `https://${t}`) ?? undefined;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** The start of a paper link in running text, site by site (lib/model/arxiv.ts ARXIV_LINK_SITES). */
const LINK_START = ARXIV_LINK_SITES.map((site) => `(?:${site.hosts.map(escape).join('|')})(?:${site.paths.map(escape).join('|')})`).join(
  '|',
);

// In running text an id is only taken after "arXiv", in an arXiv DOI or in a paper link: a bare
// number in a sentence ("pages 1203.1234") is not an id. After "arXiv", the blanks are in one
// place per alternative: `\s*(?::|\s|preprint\s+)\s*` (the same words) split a run of blanks
// every way, quadratic (2.7 s on "arXiv" and 20,000 spaces in a BibTeX note).
const IN_TEXT = new RegExp(
  String.raw`(?:\b(?:${LINK_START})|\b10\.48550\/arxiv\.|\barxiv(?:\s*:\s*|\s*preprint\s+|\s+))` +
    `(${NEW_ID}|${OLD_ID_ANY_CASE})(?![\\d/])`,
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
      const shown = rejected
        .slice(0, 3)
        .map((r) => excerpt(r, 40))
        .join(', ');
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
