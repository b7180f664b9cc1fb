import { t, type MessageKey } from '../i18n';
import { describeRule, type RuleInput } from '../topics/rules';
import type { PageContext } from './context';
import { errorMessage } from './types';

/**
 * Adds a rule from the page (features/hide's "hide this topic", features/follow's "+ Follow") and
 * says so with Undo. An "added" rule that was already there (the library answers an identical rule
 * with the one it has) is said to be there and offers no Undo: that would remove the user's own.
 */
export async function addRuleWithUndo(
  ctx: PageContext,
  input: RuleInput,
  done: string,
  messages: { alreadyThere: MessageKey; failed: MessageKey },
): Promise<void> {
  try {
    const had = new Set(ctx.actions.rules().all.map((r) => r.id));
    const rule = await ctx.library.addRule(input);
    await ctx.actions.reloadRules();
    if (had.has(rule.id)) return ctx.toast.show(t(messages.alreadyThere, describeRule(rule)));
    ctx.toast.show(done, {
      label: t('undo'),
      run: () =>
        void ctx.library
          .removeRule(rule.id)
          .then(() => ctx.actions.reloadRules())
          .catch((e) => ctx.toast.show(errorMessage(e))),
    });
  } catch (error) {
    ctx.toast.show(t(messages.failed, errorMessage(error)));
  }
}
