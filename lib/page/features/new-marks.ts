/**
 * "New" since the last visit: a badge on papers first seen today, their count in the pill, and —
 * when the user asks for it in the settings — papers seen on an earlier visit dimmed.
 */
import { t } from '../../i18n';
import type { CardView } from '../card-view';
import type { PageFeature } from '../context';

const DIM_SEEN = 'data-pd-dim-seen';

/**
 * New: first seen today. A paper whose state is known but has no first sighting is not in the
 * library yet — this very read is its first (its record may still be on the way).
 */
export function isNew(view: CardView, today: number): boolean {
  if (!view.state) return false;
  const first = view.state.firstSeenAt;
  return first === undefined || first >= today;
}

export const newMarks: PageFeature = {
  name: 'new-marks',
  init(ctx) {
    const today = () => new Date(ctx.now()).setHours(0, 0, 0, 0);
    const root = ctx.doc.documentElement;
    const applySettings = () => root.toggleAttribute(DIM_SEEN, ctx.settings().dimSeen);
    return {
      ready: applySettings,
      // The "seen before" mark dims a card (a setting): decided for every card, like a fold.
      decide(views) {
        const since = today();
        for (const view of views) view.setNew(isNew(view, since));
      },
      pill() {
        const since = today();
        const fresh = ctx.views().filter((v) => isNew(v, since)).length;
        return { parts: fresh ? [t('pillNew', fresh)] : [] };
      },
      change(change) {
        if (change.what.includes('settings')) applySettings();
      },
      destroy: () => root.removeAttribute(DIM_SEEN),
    };
  },
};
