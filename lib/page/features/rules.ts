/**
 * What the rules say of each card, read once for hide and follow together (issue 16): every rule
 * of both actions is compiled into one matcher (lib/topics/rules compileRuleSets), each card is
 * read once per version of the rules (and of its record), and features/follow and features/hide
 * take their part of the one verdict through `ctx.actions.ruleVerdict`. This feature also keeps
 * the rules fresh (one request per change, however many features use them) and stops a regex
 * rule that takes too long.
 */
import { t } from '../../i18n';
import type { HideRule } from '../../model/library';
import type { PaperRecord } from '../../model/paper';
import { compileRuleSets, describeRule, type RuleSetMatcher, type RuleVerdict } from '../../topics/rules';
import type { CardView } from '../card-view';
import type { PageFeature } from '../context';

export const rules: PageFeature = {
  name: 'rules',
  init(ctx) {
    let all: readonly HideRule[] = [];
    let matcher: RuleSetMatcher = compileRuleSets([]);
    /** Bumped with every new list of rules: a verdict of an older one is read again. */
    let version = 0;
    const verdicts = new WeakMap<CardView, { record: PaperRecord; version: number; verdict: RuleVerdict }>();

    /**
     * A regex rule took too long on a paper (lib/topics/matcher SLOW_REGEX_MS): the matcher has
     * left it out already; the user is told which rule, and it is turned off in the library with
     * the reason, which the rules panel shows.
     */
    const stopSlowRule = (rule: HideRule, ms: number) => {
      ctx.toast.show(t('ruleStoppedSlowToast', describeRule(rule), ms));
      ctx.library.updateRule(rule.id, { enabled: false, stopped: { reason: 'slow', ms } }).catch((error: unknown) => {
        console.debug('[paperdeck] could not turn the slow rule off', error);
      });
    };
    const setRules = (list: HideRule[]) => {
      all = list;
      matcher = compileRuleSets(list, { onSlow: stopSlowRule });
      version++;
    };

    ctx.actions.rules = () => ({ all, hides: matcher.hides, follows: matcher.follows });
    ctx.actions.ruleVerdict = (view) => {
      const known = verdicts.get(view);
      if (known && known.version === version && known.record === view.record) return known.verdict;
      const verdict = matcher.hides || matcher.follows ? matcher.match(view.record) : { hide: null, follow: null };
      verdicts.set(view, { record: view.record, version, verdict });
      return verdict;
    };
    ctx.actions.reloadRules = async () => {
      setRules(await ctx.library.listRules());
      ctx.paint(ctx.views());
    };

    return {
      // First in the list (features/index.ts): the rules are in before any feature asks.
      ready: (data) => setRules(data.rules),
      async change(change) {
        if (change.what.includes('rules')) await ctx.actions.reloadRules();
      },
    };
  },
};
