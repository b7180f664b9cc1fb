/**
 * arXiv identifiers, version suffix already stripped:
 *  - new style (2007-04 on): YYMM.NNNN or YYMM.NNNNN, e.g. 2412.14689
 *  - old style: archive(.SUBJ)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136
 *
 * Kept free of zod so the content script (which only reads ids off links) does not bundle it.
 */
export const ARXIV_ID_RE = /^(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})$/;
