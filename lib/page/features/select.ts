/**
 * Bulk actions: "Star N shown" in the pill stars every paper on screen (not hidden, not starred yet)
 * in one transaction, with Undo; "Select" (or v on a card) turns on a checkbox per card, to star or
 * unstar a chosen few at once.
 */
import { t, tn } from '../../i18n';
import type { CardView } from '../card-view';
import type { PageFeature, PillPart } from '../context';
import { el } from '../dom';
import { errorMessage } from '../types';

export const select: PageFeature = {
  name: 'select',
  init(ctx) {
    let selecting = false;
    const selected = new Set<string>();

    const setSelecting = (on: boolean) => {
      selecting = on;
      if (!on) selected.clear();
      ctx.paint(ctx.views());
    };
    const pick = (view: CardView, on: boolean) => {
      if (on) selected.add(view.id);
      else selected.delete(view.id);
      ctx.paint(ctx.views().filter((v) => v.id === view.id));
    };

    /** Stars many at once (one transaction), with Undo for exactly the ones this starred. */
    const starIds = async (ids: string[]) => {
      try {
        const before = new Set(
          ctx
            .views()
            .filter((v) => v.starred)
            .map((v) => v.id),
        );
        const added = await ctx.library.starMany(ids);
        const newly = ids.filter((id) => !before.has(id));
        await ctx.refresh(ids);
        ctx.toast.show(tn(added, 'starredManyOne', 'starredManyOther'), {
          label: t('undo'),
          run: () =>
            void ctx.library
              .unstarMany(newly)
              .then(() => ctx.refresh(newly))
              .catch((e) => ctx.toast.show(errorMessage(e))),
        });
      } catch (error) {
        ctx.toast.show(t('starManyFailed', errorMessage(error)));
      }
    };
    const unstarIds = async (ids: string[]) => {
      try {
        const removed = await ctx.library.unstarMany(ids);
        await ctx.refresh(ids);
        ctx.toast.show(tn(removed, 'unstarredManyOne', 'unstarredManyOther'));
      } catch (error) {
        ctx.toast.show(t('unstarManyFailed', errorMessage(error)));
      }
    };
    /** Ids of the papers shown (not folded, hidden or dimmed by a rule) and not starred. */
    const visibleUnstarred = () => [
      ...new Set(
        ctx
          .views()
          .filter((v) => v.state && !v.starred && v.hiddenBy === null)
          .map((v) => v.id),
      ),
    ];

    ctx.actions.toggleSelected = (view) => {
      if (!selecting) {
        selecting = true;
        ctx.paint(ctx.views());
      }
      pick(view, !selected.has(view.id));
    };

    return {
      paint(views) {
        for (const view of views) view.setSelectable(selecting, selected.has(view.id), pick);
      },
      pill() {
        const button = (label: string, run: () => void, aria: string) =>
          el(ctx.doc, 'button', { attrs: { type: 'button', 'aria-label': aria }, on: { click: run } }, label);
        const parts: PillPart[] = [];
        if (selecting) {
          const n = selected.size;
          parts.push(t('pillSelected', n));
          if (n) {
            parts.push(button(t('starSelected'), () => void starIds([...selected]), t('starSelectedLabel', n)));
            parts.push(button(t('unstarSelected'), () => void unstarIds([...selected]), t('unstarSelectedLabel', n)));
          }
          parts.push(button(t('done'), () => setSelecting(false), t('leaveSelection')));
        } else if (ctx.views().length > 1) {
          const unstarred = visibleUnstarred();
          if (unstarred.length)
            parts.push(
              button(t('starAllShown', unstarred.length), () => void starIds(unstarred), t('starAllShownLabel', unstarred.length)),
            );
          parts.push(button(t('select'), () => setSelecting(true), t('selectLabel')));
        }
        return { parts };
      },
    };
  },
};
