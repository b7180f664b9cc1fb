import { arxivIdMonth } from '../model/arxiv';
import type { ReadingStatus, LibrarySnapshot, StoredPaper, Tag } from '../model/library';

/**
 * What every text format (CSV, BibTeX, RIS, Markdown) needs about one paper: the stored record,
 * the tags on it (sorted by name) and when it was starred. Built once per export.
 */
export interface ExportItem {
  paper: StoredPaper;
  tags: readonly Tag[];
  starredAt?: number;
  /** The user's note on the paper, and its reading status. */
  notes?: string;
  status?: ReadingStatus;
}

/**
 * An id as a URL path. Stored ids match ARXIV_ID_RE (digits, letters, ".", "-", "/") and pass
 * unchanged; anything else is percent-encoded, so even a corrupt id cannot end a Markdown link,
 * break a BibTeX brace or start a new RIS line.
 */
const idPath = (id: string): string =>
  id.replace(/[^A-Za-z0-9./-]/gu, (c) =>
    // TextEncoder, unlike encodeURIComponent, does not throw on a lone surrogate (it writes U+FFFD).
    Array.from(new TextEncoder().encode(c), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );

export const hfPaperUrl = (id: string): string => `https://huggingface.co/papers/${idPath(id)}`;
export const arxivAbsUrl = (id: string): string => `https://arxiv.org/abs/${idPath(id)}`;

/**
 * The papers to export, in order: the selection's order when `ids` is given (unknown ids and repeats
 * skipped), else the snapshot's order.
 */
export function selectPapers(snapshot: LibrarySnapshot, ids?: readonly string[]): StoredPaper[] {
  if (!ids) return snapshot.papers.slice();
  const byId = new Map(snapshot.papers.map((p) => [p.id, p]));
  const out: StoredPaper[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const paper = byId.get(id);
    if (paper && !seen.has(id)) {
      seen.add(id);
      out.push(paper);
    }
  }
  return out;
}

export function buildItems(snapshot: LibrarySnapshot, ids?: readonly string[]): ExportItem[] {
  const tagsById = new Map(snapshot.tags.map((t) => [t.id, t]));
  const tagsByPaper = new Map<string, Tag[]>();
  for (const link of snapshot.paperTags) {
    const tag = tagsById.get(link.tagId);
    if (!tag) continue;
    const list = tagsByPaper.get(link.paperId);
    if (list) {
      if (!list.includes(tag)) list.push(tag);
    } else tagsByPaper.set(link.paperId, [tag]);
  }
  const starredAt = new Map(snapshot.stars.map((s) => [s.paperId, s.starredAt]));
  const notes = new Map((snapshot.notes ?? []).map((n) => [n.paperId, n]));
  return selectPapers(snapshot, ids).map((paper) => {
    const item: ExportItem = { paper, tags: (tagsByPaper.get(paper.id) ?? []).sort(byTagName), starredAt: starredAt.get(paper.id) };
    const note = notes.get(paper.id);
    if (note?.text) item.notes = note.text;
    if (note?.status) item.status = note.status;
    return item;
  });
}

export function byTagName(a: Tag, b: Tag): number {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The user's local calendar day of `d`, YYYY-MM-DD (file names and headings carry the local date). */
export function localIsoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export interface PaperDate {
  year: number;
  /** 1–12 */
  month: number;
  day?: number;
}

/**
 * When the paper appeared: the HF publication date when known, else the year and month encoded in
 * the arXiv id itself (YYMM.NNNNN since 2007-04; archive/YYMMNNN before, from 1991). Not a guess:
 * arXiv ids are assigned by submission month.
 */
export function paperDate(paper: Pick<StoredPaper, 'id' | 'publishedAt'>): PaperDate | undefined {
  const published = paper.publishedAt && /^(\d{4})-(\d{2})-(\d{2})$/.exec(paper.publishedAt);
  if (published) {
    return { year: Number(published[1]), month: Number(published[2]), day: Number(published[3]) };
  }
  return arxivIdMonth(paper.id);
}

// C0/C1 controls, DEL, and the Unicode line/paragraph separators.
const CONTROL_OR_SPACE_RUN = /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
// A blank other than the plain space, or a control character.
const ODD_BLANK = /[\u0000-\u001f\u007f-\u009f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** One line of text: every run of whitespace or control characters becomes one space; trimmed. */
export function oneLine(s: string): string {
  // Most values are already one line: testing is much cheaper than rebuilding (10,000-paper exports).
  const clean = !ODD_BLANK.test(s) && !s.includes('  ') && s[0] !== ' ' && s[s.length - 1] !== ' ';
  return clean ? s : s.replace(CONTROL_OR_SPACE_RUN, ' ').trim();
}

export function organizationName(paper: StoredPaper): string | undefined {
  return paper.organization ? (paper.organization.name ?? paper.organization.slug) : undefined;
}

/** UTF-8 length of a string, counted without encoding it. */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
