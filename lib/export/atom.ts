/**
 * An Atom feed (RFC 4287) of papers, for feed readers: the digest of a day, or any list of the
 * library page. One `<entry>` per paper, in the list's order:
 *   id       tag:paperdeck.dev,2026:paper/<arXiv id>   (stable: a reader marks it read once)
 *   title    the paper's title (type="text")
 *   link     its Hugging Face page; a `related` link to arXiv
 *   updated  when Paperdeck last saw it (Atom needs a time); published: its HF date
 *   author   each author (or the organization when the names are unknown; Atom needs one)
 *   summary  HF's AI summary, else the abstract; category: each tag
 *
 * Everything comes from web pages or the user, so every text is escaped for XML (&, <, >, ", ')
 * and characters XML 1.0 cannot carry (C0 controls but tab and line breaks, lone surrogates,
 * U+FFFE/FFFF) are dropped: a title cannot close an element, inject markup or make the feed
 * unreadable. tests/unit/export/atom.test.ts reads the feed back with an XML parser.
 */
import { arxivAbsUrl, hfPaperUrl, organizationName, type ExportItem } from './items';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';

/** Characters XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets), lone surrogates included. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface AtomOptions {
  now: Date;
  /** The feed's title ("Paperdeck digest, 2026-12-06"). */
  title: string;
  /** The feed's own id (stable for the same list: a digest day, a label). */
  id: string;
}

const el = (name: string, text: string, attrs = ''): string => `<${name}${attrs}>${escapeXml(text)}</${name}>`;
const iso = (ms: number): string => new Date(ms).toISOString();

function entry({ paper, tags }: ExportItem): string {
  const lines = [
    '  <entry>',
    `    ${el('id', `tag:paperdeck.dev,2026:paper/${paper.id}`)}`,
    `    ${el('title', paper.title, ' type="text"')}`,
    `    <link rel="alternate" type="text/html" href="${escapeXml(hfPaperUrl(paper.id))}"/>`,
    `    <link rel="related" type="text/html" href="${escapeXml(arxivAbsUrl(paper.id))}"/>`,
    `    ${el('updated', iso(paper.lastSeenAt))}`,
  ];
  if (paper.publishedAt) lines.push(`    ${el('published', `${paper.publishedAt}T00:00:00Z`)}`);
  const names = paper.authors?.length ? paper.authors : [organizationName(paper) ?? 'Hugging Face papers'];
  for (const name of names) lines.push(`    <author>${el('name', name)}</author>`);
  for (const tag of tags) lines.push(`    <category term="${escapeXml(tag.name)}"/>`);
  const summary = paper.aiSummary ?? paper.abstract;
  if (summary) lines.push(`    ${el('summary', summary, ' type="text"')}`);
  lines.push('  </entry>');
  return lines.join('\n');
}

export function toAtom(items: readonly ExportItem[], { now, title, id }: AtomOptions): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="${ATOM_NS}">`,
    `  ${el('id', id)}`,
    `  ${el('title', title, ' type="text"')}`,
    `  ${el('updated', now.toISOString())}`,
    `  <generator uri="https://github.com/paperdeck/paperdeck">Paperdeck</generator>`,
    `  <link rel="alternate" type="text/html" href="https://huggingface.co/papers"/>`,
    ...items.map(entry),
    '</feed>',
    '',
  ].join('\n');
}
