/**
 * The digest in the background: listens for its wake-ups and for the popup's switch, and runs the
 * schedule (schedule.ts) while the user has it on and the permissions are granted. Call
 * synchronously at start-up (an alarm that wakes the MV3 worker must find its listener).
 */
import { browser } from 'wxt/browser';
import type { Library } from '../db/library';
import type { RankApi } from '../rank/types';
import { listenNotificationClicks, notifyDigest } from './notify';
import { hasDigestPermissions } from './permissions';
import { runDigestDay } from './run';
import { DigestScheduler, ENABLED_KEY, alarmsWaker, timerWaker, type Waker } from './schedule';

/** Alarms where they are granted; timers where the background page lives as long as the browser (Firefox MV2). */
function pickWaker(): Waker {
  return browser.alarms ? alarmsWaker(browser.alarms) : timerWaker();
}

export function startDigest(library: Library, rank: Pick<RankApi, 'scoreCards'>): void {
  let scheduler: DigestScheduler | null = null;
  const make = () =>
    (scheduler ??= new DigestScheduler({
      storage: browser.storage.local,
      waker: pickWaker(),
      run: async (listing) => void (await runDigestDay(listing, { library, rank, storage: browser.storage.local, notify: notifyDigest })),
    }));
  const warn = (e: unknown) => console.warn('[paperdeck] digest', e);

  const begin = async (catchUp: 'always' | 'if-missed') => {
    if (!(await hasDigestPermissions())) return;
    listenNotificationClicks();
    await make().start({ catchUp });
  };

  // At start-up: listen at once when the permissions are there (alarms wake the worker), then
  // catch up if the daily check was missed.
  if (browser.alarms) make().listen();
  listenNotificationClicks();
  void begin('if-missed').catch(warn);

  // The popup's switch: on → the first digest now; off → no more wake-ups.
  browser.storage.onChanged.addListener((changes, area) => {
    const change = area === 'local' ? changes[ENABLED_KEY] : undefined;
    if (!change) return;
    if (change.newValue === true) void begin('always').catch(warn);
    else void scheduler?.stop().catch(warn);
  });
  // The digest's permissions are asked for by its switch only. In Chrome the browser's prompt can
  // close the popup before its click handler hears the answer (and writes the switch on): a grant
  // heard here turns it on all the same.
  browser.permissions.onAdded.addListener(() => {
    void hasDigestPermissions()
      .then(async (ok) => {
        if (ok && (await browser.storage.local.get(ENABLED_KEY))[ENABLED_KEY] !== true)
          await browser.storage.local.set({ [ENABLED_KEY]: true });
      })
      .catch(warn);
  });
  // Permissions withdrawn from the browser's own settings: stop as if turned off.
  browser.permissions.onRemoved.addListener(() => {
    void hasDigestPermissions()
      .then((ok) => (ok ? undefined : scheduler?.stop()))
      .catch(warn);
  });
}
