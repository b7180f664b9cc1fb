import { PAGE_SHORTCUTS, type ShortcutAction } from '../../components/shortcuts';

const BY_KEY = new Map<string, ShortcutAction>(PAGE_SHORTCUTS.map((s) => [s.key, s.action]));

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return true;
  return (target as HTMLElement).isContentEditable === true;
}

/**
 * Binds the page shortcuts (components/shortcuts.ts). Ignored while typing, with a modifier held,
 * or when the site already handled the key; removed with the signal.
 */
export function installShortcuts(
  doc: Document,
  signal: AbortSignal,
  run: (action: ShortcutAction) => boolean,
  enabled: () => boolean,
): void {
  doc.addEventListener(
    'keydown',
    (e) => {
      if (!enabled() || e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || e.repeat && e.key !== 'j' && e.key !== 'k') return;
      const action = BY_KEY.get(e.key);
      if (!action || isTyping(e.target)) return;
      if (run(action)) e.preventDefault();
    },
    { signal },
  );
}
