/**
 * Tags, reading status and note on a card: the chips open an inline editor (lib/page/tag-editor.ts).
 * Tags belong to saved papers, so opening the editor stars the paper first. One editor at a time;
 * closing it with Escape puts the focus back where it was (the chip or the star that opened it, or
 * the star when that chip was redrawn meanwhile). What changed is announced in the page's live region.
 */
import { t } from '../../i18n';
import type { CardView } from '../card-view';
import type { PageFeature } from '../context';
import { TagEditor } from '../tag-editor';

export const tags: PageFeature = {
  name: 'tags',
  init(ctx) {
    let open: { view: CardView; editor: TagEditor; opener: Element | null } | null = null;

    const close = (restoreFocus: boolean) => {
      const current = open;
      if (!current) return;
      open = null;
      current.editor.node.remove();
      if (!restoreFocus) return;
      const back = current.opener;
      if (back?.isConnected && current.view.toolbar.contains(back)) (back as HTMLElement).focus();
      else current.view.star.focus();
    };

    ctx.actions.isEditing = () => open !== null;
    ctx.actions.openTags = async (view) => {
      if (open?.view === view) return open.editor.focus();
      const active = ctx.doc.activeElement;
      const opener = active && view.toolbar.contains(active) ? active : null;
      close(false);
      if (!view.starred) {
        await ctx.actions.toggleStar(view);
        if (!view.starred) return;
      }
      const then = (write: Promise<unknown>) => write.then(() => ctx.refresh([view.id]));
      const editor = new TagEditor({
        doc: ctx.doc,
        tags: () => view.state?.tags ?? [],
        allTags: ctx.tags,
        add: async (name) => {
          const tag = await ctx.library.tag(view.id, name);
          if (!ctx.tags().some((t) => t.id === tag.id)) ctx.setTags([...ctx.tags(), tag]);
          await ctx.refresh([view.id]);
          ctx.toast.announce(t('announceTagged', tag.name));
        },
        remove: (tag) => then(ctx.library.untag(view.id, tag.id)).then(() => ctx.toast.announce(t('announceUntagged', tag.name))),
        status: () => view.state?.status,
        setStatus: (status) => then(ctx.library.setStatus(view.id, status)),
        note: () => view.state?.note ?? '',
        setNote: (text) => then(ctx.library.setNote(view.id, text)),
        close: () => close(true),
        announce: (text) => ctx.toast.announce(text),
      });
      open = { view, editor, opener };
      // Under the card's toolbar, wherever that is (it follows the rendering that is shown).
      view.toolbar.appendChild(editor.node);
      editor.focus();
    };

    return {
      paint(views) {
        if (open && views.includes(open.view)) open.editor.render();
      },
      removed(view) {
        if (open?.view === view) open = null;
      },
      destroy: () => close(false),
    };
  },
};
