/**
 * Sync entries that must not take the library hostage (issue 17): a time stamped far in the
 * future, and (item 5) a device whose local database was lost.
 */
import type { SyncNetwork } from './fake-sync';
import { MIN, T0, later, settle, stopDevices, twoDevices, type Device } from './devices';
import { arxivId } from '../db/helpers';
import { SYNC_DECISION_KEY } from '../../../lib/sync/status';

let network: SyncNetwork;
let a: Device;
let b: Device;

beforeEach(async () => {
  ({ network, a, b } = await twoDevices(60));
});

afterEach(() => stopDevices(a, b));

describe('a time stamped far in the future (item 6)', () => {
  it('a removal at the largest time does not lock the paper: starred again, it is starred on both', async () => {
    await a.library.star(arxivId(1));
    await settle(network, [a, b]);
    expect(await b.starred()).toEqual([arxivId(1)]);

    // Another device (a broken clock, or a tampered item) writes "removed at zzzzz" (the year 2053).
    const tampered = network.area('tampered');
    await tampered.set({ 'pd1:p9': `${arxivId(1)}!zzzzz` });
    await settle(network, [a, b]);
    expect(await a.starred()).toEqual([]);
    expect(await b.starred()).toEqual([]);

    later(5 * MIN);
    await a.library.star(arxivId(1));
    await settle(network, [a, b]);
    expect(await a.starred()).toEqual([arxivId(1)]);
    expect(await b.starred()).toEqual([arxivId(1)]);
    // And it stays so.
    later(30 * MIN);
    await settle(network, [a, b]);
    expect(await b.starred()).toEqual([arxivId(1)]);
  });

  it('an add from a clock an hour ahead wins for now, but not over what the user does after it', async () => {
    await a.library.star(arxivId(2));
    await settle(network, [a, b]);
    const ahead = network.area('ahead');
    // Tick = seconds since 2024; T0 + 1 h, base 62.
    const tick = Math.floor((T0 + 60 * MIN - Date.UTC(2024, 0, 1)) / 1000);
    const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    let t = '';
    for (let v = tick, i = 0; i < 5; i++, v = Math.floor(v / 62)) t = digits[v % 62] + t;
    await ahead.set({ 'pd1:p8': `${arxivId(3)}*${t}` });
    await settle(network, [a, b]);
    expect(await a.starred()).toEqual([arxivId(2), arxivId(3)]);
    later(MIN);
    await b.library.unstar(arxivId(3));
    await settle(network, [a, b]);
    expect(await a.starred()).toEqual([arxivId(2)]);
    expect(await b.starred()).toEqual([arxivId(2)]);
  });
});

describe('a library that loses what it held (item 5)', () => {
  const fifty = Array.from({ length: 50 }, (_, i) => arxivId(i));

  beforeEach(async () => {
    await a.library.starMany(fifty);
    await a.library.tag(arxivId(1), 'LLM');
    await settle(network, [a, b]);
    expect(await b.starred()).toHaveLength(50);
  });

  it('its database deleted (storage.local kept): it takes the stars back, and the other device keeps them', async () => {
    await a.loseDatabase();
    expect(await a.starred()).toEqual([]);
    await settle(network, [a, b]);
    expect(await a.starred()).toHaveLength(50);
    expect(await b.starred()).toHaveLength(50);
    expect(await a.tagged()).toEqual({ [arxivId(1)]: ['LLM'] });
    expect(await b.tagged()).toEqual({ [arxivId(1)]: ['LLM'] });
    expect((await a.status())?.state).toBe('ok');
  });

  describe('emptied without the user removing anything one by one (a wipe, rows lost)', () => {
    beforeEach(async () => {
      // Rows gone behind the library's back: nothing announced them.
      await a.db.stars.clear();
      await a.db.paperTags.clear();
      a.engine.schedule('local');
      await settle(network, [a, b]);
    });

    it('nothing is removed anywhere, nothing is put back, and the popup is told what is held', async () => {
      expect(await b.starred()).toHaveLength(50);
      expect(await a.starred()).toEqual([]);
      expect(await a.status()).toMatchObject({ state: 'held', held: { stars: 50, links: 1, tags: 0, rules: 0 } });
      // Held across syncs, not forgotten: another sync changes nothing.
      later(5 * MIN);
      await b.library.star(arxivId(55));
      await settle(network, [a, b]);
      expect(await a.starred()).toEqual([arxivId(55)]);
      expect(await b.starred()).toHaveLength(51);
      expect((await a.status())?.state).toBe('held');
    });

    it('"Bring them back here" puts them back', async () => {
      await a.local.set({ [SYNC_DECISION_KEY]: { choice: 'restore', at: Date.now() } });
      a.engine.schedule('local');
      await settle(network, [a, b]);
      expect(await a.starred()).toHaveLength(50);
      expect(await a.tagged()).toEqual({ [arxivId(1)]: ['LLM'] });
      expect(await b.starred()).toHaveLength(50);
      expect((await a.status())?.state).toBe('ok');
      expect(await a.local.get(SYNC_DECISION_KEY)).toEqual({});
    });

    it('"Remove them everywhere" removes them on the other device too', async () => {
      await a.local.set({ [SYNC_DECISION_KEY]: { choice: 'remove', at: Date.now() } });
      a.engine.schedule('local');
      await settle(network, [a, b]);
      expect(await a.starred()).toEqual([]);
      expect(await b.starred()).toEqual([]);
      expect(await b.tagged()).toEqual({});
      expect((await a.status())?.state).toBe('ok');
    });
  });

  it('the user un-starring many papers (each announced) goes through without asking', async () => {
    later(MIN);
    await a.library.unstarMany(fifty.slice(0, 30));
    await settle(network, [a, b]);
    expect(await b.starred()).toHaveLength(20);
    expect((await a.status())?.state).toBe('ok');
  });

  it('a few unannounced removals go through as before', async () => {
    later(MIN);
    await a.db.stars.bulkDelete(fifty.slice(0, 3));
    a.engine.schedule('local');
    await settle(network, [a, b]);
    expect(await b.starred()).toHaveLength(47);
  });
});
