/**
 * When the digest asks huggingface.co for a day (issue 16):
 *
 * - **Once a day**: a daily wake-up (browser alarms; see `Waker`) at DAILY_HOUR local time.
 * - **The listing asked for** is the last complete day on the site, the UTC day before the
 *   current one (a day's list fills during that day; asking early would get half of it).
 * - **Never more than one request per listing and day**: the listing and the attempt are written
 *   to storage.local *before* the request, so neither a second wake-up, a restarted MV3 worker,
 *   nor the catch-up below asks again for a listing that was fetched, or tried within that day.
 *   A failed attempt is retried once its back-off has passed (RETRY_DELAYS: 15 min, then 1 h,
 *   then 4 h), at most MAX_ATTEMPTS times for a listing; after that the next listing is next day's.
 * - **Catch-up**: when the background starts and the daily check has not run for longer than a
 *   day (the browser was closed at the hour), it runs once then — the same guarded run, so a
 *   missed alarm that the browser also fires at start-up makes one request, not two.
 * - **Opt-out stops it**: `stop()` clears the wake-ups; a run in flight finds the digest off
 *   before it requests and before it writes.
 *
 * All state that must outlive the MV3 worker is in storage.local (`digest:schedule`).
 */
import type { DigestStorage } from './store';

export const ENABLED_KEY = 'digest:enabled';
export const SCHEDULE_KEY = 'digest:schedule';
/** The daily wake-up, and the one that retries a failed day. */
export const DAILY_ALARM = 'paperdeck-digest-daily';
export const RETRY_ALARM = 'paperdeck-digest-retry';
/** Local hour of the daily run. */
export const DAILY_HOUR = 8;
export const DAY_MS = 24 * 60 * 60 * 1000;
/** Waits after the 1st, 2nd, 3rd failure of a listing. */
export const RETRY_DELAYS = [15 * 60_000, 60 * 60_000, 4 * 60 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS.length + 1;

/** What the schedule remembers between workers. */
export interface ScheduleState {
  /** The last listing fetched and ranked. */
  done?: string;
  /** The listing being tried, how many times, and when last. */
  listing?: string;
  attempts?: number;
  lastAttemptAt?: number;
  /** When a failed listing may be tried again. */
  retryAt?: number;
  /** When the daily check last ran (catch-up decides by it). */
  checkedAt?: number;
  /** The last failure, for the popup ("Could not reach huggingface.co…"). */
  lastError?: string;
}

/**
 * Something that wakes the background at a time: `browser.alarms` (alarmsWaker), or, where the
 * background page lives as long as the browser (Firefox MV2, where `alarms` cannot be an optional
 * permission), timers (timerWaker). `set` replaces a wake-up of the same name.
 */
export interface Waker {
  set(name: string, when: number, periodMs?: number): Promise<void>;
  has(name: string): Promise<boolean>;
  clear(name: string): Promise<void>;
  /** Calls `listener` with each wake-up's name. Returns the function that stops listening. */
  listen(listener: (name: string) => void): () => void;
}

/** The UTC date of `now` minus one day: the last complete day on huggingface.co. */
export function dueListing(now: number): string {
  return new Date(now - DAY_MS).toISOString().slice(0, 10);
}

/** The next DAILY_HOUR:00 local time strictly after `now`. */
export function nextDailyRun(now: number, hour = DAILY_HOUR): number {
  const d = new Date(now);
  d.setHours(hour, 0, 0, 0);
  if (d.getTime() <= now) d.setDate(d.getDate() + 1);
  return d.getTime();
}

export interface SchedulerDeps {
  storage: DigestStorage;
  waker: Waker;
  /** Fetches, records and ranks one listing; throws when it could not. */
  run: (listing: string) => Promise<void>;
  now?: () => number;
}

export type TickResult = 'off' | 'fetched' | 'already' | 'waiting' | 'failed' | 'gave-up';

export class DigestScheduler {
  private readonly storage: DigestStorage;
  private readonly waker: Waker;
  private readonly runListing: (listing: string) => Promise<void>;
  private readonly now: () => number;
  private unlisten: (() => void) | null = null;
  /** One check at a time: a wake-up during a run waits for it, then finds the listing done. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(deps: SchedulerDeps) {
    this.storage = deps.storage;
    this.waker = deps.waker;
    this.runListing = deps.run;
    this.now = deps.now ?? Date.now;
  }

  async enabled(): Promise<boolean> {
    return (await this.storage.get(ENABLED_KEY))[ENABLED_KEY] === true;
  }

  async state(): Promise<ScheduleState> {
    const value = (await this.storage.get(SCHEDULE_KEY))[SCHEDULE_KEY];
    return value && typeof value === 'object' ? value : {};
  }

  private async save(patch: ScheduleState): Promise<ScheduleState> {
    const next = { ...(await this.state()), ...patch };
    await this.storage.set({ [SCHEDULE_KEY]: next });
    return next;
  }

  /** Listens for wake-ups (synchronously, so an alarm that wakes the worker finds it). */
  listen(): void {
    this.unlisten ??= this.waker.listen((name) => {
      if (name === DAILY_ALARM || name === RETRY_ALARM) void this.check().catch((e) => console.warn('[paperdeck] digest check failed', e));
    });
  }

  /**
   * The digest is on: the daily wake-up exists (made if missing, kept if there), and the check
   * runs now when `catchUp` says it is due — opting in (the first digest now) or a start-up
   * after the daily check was missed.
   */
  async start(options: { catchUp: 'always' | 'if-missed' }): Promise<TickResult> {
    if (!(await this.enabled())) return 'off';
    this.listen();
    if (!(await this.waker.has(DAILY_ALARM))) await this.waker.set(DAILY_ALARM, nextDailyRun(this.now()), DAY_MS);
    const state = await this.state();
    if (state.retryAt && !(await this.waker.has(RETRY_ALARM))) await this.waker.set(RETRY_ALARM, Math.max(state.retryAt, this.now()));
    const missed = state.checkedAt === undefined || this.now() - state.checkedAt > DAY_MS;
    if (options.catchUp === 'always' || missed) return this.check();
    return 'waiting';
  }

  /** The digest is off: no more wake-ups, and a run in flight writes nothing. */
  async stop(): Promise<void> {
    await this.waker.clear(DAILY_ALARM);
    await this.waker.clear(RETRY_ALARM);
    await this.save({ retryAt: undefined });
  }

  /** One guarded check (see the file's comment). Runs after any check already running. */
  check(): Promise<TickResult> {
    const next = this.chain.then(
      () => this.checkNow(),
      () => this.checkNow(),
    );
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async checkNow(): Promise<TickResult> {
    if (!(await this.enabled())) return 'off';
    const now = this.now();
    const listing = dueListing(now);
    const state = await this.save({ checkedAt: now });
    if (state.done === listing) return 'already';
    const attempts = state.listing === listing ? (state.attempts ?? 0) : 0;
    if (attempts >= MAX_ATTEMPTS) return 'gave-up';
    if (state.listing === listing && state.retryAt !== undefined && now < state.retryAt) {
      if (!(await this.waker.has(RETRY_ALARM))) await this.waker.set(RETRY_ALARM, state.retryAt);
      return 'waiting';
    }
    // Written before the request: whatever happens next, this attempt is counted.
    await this.save({ listing, attempts: attempts + 1, lastAttemptAt: now, retryAt: undefined });
    try {
      await this.runListing(listing);
    } catch (e) {
      const failures = attempts + 1;
      const message = e instanceof Error ? e.message : String(e);
      console.warn('[paperdeck] digest: could not read the day', listing, message);
      if (failures >= MAX_ATTEMPTS || !(await this.enabled())) {
        await this.save({ lastError: message, retryAt: undefined });
        return failures >= MAX_ATTEMPTS ? 'gave-up' : 'off';
      }
      const retryAt = now + RETRY_DELAYS[failures - 1]!;
      await this.save({ lastError: message, retryAt });
      await this.waker.set(RETRY_ALARM, retryAt);
      return 'failed';
    }
    await this.save({ done: listing, lastError: undefined, retryAt: undefined });
    await this.waker.clear(RETRY_ALARM);
    return 'fetched';
  }
}

/** Wake-ups by `browser.alarms` (Chrome: the MV3 worker is woken by them). */
export function alarmsWaker(alarms: {
  create(name: string, info: { when?: number; periodInMinutes?: number }): unknown;
  get(name: string): Promise<unknown>;
  clear(name: string): Promise<unknown>;
  onAlarm: { addListener(l: (alarm: { name: string }) => void): void; removeListener(l: (alarm: { name: string }) => void): void };
}): Waker {
  return {
    async set(name, when, periodMs) {
      await alarms.create(name, periodMs ? { when, periodInMinutes: periodMs / 60_000 } : { when });
    },
    async has(name) {
      return Boolean(await alarms.get(name));
    },
    async clear(name) {
      await alarms.clear(name);
    },
    listen(listener) {
      const l = (alarm: { name: string }) => listener(alarm.name);
      alarms.onAlarm.addListener(l);
      return () => alarms.onAlarm.removeListener(l);
    },
  };
}

/**
 * Wake-ups by timers, for a background page that lives as long as the browser (Firefox MV2).
 * A periodic one is set again for its next time when it fires; they end with the browser, and
 * the catch-up at the next start covers the day missed.
 */
export function timerWaker(): Waker {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const listeners = new Set<(name: string) => void>();
  // setTimeout holds at most 2^31 - 1 ms (~24.8 days); a wake-up further away waits in steps.
  const MAX_DELAY = 2 ** 31 - 1;
  const arm = (name: string, when: number, periodMs?: number) => {
    clearTimeout(timers.get(name));
    const delay = Math.max(0, when - Date.now());
    timers.set(
      name,
      setTimeout(
        () => {
          if (delay > MAX_DELAY) return arm(name, when, periodMs);
          if (periodMs) arm(name, when + periodMs * Math.max(1, Math.ceil((Date.now() - when) / periodMs)), periodMs);
          else timers.delete(name);
          for (const l of listeners) l(name);
        },
        Math.min(delay, MAX_DELAY),
      ),
    );
  };
  return {
    set(name, when, periodMs) {
      arm(name, when, periodMs);
      return Promise.resolve();
    },
    has(name) {
      return Promise.resolve(timers.has(name));
    },
    clear(name) {
      clearTimeout(timers.get(name));
      timers.delete(name);
      return Promise.resolve();
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
