/** What the app does before it decorates anything: clear what an older copy left, load what features need. */
import { DEFAULT_SETTINGS } from '../model/defaults';
import type { PageContextData } from './context';
import { RELEVANCE_ATTRS } from './relevance';
import { STYLE_ID } from './styles';
import type { PageLibrary } from './types';

/**
 * A previous copy of the content script (before an extension update or reload) may have been cut
 * off without cleaning up: its buttons would be dead. Remove whatever it left.
 */
export function removeLeftovers(doc: Document): void {
  // Every copy puts its stylesheet in before anything else and takes it out last: without one,
  // nothing was left (and a 1,000-card page is not searched sixteen times, ~120 ms).
  if (!doc.getElementById(STYLE_ID)) return;
  for (const node of doc.querySelectorAll('.pd-ui')) node.remove();
  // data-pd-id too: the reader skips cards that carry it, and these were marked by the old copy.
  const attrs = [
    'data-pd-id',
    'data-pd-hidden',
    'data-pd-dimmed',
    'data-pd-removed',
    'data-pd-starred',
    'data-pd-seen',
    'data-pd-focused',
    'data-pd-selected',
  ];
  const names = [...attrs, ...RELEVANCE_ATTRS];
  for (const node of doc.querySelectorAll(names.map((name) => `[${name}]`).join(', '))) {
    for (const name of names) node.removeAttribute(name);
  }
}

/** What the page features need before they can decide anything: rules, settings, tags. Never rejects. */
export async function loadPageContext(library: PageLibrary): Promise<PageContextData> {
  const [rules, settings, tags] = await Promise.all([
    library.listRules().catch(() => []),
    library.getSettings().catch(() => DEFAULT_SETTINGS),
    library.listTags().catch(() => []),
  ]);
  return { rules, settings, tags };
}

/**
 * Started while the page parses (lib/hf/watch.ts), the app puts its own blocks (toast, pill, the
 * features' buttons) in a body the site has barely begun: once it is parsed, they go back to its
 * end, after the site's content (in the keyboard's order too), in their own order.
 */
export function ownBlocksLast(doc: Document, parsed: Promise<void>, signal: AbortSignal): void {
  if (doc.readyState !== 'loading') return;
  void parsed.then(() => {
    const body = doc.body;
    if (!signal.aborted && body) body.append(...[...body.children].filter((child) => child.classList.contains('pd-ui')));
  });
}
