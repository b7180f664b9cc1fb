/**
 * Turning the digest on and off, from the popup (components/DigestSwitch.tsx).
 *
 * Its permissions are optional (wxt.config.ts `optional_permissions`): asked for with
 * `permissions.request` in the click that turns it on (a user gesture: the browser shows its own
 * prompt), so an install whose user never turns it on never has them. Turning it off removes
 * them again and stops the schedule (the background hears `digest:enabled` change).
 *
 * Firefox refuses `alarms` as an optional permission (its manifest schema lists which may be):
 * there the background page lives as long as the browser and wakes itself with timers
 * (schedule.ts timerWaker), so Firefox asks for `notifications` only.
 */
import { browser } from 'wxt/browser';
import { DAILY_ALARM, ENABLED_KEY, RETRY_ALARM } from './schedule';

type OptionalPermission = 'alarms' | 'notifications';

/** What this build asks for: read from its own manifest, so it can never ask for what is not optional there. */
export function digestPermissions(): OptionalPermission[] {
  const optional: readonly string[] = browser.runtime.getManifest().optional_permissions ?? [];
  return (['alarms', 'notifications'] as const).filter((p) => optional.includes(p));
}

export async function hasDigestPermissions(): Promise<boolean> {
  const wanted = digestPermissions();
  return wanted.length > 0 && (await browser.permissions.contains({ permissions: wanted }));
}

/** On and permitted. */
export async function digestEnabled(): Promise<boolean> {
  const stored = await browser.storage.local.get(ENABLED_KEY);
  return stored[ENABLED_KEY] === true && (await hasDigestPermissions());
}

/**
 * Turns the digest on. Call it first thing in a click handler: `permissions.request` must run
 * inside the user's gesture, before any await. Resolves false when the user said no.
 */
export function turnDigestOn(): Promise<boolean> {
  const asked = browser.permissions.request({ permissions: digestPermissions() });
  return asked.then(async (granted) => {
    if (granted) await browser.storage.local.set({ [ENABLED_KEY]: true });
    return granted;
  });
}

/** Turns the digest off: the schedule stops (the background hears it), and the permissions go. */
export async function turnDigestOff(): Promise<void> {
  await browser.storage.local.set({ [ENABLED_KEY]: false });
  // The background clears them too when it hears the switch; here in case it is slow to wake.
  await browser.alarms?.clear(DAILY_ALARM);
  await browser.alarms?.clear(RETRY_ALARM);
  await browser.permissions.remove({ permissions: digestPermissions() });
}
