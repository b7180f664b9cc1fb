import { PaperdeckDB } from '../../../lib/db/database';
import { Library } from '../../../lib/db/library';
import { handleLibraryRequest } from '../../../lib/messaging/server';
import { makeRequest } from '../../../lib/messaging/protocol';
import { MIN_STARS } from '../../../lib/rank/model';
import { RankService } from '../../../lib/rank/service';
import { uniqueName, T0 } from '../db/helpers';
import { ALL, DIFFUSION, ROBOTS, SPEECH, ids, RECORDS } from './papers';

const records = RECORDS;

async function setup(name = uniqueName('rank')) {
  const db = new PaperdeckDB(name);
  const library = new Library(db);
  await library.recordSeen(records, T0);
  const announced: string[][] = [];
  let clock = T0;
  const service = new RankService(library, { debounceMs: 5, announce: (ids) => announced.push(ids), now: () => ++clock });
  // What the pages are told of the ranking: the service's retraining, and the library's `rank`
  // changes ("not interested" marks), which the background broadcasts alike.
  library.onChange((change) => void (change.what.includes('rank') && announced.push(change.ids)));
  const unwatch = service.watch((l) => library.onChange(l));
  const stop = () => (unwatch(), service.stop());
  return { db, library, service, announced, stop, name };
}

async function starAll(library: Library, papers: readonly { id: string }[]) {
  for (const p of papers) await library.star(p.id, T0);
}

