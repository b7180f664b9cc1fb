import type { LibrarySnapshot } from '../model/library';
import { toAtom } from './atom';
import { serializeBackup, type BackupApp } from './backup';
import { toBibtex } from './bibtex';
import { toBookmarks } from './bookmarks';
import { toCslJson } from './csljson';
import { toCsv } from './csv';
import { buildItems, localIsoDate, selectPapers, type ExportItem } from './items';
import { toMarkdown } from './markdown';
import { toRis } from './ris';
import { t } from '../i18n';

/**
 * Export formats, all pure functions of a LibrarySnapshot: the store reads the snapshot, the UI
 * turns `{ filename, mime, text }` into a download (Blob + object URL).
 */
export type ExportFormat = 'json' | 'csv' | 'bibtex' | 'ris' | 'markdown' | 'csljson' | 'bookmarks' | 'atom';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'bibtex', 'ris', 'markdown', 'csljson', 'bookmarks', 'atom'];

const EXTENSIONS: Record<ExportFormat, string> = {
  json: 'json',
  csv: 'csv',
  bibtex: 'bib',
  ris: 'ris',
  markdown: 'md',
  // `.csl.json` so it is not taken for a Paperdeck backup; Zotero and Pandoc go by the `.json`.
  csljson: 'csl.json',
  bookmarks: 'html',
  atom: 'atom',
};

// `charset=utf-8` on the text types so a Blob download is never decoded in a legacy code page.
const MIME_TYPES: Record<ExportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv;charset=utf-8',
  bibtex: 'application/x-bibtex;charset=utf-8',
  ris: 'application/x-research-info-systems;charset=utf-8',
  markdown: 'text/markdown;charset=utf-8',
  // The type DOI content negotiation (Crossref, DataCite) serves CSL-JSON as; JSON is UTF-8 (RFC 8259).
  csljson: 'application/vnd.citationstyles.csl+json',
  bookmarks: 'text/html;charset=utf-8',
  atom: 'application/atom+xml;charset=utf-8',
};

export interface ExportOptions {
  now: Date;
  /** The selection, in display order; absent = the whole library. */
  ids?: readonly string[];
  /** Names the selection in the file name ("starred", a tag name…). Default "selection" when ids are given. */
  label?: string;
  /** Atom only: the feed's title (default: "Paperdeck", with the label). */
  title?: string;
  /** Markdown only: one section per tag. */
  groupByTag?: boolean;
  /** JSON only: recorded in the backup, e.g. `{ name: 'Paperdeck', version: browser.runtime.getManifest().version }`. */
  app?: BackupApp;
}

export interface ExportFile {
  filename: string;
  mime: string;
  text: string;
  /** Papers written. */
  count: number;
}

/** `paperdeck-2026-11-23.bib`, `paperdeck-starred-2026-11-23.csv` (the user's local date). */
export function exportFilename(format: ExportFormat, now: Date, label?: string): string {
  const slug = label
    ?.normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `paperdeck-${slug ? `${slug}-` : ''}${localIsoDate(now)}.${EXTENSIONS[format]}`;
}

/**
 * The part of the library a selection needs: the selected papers, their stars, tag links and
 * notes and "not interested" marks, the tags those links use, and all rules and settings (they are not per paper).
 */
export function selectSnapshot(snapshot: LibrarySnapshot, ids: readonly string[]): LibrarySnapshot {
  const papers = selectPapers(snapshot, ids);
  const chosen = new Set(papers.map((p) => p.id));
  const paperTags = snapshot.paperTags.filter((l) => chosen.has(l.paperId));
  const usedTags = new Set(paperTags.map((l) => l.tagId));
  return {
    papers,
    stars: snapshot.stars.filter((s) => chosen.has(s.paperId)),
    tags: snapshot.tags.filter((t) => usedTags.has(t.id)),
    paperTags,
    rules: snapshot.rules,
    settings: snapshot.settings,
    notes: (snapshot.notes ?? []).filter((n) => chosen.has(n.paperId)),
    notInterested: (snapshot.notInterested ?? []).filter((m) => chosen.has(m.paperId)),
  };
}

export function exportLibrary(format: ExportFormat, snapshot: LibrarySnapshot, opts: ExportOptions): ExportFile {
  const filename = exportFilename(format, opts.now, opts.label ?? (opts.ids ? 'selection' : undefined));
  const mime = MIME_TYPES[format];
  if (format === 'json') {
    const part = opts.ids ? selectSnapshot(snapshot, opts.ids) : snapshot;
    return { filename, mime, text: serializeBackup(part, opts.now, opts.app), count: part.papers.length };
  }
  const items = buildItems(snapshot, opts.ids);
  return { filename, mime, text: writeItems(format, items, opts), count: items.length };
}

function writeItems(format: Exclude<ExportFormat, 'json'>, items: readonly ExportItem[], opts: ExportOptions): string {
  switch (format) {
    case 'csv':
      return toCsv(items);
    case 'bibtex':
      return toBibtex(items);
    case 'ris':
      return toRis(items);
    case 'markdown':
      return toMarkdown(items, { now: opts.now, groupByTag: opts.groupByTag });
    case 'csljson':
      return toCslJson(items);
    case 'bookmarks':
      return toBookmarks(items, { now: opts.now });
    case 'atom': {
      const label = opts.label ?? (opts.ids ? 'selection' : 'library');
      const title = opts.title ?? t('atomFeedTitle', label);
      return toAtom(items, { now: opts.now, title, id: `tag:paperdeck.dev,2026:feed/${encodeURIComponent(label)}` });
    }
  }
}

export { parseBackup, parseBackupFile, serializeBackup } from './backup';
export type { BackupApp, BackupResult } from './backup';
