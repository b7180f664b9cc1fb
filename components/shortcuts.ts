/**
 * Keyboard shortcuts on huggingface.co papers pages. The content script binds exactly these and
 * the popup lists them, so the two cannot drift apart. Plain letters only, never with Ctrl/Alt/Meta,
 * and never while the user types in a field; the site's own search box keeps "/".
 */
export const PAGE_SHORTCUTS = [
  { key: 'j', action: 'next', label: 'Next paper' },
  { key: 'k', action: 'previous', label: 'Previous paper' },
  { key: 's', action: 'star', label: 'Star or unstar the focused paper' },
  { key: 't', action: 'tag', label: 'Edit tags of the focused paper (stars it first)' },
  { key: 'x', action: 'fold', label: 'Fold or show the focused hidden paper' },
  { key: 'v', action: 'select', label: 'Select the focused paper (then star or unstar the selection from the bar)' },
] as const;

export type ShortcutAction = (typeof PAGE_SHORTCUTS)[number]['action'];
