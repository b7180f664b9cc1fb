/**
 * Misses are logged once per anchor name per page life: a layout change would otherwise print one
 * warning per card (hundreds per page) and drown the console of the host page.
 */

const PREFIX = '[paperdeck] reader:';
const logged = new Set<string>();

/** Warn that `name` (a selectors.ts key, or a reader stage) did not match; only the first time. */
export function logMissOnce(name: string, detail?: unknown): void {
  if (logged.has(name)) return;
  logged.add(name);
  try {
    console.warn(`${PREFIX} miss "${name}"`, detail ?? '');
  } catch {
    // A console replaced by the host page must not break the reader.
  }
}

/** Names logged so far (tests). */
export function loggedMisses(): string[] {
  return [...logged];
}

/** Forget what was logged (tests, or a fresh page life). */
export function resetMissLog(): void {
  logged.clear();
}
