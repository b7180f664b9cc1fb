import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { toLibraryError, type LibraryError } from '../lib/db/errors';
import type { Library } from '../lib/db/library';
import { useServices } from './context';
import { PaperStore, type Scope, type StoreOptions, type StoreSearch } from './store';

/**
 * A live library query (Library.live) as Preact state: `undefined` while the first result is
 * loading (show a loading state), then the latest result, re-run whenever a write anywhere (this
 * page, the background, another tab) touches what it read.
 */
export function useLiveQuery<T>(
  querier: () => Promise<T> | T,
  deps: unknown[],
  /** False: not yet (e.g. until the first screen is shown, so it does not compete with it). */
  enabled = true,
): [T | undefined, LibraryError | null] {
  const { library } = useServices();
  const [state, setState] = useState<{ value: T | undefined; error: LibraryError | null }>({ value: undefined, error: null });
  useEffect(() => {
    if (!enabled) return;
    const subscription = library.live(querier).subscribe({
      next: (value) => setState({ value, error: null }),
      error: (e) => setState((s) => ({ value: s.value, error: toLibraryError(e) })),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, enabled]);
  return [state.value, state.error];
}

/**
 * A PaperStore for the lifetime of the component; re-renders on each of its changes. It starts
 * reading in a layout effect, right after the first commit and before the browser paints, so the
 * database works while the page shell is painted (a plain effect would wait for the paint).
 */
export function usePaperStore(library: Library, scope: Scope, options?: StoreOptions): PaperStore {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- one store per library and scope; options are read when it is made
  const store = useMemo(() => new PaperStore(library, scope, options), [library, scope]);
  const [, setVersion] = useState(0);
  useLayoutEffect(() => {
    const unsubscribe = store.subscribe(() => setVersion(store.version));
    const stop = store.start();
    return () => {
      unsubscribe();
      stop();
    };
  }, [store]);
  return store;
}

/**
 * Search as you type: answers at once from titles, authors, organizations, tags and the
 * abstract results already computed; a moment after typing pauses, runs the abstract pass too.
 */
export function useSearch(store: PaperStore, query: string): StoreSearch {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- indexVersion says the store's mutable index changed
  const fast = useMemo(() => store.search(query, { abstracts: false }), [store, query, store.indexVersion]);
  const [full, setFull] = useState<{ query: string; iv: number; results: StoreSearch } | null>(null);
  const iv = store.indexVersion;
  useEffect(() => {
    // `pending`: the index is loading; the store bumps indexVersion when it is there.
    if (!fast || fast.pending || (fast.complete && store.indexPending === 0)) return;
    const timer = setTimeout(() => setFull({ query, iv, results: store.search(query) }), 120);
    return () => clearTimeout(timer);
  }, [store, query, iv, fast]);
  return full && full.query === query && full.iv === iv ? full.results : fast;
}

/** Runs an async action, keeping its error (for an ErrorBanner where the user acted) and busy flag. */
export function useAction(): {
  busy: boolean;
  error: LibraryError | null;
  run: <T>(action: () => Promise<T>) => Promise<T | undefined>;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<LibraryError | null>(null);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  return {
    busy,
    error,
    clear: () => setError(null),
    run: async (action) => {
      setBusy(true);
      setError(null);
      try {
        return await action();
      } catch (e) {
        const err = toLibraryError(e);
        console.error('[paperdeck]', err.userMessage, err.detail ?? '');
        if (mounted.current) setError(err);
        return undefined;
      } finally {
        if (mounted.current) setBusy(false);
      }
    },
  };
}

/**
 * A number that goes up when papers were written (page reads, imports), at most once every
 * `throttleMs`: for views that recompute over the papers (rule counts, the Following filter)
 * without doing so on every page read. Nothing is observed while `active` is false.
 */
export function usePapersVersion(library: Library, active = true, throttleMs = 3000): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = library.observeWrites((writes) => {
      if (!writes.tables.has('papers') || timer) return;
      timer = setTimeout(() => {
        timer = null;
        setVersion((v) => v + 1);
      }, throttleMs);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [library, active, throttleMs]);
  return version;
}
