import type { MessageKey } from '../i18n';

/**
 * Keyboard shortcuts on huggingface.co papers pages. The content script binds exactly these
 * (lib/page/features/shortcuts.ts) and the popup lists them (components/ShortcutsList.tsx), so the
 * two cannot drift apart. Plain letters only, never with Ctrl/Alt/Meta, and never while the user
 * types in a field; the site's own search box keeps "/".
 */
export const PAGE_SHORTCUTS = [
  { key: 'j', action: 'next' },
  { key: 'k', action: 'previous' },
  { key: 's', action: 'star' },
  { key: 't', action: 'tag' },
  { key: 'x', action: 'fold' },
  { key: 'v', action: 'select' },
  { key: 'u', action: 'toast' },
] as const;

export type ShortcutAction = (typeof PAGE_SHORTCUTS)[number]['action'];

/** The message that names each action where the shortcuts are listed. */
export const SHORTCUT_LABEL_KEYS = {
  next: 'shortcutNext',
  previous: 'shortcutPrevious',
  star: 'shortcutStar',
  tag: 'shortcutTag',
  fold: 'shortcutFold',
  select: 'shortcutSelect',
  toast: 'shortcutToast',
} as const satisfies Record<ShortcutAction, MessageKey>;
