/**
 * Tags, reading status and note on a card: the chips open an inline editor (lib/page/tag-editor.ts).
 * Tags belong to saved papers, so opening the editor stars the paper first. One editor at a time;
 * closing it with Escape puts the focus back on the card's star.
 */
import type { CardView } from '../card-view';
import type { PageFeature } from '../context';
import { TagEditor } from '../tag-editor';

export const tags: PageFeature = {
  name: 'tags',
  init(ctx) {
    let open: { view: CardView; editor: TagEditor } | null = null;

    const close = (restoreFocus: boolean) => {
      const current = open;
      if (!current) return;
      open = null;
      current.editor.node.remove();
      if (restoreFocus) current.view.star.focus();
    };

    ctx.actions.isEditing = () => open !== null;
    ctx.actions.openTags = async (view) => {
      if (open?.view === view) return open.editor.focus();
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
        },
        remove: (tag) => then(ctx.library.untag(view.id, tag.id)),
        status: () => view.state?.status,
        setStatus: (status) => then(ctx.library.setStatus(view.id, status)),
        note: () => view.state?.note ?? '',
        setNote: (text) => then(ctx.library.setNote(view.id, text)),
        close: () => close(true),
      });
      open = { view, editor };
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
