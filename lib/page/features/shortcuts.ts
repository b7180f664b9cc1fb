/**
 * The page's keyboard shortcuts (lib/page/shortcut-keys.ts): j/k move between cards, s stars, t
 * tags, x folds or shows, v selects, u goes to the buttons of the last message (its Undo). Ignored while typing, with a modifier held, when the site
 * already handled the key, while a card's editor is open, or when the user turned them off.
 */
import type { CardView } from '../card-view';
import type { PageContext, PageFeature } from '../context';
import { byUser } from '../dom';
import { PAGE_SHORTCUTS, type ShortcutAction } from '../shortcut-keys';

const BY_KEY = new Map<string, ShortcutAction>(PAGE_SHORTCUTS.map((s) => [s.key, s.action]));
const FOCUSED = 'data-pd-focused';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return true;
  return (target as HTMLElement).isContentEditable === true;
}

export const shortcuts: PageFeature = {
  name: 'shortcuts',
  init(ctx, signal) {
    let focused: CardView | null = null;

    const focus = (view: CardView) => {
      focused?.card.removeAttribute(FOCUSED);
      focused = view;
      view.card.setAttribute(FOCUSED, '');
      ctx.decorateNow(view);
      view.card.scrollIntoView?.({ block: 'nearest' });
      (view.hiddenBy !== null ? view.foldButton : view.star)?.focus({ preventScroll: true });
    };

    const run = (action: ShortcutAction): boolean => {
      if (ctx.actions.isEditing()) return false;
      // The one shortcut that moves focus off the cards: to the toast's Undo, back on Escape or once used.
      if (action === 'toast') return ctx.toast.focusAction();
      const views = ctx.views();
      if (!views.length) return false;
      if (action === 'next' || action === 'previous') {
        const next = step(views, focused, action === 'next' ? 1 : -1);
        if (next) focus(next);
        return true;
      }
      const view = focused && views.includes(focused) ? focused : null;
      if (!view) return false;
      return act(ctx, action, view);
    };

    ctx.doc.addEventListener(
      'keydown',
      (e) => {
        if (!ctx.settings().shortcuts || !byUser(e) || e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey) return;
        if (e.repeat && e.key !== 'j' && e.key !== 'k') return;
        const action = BY_KEY.get(e.key);
        if (!action || isTyping(e.target)) return;
        if (run(action)) e.preventDefault();
      },
      { signal },
    );

    return {
      removed(view) {
        if (focused === view) focused = null;
      },
    };
  },
};

/** The next card in a direction, skipping cards a rule took out of view (but not the focused one). */
function step(views: CardView[], focused: CardView | null, dir: 1 | -1): CardView | undefined {
  const visible = views.filter((v) => !v.removed || v === focused);
  const at = focused ? visible.indexOf(focused) : -1;
  if (at === -1) return visible[dir === 1 ? 0 : visible.length - 1];
  return visible[Math.min(visible.length - 1, Math.max(0, at + dir))];
}

function act(ctx: PageContext, action: Exclude<ShortcutAction, 'next' | 'previous' | 'toast'>, view: CardView): boolean {
  switch (action) {
    case 'select':
      ctx.actions.toggleSelected(view);
      return true;
    case 'star':
      void ctx.actions.toggleStar(view);
      return true;
    case 'tag':
      void ctx.actions.openTags(view);
      return true;
    case 'fold':
      if (view.hiddenBy === null) return ctx.actions.refold(view);
      ctx.actions.reveal(view);
      return true;
  }
}
