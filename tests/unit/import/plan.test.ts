import { localDay } from '../../../lib/db/derive';
import { mergeStored } from '../../../lib/db/merge';
import { integrityProblems } from '../../../lib/export/backup';
import { mergeSnapshot } from '../../../lib/db/snapshot-merge';
import { parseImport, planImport, planToSnapshot, stubTitle } from '../../../lib/import';
import { MAX_NEW_TAGS } from '../../../lib/import/plan';
import type { ImportedItem } from '../../../lib/import/text';
import { DEFAULT_SETTINGS } from '../../../lib/model/defaults';
import { LibrarySnapshot, StoredPaper } from '../../../lib/model/library';
import { paper } from '../export/fixture';
import { freshLibrary } from '../db/helpers';

const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

/**
 * A small library: A is complete and starred and tagged LLM; B is a stub from an earlier id-list
 * import; C has a title only. Settings differ from the defaults so a reset would show.
 */
function library(): LibrarySnapshot {
  return {
    papers: [
      paper({ id: '2401.00001', title: 'Paper A', authors: ['Ada Lovelace'], abstract: 'About A.', publishedAt: '2024-01-02' }),
      { ...paper({ id: '2401.00002', title: stubTitle('2401.00002') }), seenCount: 1, seenOn: [], firstSeenAt: T0, lastSeenAt: T0 },
      paper({ id: '2401.00003', title: 'Paper C' }),
    ],
    stars: [{ paperId: '2401.00001', starredAt: T0 }],
    tags: [{ id: 'tag-llm', name: 'LLM', colour: 'blue', createdAt: T0 }],
    paperTags: [{ paperId: '2401.00001', tagId: 'tag-llm', taggedAt: T0 }],
    rules: [],
    settings: { dimSeen: true, shortcuts: false, sync: true, pauseRules: false },
  };
}

const ITEMS: ImportedItem[] = [
  // Known and complete: a different title is not taken; its tags: one it has (any case), one new.
  { id: '2401.00001', title: 'Paper A (v2 title)', authors: ['Ada Lovelace'], tags: ['llm', 'New tag'] },
  // Known stub: the title and authors fill it.
  { id: '2401.00002', title: 'Paper B', authors: ['Charles Babbage'] },
  // Known, title only: authors, abstract and date fill in; the same title is not "kept".
  { id: '2401.00003', title: 'Paper C', authors: ['Grace Hopper'], abstract: 'About C.', publishedAt: '2024-01-05', tags: ['new TAG'] },
  // New, with fields; new, id only.
  { id: '2401.00004', title: 'Paper D', authors: ['Alan Turing'], publishedAt: '2024-01-06', notes: 'Read it.' },
  { id: '2401.00005' },
  // Skipped.
  { id: 'not-an-id' },
  { id: '2401.00004', title: 'Paper D again' },
  { id: '2401.00006v2' },
];

