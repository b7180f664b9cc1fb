/**
 * "For you" on a papers page: relevance marks, "not interested" and "Sort by relevance"
 * (lib/page/relevance.ts), with hide rules offered after a "not interested".
 */
import { t } from '../../i18n';
import type { CardView } from '../card-view';
import type { PageContext, PageFeature } from '../context';
import { Relevance } from '../relevance';
import type { ToastAction } from '../toast';

export const relevance: PageFeature = {
  name: 'relevance',
  init(ctx) {
    if (!ctx.rank) return {};
    const feature = new Relevance({
      doc: ctx.doc,
      source: ctx.rank,
      views: ctx.views,
      updatePill: ctx.updatePill,
      notify: (text) => ctx.toast.show(text),
      offerRules: (view) => offerRules(ctx, view),
    });
    return {
      decide: (views) => feature.want(views),
      paint: (views) => feature.paint(views),
      change: (change) => feature.onChange(change),
      pill: () => ({ parts: feature.pillParts() }),
      destroy: () => feature.destroy(),
    };
  },
};

/**
 * "Not interested" teaches the ranking; a rule hides such papers outright. Offered after the mark:
 * the paper's organization and its first author, each one press away (with Undo).
 */
function offerRules(ctx: PageContext, view: CardView): void {
  const { organization, authors } = view.record;
  const org = organization?.name ?? organization?.slug;
  const author = authors?.[0];
  const offers: ToastAction[] = [];
  if (org) {
    offers.push({
      label: t('offerHideOrganization', org),
      ariaLabel: t('offerHideOrganizationLabel', org),
      run: () => void ctx.actions.addRule({ kind: 'organization', pattern: org }, t('hidingOrganization', org)),
    });
  }
  if (author) {
    offers.push({
      label: t('offerHideAuthor', author),
      ariaLabel: t('offerHideAuthorLabel', author),
      run: () => void ctx.actions.addRule({ kind: 'author', pattern: author }, t('hidingAuthor', author)),
    });
  }
  ctx.toast.show(offers.length ? t('notInterestedOffer') : t('notInterestedNoted'), offers);
}
