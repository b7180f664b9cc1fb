/**
 * Chrome's storage.sync quotas: the fake enforces them as Chrome does, and sync stays within
 * them — or, when the library is bigger, says what did not fit and keeps the local library whole.
 */
import { FakeSyncArea, type SyncNetwork } from './fake-sync';
import { T0, settle, stopDevices, twoDevices, type Device } from './devices';
import { arxivId, records } from '../db/helpers';
import { CHROME_SYNC_QUOTA, itemBytes } from '../../../lib/sync/layout';
import { describeSync } from '../../../lib/sync/status';
import { quotaKind } from '../../../lib/sync/engine';
import type { TagRow } from '../../../lib/db/database';

describe('the fake sync area enforces Chrome’s quotas with Chrome’s messages', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('per item, in total, items, writes per minute and per hour', async () => {
    const area = new FakeSyncArea();
    await expect(area.set({ big: 'x'.repeat(8192) })).rejects.toThrow('QUOTA_BYTES_PER_ITEM quota exceeded');
    // 8,192 bytes exactly, key included, is allowed.
    await area.set({ k: 'x'.repeat(8192 - 1 - 2) });
    expect(itemBytes('k', (await area.get('k')).k)).toBe(8192);
    for (let i = 0; i < 11; i++) await area.set({ [`k${i}`]: 'x'.repeat(8000) });
    await expect(area.set({ k11: 'x'.repeat(8000) })).rejects.toThrow('QUOTA_BYTES quota exceeded');
    expect(area.bytesInUse()).toBeLessThanOrEqual(CHROME_SYNC_QUOTA.QUOTA_BYTES);

    const many = new FakeSyncArea();
    await many.set(Object.fromEntries(Array.from({ length: 512 }, (_, i) => [`i${i}`, 1])));
    await expect(many.set({ one: 1 })).rejects.toThrow('MAX_ITEMS quota exceeded');

    const busy = new FakeSyncArea();
    for (let i = 0; i < 120; i++) await busy.set({ n: i });
    await expect(busy.set({ n: 'again' })).rejects.toThrow('MAX_WRITE_OPERATIONS_PER_MINUTE');
    await expect(busy.remove('n')).rejects.toThrow('MAX_WRITE_OPERATIONS_PER_MINUTE');
    vi.setSystemTime(T0 + 61_000);
    await busy.set({ n: 'a minute later' });
    busy.spendWrites(1800);
    await expect(busy.set({ n: 'x' })).rejects.toThrow('MAX_WRITE_OPERATIONS_PER_MINUTE');
    vi.setSystemTime(T0 + 30 * 60_000);
    await expect(busy.set({ n: 'x' })).rejects.toThrow('MAX_WRITE_OPERATIONS_PER_HOUR');
  });

  it('the engine tells the quotas apart in Chrome’s and Firefox’s wordings', () => {
    expect(quotaKind(new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.'))).toBe('rate');
    expect(quotaKind(new Error('MAX_WRITE_OPERATIONS_PER_HOUR quota exceeded'))).toBe('rate');
    expect(quotaKind(new Error('QUOTA_BYTES_PER_ITEM quota exceeded'))).toBe('item');
    expect(quotaKind(new Error('Resource::kQuotaBytesPerItem quota exceeded'))).toBe('item');
    expect(quotaKind(new Error('QUOTA_BYTES quota exceeded'))).toBe('bytes');
    expect(quotaKind(new Error('Resource::kQuotaBytes quota exceeded'))).toBe('bytes');
    expect(quotaKind(new Error('MAX_ITEMS quota exceeded'))).toBe('items');
    expect(quotaKind(new Error('QuotaExceededError: storage.sync API call exceeded its quota limitations.'))).toBe('bytes');
    expect(quotaKind(new Error('An unexpected error occurred'))).toBeNull();
  });
});

describe('sync within the quota', () => {
  let network: SyncNetwork;
  let a: Device;
  let b: Device;

  beforeEach(async () => {
    ({ network, a, b } = await twoDevices());
  });
  afterEach(() => stopDevices(a, b));

  /** `count` stars, one a minute before T0 (the last is the newest), each with `tags` tags of 3. */
  async function starMany(d: Device, count: number, tags = 0): Promise<void> {
    await d.db.stars.bulkAdd(Array.from({ length: count }, (_, i) => ({ paperId: arxivId(i), starredAt: T0 - (count - i) * 60_000 })));
    if (tags) {
      const names = ['LLM', 'Vision', 'Agents'];
      const created: TagRow[] = [];
      for (const name of names)
        created.push({ id: crypto.randomUUID(), name, key: name.toLowerCase(), colour: 'blue' as const, createdAt: T0 - 1e9 });
      await d.db.tags.bulkAdd(created);
      await d.db.paperTags.bulkAdd(
        Array.from({ length: count }, (_, i) =>
          created.slice(0, tags).map((t) => ({ paperId: arxivId(i), tagId: t.id, taggedAt: T0 - (count - i) * 60_000 })),
        ).flat(),
      );
    }
  }

  it('a library too big for browser sync: the newest fit, the message says what did not, nothing is lost here', async () => {
    await starMany(a, 12_000, 1);
    await a.library.addRule({ kind: 'keyword', pattern: 'crypto' });
    await settle(network, [a, b]);

    // The area is full but within every quota (the fake would have thrown otherwise).
    expect(a.sync.bytesInUse()).toBeLessThanOrEqual(CHROME_SYNC_QUOTA.QUOTA_BYTES);
    expect(a.sync.bytesInUse()).toBeGreaterThan(CHROME_SYNC_QUOTA.QUOTA_BYTES * 0.9);
    const status = (await a.status())!;
    expect(status.state).toBe('partial');
    expect(status.left!.stars).toBeGreaterThan(0);
    expect(status.left!.links).toBe(status.left!.stars);
    expect(status.left).toMatchObject({ tags: 0, rules: 0 });
    const line = describeSync(status, true, Date.now());
    expect(line.tone).toBe('warning');
    expect(line.text).toContain(`${status.left!.stars.toLocaleString('en-US')} starred papers`);
    expect(line.text).toMatch(/did not fit.*stay in this browser.*Export → JSON backup/);

    // Nothing lost on this device; the other got the newest stars, their tags and the rule.
    expect(await a.db.stars.count()).toBe(12_000);
    expect(await a.db.paperTags.count()).toBe(12_000);
    const got = await b.starred();
    expect(got.length).toBe(12_000 - status.left!.stars);
    expect(got).toContain(arxivId(11_999));
    expect(got).not.toContain(arxivId(0));
    expect((await b.tagged())[arxivId(11_999)]).toEqual(['LLM']);
    expect(await b.library.listRules()).toHaveLength(1);

    // The library keeps working and keeps syncing its newest changes.
    await a.library.recordSeen(records(1, 20_000));
    await a.library.star(arxivId(20_000));
    await settle(network, [a, b]);
    expect(await b.starred()).toContain(arxivId(20_000));
    expect(a.sync.bytesInUse()).toBeLessThanOrEqual(CHROME_SYNC_QUOTA.QUOTA_BYTES);
  }, 30_000); // 12,000 stars written to fake-indexeddb: seconds on a loaded 2-core machine, past vitest's 5 s default

  it('counts other data in the area against the quota', async () => {
    await a.sync.set({ 'someone-else': 'y'.repeat(8000), other: 'z'.repeat(8000) });
    await starMany(a, 12_000);
    await settle(network, [a, b]);
    expect(a.sync.bytesInUse()).toBeLessThanOrEqual(CHROME_SYNC_QUOTA.QUOTA_BYTES);
    expect((await a.sync.get('someone-else'))['someone-else']).toHaveLength(8000);
    expect((await a.status())!.state).toBe('partial');
  });

  it('a write refused for room says so, keeps the library, and succeeds once there is room', async () => {
    await starMany(a, 9_000);
    // Someone else fills the area between the engine's read and its write.
    a.sync.beforeWrite = () => {
      a.sync.beforeWrite = null;
      a.sync.data.set('intruder', 'x'.repeat(8000));
    };
    await settle(network, [a, b]);
    const status = (await a.status())!;
    expect(status.state).toBe('error');
    expect(describeSync(status, true, Date.now()).text).toMatch(/Sync failed: browser sync is full.*not affected/);
    expect(await a.db.stars.count()).toBe(9_000);

    a.sync.data.delete('intruder');
    await a.library.recordSeen(records(1, 20_000));
    await a.library.star(arxivId(20_000));
    await settle(network, [a, b]);
    expect((await a.status())!.state).toBe('ok');
    expect(await b.starred()).toHaveLength(9_001);
  });

  it('the write rate limit: waits, says so, and retries by itself', async () => {
    a.sync.spendWrites(CHROME_SYNC_QUOTA.MAX_WRITE_OPERATIONS_PER_MINUTE);
    await a.library.recordSeen(records(3));
    await a.library.star(arxivId(1));
    await vi.advanceTimersByTimeAsync(3_000);
    await a.engine.idle();
    const status = (await a.status())!;
    expect(status.state).toBe('waiting');
    expect(describeSync(status, true, Date.now()).text).toMatch(/waiting: the browser limits how often/);
    await settle(network, [a, b]);
    expect((await a.status())!.state).toBe('ok');
    expect(await b.starred()).toEqual([arxivId(1)]);
  });

  it('a stream of changes for ten minutes never approaches the write rate limit', async () => {
    await a.library.recordSeen(records(600));
    for (let i = 0; i < 600; i++) {
      await a.library.star(arxivId(i));
      await vi.advanceTimersByTimeAsync(1_000);
      await a.engine.idle();
    }
    await settle(network, [a, b]);
    // One sync at most every 10 s, each at most two write operations: ≤ 12 a minute.
    expect(a.sync.writeOps).toBeLessThanOrEqual(2 * (600 / 10 + 2));
    expect((await a.status())!.state).toBe('ok');
    expect(await b.starred()).toHaveLength(600);
  });
});
