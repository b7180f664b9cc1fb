import { t } from '../i18n';
import { itemNotes } from './extras';
import { arxivAbsUrl, byTagName, hfPaperUrl, localIsoDate, oneLine, type ExportItem } from './items';
import type { Tag } from '../model/library';

/**
 * Netscape bookmark file: the HTML every browser imports and exports ("Import bookmarks from HTML
 * file" in Chrome, Firefox, Safari, Edge; Pocket, Raindrop and Pinboard read it too). The shape is
 * Netscape's and Firefox's own export (BookmarkHTMLUtils.sys.mjs):
 *
 *   <!DOCTYPE NETSCAPE-Bookmark-file-1>, a META charset line, TITLE, H1, then nested
 *   <DL><p> lists of <DT><H3>folder</H3> and <DT><A HREF ADD_DATE>link</A>, an optional <DD>
 *   description after a link.
 *
 * One folder "Paperdeck (date)" holding one folder per tag (sorted by name; a paper with two tags
 * is in both) and "Untagged" last. Links go to the paper's Hugging Face page (arXiv for an
 * old-style id, which HF has no page for); ADD_DATE is when the
 * paper was starred, else first seen, in seconds (the format's unit); Firefox also reads TAGS.
 * The user's notes, when the model has them, are the DD description.
 *
 * Everything from the library is text inside markup, so every value is HTML-escaped (& < > " ')
 * and flattened to one line — some importers (Chrome's) read the file line by line. A title
 * holding `<script>` or `"` comes out as inert text. A note's line breaks are written as `&#10;`,
 * which keeps the element on one line and the break in the description.
 */

const ESCAPES = new Map([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ["'", '&#39;'],
]);

/** Text for an HTML element or a quoted attribute: one line, the five specials escaped. */
export function escapeHtml(text: string): string {
  return oneLine(text).replace(/[&<>"']/g, (c) => ESCAPES.get(c)!);
}

/** Multi-line text (a note) for a DD: each line escaped, the breaks as character references. */
function escapeNote(text: string): string {
  const lines = text.split(/\r\n?|\n|\u2028|\u2029/).map(escapeHtml);
  // Blank lines at either end dropped from the list, not by a `(?:&#10;)+$` on the joined text:
  // that is retried at every break of a run inside the note, quadratic (a second for 20,000).
  let start = 0;
  let end = lines.length;
  while (start < end && !lines[start]) start++;
  while (end > start && !lines[end - 1]) end--;
  return lines.slice(start, end).join('&#10;');
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

export interface BookmarksOptions {
  now: Date;
}

function link(item: ExportItem, indent: string): string[] {
  const { paper, tags, starredAt } = item;
  // Hugging Face has pages for new-style ids only; an old-style one (hep-th/9901001) links to arXiv.
  const url = paper.id.includes('/') ? arxivAbsUrl(paper.id) : hfPaperUrl(paper.id);
  const attrs = [`HREF="${escapeHtml(url)}"`, `ADD_DATE="${seconds(starredAt ?? paper.firstSeenAt)}"`];
  // Firefox splits TAGS on commas: a comma inside a tag name becomes a space.
  const tagList = tags.map((t) => oneLine(t.name.replace(/,/g, ' '))).filter(Boolean);
  if (tagList.length) attrs.push(`TAGS="${escapeHtml(tagList.join(','))}"`);
  const lines = [`${indent}<DT><A ${attrs.join(' ')}>${escapeHtml(paper.title)}</A>`];
  const notes = itemNotes(item);
  const description = notes && escapeNote(notes);
  if (description) lines.push(`${indent}<DD>${description}`);
  return lines;
}

function folder(name: string, addDate: number, lastModified: number, body: string[], indent: string): string[] {
  return [
    `${indent}<DT><H3 ADD_DATE="${addDate}" LAST_MODIFIED="${lastModified}">${escapeHtml(name)}</H3>`,
    `${indent}<DL><p>`,
    ...body,
    `${indent}</DL><p>`,
  ];
}

export function toBookmarks(items: readonly ExportItem[], { now }: BookmarksOptions): string {
  const nowSec = seconds(now.getTime());
  const inner = '        ';
  const sections = new Map<string, { tag: Tag; items: ExportItem[] }>();
  const untagged: ExportItem[] = [];
  for (const item of items) {
    if (!item.tags.length) untagged.push(item);
    for (const tag of item.tags) {
      const section = sections.get(tag.id) ?? { tag, items: [] };
      section.items.push(item);
      sections.set(tag.id, section);
    }
  }
  const body: string[] = [];
  for (const { tag, items: list } of [...sections.values()].sort((a, b) => byTagName(a.tag, b.tag))) {
    body.push(
      ...folder(
        tag.name,
        seconds(tag.createdAt),
        nowSec,
        list.flatMap((i) => link(i, `${inner}    `)),
        inner,
      ),
    );
  }
  if (untagged.length)
    body.push(
      ...folder(
        t('exportUntagged'),
        nowSec,
        nowSec,
        untagged.flatMap((i) => link(i, `${inner}    `)),
        inner,
      ),
    );

  return [
    '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
    '<!-- This is an automatically generated file.',
    '     It will be read and overwritten.',
    '     DO NOT EDIT! -->',
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
    '<TITLE>Bookmarks</TITLE>',
    '<H1>Bookmarks</H1>',
    '<DL><p>',
    ...folder(`Paperdeck (${localIsoDate(now)})`, nowSec, nowSec, body, '    '),
    '</DL><p>',
    '',
  ].join('\n');
}
