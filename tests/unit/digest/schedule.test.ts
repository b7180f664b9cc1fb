import {
  DAILY_ALARM,
  DAY_MS,
  DigestScheduler,
  ENABLED_KEY,
  MAX_ATTEMPTS,
  RETRY_ALARM,
  RETRY_DELAYS,
  SCHEDULE_KEY,
  alarmsWaker,
  dueListing,
  nextDailyRun,
  timerWaker,
  type ScheduleState,
} from '../../../lib/digest/schedule';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MemoryStorage } from './helpers';

const MIN = 60_000;
const HOUR = 60 * MIN;
// 2026-12-07, 10:00 local time.
const START = new Date(2026, 11, 7, 10, 0, 0).getTime();

/**
 * The scheduler on timers (the Firefox waker) under fake timers: the clock moves, wake-ups fire,
 * and `run` records which listing each request asked for.
 */
function setup({ enabled = true, failures = 0 }: { enabled?: boolean; failures?: number } = {}) {
  vi.useFakeTimers({ now: START });
  const storage = new MemoryStorage();
  void storage.set({ [ENABLED_KEY]: enabled });
  const requests: Array<{ listing: string; at: number }> = [];
  let failLeft = failures;
  const scheduler = new DigestScheduler({
    storage,
    waker: timerWaker(),
    run: (listing) => {
      requests.push({ listing, at: Date.now() });
      if (failLeft > 0) {
        failLeft--;
        return Promise.reject(new Error('HTTP 503'));
      }
      return Promise.resolve();
    },
  });
  const state = async () => ((await storage.get(SCHEDULE_KEY))[SCHEDULE_KEY] ?? {}) as ScheduleState;
  return { storage, scheduler, requests, state };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the digest schedule (lib/digest/schedule.ts)', () => {
  it('asks for the last complete day on the site, and runs at 8:00 local', () => {
    expect(dueListing(Date.UTC(2026, 11, 7, 0, 30))).toBe('2026-12-06');
    expect(dueListing(Date.UTC(2026, 11, 7, 23, 30))).toBe('2026-12-06');
    expect(new Date(nextDailyRun(START)).getHours()).toBe(8);
    expect(nextDailyRun(START) - START).toBe(22 * HOUR);
    expect(nextDailyRun(new Date(2026, 11, 7, 7, 0).getTime())).toBe(new Date(2026, 11, 7, 8, 0).getTime());
  });

  it('fetches once when turned on, then once a day at the daily hour — never twice for a listing', async () => {
    const t = setup();
    expect(await t.scheduler.start({ catchUp: 'always' })).toBe('fetched');
    expect(t.requests).toEqual([{ listing: dueListing(START), at: START }]);
    // Checks in the same day (a restarted worker, a second wake-up) ask for nothing.
    expect(await t.scheduler.check()).toBe('already');
    expect(await t.scheduler.start({ catchUp: 'always' })).toBe('already');
    expect(t.requests).toHaveLength(1);

    // The next three days: one request each, at 8:00, for the new listing.
    for (let day = 1; day <= 3; day++) {
      await vi.advanceTimersByTimeAsync(DAY_MS);
      expect(t.requests).toHaveLength(day + 1);
      const last = t.requests.at(-1)!;
      expect(new Date(last.at).getHours()).toBe(8);
      expect(last.listing).toBe(dueListing(last.at));
    }
    expect(new Set(t.requests.map((r) => r.listing)).size).toBe(t.requests.length);
  });

  it('coalesces wake-ups that arrive together into one request', async () => {
    const t = setup();
    const results = await Promise.all([t.scheduler.check(), t.scheduler.check(), t.scheduler.start({ catchUp: 'always' })]);
    expect(results.filter((r) => r === 'fetched')).toHaveLength(1);
    expect(t.requests).toHaveLength(1);
  });

  it('catches up once after the browser was closed over the daily hour', async () => {
    const t = setup();
    await t.scheduler.start({ catchUp: 'always' });
    // The browser closes: its timers die with it. It comes back three days later at 10:00.
    await t.scheduler.stop();
    vi.setSystemTime(START + 3 * DAY_MS);
    const restarted = new DigestScheduler({
      storage: t.storage,
      waker: timerWaker(),
      run: (l) => (t.requests.push({ listing: l, at: Date.now() }), Promise.resolve()),
    });
    expect(await restarted.start({ catchUp: 'if-missed' })).toBe('fetched');
    expect(t.requests.map((r) => r.listing)).toEqual([dueListing(START), dueListing(START + 3 * DAY_MS)]);
    // A start-up later the same day does not catch up again.
    expect(await restarted.start({ catchUp: 'if-missed' })).toBe('waiting');
    expect(t.requests).toHaveLength(2);
  });

  it('does not catch up at a start-up when the daily check ran within the day', async () => {
    const t = setup();
    await t.scheduler.start({ catchUp: 'always' });
    vi.setSystemTime(START + 5 * HOUR);
    expect(await t.scheduler.start({ catchUp: 'if-missed' })).toBe('waiting');
    expect(t.requests).toHaveLength(1);
  });

  it('backs off on failure: 15 min, 1 h, 4 h, then waits for the next listing', async () => {
    const t = setup({ failures: 99 });
    expect(await t.scheduler.start({ catchUp: 'always' })).toBe('failed');
    expect((await t.state()).retryAt).toBe(START + RETRY_DELAYS[0]);
    // A check before the back-off has passed asks for nothing.
    expect(await t.scheduler.check()).toBe('waiting');
    expect(t.requests).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(RETRY_DELAYS[0]);
    expect(t.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(RETRY_DELAYS[1] - 1);
    expect(t.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.requests).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(RETRY_DELAYS[2]);
    expect(t.requests).toHaveLength(MAX_ATTEMPTS);
    const gaps = t.requests.slice(1).map((r, i) => r.at - t.requests[i]!.at);
    expect(gaps).toEqual([...RETRY_DELAYS]);
    expect(new Set(t.requests.map((r) => r.listing)).size).toBe(1);

    // Given up on that listing: nothing more until the next day's run asks for the next one.
    expect(await t.scheduler.check()).toBe('gave-up');
    const before = t.requests.length;
    await vi.advanceTimersByTimeAsync(nextDailyRun(START) - 1 - Date.now());
    expect(t.requests.length).toBe(before);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.requests.length).toBe(before + 1);
    expect(t.requests.at(-1)!.listing).not.toBe(t.requests[0]!.listing);
  });

  it('recovers after a failure: the retry succeeds and the day is done', async () => {
    const t = setup({ failures: 1 });
    await t.scheduler.start({ catchUp: 'always' });
    await vi.advanceTimersByTimeAsync(RETRY_DELAYS[0]);
    expect(t.requests).toHaveLength(2);
    expect(await t.state()).toMatchObject({ done: dueListing(START), retryAt: undefined });
    await vi.advanceTimersByTimeAsync(RETRY_DELAYS[1] + RETRY_DELAYS[2]);
    expect(t.requests).toHaveLength(2);
  });

  it('stops when turned off: no more wake-ups, and a check asks for nothing', async () => {
    const t = setup({ failures: 1 });
    await t.scheduler.start({ catchUp: 'always' });
    expect(t.requests).toHaveLength(1);
    await t.storage.set({ [ENABLED_KEY]: false });
    await t.scheduler.stop();
    await vi.advanceTimersByTimeAsync(5 * DAY_MS);
    expect(t.requests).toHaveLength(1);
    expect(await t.scheduler.check()).toBe('off');
    expect(await t.scheduler.start({ catchUp: 'always' })).toBe('off');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never runs for a user who did not turn it on', async () => {
    const t = setup({ enabled: false });
    expect(await t.scheduler.start({ catchUp: 'always' })).toBe('off');
    await vi.advanceTimersByTimeAsync(3 * DAY_MS);
    expect(t.requests).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drives browser.alarms in Chrome: a daily alarm and a retry alarm, both cleared when turned off', async () => {
    vi.useFakeTimers({ now: START });
    const storage = new MemoryStorage();
    await storage.set({ [ENABLED_KEY]: true });
    const scheduler = new DigestScheduler({
      storage,
      waker: alarmsWaker(fakeBrowser.alarms),
      run: () => Promise.reject(new Error('offline')),
    });
    await scheduler.start({ catchUp: 'always' });
    const daily = await fakeBrowser.alarms.get(DAILY_ALARM);
    expect(daily).toMatchObject({ scheduledTime: nextDailyRun(START), periodInMinutes: 24 * 60 });
    expect(await fakeBrowser.alarms.get(RETRY_ALARM)).toMatchObject({ scheduledTime: START + RETRY_DELAYS[0] });
    await scheduler.stop();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });
});