describe('planImport', () => {
  it('says exactly what would change, before anything is written', () => {
    const plan = planImport(ITEMS, library());
    expect(plan.newPapers).toEqual([
      {
        id: '2401.00004',
        fields: { title: 'Paper D', authors: ['Alan Turing'], publishedAt: '2024-01-06', notes: 'Read it.' },
        stub: false,
      },
      { id: '2401.00005', fields: {}, stub: true },
    ]);
    expect(plan.knownPapers.map(({ id, fill, kept }) => ({ id, fill, kept }))).toEqual([
      { id: '2401.00001', fill: {}, kept: ['title'] },
      { id: '2401.00002', fill: { title: 'Paper B', authors: ['Charles Babbage'] }, kept: [] },
      { id: '2401.00003', fill: { authors: ['Grace Hopper'], abstract: 'About C.', publishedAt: '2024-01-05' }, kept: [] },
    ]);
    expect(plan.starsToAdd).toEqual(['2401.00002', '2401.00003', '2401.00004', '2401.00005']);
    expect(plan.alreadyStarred).toEqual(['2401.00001']);
    expect(plan.tags).toEqual([{ name: 'LLM', existing: { id: 'tag-llm', colour: 'blue', createdAt: T0 } }, { name: 'New tag' }]);
    expect(plan.tagsToCreate).toEqual(['New tag']);
    expect(plan.linksToAdd).toEqual([
      { paperId: '2401.00001', tag: 'New tag' },
      { paperId: '2401.00003', tag: 'New tag' },
    ]);
    expect(plan.skipped).toEqual([
      { index: 5, id: 'not-an-id', reason: 'not an arXiv id' },
      { index: 6, id: '2401.00004', reason: 'listed twice; the first is used' },
      { index: 7, id: '2401.00006v2', reason: 'not an arXiv id' },
    ]);
    expect(plan.notices).toEqual([]);
    expect(plan.counts).toEqual({
      items: 8,
      newPapers: 2,
      stubs: 1,
      papersFilled: 2,
      starsToAdd: 4,
      tagsToCreate: 1,
      linksToAdd: 2,
      skipped: 3,
    });
  });

  it('stars nothing when told not to, applies no file tags when told not to, adds one tag to all', () => {
    const plan = planImport(ITEMS, library(), { star: false, fileTags: false, addTag: '  Imported  from   Zotero ' });
    expect(plan.starsToAdd).toEqual([]);
    expect(plan.alreadyStarred).toEqual([]);
    expect(plan.tagsToCreate).toEqual(['Imported from Zotero']);
    expect(plan.linksToAdd.map((l) => l.paperId)).toEqual(['2401.00001', '2401.00002', '2401.00003', '2401.00004', '2401.00005']);
  });

  it('shortens tag names the store would refuse, and says so', () => {
    const long = 'Computer Science - Computer Vision and Pattern Recognition';
    const plan = planImport([{ id: '2401.00009', tags: [long, `${long}!`] }], library());
    expect(plan.tagsToCreate).toEqual(['Computer Science - Computer Vision and…']);
    expect(plan.tagsToCreate[0]!.length).toBeLessThanOrEqual(40);
    expect(plan.linksToAdd).toHaveLength(1);
    expect(plan.notices).toEqual([`2 tag names were longer than 40 characters and shortened: “${long}”, “${long}!”.`]);
  });

  it('creates at most MAX_NEW_TAGS tags in one import, and says so', () => {
    const items = Array.from({ length: 30 }, (_, i) => ({
      id: `2501.${String(i).padStart(5, '0')}`,
      tags: Array.from({ length: 100 }, (_, k) => `kw ${i}-${k}`),
    }));
    const plan = planImport(items, library());
    expect(plan.tagsToCreate).toHaveLength(MAX_NEW_TAGS);
    expect(plan.linksToAdd).toHaveLength(MAX_NEW_TAGS);
    expect(plan.notices).toEqual(['An import creates at most 2,000 tags; 1,000 more tag uses were left out.']);
  });

  it('leaves out items over the limit, and says so', () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ id: `2501.0000${i}` }));
    const plan = planImport(items, library(), { maxItems: 3 });
    expect(plan.newPapers).toHaveLength(3);
    expect(plan.notices).toEqual(['Only the first 3 papers are imported; 2 more were left out.']);
  });

  it('cleans fields from elsewhere than our parsers (bad date, blank strings, non-strings)', () => {
    const odd = {
      id: ' 2401.00009 ',
      title: '  Spaced\n title ',
      authors: ['', 'A B', 7],
      publishedAt: '2024-02-30',
      abstract: ' ',
      tags: [null, ' x '],
    };
    const plan = planImport([odd as unknown as ImportedItem], { papers: [], stars: [], tags: [] });
    expect(plan.newPapers).toEqual([{ id: '2401.00009', fields: { title: 'Spaced title', authors: ['A B'] }, stub: false }]);
    expect(plan.tagsToCreate).toEqual(['x']);
  });
});

