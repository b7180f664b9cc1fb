import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LoadingState } from './EmptyState';
import { ErrorBanner } from './ErrorBanner';

/**
 * A component whose code is loaded on first use (`import()`), so a tab the user may never open
 * costs nothing when the page opens. Shows a loading state meanwhile and, if the code cannot be
 * loaded (the extension was updated underneath the page), says so where the tab's content goes.
 * The loaded module is kept: opening the tab again renders at once.
 */
export interface LazyText {
  /** "Loading the tags…" */
  loading: string;
  /** "Paperdeck could not load the tags. Reload the page and try again." */
  failed: string;
}

/** `text`: whole sentences (a translator cannot reuse one "the tags" in both: articles and cases differ). */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>, text: LazyText): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const get = () =>
    (loading ??= load().then(
      (c) => (loaded = c),
      (e: unknown) => {
        loading = null;
        throw e;
      },
    ));
  function Lazy(props: P): JSX.Element {
    const [component, setComponent] = useState<{ C: ComponentType<P> } | null>(loaded ? { C: loaded } : null);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (component) return;
      let live = true;
      get().then(
        (C) => live && setComponent({ C }),
        (e: unknown) => {
          console.error(`[paperdeck] could not load a lazy component (${text.loading})`, e);
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
      // eslint-disable-next-line react-hooks/exhaustive-deps -- the component is loaded once, when first shown
    }, []);
    if (component) return <component.C {...props} />;
    if (failed) return <ErrorBanner error={text.failed} />;
    return <LoadingState label={text.loading} />;
  }
  Lazy.displayName = 'Lazy';
  return Lazy;
}
