/**
 * Hidden topics on the page: cards a rule matches fold to one line naming the rule (or dim, or go
 * out of view), each with "Show"; the pill counts them and offers "Show all". Starred papers and
 * followed ones (features/follow: follow beats hide, as a star does) are never hidden by a rule; a
 * pause keeps the rules and hides nothing. The pill's filters (features/signals) fold through
 * here too, with their own reason, and "Show" and "Show all" bring those cards back as well. Rules added from the page (a selection,
 * "not interested" offers) fold what they match at once and offer Undo.
 */
import { t, tn } from '../../i18n';
import { describeRule } from '../../topics/rules';
import type { CardView } from '../card-view';
import type { PageFeature, PillPart } from '../context';
import { el } from '../dom';
import { addRuleWithUndo } from '../rule-undo';

/** What the page says of a hide rule added from it (lib/page/rule-undo.ts). */
const HIDE_RULE_KEYS = { alreadyThere: 'ruleAlreadyThere', failed: 'addRuleFailed' } as const;

export const hide: PageFeature = {
  name: 'hide',
  init(ctx) {
    /** Rules are in: new cards are matched the moment they are read. */
    let loaded = false;
    /** "Show" on a card, and "Show all": they win over rules until the next visit. */
    const revealed = new Set<string>();
    let revealAll = false;

    // The rules' verdict is read once per card for hide and follow together (features/rules).
    const apply = (view: CardView) => {
      if (revealAll || revealed.has(view.id)) return view.setHidden(null);
      const exempt = ctx.settings().pauseRules || view.starred || view.followedBy !== null;
      const rule = exempt ? null : ctx.actions.ruleVerdict(view).hide;
      if (rule) view.setHidden(describeRule(rule), rule.mode ?? 'fold');
      else view.setHidden(view.filteredBy, 'fold');
    };
    /** Folded (or dimmed) by a rule, not by a pill filter. */
    const byRule = (v: CardView) => v.hiddenBy !== null && v.hiddenBy !== v.filteredBy;
    const setRevealAll = (on: boolean) => {
      revealAll = on;
      if (!on) revealed.clear();
      ctx.paint(ctx.views());
    };

    ctx.actions.reveal = (view) => {
      revealed.add(view.id);
      ctx.paint(ctx.views().filter((v) => v.id === view.id));
      view.star.focus();
      ctx.toast.announce(t('announceShown', view.record.title));
    };
    ctx.actions.refold = (view) => {
      if (!revealed.delete(view.id)) return false;
      ctx.paint([view]);
      return true;
    };
    ctx.actions.addRule = (input, done) => addRuleWithUndo(ctx, input, done, HIDE_RULE_KEYS);

    return {
      ready() {
        loaded = true;
        // Cards read before the rules arrived: fold the matching ones before the page shows them.
        for (const view of ctx.views()) apply(view);
      },
      // Folded in the same frame it was read, before the browser paints it (no flash).
      added: (view) => loaded && apply(view),
      decide: (views) => views.forEach(apply),
      pill() {
        const views = ctx.views();
        const hidden = views.filter((v) => byRule(v) && v.hiddenMode !== 'dim').length;
        const dimmed = views.filter((v) => byRule(v) && v.hiddenMode === 'dim').length;
        const parts: PillPart[] = [];
        // Every paper on the page hidden is worth saying plainly: a rule may be too broad.
        const everyOne = hidden > 0 && hidden === views.length;
        if (ctx.settings().pauseRules && ctx.actions.rules().hides) parts.push(t('pillRulesPaused'));
        const button = (label: string, run: () => void) => el(ctx.doc, 'button', { attrs: { type: 'button' }, on: { click: run } }, label);
        if (hidden || dimmed) {
          if (everyOne) parts.push(tn(hidden, 'pillAllHiddenOne', 'pillAllHiddenOther'));
          else if (hidden) parts.push(tn(hidden, 'pillHiddenOne', 'pillHiddenOther'));
          if (dimmed) parts.push(t('pillDimmed', dimmed));
          parts.push(button(t('showAll'), () => setRevealAll(true)));
        } else if (revealAll) {
          const shown = views.filter((v) => !v.starred && v.followedBy === null && ctx.actions.ruleVerdict(v).hide).length;
          if (shown)
            parts.push(
              tn(shown, 'pillShownOne', 'pillShownOther'),
              button(t('hideAgain'), () => setRevealAll(false)),
            );
        }
        return { parts, warning: everyOne };
      },
    };
  },
};
