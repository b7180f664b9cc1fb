import { takeFirstScreen, type FirstRead } from './first-screen';
import type { Library } from './library';
import type { Live } from './observe';
import type { FirstScreen, Scope } from './views';

/**
 * A Library for an extension page whose first screen must not wait for the library's code.
 *
 * Everything behind `Library` — Dexie, zod and every module of lib/db — is about 190 KB of script
 * that a page had to fetch, compile and run, and then Dexie had to open the database, before the
 * first read could even start (~150–230 ms of a 250–380 ms first screen, tests/bench/ui.mjs). This
 * stands in for it from the first line of the page: `load` imports it (a dynamic import, started
 * at once); meanwhile the page's first rows are read with IndexedDB itself (first-screen.ts), and
 * every other call waits for the real Library and then goes to it. Once loaded, calls go straight
 * through (in the same task: a live query's reads stay inside its Dexie zone).
 *
 * `firstScreen`: the first-screen read to start now, answered once to the store that asks for it
 * with the same scope and limit; when that read cannot answer (no database yet, another schema, an
 * error), the real Library answers it. (`name`: the database's, for tests.)
 */
export function deferredLibrary(load: () => Promise<Library>, firstScreen?: FirstRead): Library {
  let library: Library | null = null;
  // Started already when the page's first script asked for it (first-screen.ts startFirstScreen).
  let early: Promise<FirstScreen | null> | null = firstScreen ? takeFirstScreen(firstScreen) : null;
  // The library's code is loaded once the first rows are read: compiling and running it meanwhile
  // held the main thread while the read's answers waited for it (tests/bench/ui.mjs).
  const loaded = (early ?? Promise.resolve()).then(load).then((l) => {
    performance.mark('pd-library-loaded');
    return (library = l);
  });
  // Never an unhandled rejection here: each call that needs the Library reports the failure.
  loaded.catch(() => {});

  const call = <K extends keyof Library>(name: K, args: unknown[]): unknown => {
    const run = (l: Library) => (l[name] as (...a: unknown[]) => unknown).apply(l, args);
    return library ? run(library) : loaded.then(run);
  };
  /** A subscription made now, that starts once the Library is there (unless stopped first). */
  const later = (subscribe: (l: Library) => () => void): (() => void) => {
    let stop: (() => void) | null = null;
    let stopped = false;
    if (library) return subscribe(library);
    loaded.then(
      (l) => {
        if (!stopped) stop = subscribe(l);
      },
      () => {}, // (no Library, nothing to follow: its calls report why)
    );
    return () => {
      stopped = true;
      stop?.();
    };
  };

  const own: Partial<Library> = {
    firstScreen(scope: Scope, limit: number): Promise<FirstScreen> {
      const read = early && firstScreen?.scope === scope && firstScreen.limit === limit ? early : null;
      if (read) early = null;
      if (!read) return call('firstScreen', [scope, limit]) as Promise<FirstScreen>;
      return read.then((screen) => {
        // For the benchmark (tests/bench/ui.mjs): whether the first rows came without the Library.
        performance.mark(screen ? 'pd-early-read' : 'pd-early-miss');
        return screen ?? (call('firstScreen', [scope, limit]) as Promise<FirstScreen>);
      });
    },
    onChange: (listener) => later((l) => l.onChange(listener)),
    observeWrites: (listener) => later((l) => l.observeWrites(listener)),
    live<T>(query: () => Promise<T> | T): Live<T> {
      return {
        subscribe(observer) {
          const stop = later((l) => {
            const subscription = l.live(query).subscribe(observer);
            return () => subscription.unsubscribe();
          });
          loaded.catch((e: unknown) => observer.error(e));
          return { unsubscribe: stop };
        },
      };
    },
  };

  return new Proxy(own as Library, {
    get(target, name) {
      if (typeof name !== 'string') return undefined;
      if (name in target) return Reflect.get(target, name) as unknown;
      // Not a promise (an `await library` must not wait for a `then` method), and no fields (`db`).
      if (name === 'then' || name === 'db') return undefined;
      return (...args: unknown[]) => call(name as keyof Library, args);
    },
  });
}
