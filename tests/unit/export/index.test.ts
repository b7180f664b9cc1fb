import { EXPORT_FORMATS, exportFilename, exportLibrary, parseBackup, selectSnapshot } from '../../../lib/export';
import { mergeSnapshot, type MergeBase } from '../../../lib/db/snapshot-merge';
import { LibrarySnapshot } from '../../../lib/model/library';
import { fixtureSnapshot, NOW } from './fixture';

describe('exportLibrary', () => {
  it('names files with the local date, the format and the selection label', () => {
    expect(exportFilename('bibtex', NOW)).toBe('paperdeck-2026-11-23.bib');
    expect(exportFilename('csv', NOW, 'starred')).toBe('paperdeck-starred-2026-11-23.csv');
    expect(exportFilename('markdown', NOW, '  Über/Große Modelle!  ')).toBe('paperdeck-uber-große-modelle-2026-11-23.md');
    expect(exportFilename('ris', NOW, '../../etc')).toBe('paperdeck-etc-2026-11-23.ris');
    expect(exportFilename('json', NOW, '***')).toBe('paperdeck-2026-11-23.json');
    const s = fixtureSnapshot();
    expect(EXPORT_FORMATS.map((f) => exportLibrary(f, s, { now: NOW }).filename)).toEqual([
      'paperdeck-2026-11-23.json',
      'paperdeck-2026-11-23.csv',
      'paperdeck-2026-11-23.bib',
      'paperdeck-2026-11-23.ris',
      'paperdeck-2026-11-23.md',
      'paperdeck-2026-11-23.csl.json',
      'paperdeck-2026-11-23.html',
      'paperdeck-2026-11-23.atom',
    ]);
    expect(exportLibrary('csv', s, { now: NOW, ids: ['2501.00001'] }).filename).toBe('paperdeck-selection-2026-11-23.csv');
  });

  it('gives a MIME type and a paper count with every file', () => {
    const s = fixtureSnapshot();
    expect(EXPORT_FORMATS.map((f) => exportLibrary(f, s, { now: NOW }).mime)).toEqual([
      'application/json',
      'text/csv;charset=utf-8',
      'application/x-bibtex;charset=utf-8',
      'application/x-research-info-systems;charset=utf-8',
      'text/markdown;charset=utf-8',
      'application/vnd.citationstyles.csl+json',
      'text/html;charset=utf-8',
      'application/atom+xml;charset=utf-8',
    ]);
    for (const f of EXPORT_FORMATS) expect(exportLibrary(f, s, { now: NOW }).count).toBe(6);
  });

  it('exports a selection in the order given, skipping unknown and repeated ids', () => {
    const s = fixtureSnapshot();
    const out = exportLibrary('ris', s, { now: NOW, ids: ['2501.00004', '2601.99999', '2412.14689', '2501.00004'] });
    expect(out.count).toBe(2);
    expect([...out.text.matchAll(/^UR {2}- (.*)$/gm)].map((m) => m[1]!.trim())).toEqual([
      'https://arxiv.org/abs/2501.00004',
      'https://arxiv.org/abs/2412.14689',
    ]);
  });

  it('backs up a selection with its stars, links and used tags, and all rules and settings', () => {
    const s = fixtureSnapshot();
    const part = selectSnapshot(s, ['2501.00003', '2501.00002']);
    expect(part.papers.map((p) => p.id)).toEqual(['2501.00003', '2501.00002']);
    expect(part.stars).toEqual([s.stars[1]]);
    expect(part.paperTags).toEqual([s.paperTags[2]]);
    expect(part.tags.map((t) => t.id)).toEqual(['tag-read']);
    expect(part.rules).toEqual(s.rules);
    expect(part.settings).toEqual(s.settings);
    expect(part.notes).toEqual([]); // the fixture's note is on a paper not selected
    expect(part.notInterested).toEqual(s.notInterested);
    expect(selectSnapshot(s, ['2501.00002']).notInterested).toEqual([]);
    const file = exportLibrary('json', s, { now: NOW, ids: ['2501.00003', '2501.00002'] });
    const parsed = parseBackup(file.text);
    expect(parsed.ok && parsed.backup.library).toEqual(part);
    expect(LibrarySnapshot.safeParse(part).success).toBe(true);
  });

  it('round trip: export → wipe → import gives back the same library', () => {
    const library = fixtureSnapshot();
    const file = exportLibrary('json', library, { now: NOW, app: { name: 'Paperdeck', version: '0.1.0' } });
    // A wiped library has stored no settings either: the backup's apply.
    const wiped: MergeBase = { papers: [], stars: [], tags: [], paperTags: [], rules: [] };
    const parsed = parseBackup(file.text);
    if (!parsed.ok) throw new Error(parsed.error);
    const { merged, report } = mergeSnapshot(wiped, parsed.backup.library);
    expect(merged).toEqual(library);
    expect(report).toMatchObject({ papersAdded: 6, starsAdded: 2, tagsAdded: 2, linksAdded: 3, rulesAdded: 2 });
    // And exporting the restored library gives the same backup (key order aside).
    const again = exportLibrary('json', merged, { now: NOW, app: { name: 'Paperdeck', version: '0.1.0' } }).text;
    expect(JSON.parse(again)).toEqual(JSON.parse(file.text));
  });
});
