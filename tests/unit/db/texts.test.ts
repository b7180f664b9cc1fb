import 'fake-indexeddb/auto';
import { lightRecord, textHash } from '../../../lib/model/record-texts';
import { HOUR, T0, arxivId, freshLibrary, record } from './helpers';

/**
 * A page read sends a paper's long texts only when its stored texts did not come from the same
 * texts (lib/model/record-texts.ts): Library.staleTexts says which, recordRead stores the hash.
 */
describe('page reads with and without their long texts', () => {
  const texts = { abstract: 'We study sparse experts.', authors: ['Ada Lovelace'], keywords: ['experts'], aiSummary: 'Experts.' };

  it('asks for the texts of papers it does not know, and of papers whose texts changed, and only those', async () => {
    const { db, library } = freshLibrary();
    const [a, b] = [record(arxivId(1), texts), record(arxivId(2), texts)];
    const pair = (r: typeof a) => [r.id, textHash(r)] as [string, string];
    expect(await library.staleTexts([pair(a), pair(b)])).toEqual([a.id, b.id]);

    await library.recordRead(
      [
        [a, textHash(a)],
        [b, textHash(b)],
      ],
      T0,
    );
    await library.settle();
    expect(await library.staleTexts([pair(a), pair(b)])).toEqual([]);
    const changed = { ...b, abstract: 'We study dense experts.' };
    expect(await library.staleTexts([pair(a), pair(changed)])).toEqual([b.id]);

    // A paper stored by another way (recordSeen, an import) has no hash: its texts are asked for once.
    await library.recordSeen([record(arxivId(3), texts)], T0);
    await library.settle();
    expect(await library.staleTexts([pair(record(arxivId(3), texts))])).toEqual([arxivId(3)]);
    db.close();
  });

  it('a light read updates counts and visits, keeps the texts and their hash; a full read replaces both', async () => {
    const { db, library } = freshLibrary();
    const first = record(arxivId(1), { ...texts, upvotes: 3 });
    await library.recordRead([[first, textHash(first)]], T0);
    const again = { ...first, upvotes: 40, comments: 7 };
    await library.recordRead([[lightRecord(again), null]], T0 + HOUR);
    await library.settle();
    let row = (await db.papers.get(first.id))!;
    expect(row).toMatchObject({ ...texts, upvotes: 40, comments: 7, seenCount: 2, lastSeenAt: T0 + HOUR, textHash: textHash(first) });

    const edited = { ...again, abstract: 'A revised abstract.', aiSummary: undefined };
    await library.recordRead([[edited, textHash(edited)]], T0 + 2 * HOUR);
    await library.settle();
    row = (await db.papers.get(first.id))!;
    expect(row.abstract).toBe('A revised abstract.');
    expect(row.textHash).toBe(textHash(edited));
    expect(await library.staleTexts([[first.id, textHash(edited)]])).toEqual([]);
    db.close();
  });

  it("the hash is the store's bookkeeping: exports leave it out", async () => {
    const { db, library } = freshLibrary();
    const r = record(arxivId(1), texts);
    await library.recordRead([[r, textHash(r)]], T0);
    await library.settle();
    await library.star(r.id, T0);
    const exported = await library.exportSnapshot();
    expect(exported.papers).toHaveLength(1);
    expect(exported.papers[0]).not.toHaveProperty('textHash');
    expect(exported.papers[0]).toMatchObject(texts);
    db.close();
  });
});
