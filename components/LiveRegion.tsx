import { useEffect, useRef } from 'preact/hooks';

/**
 * The extension page's one polite live region for what an action did where nothing visible says
 * it near the focus (a star toggled from the library grid's keys): announced, never by moving the
 * focus. Visible notices (an export done, an import report) keep their own status role.
 */
let region: HTMLElement | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

export function LiveRegion() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = ref.current;
    region = node;
    return () => {
      if (region === node) region = null;
    };
  }, []);
  return <div ref={ref} class="pd-visually-hidden" role="status" aria-live="polite" aria-atomic="true" />;
}

/** Says `text` through the page's LiveRegion (emptied first, so the same words twice are said twice). */
export function announce(text: string): void {
  const node = region;
  if (!node) return;
  clearTimeout(timer);
  node.textContent = '';
  timer = setTimeout(() => (node.textContent = text), 50);
}
