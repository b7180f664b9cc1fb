import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LoadingState } from './EmptyState';
import { ErrorBanner } from './ErrorBanner';
import { t } from '../lib/i18n';

/**
 * A component whose code is loaded on first use (`import()`), so a tab the user may never open
 * costs nothing when the page opens. Shows a loading state meanwhile and, if the code cannot be
 * loaded (the extension was updated underneath the page), says so where the tab's content goes.
 * The loaded module is kept: opening the tab again renders at once.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>, what: string): ComponentType<P> {
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
          console.error(`[paperdeck] could not load ${what}`, e);
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, []);
    if (component) return <component.C {...props} />;
    if (failed) return <ErrorBanner error={t('lazyFailed', what)} />;
    return <LoadingState label={t('lazyLoading', what)} />;
  }
  Lazy.displayName = `Lazy(${what})`;
  return Lazy;
}
