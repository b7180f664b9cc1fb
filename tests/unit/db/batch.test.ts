import { existingKeys, getMany } from '../../../lib/db/batch';
import { T0, arxivId, freshLibrary, records } from './helpers';

describe('batched reads', () => {
  it('getMany equals bulkGet for dense, sparse, absent and duplicate ids', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(300), T0);
    await library.recordSeen(records(50, 5000), T0);
    const cases: string[][] = [
      Array.from({ length: 100 }, (_, i) => arxivId(i)), // dense, all present
      Array.from({ length: 20 }, (_, i) => arxivId(i * 15)), // sparse: the range holds many others
      Array.from({ length: 30 }, (_, i) => arxivId(9000 + i)), // none present
      [...Array.from({ length: 10 }, (_, i) => arxivId(i)), arxivId(5001), arxivId(9999), arxivId(3)], // mixed, a duplicate
      [arxivId(1), arxivId(2)], // small
      [],
    ];
    for (const ids of cases) {
      const viaRange = await db.transaction('r', db.papers, () => getMany(db.papers, ids));
      expect(viaRange).toEqual(await db.papers.bulkGet(ids));
    }
  });

  it('existingKeys reports the present ids, or null when the range is crowded', async () => {
    const { db, library } = freshLibrary();
    await library.recordSeen(records(10), T0);
    await library.settle();
    const near = await existingKeys(db.papers, [arxivId(3), arxivId(4), arxivId(25)]);
    expect(near).toEqual({ present: new Set([arxivId(3), arxivId(4)]), inRange: 7 });
    await library.recordSeen(records(190, 10), T0);
    await library.settle();
    expect(await existingKeys(db.papers, [arxivId(0), arxivId(199)])).toBeNull();
  });
});
