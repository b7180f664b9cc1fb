import { t, type MessageKey } from '../i18n';
import { byTagName, hfPaperUrl, localIsoDate, oneLine, organizationName, type ExportItem } from './items';
import type { Tag } from '../model/library';

/**
 * A Markdown reading list: a heading with the date, then one line per paper,
 *   - [Title](https://huggingface.co/papers/ID) — Org · 2024-12-19 · ▲ 42
 * optionally grouped under one `##` heading per tag (a paper with two tags is listed twice;
 * untagged papers come last).
 *
 * Titles come from a web page, so they are escaped: every character that CommonMark or GFM could
 * read as markup inside link text gets a backslash (CommonMark allows a backslash before any ASCII
 * punctuation), so a title cannot close the link, open another one (nor an image: `![` needs a
 * bare `[`), insert HTML, an entity, code, emphasis, strike-through or `$…$` math, or end a
 * heading; `://` and `www.` are broken so GFM does not autolink a URL in a title.
 */

const MD_SPECIAL = /[\\`*_{}[\]<>#~&$]/g;

export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(MD_SPECIAL, (c) => `\\${c}`)
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`);
}

const STATUS_KEYS = { 'to-read': 'exportStatusToRead', reading: 'exportStatusReading', read: 'exportStatusRead' } as const satisfies Record<
  string,
  MessageKey
>;

export function markdownLine({ paper, status, notes }: ExportItem): string {
  const details: string[] = [];
  if (status) details.push(`*${t(STATUS_KEYS[status])}*`);
  const org = organizationName(paper);
  if (org) details.push(escapeMarkdown(org));
  if (paper.publishedAt) details.push(paper.publishedAt);
  if (paper.upvotes !== undefined) details.push(`▲ ${paper.upvotes}`);
  const link = `[${escapeMarkdown(paper.title)}](${hfPaperUrl(paper.id)})`;
  const line = `- ${link}${details.length ? ` — ${details.join(' · ')}` : ''}`;
  // The note as an indented quote under its item (one line per line of the note).
  const quoted = notes ? notes.split('\n').map((l) => `  > ${escapeMarkdown(l)}`.trimEnd()) : [];
  return [line, ...quoted].join('\n');
}

export interface MarkdownOptions {
  now: Date;
  /** One section per tag, then "Untagged". */
  groupByTag?: boolean;
}

export function toMarkdown(items: readonly ExportItem[], { now, groupByTag = false }: MarkdownOptions): string {
  const out = [`# ${t('exportMarkdownTitle', localIsoDate(now))}`, ''];
  if (!groupByTag) {
    out.push(...items.map(markdownLine));
  } else {
    const sections = new Map<string, { tag: Tag; lines: string[] }>();
    const untagged: string[] = [];
    for (const item of items) {
      const text = markdownLine(item);
      if (!item.tags.length) untagged.push(text);
      for (const tag of item.tags) {
        const section = sections.get(tag.id) ?? { tag, lines: [] };
        section.lines.push(text);
        sections.set(tag.id, section);
      }
    }
    const ordered = [...sections.values()].sort((a, b) => byTagName(a.tag, b.tag));
    const groups = ordered.map((s) => ({ title: escapeMarkdown(s.tag.name), lines: s.lines }));
    if (untagged.length) groups.push({ title: escapeMarkdown(t('exportUntagged')), lines: untagged });
    groups.forEach((group, i) => {
      if (i) out.push('');
      out.push(`## ${group.title}`, '', ...group.lines);
    });
  }
  return out.join('\n') + '\n';
}
