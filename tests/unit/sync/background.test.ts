/**
 * The wiring in the real background (lib/sync/background.ts) over WXT's fakeBrowser: its
 * storage.sync (no quotas there: quota.test.ts has those), storage.local and onChanged.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startSync } from '../../../lib/sync/background';
import { announceChange } from '../../../lib/messaging/changes';
import { SYNC_DECISION_KEY, SYNC_STATUS_KEY } from '../../../lib/sync/status';
import { encodePapers, toTick } from '../../../lib/sync/codec';
import { Library } from '../../../lib/db/library';
import { arxivId, freshLibrary, records } from '../db/helpers';

const T0 = Date.UTC(2025, 2, 3, 9, 0, 0);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

async function run(engine: ReturnType<typeof startSync>, ms = 20_000) {
  await vi.advanceTimersByTimeAsync(ms);
  await engine.idle();
}

describe('sync in the background', () => {
  it('pushes the background’s own writes, and writes announced by the popup', async () => {
    const { library, db } = freshLibrary();
    await library.recordSeen(records(3));
    const engine = startSync(library);
    await run(engine);
    await library.star(arxivId(1));
    await run(engine);
    expect(JSON.stringify(await fakeBrowser.storage.sync.get(null))).toMatch(/2501\.00001\*[0-9A-Za-z]{5}/);
    expect((await fakeBrowser.storage.local.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY]).toMatchObject({ state: 'ok' });

    // The popup writes through its own Library (same database) and announces the write.
    const popup = new Library(db);
    await popup.star(arxivId(2));
    await announceChange({ ids: [arxivId(2)], what: ['stars'] });
    await run(engine);
    expect(JSON.stringify(await fakeBrowser.storage.sync.get(null))).toContain('00002*');
  });

  it('applies another device’s items when they arrive', async () => {
    const { library } = freshLibrary();
    const engine = startSync(library);
    await run(engine);
    await fakeBrowser.storage.sync.set({ 'pd1:p0': encodePapers([{ id: arxivId(7), star: { t: toTick(T0), on: true }, links: [] }]) });
    await run(engine, 2_000);
    expect((await library.getState([arxivId(7)]))[arxivId(7)]!.starred).toBe(true);
  });

  it('the choice about held-back removals, written by the popup, is acted on at once', async () => {
    const { library, db } = freshLibrary();
    await library.recordSeen(records(20));
    const engine = startSync(library);
    await library.starMany(Array.from({ length: 20 }, (_, i) => arxivId(i)));
    await run(engine);
    await db.stars.clear(); // behind the library's back: held
    engine.schedule('local');
    await run(engine);
    expect((await fakeBrowser.storage.local.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY]).toMatchObject({ state: 'held', held: { stars: 20 } });
    await fakeBrowser.storage.local.set({ [SYNC_DECISION_KEY]: { choice: 'restore', at: Date.now() } });
    await run(engine, 12_000);
    expect(await db.stars.count()).toBe(20);
    expect((await fakeBrowser.storage.local.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY]).toMatchObject({ state: 'ok' });
  });
});
