import type { HideRule, PaperNote, Tag } from '../../../lib/model/library';
import { DEFAULT_SETTINGS } from '../../../lib/model/defaults';
import { localDay, readSnapshot, SEEN_KEY, USER_KEY } from '../../../lib/snapshot/snapshot';
import { buildSeenSnapshot, buildUserSnapshot, type SnapshotSource, writeUserSnapshot } from '../../../lib/snapshot/writer';

const NOW = new Date(2026, 11, 6, 15, 0).getTime();
const DAY = 86_400_000;
const tag = (id: string, name: string): Tag => ({ id, name, colour: 'blue', createdAt: 1 });
const rule: HideRule = { id: 'r1', kind: 'keyword', pattern: 'diffusion', enabled: true, createdAt: 1, mode: 'dim' };

function source(over: Partial<Awaited<ReturnType<SnapshotSource['snapshotUserData']>>> = {}): SnapshotSource {
  return {
    snapshotUserData: async () => ({
      starred: ['2412.14689', 'hep-th/9901001'],
      tags: [tag('t1', 'vision'), tag('t2', 'agents')],
      links: [
        { paperId: '2412.14689', tagId: 't1' },
        { paperId: '2412.14689', tagId: 't2' },
      ],
      notes: [
        { paperId: '2412.14689', text: 'x'.repeat(1000), status: 'reading', updatedAt: 1 } satisfies PaperNote,
        { paperId: '2501.00001', text: '', updatedAt: 1 } satisfies PaperNote,
      ],
      rules: [rule],
      settings: { ...DEFAULT_SETTINGS, dimSeen: true },
      ...over,
    }),
    snapshotSeenData: async (day) => {
      expect(day).toBe(localDay(NOW));
      return { before: ['2412.14689', '2301.00002'], today: ['2512.00003'] };
    },
  };
}

describe('the page snapshot', () => {
  it('gives the page the same card state the background would, from storage alone', async () => {
    const user = await buildUserSnapshot(source(), NOW);
    const seen = await buildSeenSnapshot(source(), NOW);
    const snap = readSnapshot(JSON.parse(JSON.stringify(user)), JSON.parse(JSON.stringify(seen)), NOW)!;
    expect(snap.rules).toEqual([rule]);
    expect(snap.settings.dimSeen).toBe(true);
    expect(snap.tags.map((t) => t.name)).toEqual(['vision', 'agents']);
    const starred = snap.stateOf('2412.14689');
    expect(starred.starred).toBe(true);
    expect(starred.tags.map((t) => t.name)).toEqual(['agents', 'vision']);
    expect(starred.status).toBe('reading');
    expect(starred.note).toHaveLength(401); // an excerpt for the tooltip
    expect(starred.seenBefore).toBe(true);
    expect(starred.firstSeenAt).toBeLessThan(new Date(2026, 11, 6).getTime());
    expect(snap.stateOf('hep-th/9901001').starred).toBe(true);
    // First seen today: new on every visit today.
    const today = snap.stateOf('2512.00003');
    expect(today.firstSeenAt).toBe(new Date(2026, 11, 6).getTime());
    // Unknown: never seen.
    expect(snap.stateOf('2601.00009')).toEqual({ starred: false, tags: [], seenBefore: false });
  });

  it('reads yesterday\'s "today" as seen before, the day after', async () => {
    const seen = await buildSeenSnapshot(source(), NOW);
    const user = await buildUserSnapshot(source(), NOW);
    const tomorrow = readSnapshot(user, seen, NOW + DAY)!;
    expect(tomorrow.stateOf('2512.00003').firstSeenAt).toBeLessThan(new Date(2026, 11, 7).getTime());
  });

  it('is no snapshot at all when missing or not ours, and never throws on a damaged one', async () => {
    expect(readSnapshot(undefined, undefined, NOW)).toBeNull();
    expect(readSnapshot({ v: 99, starred: '' }, undefined, NOW)).toBeNull();
    const damaged = readSnapshot(
      {
        v: 1,
        at: 'x',
        starred: 'zz',
        tags: [{ id: 1 }],
        links: { '2412.14689': 'nope', __proto__: ['t1'] },
        notes: { a: 5 },
        rules: [{ kind: 'evil' }],
        settings: { dimSeen: 'yes' },
      },
      { v: 1, day: 'yesterday', before: 5, today: null },
      NOW,
    )!;
    expect(damaged.rules).toEqual([]);
    expect(damaged.tags).toEqual([]);
    expect(damaged.settings).toEqual(DEFAULT_SETTINGS);
    expect(damaged.stateOf('2412.14689')).toEqual({ starred: false, tags: [], seenBefore: false });
    expect(damaged.stateOf('__proto__')).toEqual({ starred: false, tags: [], seenBefore: false });
  });

  it('stores the user part and the change announcement in one write; a failed build still announces', async () => {
    const writes: Array<Record<string, unknown>> = [];
    const storage = { set: async (items: Record<string, unknown>) => void writes.push(items) };
    await writeUserSnapshot(source(), { 'pd:change': { seq: 1 } }, storage, NOW);
    expect(Object.keys(writes[0]!).sort()).toEqual(['pd:change', USER_KEY].sort());
    const failing: SnapshotSource = { ...source(), snapshotUserData: () => Promise.reject(new Error('closed')) };
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await writeUserSnapshot(failing, { 'pd:change': { seq: 2 } }, storage, NOW);
    expect(writes[1]).toEqual({ 'pd:change': { seq: 2 } });
    expect(SEEN_KEY).not.toBe(USER_KEY);
  });
});