describe('RankService', () => {
  it('says "cold" below 5 stars, then scores every card once 5 are starred', async () => {
    const t = await setup();
    await starAll(t.library, DIFFUSION.slice(0, MIN_STARS - 1));
    await t.service.flush();
    const cold = await t.service.scoreCards(ids(ALL));
    expect(cold).toMatchObject({ state: 'cold', starred: MIN_STARS - 1, needed: MIN_STARS, scores: {} });

    await t.library.star(DIFFUSION[MIN_STARS - 1]!.id, T0);
    await t.service.flush();
    expect(t.announced.length).toBeGreaterThan(0);
    const ready = await t.service.scoreCards(ids(ALL));
    expect(ready.state).toBe('ready');
    expect(Object.keys(ready.scores).sort()).toEqual(ids(ALL).sort());
    const s = (id: string) => ready.scores[id]!;
    for (const d of DIFFUSION.slice(5)) for (const sp of SPEECH) expect(s(d.id).raw).toBeGreaterThan(s(sp.id).raw);
    expect(s(DIFFUSION[6]!.id).terms.join(' ')).toMatch(/diffusion|denois|image/);
    expect(ready.trainedAt).toBeGreaterThan(0);
    t.stop();
    t.db.close();
  });

  it('answers "training" while its first model is on the way, and a `rank` change follows', async () => {
    const t = await setup();
    const slow = new RankService(t.library, { debounceMs: 50, announce: (ids) => t.announced.push(ids) });
    await starAll(t.library, DIFFUSION.slice(0, MIN_STARS));
    expect((await slow.scoreCards(ids(ALL))).state).toBe('training');
    await slow.flush();
    expect(t.announced).toContainEqual([]);
    expect((await slow.scoreCards(ids(ALL))).state).toBe('ready');
    slow.stop();
    t.stop();
    t.db.close();
  });

  it('stays cold when the stars are on papers it has never seen (imported without them)', async () => {
    const t = await setup();
    await starAll(t.library, DIFFUSION.slice(0, 3));
    await t.db.stars.bulkAdd([
      { paperId: '2509.00001', starredAt: T0 },
      { paperId: '2509.00002', starredAt: T0 },
    ]);
    t.service.onChange({ ids: [], what: ['stars'] });
    await t.service.flush();
    const answer = await t.service.scoreCards(ids(ALL));
    expect(answer).toMatchObject({ state: 'cold', starred: 3, needed: MIN_STARS });
    t.stop();
    t.db.close();
  });

  it('answers with the current model while a new one trains (training pauses between steps)', async () => {
    const t = await setup();
    await starAll(t.library, DIFFUSION.slice(0, MIN_STARS));
    await t.service.flush();
    const before = t.service.current().trainedAt;
    await t.library.star(DIFFUSION[5]!.id, T0);
    const training = t.service.flush();
    // While the new model trains (it pauses between steps), the current one is what answers:
    // the answer is ready at once, from the model before or — if training already finished on
    // a small set like this one — the new one; never "training" and never a blocked request.
    expect(t.service.current().trainedAt).toBe(before);
    const answer = await t.service.scoreCards(ids(ALL));
    expect(answer.state).toBe('ready');
    expect([before, t.service.current().trainedAt]).toContain(answer.trainedAt);
    await training;
    expect(t.service.current().model!.starred).toBe(MIN_STARS + 1);
    t.stop();
    t.db.close();
  });

  it('stores the model: a restarted background answers with it without retraining', async () => {
    const t = await setup();
    await starAll(t.library, DIFFUSION.slice(0, MIN_STARS));
    await t.service.flush();
    const first = await t.service.scoreCards(ids(ALL));
    t.stop();

    // The worker restarts: a new service over the same database, nothing changed meanwhile.
    const announced: string[][] = [];
    const restarted = new RankService(t.library, { debounceMs: 5, announce: (ids) => announced.push(ids) });
    const again = await restarted.scoreCards(ids(ALL));
    expect(again.state).toBe('ready');
    expect(again.trainedAt).toBe(first.trainedAt);
    for (const id of ids(ALL)) {
      expect(again.scores[id]!.raw).toBeCloseTo(first.scores[id]!.raw, 5);
      expect(again.scores[id]!.terms).toEqual(first.scores[id]!.terms);
    }
    await restarted.flush();
    expect(announced).toEqual([]); // nothing was retrained
    restarted.stop();
    t.db.close();
  });

  it('retrains after a restart when the library changed while it was stopped', async () => {
    const t = await setup();
    await starAll(t.library, DIFFUSION.slice(0, MIN_STARS));
    await t.service.flush();
    t.stop();
    await t.library.star(ROBOTS[0]!.id, T0 + 5); // written while no background watched
    const announced: string[][] = [];
    const restarted = new RankService(t.library, { debounceMs: 5, announce: (ids) => announced.push(ids) });
    const stale = await restarted.scoreCards(ids(ALL));
    expect(stale.state).toBe('ready'); // answers at once with the stored model…
    await restarted.flush(); // …and retrains behind it
    expect(announced).toEqual([[]]);
    expect((await restarted.scoreCards([ROBOTS[0]!.id])).trainedAt).toBeGreaterThan(stale.trainedAt - 1);
    expect(restarted.current().model!.starred).toBe(MIN_STARS + 1);
    restarted.stop();
    t.db.close();
  });

  it('"not interested" persists, is reported per card and lowers similar papers', async () => {
    const t = await setup();
    await starAll(t.library, [...DIFFUSION.slice(0, 3), ...ROBOTS.slice(0, 2)]);
    await t.service.flush();
    const before = await t.service.scoreCards(ids(ROBOTS));
    expect(await t.service.notInterested(ROBOTS[2]!.id)).toBe(false);
    expect(await t.service.notInterested(ROBOTS[3]!.id)).toBe(false);
    expect(await t.service.notInterested(ROBOTS[3]!.id)).toBe(true); // already marked
    expect(t.announced).toContainEqual([ROBOTS[2]!.id]);
    expect(await t.db.notInterested.count()).toBe(2);
    await t.service.flush();
    const after = await t.service.scoreCards(ids(ROBOTS));
    expect(after.notInterested.sort()).toEqual([ROBOTS[2]!.id, ROBOTS[3]!.id].sort());
    for (const p of ROBOTS.slice(4)) expect(after.scores[p.id]!.raw).toBeLessThan(before.scores[p.id]!.raw);
    // Undo.
    expect(await t.service.notInterested(ROBOTS[2]!.id, false)).toBe(true);
    expect((await t.service.scoreCards([ROBOTS[2]!.id])).notInterested).toEqual([]);
    t.stop();
    t.db.close();
  });

  it('does not retrain when a page only shows papers it already knows; does when new ones come', async () => {
    const t = await setup();
    await starAll(t.library, DIFFUSION.slice(0, MIN_STARS));
    await t.service.flush();
    t.announced.length = 0;
    await t.library.recordSeen(records.slice(0, 10), T0 + 1000);
    await t.library.settle();
    await t.service.flush();
    expect(t.announced).toEqual([]);
    await t.library.recordSeen(
      [
        {
          id: '2505.00001',
          title: 'Diffusion Models for Audio',
          abstract: 'Denoising diffusion generates audio.',
          seenOn: records[0]!.seenOn,
        },
      ],
      T0 + 2000,
    );
    await t.library.settle();
    await t.service.flush();
    expect(t.announced).toEqual([[]]);
    expect(t.service.current().model!.papers).toBe(ALL.length + 1);
    t.stop();
    t.db.close();
  });

  it('keeps the training set to the most recently seen papers plus the labelled ones', async () => {
    const db = new PaperdeckDB(uniqueName('rank-window'));
    const library = new Library(db);
    // Oldest first: the robots and speech papers were seen long ago.
    await library.recordSeen(
      records.filter((r) => !r.id.startsWith('2501')),
      T0,
    );
    await library.recordSeen(
      records.filter((r) => r.id.startsWith('2501')),
      T0 + 1000,
    );
    const service = new RankService(library, { debounceMs: 5, maxPapers: 12 });
    service.watch((l) => library.onChange(l));
    await starAll(library, SPEECH.slice(0, 5)); // starred, so kept although old
    await service.flush();
    const model = service.current().model!;
    expect(model.papers).toBe(12 + 5);
    // A new paper pushes the oldest unlabelled one out, never a starred one.
    await library.recordSeen([{ id: '2506.00001', title: 'Diffusion Everywhere', seenOn: records[0]!.seenOn }], T0 + 5000);
    await service.flush();
    expect(service.current().model!.papers).toBe(12 + 5);
    expect(service.current().model!.starred).toBe(5);
    service.stop();
    db.close();
  });

  it('more like this tag: the closest untagged papers, or how many more papers the tag needs', async () => {
    const t = await setup();
    await t.library.tag(SPEECH[0]!.id, 'Speech', T0);
    await t.library.tag(SPEECH[1]!.id, 'Speech', T0);
    const tag = await t.library.tag(SPEECH[1]!.id, 'speech', T0);
    expect(await t.service.moreLikeTag(tag.id)).toMatchObject({ state: 'cold', tagged: 2, needed: 3, papers: [] });
    await t.library.tag(SPEECH[2]!.id, 'Speech', T0);
    await t.service.notInterested(SPEECH[5]!.id);
    const more = await t.service.moreLikeTag(tag.id, 5);
    expect(more.state).toBe('ready');
    expect(more.tagged).toBe(3);
    const got = more.papers.map((p) => p.id);
    expect(got).toHaveLength(5);
    expect(got).not.toContain(SPEECH[0]!.id); // already tagged
    expect(got).not.toContain(SPEECH[5]!.id); // not interested
    expect(new Set(got.slice(0, 2))).toEqual(new Set(ids(SPEECH.slice(3, 5))));
    expect(more.papers[0]!.title).toBe(SPEECH.find((p) => p.id === got[0])!.title);
    expect(more.about.join(' ')).toMatch(/speech|audio|recognition/);
    t.stop();
    t.db.close();
  });

  it('names the best-matching tag on a card when that tag model likes it', async () => {
    const t = await setup();
    await starAll(t.library, [...DIFFUSION.slice(0, 3), ...SPEECH.slice(0, 3)]);
    for (const p of SPEECH.slice(0, 3)) await t.library.tag(p.id, 'Audio', T0);
    await t.service.flush();
    const scores = await t.service.scoreCards([SPEECH[3]!.id, DIFFUSION[7]!.id]);
    expect(scores.scores[SPEECH[3]!.id]!.tag?.name).toBe('Audio');
    expect(scores.scores[DIFFUSION[7]!.id]!.tag).toBeUndefined();
    t.stop();
    t.db.close();
  });
});

describe('ranking over messages', () => {
  it('validates and serves scoreCards, notInterested and moreLikeTag; without a ranking they are unavailable', async () => {
    const t = await setup();
    const ok = await handleLibraryRequest(t.library, makeRequest('scoreCards', [[ALL[0]!.id]]), t.service);
    expect(ok).toMatchObject({ ok: true, value: { state: 'cold' } });
    expect(await handleLibraryRequest(t.library, makeRequest('notInterested', ['not-an-id']), t.service)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await handleLibraryRequest(t.library, makeRequest('notInterested', [ALL[0]!.id]), t.service)).toEqual({
      ok: true,
      value: false,
    });
    expect(await t.db.notInterested.count()).toBe(1);
    expect(await handleLibraryRequest(t.library, makeRequest('moreLikeTag', ['t', 0]), t.service)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await handleLibraryRequest(t.library, makeRequest('scoreCards', [[]]))).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    t.stop();
    t.db.close();
  });
});
