/**
 * arXiv identifiers, version suffix already stripped:
 *  - new style (2007-04 on): YYMM.NNNN or YYMM.NNNNN, e.g. 2412.14689
 *  - old style: archive(.SUBJ)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136
 *
 * Kept free of zod so the content script (which only reads ids off links) does not bundle it.
 */
export const ARXIV_ID_RE = /^(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})$/;

const NEW_ID = /(\d{4}\.\d{4,5})(?:v\d+)?/;
const OLD_ID = /([a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?/;

/**
 * The arXiv id a link points at, or null: Hugging Face paper pages (huggingface.co/papers/<id>),
 * arXiv abstract, PDF and HTML pages (arxiv.org/abs|pdf|html/<id>[vN][.pdf]), and the mirrors
 * people share (alphaxiv.org/abs, ar5iv.labs.arxiv.org/html). Version suffixes are dropped.
 */
export function arxivIdFromUrl(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.replace(/^www\./, '');
  let rest: string | undefined;
  if (host === 'huggingface.co') rest = url.pathname.match(/^\/papers\/(.+)$/)?.[1];
  else if (host === 'arxiv.org' || host === 'export.arxiv.org' || host === 'alphaxiv.org')
    rest = url.pathname.match(/^\/(?:abs|pdf|html)\/(.+)$/)?.[1];
  else if (host === 'ar5iv.labs.arxiv.org' || host === 'ar5iv.org') rest = url.pathname.match(/^\/html\/(.+)$/)?.[1];
  if (!rest) return null;
  rest = decodeURIComponent(rest).replace(/\.pdf$/, '').replace(/\/$/, '');
  const match = rest.match(new RegExp(`^(?:${NEW_ID.source}|${OLD_ID.source})$`));
  const id = match?.[1] ?? match?.[2];
  return id && ARXIV_ID_RE.test(id) ? id : null;
}
