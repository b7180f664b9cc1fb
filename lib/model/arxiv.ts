/**
 * arXiv identifiers, written once: the grammar, arXiv's numbering rules, and the links that carry
 * one. The store's contract (lib/model/paper ArxivId), the importers (lib/import), the link menu
 * (lib/background/menus), the exports (lib/export) and sync (lib/sync) all use these.
 *
 * The numbering (https://info.arxiv.org/help/arxiv_identifier.html), version suffix stripped:
 *  - new style, from 2007-04: YYMM.NNNN until 2014-12, YYMM.NNNNN from 2015-01 (2412.14689);
 *  - old style, 1991-08 to 2007-03: archive(.SC)/YYMMNNN (hep-th/9901001, math.GT/0309136).
 *
 * Kept free of zod so the content script (which only reads ids off links) does not bundle it.
 */

/** A new-style id: YYMM.NNNN(N). */
export const NEW_ID = String.raw`\d{4}\.\d{4,5}`;
/** An old-style id as stored: archive in lower case, subject class in upper case. */
const OLD_ID = String.raw`[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7}`;
/** An old-style id in any case, as people type and link it (`normalizeArxivId` fixes the case). */
export const OLD_ID_ANY_CASE = String.raw`[a-zA-Z][a-zA-Z-]*(?:\.[a-zA-Z]{2})?\/\d{7}`;
/** An id as written in references and links: either style, any case, an optional version; group 1 is the id. */
export const ID_WITH_VERSION = `(${NEW_ID}|${OLD_ID_ANY_CASE})(?:v\\d+)?`;

/** A stored id: the grammar only (the contract; `normalizeArxivId` also checks the numbering). */
export const ARXIV_ID_RE = new RegExp(`^(?:${NEW_ID}|${OLD_ID})$`);

/** The year and month an id was assigned in (both styles), or undefined for what is not an id. */
export function arxivIdMonth(id: string): { year: number; month: number } | undefined {
  const m = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id) ?? /\/(\d{2})(\d{2})\d{3}$/.exec(id);
  if (!m) return undefined;
  const yy = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  return { year: yy >= 91 ? 1900 + yy : 2000 + yy, month };
}

/**
 * The canonical id (version dropped beforehand; archive lower case, subject class upper case),
 * if it is one arXiv could have assigned: the grammar and the numbering rules, so "2013.12345"
 * (there is no month 13) or "1412.12345" (five digits before 2015) is not an id.
 */
export function normalizeArxivId(raw: string): string | undefined {
  const slash = raw.indexOf('/');
  let id = raw;
  if (slash !== -1) {
    const archive = raw.slice(0, slash);
    const dot = archive.indexOf('.');
    const name = (dot === -1 ? archive : archive.slice(0, dot)).toLowerCase();
    const subject = dot === -1 ? '' : `.${archive.slice(dot + 1).toUpperCase()}`;
    id = `${name}${subject}/${raw.slice(slash + 1)}`;
  }
  if (!ARXIV_ID_RE.test(id)) return undefined;
  const when = arxivIdMonth(id);
  if (!when) return undefined;
  const yy = when.year % 100;
  if (slash === -1) {
    // New scheme: 2007-04 on; four digits until 2014-12, five from 2015-01.
    const yymm = yy * 100 + when.month;
    if (yymm < 704) return undefined;
    if ((id.length - id.indexOf('.') - 1 === 5) !== yymm >= 1501) return undefined;
  } else if (!(yy >= 91 || yy <= 7)) {
    return undefined; // Old scheme: 1991 to 2007.
  }
  return id;
}

/**
 * The sites whose paper links carry an arXiv id: their hosts and the path prefixes before the id
 * (case-sensitive, as a browser's match patterns are: arXiv's DOIs are listed in the spellings in
 * use). After the id come an optional version and, where `pdf` says so, an optional `.pdf`; then
 * an optional slash (not after a DOI).
 *
 * The link menu shows on exactly these (lib/background/menus LINK_PATTERNS is made from them), and
 * the importer reads exactly these: one list, so the two cannot disagree.
 */
export const ARXIV_LINK_SITES: readonly { hosts: readonly string[]; paths: readonly string[]; pdf?: boolean; doi?: boolean }[] = [
  { hosts: ['arxiv.org', 'www.arxiv.org', 'export.arxiv.org'], paths: ['/abs/', '/pdf/', '/html/', '/format/', '/ps/'], pdf: true },
  { hosts: ['huggingface.co', 'www.huggingface.co', 'hf.co', 'www.hf.co'], paths: ['/papers/'] },
  { hosts: ['alphaxiv.org', 'www.alphaxiv.org'], paths: ['/abs/', '/overview/', '/pdf/'], pdf: true },
  { hosts: ['ar5iv.labs.arxiv.org', 'ar5iv.org', 'www.ar5iv.org'], paths: ['/abs/', '/html/', '/papers/'] },
  { hosts: ['doi.org', 'dx.doi.org'], paths: ['/10.48550/arXiv.', '/10.48550/arxiv.', '/10.48550/ARXIV.'], doi: true },
];

const SITE_RES = ARXIV_LINK_SITES.map((site) => ({
  hosts: new Set(site.hosts),
  paths: site.paths,
  rest: new RegExp(`^${ID_WITH_VERSION}${site.pdf ? '(?:\\.pdf)?' : ''}${site.doi ? '' : '\\/?'}$`),
}));

/**
 * The arXiv id a link points at, or null: Hugging Face paper pages, arXiv abstract, PDF, HTML and
 * format pages, alphaXiv, ar5iv and arXiv DOI links (ARXIV_LINK_SITES); http or https, any query
 * or fragment, no port or user name. The id must be one arXiv could have assigned
 * (normalizeArxivId); its version is dropped.
 */
export function arxivIdFromUrl(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.port || url.username || url.password) return null;
  const site = SITE_RES.find((s) => s.hosts.has(url.hostname));
  const path = site?.paths.find((p) => url.pathname.startsWith(p));
  if (!site || !path) return null;
  let rest = url.pathname.slice(path.length);
  try {
    rest = decodeURIComponent(rest); // an old-style id's slash may come as %2F
  } catch {
    return null;
  }
  const m = site.rest.exec(rest);
  return (m && normalizeArxivId(m[1]!)) ?? null;
}
