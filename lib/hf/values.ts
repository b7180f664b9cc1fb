/**
 * Small value guards shared by the DOM and JSON readers. Each returns undefined for anything that
 * would not pass the PaperRecord schema, so records are valid by construction: running zod on every
 * card would cost ~14 µs a card in the jitless mode the extension CSP forces — most of the 20 µs budget.
 * (The store validates with zod where records cross into the extension; tests validate every output.)
 */
import { ARXIV_ID_RE } from '../model/arxiv';
import { MAX_ABSTRACT, MAX_TITLE, MAX_URL, cutText } from '../model/limits';

/** Whitespace other than a single space, or two spaces in a row. */
const UNCLEAN = /[^\S ]| {2}/;
const NEWLINE = /\r?\n/g;

/**
 * Whitespace collapsed and trimmed, cut to `max` characters (lib/model/limits; the default is the
 * longest any field may be, and the record's own limits are applied once it is whole, in
 * merge.ts); undefined when nothing is left.
 * Hot path (tens of thousands of calls a page), so the common cases are cheap: a clean string is
 * returned as is (no allocation), and hard-wrapped text — arXiv abstracts in the JSON, single newlines
 * between words — becomes clean with a literal newline replace, ~5× cheaper than collapsing /\s+/.
 */
export function cleanText(s: string | null | undefined, max = MAX_ABSTRACT): string | undefined {
  if (!s) return undefined;
  const t = unwrapLines(s);
  if (t.charCodeAt(0) > 32 && t.charCodeAt(t.length - 1) > 32 && !UNCLEAN.test(t)) return t.length > max ? cutText(t, max) : t;
  return cutText(t.replace(/\s+/g, ' ').trim(), max) || undefined;
}

/**
 * A long text from untyped JSON (the abstract): hard-wrap newlines become spaces and the ends are
 * trimmed, but the text is not scanned for runs of spaces — a megabyte of abstracts per 1,000-paper
 * page makes that the most expensive step of the read, for double spaces nobody sees. Cut to `max`.
 */
export function jsonLongText(v: unknown, max = MAX_ABSTRACT): string | undefined {
  if (typeof v !== 'string') return undefined;
  return cutText(unwrapLines(v).trim(), max) || undefined;
}

/** Each line break (`\n` or `\r\n`) as a space; the string itself when it has none. */
function unwrapLines(s: string): string {
  if (s.indexOf('\n') < 0) return s;
  // Without a "\r", a literal replaceAll is NEWLINE's replace at ~2/3 of the cost (a megabyte of abstracts per page).
  return s.indexOf('\r') < 0 ? s.replaceAll('\n', ' ') : s.replace(NEWLINE, ' ');
}

/** A string field from untyped JSON, cut to `max` characters. */
export function jsonText(v: unknown, max = MAX_TITLE): string | undefined {
  return typeof v === 'string' ? cleanText(v, max) : undefined;
}

/** A non-negative integer from untyped JSON. */
export function jsonCount(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

/** An arXiv id with any version suffix stripped, or undefined when it is not one. */
export function arxivId(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  // The usual case, a bare id: no trimmed or stripped copy (a match has no blank and no version).
  if (ARXIV_ID_RE.test(v)) return v;
  const id = v.trim().replace(/v\d+$/, '');
  return ARXIV_ID_RE.test(id) ? id : undefined;
}

/**
 * A plain absolute http(s) URL: letters/digits/hyphen host labels (the last one starting with a letter,
 * so never an IPv4-looking host), an optional short port, and only URL-safe characters after it. Every
 * string this matches is one `new URL()` (and so the schema) accepts; matching it costs a fraction of
 * constructing a URL, which adds up over a few links on each of 1,000 cards.
 */
const PLAIN_URL = /^https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*(?::\d{1,4})?(?:[/?#][\w\-.~%!$&'()*+,;=:@/?#]*)?$/i;

/** An absolute http(s) URL, relative ones resolved against `base`; none longer than MAX_URL. */
export function httpUrl(v: unknown, base?: string): string | undefined {
  if (typeof v !== 'string' || !v.trim() || v.length > MAX_URL) return undefined;
  if (PLAIN_URL.test(v)) return v;
  try {
    const u = new URL(v.trim(), base);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.href.length <= MAX_URL ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** A count read off the page: "142", "1,234", or abbreviated "1.2k" (then `exact` is false). */
export interface PageCount {
  value: number;
  exact: boolean;
}

const PLAIN_COUNT = /^\d{1,15}$/;

/** Standalone number tokens; a digit glued to letters ("yolov5") is not a count. */
const COUNT_TOKEN = /(?:^|\s)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?([kKmM])?(?=\s|$)/g;

/** The last standalone count in a text ("Upvote 142" → 142). */
export function parseCount(text: string | null | undefined): PageCount | undefined {
  if (!text) return undefined;
  if (PLAIN_COUNT.test(text)) return { value: Number(text), exact: true }; // "142": the usual case
  if (text.length > 200) return undefined; // a paragraph, not a control's label
  let last: RegExpExecArray | null = null;
  COUNT_TOKEN.lastIndex = 0;
  for (let m = COUNT_TOKEN.exec(text); m; m = COUNT_TOKEN.exec(text)) last = m;
  if (!last) return undefined;
  const digits = last[1]!.replace(/,/g, '');
  const suffix = last[2]?.toLowerCase();
  const scale = suffix === 'k' ? 1e3 : suffix === 'm' ? 1e6 : 1;
  if (scale === 1 && digits.includes('.')) return undefined; // "1.5" is not a count
  const value = Math.round(Number(digits) * scale);
  return Number.isSafeInteger(value) ? { value, exact: scale === 1 } : undefined;
}

/**
 * The last count among an element's text nodes: "Upvote" + "145" in sibling divs has no space
 * between the two in textContent, so the nodes are looked at one by one.
 */
export function parseCountIn(el: Element): PageCount | undefined {
  const whole = parseCount(el.textContent);
  if (whole) return whole; // the usual case: the control's text is just the number
  let found: PageCount | undefined;
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) found = parseCount(n.nodeValue) ?? found;
  return found;
}

/**
 * Merge a count from the live DOM with one from the hydration JSON: the DOM wins (it is live), except
 * that an abbreviated DOM count ("1.2k") yields to an exact JSON count that rounds to the same figure.
 */
export function pickCount(dom: PageCount | undefined, json: number | undefined): number | undefined {
  if (!dom) return json;
  if (dom.exact || json === undefined) return dom.value;
  return abbreviate(json) === abbreviate(dom.value) ? json : dom.value;
}

function abbreviate(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}m`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}
