/**
 * Waiting on effects, never on time (issue 15): a page test waits for what it then checks, or for
 * a positive sign that the work that could have changed it is over — the app's own paint loop,
 * watched by a probe feature that runs after every real one.
 */
import type { PageFeature } from '../../../lib/page/context';
import { FEATURES } from '../../../lib/page/features';

/**
 * Resolves once `check` passes (returns, or resolves, without throwing); retried on every short
 * interval until then. The timeout is only there to end a broken test with the last failure.
 */
export function until<T>(check: () => T | Promise<T>, timeout = 15_000): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 10 });
}

/**
 * Every page feature, each one's `painted` hook watched, and a last one that counts:
 * `paints`, the app's paint runs (state, every feature's paint, the pill); `batches`, the batches
 * read off the page whose every `painted` hook has finished (the records are sent, and so on).
 */
export function probedFeatures(features: readonly PageFeature[] = FEATURES) {
  const running = new WeakMap<object, Array<Promise<void>>>();
  const waiters = { paint: [] as Array<() => void>, batch: [] as Array<() => void> };
  const counts = { paints: 0, batches: 0 };
  const wrapped: PageFeature[] = features.map((feature) => ({
    name: feature.name,
    init(ctx, signal) {
      const hooks = feature.init(ctx, signal);
      const painted = hooks.painted;
      if (!painted) return hooks;
      return {
        ...hooks,
        painted(batch) {
          const done = painted.call(hooks, batch);
          running.set(batch, [...(running.get(batch) ?? []), Promise.resolve(done)]);
          return done;
        },
      };
    },
  }));
  const probe: PageFeature = {
    name: 'test-probe',
    init: () => ({
      paint() {
        counts.paints += 1;
        waiters.paint.splice(0).forEach((w) => w());
      },
      async painted(batch) {
        // Called last, synchronously after every other feature's hook for this batch.
        await Promise.all(running.get(batch) ?? []);
        counts.batches += 1;
        waiters.batch.splice(0).forEach((w) => w());
      },
    }),
  };
  return {
    features: [...wrapped, probe],
    counts,
    /** Resolves on the app's next paint run (call it before what should cause the paint). */
    nextPaint: () => new Promise<void>((resolve) => waiters.paint.push(resolve)),
    /** Resolves once the next batch read off the page is painted and every feature is done with it. */
    nextBatch: () => new Promise<void>((resolve) => waiters.batch.push(resolve)),
  };
}
