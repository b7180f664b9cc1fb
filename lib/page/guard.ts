/**
 * No flash of hidden papers, the page's half. While the user has an active hide rule, the
 * background registers components/public/guard.css for papers pages (lib/background/guard.ts):
 * the browser applies it before the first card is parsed, and it keeps paper cards laid out but
 * invisible (`visibility: hidden`, so nothing moves) until the page is marked ready:
 * `<html data-pd-ready>`. This module sets that mark
 *  - at once when there is no rule in force (the stylesheet may still be registered for a moment
 *    after the last rule went),
 *  - otherwise as soon as the cards on the page are matched and folded,
 *  - and in any case after a few seconds (the stylesheet also lets go by itself after 3 s).
 * Users without rules get no stylesheet at all: their pages paint exactly as without Paperdeck.
 * Cards arriving later (infinite scroll, navigation) are folded in the animation frame in which
 * they are read, before the browser paints them.
 */
export const READY_ATTR = 'data-pd-ready';
export const GUARD_TIMEOUT_MS = 3000;

export interface Guard {
  /** Lets the page show its cards. Idempotent. */
  release(): void;
  readonly active: boolean;
}

export function pageGuard(doc: Document, signal: AbortSignal, timeoutMs = GUARD_TIMEOUT_MS): Guard {
  let active = !doc.documentElement.hasAttribute(READY_ATTR);
  const timer = setTimeout(() => release(), timeoutMs);
  function release(): void {
    clearTimeout(timer);
    if (!active) return;
    active = false;
    doc.documentElement.setAttribute(READY_ATTR, '');
  }
  signal.addEventListener('abort', release, { once: true });
  return {
    release,
    get active() {
      return active;
    },
  };
}