describe('planToSnapshot', () => {
  const ids = (() => {
    let n = 0;
    return () => `imported-tag-${++n}`;
  })();

  it('gives valid, self-consistent StoredPaper rows, stars, tags and links', () => {
    const snap = planToSnapshot(planImport(ITEMS, library()), { now: NOW, newTagId: ids });
    expect(LibrarySnapshot.safeParse(snap).success).toBe(true);
    for (const row of snap.papers) expect(StoredPaper.safeParse(row).success).toBe(true);
    expect(integrityProblems(snap)).toEqual([]);
    const byId = new Map(snap.papers.map((p) => [p.id, p]));
    expect(byId.get('2401.00004')).toEqual({
      id: '2401.00004',
      title: 'Paper D',
      authors: ['Alan Turing'],
      publishedAt: '2024-01-06',
      firstSeenAt: NOW,
      lastSeenAt: NOW,
      firstSeenDay: localDay(NOW),
      seenCount: 1,
      seenOn: [],
    });
    expect(byId.get('2401.00005')).toMatchObject({ title: 'arXiv:2401.00005' });
    expect(snap.stars).toEqual(['2401.00002', '2401.00003', '2401.00004', '2401.00005'].map((paperId) => ({ paperId, starredAt: NOW })));
    expect(snap.tags.map((t) => [t.id, t.name, t.colour])).toEqual([
      ['tag-llm', 'LLM', 'blue'],
      // The least used palette colour ("blue" is taken).
      [expect.stringMatching(/^imported-tag-/), 'New tag', 'slate'],
    ]);
    expect(snap.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('merged with mergeSnapshot, fills gaps only: nothing the library had changes', () => {
    const before = library();
    const snap = planToSnapshot(planImport(ITEMS, before), { now: NOW, newTagId: ids });
    const { merged, report } = mergeSnapshot(before, snap);
    expect(report).toMatchObject({ papersAdded: 2, papersUpdated: 2, starsAdded: 4, tagsAdded: 1, linksAdded: 2, settingsChanged: false });
    const byId = new Map(merged.papers.map((p) => [p.id, p]));
    // A: untouched, whatever the file said.
    expect(byId.get('2401.00001')).toEqual(before.papers[0]);
    // B: the stub's title replaced; C: filled; both keep their seen history.
    expect(byId.get('2401.00002')).toMatchObject({ title: 'Paper B', authors: ['Charles Babbage'], firstSeenAt: T0 });
    expect(byId.get('2401.00003')).toEqual({
      ...before.papers[2],
      authors: ['Grace Hopper'],
      abstract: 'About C.',
      publishedAt: '2024-01-05',
    });
    expect(merged.settings).toEqual(before.settings);
  });

  it('merged with the store’s own mergeStored, a known paper’s row only fills its gaps', () => {
    const before = library();
    const snap = planToSnapshot(planImport(ITEMS, before), { now: NOW, newTagId: ids });
    const row = (id: string) => snap.papers.find((p) => p.id === id)!;
    expect(mergeStored(before.papers[0]!, row('2401.00001'))).toEqual(before.papers[0]);
    expect(mergeStored(before.papers[2]!, row('2401.00003'))).toEqual({
      ...before.papers[2],
      authors: ['Grace Hopper'],
      abstract: 'About C.',
      publishedAt: '2024-01-05',
    });
    expect(mergeStored(before.papers[1]!, row('2401.00002'))).toMatchObject({ title: 'Paper B', firstSeenAt: T0 });
  });

  it('writes notes into rows only once the model has a notes field', () => {
    const snap = planToSnapshot(planImport(ITEMS, library()), { now: NOW });
    const hasNotes = 'notes' in StoredPaper.shape;
    expect('notes' in snap.papers.find((p) => p.id === '2401.00004')!).toBe(hasNotes);
  });
});

describe('BibTeX file → plan → Library.importSnapshot (fake IndexedDB)', () => {
  it('writes what the preview said, and a second import changes nothing', async () => {
    const { library: store } = freshLibrary();
    await store.importSnapshot(library());
    const bib = String.raw`@misc{a, title = {Paper A, retitled}, eprint = {2401.00001}, keywords = {LLM, Vision}}
@misc{c, title = {Paper C}, author = {Hopper, Grace}, eprint = {2401.00003}, abstract = {About C.}}
@article{x, title = {Not on arXiv}, journal = {Nature}}
@misc{e, title = {Paper E}, author = {Turing, Alan and M{\"u}ller, J{\"o}rg}, eprint = {2401.00005}, date = {2024-01-07}}`;
    const parsed = parseImport(bib);
    expect(parsed.format).toBe('bibtex');
    expect(parsed.problems).toHaveLength(1);

    const plan = planImport(parsed.items, await store.exportSnapshot());
    expect(plan.counts).toMatchObject({ newPapers: 1, papersFilled: 1, starsToAdd: 2, tagsToCreate: 1, linksToAdd: 1 });
    const report = await store.importSnapshot(planToSnapshot(plan, { now: NOW }));
    expect(report).toMatchObject({ papersAdded: 1, papersUpdated: 1, starsAdded: 2, tagsAdded: 1, linksAdded: 1 });

    const after = await store.exportSnapshot();
    const byId = new Map(after.papers.map((p) => [p.id, p]));
    expect(byId.get('2401.00001')).toEqual(library().papers[0]);
    expect(byId.get('2401.00003')).toMatchObject({ title: 'Paper C', authors: ['Grace Hopper'], abstract: 'About C.' });
    expect(byId.get('2401.00005')).toMatchObject({
      title: 'Paper E',
      authors: ['Alan Turing', 'Jörg Müller'],
      publishedAt: '2024-01-07',
      firstSeenAt: NOW,
    });
    expect(after.stars.map((s) => s.paperId).sort()).toEqual(['2401.00001', '2401.00003', '2401.00005']);
    expect(after.tags.map((t) => t.name).sort()).toEqual(['LLM', 'Vision']);
    expect(after.settings).toEqual(library().settings);

    // Importing the same file again: the plan is empty, and so is the write.
    const again = planImport(parseImport(bib).items, after);
    expect(again.counts).toMatchObject({ newPapers: 0, papersFilled: 0, starsToAdd: 0, tagsToCreate: 0, linksToAdd: 0 });
    expect(await store.importSnapshot(planToSnapshot(again, { now: NOW + 1000 }))).toEqual({
      papersAdded: 0,
      papersUpdated: 0,
      starsAdded: 0,
      tagsAdded: 0,
      linksAdded: 0,
      rulesAdded: 0,
      notesChanged: 0,
      notInterestedAdded: 0,
      settingsChanged: false,
    });
  });
});
