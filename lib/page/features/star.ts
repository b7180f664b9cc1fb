/**
 * The star on every card. It answers at once (optimistic) and the library is brought to the state
 * the user last asked for: quick repeated presses end in the last one's state, never in a lost
 * toggle. A failure puts the star back to what is really stored and says why.
 */
import { t } from '../../i18n';
import type { CardView } from '../card-view';
import type { PageContext, PageFeature } from '../context';
import { errorMessage } from '../types';

export const star: PageFeature = {
  name: 'star',
  init(ctx) {
    /** What the user last asked for, and what the library holds, per paper being written. */
    const wanted = new Map<string, boolean>();
    const stored = new Map<string, boolean>();
    const syncing = new Map<string, Promise<void>>();
    const viewsOf = (id: string) => ctx.views().filter((v) => v.id === id);

    ctx.actions.toggleStar = (view) => {
      const id = view.id;
      const want = !view.starred;
      const same = viewsOf(id);
      if (!wanted.has(id)) stored.set(id, view.starred);
      wanted.set(id, want);
      for (const v of same) {
        const s = v.state;
        v.state = { ...s, starred: want, tags: s?.tags ?? [], seenBefore: s?.seenBefore ?? false };
        v.star.removeAttribute('data-pd-error');
      }
      ctx.paint(same);
      ctx.toast.announce(t(want ? 'announceStarred' : 'announceUnstarred', view.record.title));
      return syncing.get(id) ?? sync(ctx, view, { wanted, stored, syncing, viewsOf });
    };

    return {
      // A star still being written keeps its optimistic state until the write settles.
      holds: (id) => wanted.has(id),
    };
  },
};

interface StarState {
  wanted: Map<string, boolean>;
  stored: Map<string, boolean>;
  syncing: Map<string, Promise<void>>;
  viewsOf(id: string): CardView[];
}

async function sync(ctx: PageContext, view: CardView, s: StarState): Promise<void> {
  const id = view.id;
  let done!: () => void;
  s.syncing.set(id, new Promise<void>((resolve) => (done = resolve)));
  for (const v of s.viewsOf(id)) v.star.setAttribute('aria-busy', 'true');
  try {
    // A press that comes while the final state is being read back sets `wanted` again (and joins
    // this sync rather than starting one): go round until none came.
    do {
      while (s.wanted.get(id) !== s.stored.get(id)) {
        const want = s.wanted.get(id)!;
        if (want) await ctx.library.star(view.record);
        else await ctx.library.unstar(id);
        s.stored.set(id, want);
      }
      s.wanted.delete(id);
      await ctx.refresh([id]);
    } while (s.wanted.has(id));
  } catch (error) {
    const want = s.wanted.get(id);
    s.wanted.delete(id);
    for (const v of s.viewsOf(id)) {
      if (v.state) v.state = { ...v.state, starred: s.stored.get(id) ?? false };
      v.star.setAttribute('data-pd-error', '');
    }
    ctx.paint(s.viewsOf(id));
    ctx.toast.show(t(want ? 'starFailed' : 'unstarFailed', errorMessage(error)));
  } finally {
    for (const v of s.viewsOf(id)) v.star.removeAttribute('aria-busy');
    s.syncing.delete(id);
    done();
  }
}
