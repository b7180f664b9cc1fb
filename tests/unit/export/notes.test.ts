import { exportLibrary } from '../../../lib/export';
import { parseImport } from '../../../lib/import';
import type { LibrarySnapshot } from '../../../lib/model/library';
import { fixtureSnapshot } from './fixture';

const NOW = new Date(Date.UTC(2026, 10, 23, 12, 0, 0));
const NOTE = '=SUM(A1) "quoted" & <b>bold</b> {braces} 100%\nsecond line';

function withNote(): LibrarySnapshot {
  const s = fixtureSnapshot();
  return { ...s, notes: [{ paperId: '2412.14689', text: NOTE, status: 'reading', updatedAt: 1 }] };
}

describe('notes and reading status in every format that has a place for them', () => {
  it('CSV: status and notes columns, the note guarded against formulas', () => {
    const text = exportLibrary('csv', withNote(), { now: NOW }).text;
    const row = text.split('\r\n').find((l) => l.startsWith('2412.14689'))!;
    expect(row).toContain(`,reading,"'=SUM(A1) ""quoted"" & <b>bold</b> {braces} 100%\nsecond line",`);
  });

  it('BibTeX: annote, escaped; our importer reads it back as the note', () => {
    const text = exportLibrary('bibtex', withNote(), { now: NOW }).text;
    const entry = text.split('@misc').find((e) => e.includes('2412.14689'))!;
    // Escaped as every other BibTeX field (lib/export/bibtex.ts escapeBibtex), on one line.
    expect(entry).toContain('annote = {=SUM(A1) "quoted" \\& {\\textless}b{\\textgreater}bold');
    expect(entry).toContain('100\\% second line}');
    const back = parseImport(text).items.find((i) => i.id === '2412.14689');
    expect(back?.notes).toBe('=SUM(A1) "quoted" & <b>bold</b> {braces} 100% second line');
  });

  it('RIS: N1 on one line; read back as the note', () => {
    const text = exportLibrary('ris', withNote(), { now: NOW }).text;
    expect(text).toContain('N1  - =SUM(A1) "quoted" & <b>bold</b> {braces} 100% second line\r\n');
    // (The RIS reader strips markup from notes: Zotero writes N1 as HTML.)
    expect(parseImport(text).items.find((i) => i.id === '2412.14689')?.notes).toBe('=SUM(A1) "quoted" & bold {braces} 100% second line');
  });

  it('Markdown: the status beside the title, the note quoted under it, escaped', () => {
    const text = exportLibrary('markdown', withNote(), { now: NOW }).text;
    expect(text).toContain('*reading*');
    expect(text).toMatch(/\n {2}> .*\\<b\\>bold\\<\/b\\>.*\n {2}> second line\n/);
  });

  it('CSL-JSON and bookmarks carry the note', () => {
    const csl = JSON.parse(exportLibrary('csljson', withNote(), { now: NOW }).text) as Array<{ note?: string; archive_location?: string }>;
    expect(csl.find((i) => i.archive_location === '2412.14689')?.note).toContain('=SUM(A1)');
    const html = exportLibrary('bookmarks', withNote(), { now: NOW }).text;
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<b>bold</b>');
  });
});

describe('BibTeX names with a comma', () => {
  it('keeps "Martin Luther King, Jr." whole, and our importer reads it back as written', () => {
    const s = fixtureSnapshot();
    const paper = { ...s.papers[0]!, authors: ['Martin Luther King, Jr.', 'Ada Lovelace'] };
    const text = exportLibrary('bibtex', { ...s, papers: [paper] }, { now: NOW }).text;
    expect(text).toContain('author = {{Martin Luther King, Jr.} and Ada Lovelace and others}');
    expect(parseImport(text).items[0]?.authors?.slice(0, 2)).toEqual(['Martin Luther King, Jr.', 'Ada Lovelace']);
  });
});
