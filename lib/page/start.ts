/** What the app does before it decorates anything: clear what an older copy left, load what features need. */
import { DEFAULT_SETTINGS } from '../model/defaults';
import type { PageContextData } from './context';
import { RELEVANCE_ATTRS } from './relevance';
import type { PageLibrary } from './types';

/**
 * A previous copy of the content script (before an extension update or reload) may have been cut
 * off without cleaning up: its buttons would be dead. Remove whatever it left.
 */
export function removeLeftovers(doc: Document): void {
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
  for (const name of [...attrs, ...RELEVANCE_ATTRS]) {
    for (const node of doc.querySelectorAll(`[${name}]`)) node.removeAttribute(name);
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
