import { t } from '../lib/i18n';

/**
 * Keyboard shortcuts on huggingface.co papers pages. The content script binds exactly these and
 * the popup lists them, so the two cannot drift apart. Plain letters only, never with Ctrl/Alt/Meta,
 * and never while the user types in a field; the site's own search box keeps "/".
 */
export const PAGE_SHORTCUTS = [
  { key: 'j', action: 'next', label: t('shortcutNext') },
  { key: 'k', action: 'previous', label: t('shortcutPrevious') },
  { key: 's', action: 'star', label: t('shortcutStar') },
  { key: 't', action: 'tag', label: t('shortcutTag') },
  { key: 'x', action: 'fold', label: t('shortcutFold') },
  { key: 'v', action: 'select', label: t('shortcutSelect') },
] as const;

export type ShortcutAction = (typeof PAGE_SHORTCUTS)[number]['action'];
