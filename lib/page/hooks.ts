/**
 * The page features' hooks (lib/page/context.ts FeatureHooks), run in the features' order. A
 * feature that throws is logged, never the page's problem; the features answering each hook are
 * found once (hooks run for every card of a 1,000-card page).
 */
import type { FeatureHooks, PageContext, PageFeature } from './context';

type Started = { name: string; hooks: FeatureHooks };

export class Hooks {
  private readonly started: Started[] = [];
  private readonly answering = new Map<keyof FeatureHooks, Started[]>();

  /** Starts each feature; one that fails to start is left out. */
  constructor(features: readonly PageFeature[], ctx: PageContext, signal: AbortSignal) {
    for (const feature of features) {
      try {
        this.started.push({ name: feature.name, hooks: feature.init(ctx, signal) });
      } catch (error) {
        console.debug(`[paperdeck] ${feature.name}: not started`, error);
      }
    }
  }

  /** Runs one hook of every feature that has it; what each returned, in order. */
  run<K extends keyof FeatureHooks>(hook: K, ...args: Parameters<NonNullable<FeatureHooks[K]>>): unknown[] {
    const out: unknown[] = [];
    for (const { name, hooks } of this.answer(hook)) {
      const fn = hooks[hook] as ((...a: typeof args) => unknown) | undefined;
      if (!fn) continue;
      try {
        out.push(fn.apply(hooks, args));
      } catch (error) {
        console.debug(`[paperdeck] ${name}.${hook} failed`, error);
      }
    }
    return out;
  }

  /** A feature is writing this paper's state: what is painted stays until the write settles. */
  holds(id: string): boolean {
    return this.answer('holds').some(({ hooks }) => hooks.holds?.(id) === true);
  }

  private answer(hook: keyof FeatureHooks): Started[] {
    let list = this.answering.get(hook);
    if (!list) this.answering.set(hook, (list = this.started.filter(({ hooks }) => hooks[hook] !== undefined)));
    return list;
  }
}
