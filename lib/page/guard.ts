/**
 * No flash of hidden papers. The content script starts at document_start and puts this one rule
 * in the page before any card is parsed: paper cards are laid out but not shown
 * (`visibility: hidden`, so nothing moves when they appear). The guard is released
 *  - at once when the user has no hide rule (or has paused them), so the page paints as usual;
 *  - otherwise as soon as the cards on the page have been matched against the rules;
 *  - and in any case after a few seconds, so a failure of ours can never leave cards invisible.
 * Cards added later (infinite scroll, navigation) are matched in the animation frame in which
 * they arrive, before the browser paints them.
 */
import { SEL } from '../hf/selectors';

export const GUARD_ID = 'pd-guard';
export const GUARD_TIMEOUT_MS = 3000;

export interface Guard {
  /** Shows the cards. Idempotent. */
  release(): void;
  readonly active: boolean;
}

export function installGuard(doc: Document, signal: AbortSignal, timeoutMs = GUARD_TIMEOUT_MS): Guard {
  const style = doc.createElement('style');
  style.id = GUARD_ID;
  // Every card, marked or not: the reader marks cards before the rules may have arrived.
  style.textContent = `${SEL.card} { visibility: hidden !important; }`;
  (doc.head ?? doc.documentElement).appendChild(style);
  let active = true;
  const timer = setTimeout(() => release(), timeoutMs);
  function release(): void {
    if (!active) return;
    active = false;
    clearTimeout(timer);
    style.remove();
  }
  signal.addEventListener('abort', release, { once: true });
  return {
    release,
    get active() {
      return active;
    },
  };
}
