/**
 * Follow rules on the page, the mirror of hide (features/hide): an author, an organization, a
 * keyword or a pattern the user follows, matched by the same engine in the same pass as the hide
 * rules (features/rules: one verdict per card for both, lib/topics/rules compileRuleSets: the same
 * kinds, "unless" exceptions, regex checks and time budget). A matching card gets "following: <rule>" in its toolbar (a button: Unfollow is one press
 * away), sorts first with "Sort by relevance" (lib/page/relevance.ts), and is never hidden by a hide
 * rule — follow beats hide, as a star does: the user asked to see these papers. (A pill filter the
 * user turns on, features/signals, still applies: it is a choice made on this page.)
 *
 * Every card with an organization or named authors gets "+ Follow": its organization or its first
 * author in one press, with Undo. Follow rules are not paused with hide rules: the pause is about
 * hiding.
 */
import { t, tn } from '../../i18n';
import type { HideRule } from '../../model/library';
import { describeRule, ruleAction } from '../../topics/rules';
import type { CardView } from '../card-view';
import type { PageContext, PageFeature } from '../context';
import { byUser, el, replaceChildren } from '../dom';
import { toggleMenu, type MenuItem } from '../menu';
import { addRuleWithUndo } from '../rule-undo';
import { errorMessage } from '../types';

interface Parts {
  mark: HTMLButtonElement | null;
  button: HTMLButtonElement | null;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** What the page says of a follow rule added from it (lib/page/rule-undo.ts). */
const FOLLOW_RULE_KEYS = { alreadyThere: 'followAlreadyThere', failed: 'followFailed' } as const;

export const follow: PageFeature = {
  name: 'follow',
  init(ctx) {
    let loaded = false;
    const matched = new WeakMap<CardView, HideRule>();
    const parts = new WeakMap<CardView, Parts>();

    const match = (view: CardView) => {
      const rule = ctx.actions.ruleVerdict(view).follow;
      if (rule) matched.set(view, rule);
      else matched.delete(view);
      view.followedBy = rule ? describeRule(rule) : null;
    };
    const followRules = () => ctx.actions.rules().all.filter((r) => ruleAction(r) === 'follow');
    /** The follow rule of this kind and name, if the user has one. */
    const existing = (kind: 'author' | 'organization', name: string) =>
      followRules().find((r) => r.kind === kind && norm(r.pattern) === norm(name));

    const unfollow = (rule: HideRule) =>
      void ctx.library
        .removeRule(rule.id)
        .then(() => {
          ctx.toast.show(t('unfollowed', describeRule(rule)), {
            label: t('undo'),
            run: () =>
              void ctx.actions.follow(
                { kind: rule.kind, pattern: rule.pattern, flags: rule.flags, unless: rule.unless },
                t('followingAgain'),
              ),
          });
          return ctx.actions.reloadRules();
        })
        .catch((e: unknown) => ctx.toast.show(t('unfollowFailed', errorMessage(e))));

    ctx.actions.follow = (input, done) => addRuleWithUndo(ctx, { ...input, action: 'follow' }, done, FOLLOW_RULE_KEYS);

    /** "+ Follow": the card's organization and first author, followed or unfollowed in one press. */
    const choices = (view: CardView): MenuItem[] => {
      const { organization, authors } = view.record;
      const org = organization?.name ?? organization?.slug;
      const author = authors?.[0];
      const items: MenuItem[] = [];
      for (const [kind, name] of [
        ['organization', org],
        ['author', author],
      ] as const) {
        if (!name) continue;
        const rule = existing(kind, name);
        if (rule)
          items.push({ label: t('unfollowNamed', name), ariaLabel: t('unfollowRuleLabel', describeRule(rule)), run: () => unfollow(rule) });
        else if (kind === 'organization')
          items.push({
            label: t('followNamed', name),
            ariaLabel: t('followOrganizationLabel', name),
            run: () => void ctx.actions.follow({ kind, pattern: name }, t('followingOrganization', name)),
          });
        else
          items.push({
            label: t('followNamed', name),
            ariaLabel: t('followAuthorLabel', name),
            run: () => void ctx.actions.follow({ kind, pattern: name }, t('followingAuthor', name)),
          });
      }
      return items;
    };

    const render = (view: CardView) => {
      let own = parts.get(view);
      if (!own) parts.set(view, (own = { mark: null, button: null }));
      const rule = matched.get(view);
      if (rule && !own.mark) {
        own.mark = el(ctx.doc, 'button', { class: 'pd-follow-mark', attrs: { type: 'button', 'aria-expanded': 'false' } });
        own.mark.addEventListener('click', (e) => {
          e.preventDefault();
          e.stopPropagation();
          const current = matched.get(view);
          if (!byUser(e) || !current) return;
          toggleMenu(ctx.doc, own.mark!, t('followMenuGroup', view.record.title), [
            {
              label: t('unfollowNamed', current.pattern),
              ariaLabel: t('unfollowRuleLabel', describeRule(current)),
              run: () => unfollow(current),
            },
          ]);
        });
      }
      if (own.mark) {
        own.mark.hidden = !rule;
        if (rule) {
          replaceChildren(own.mark, t('followingMark', rule.pattern));
          own.mark.title = t('followingMarkTitle', describeRule(rule));
          own.mark.setAttribute('aria-label', t('followingMarkLabel', describeRule(rule)));
        }
        if (own.mark.parentNode !== view.slot) view.slot.prepend(own.mark);
      }
      const { organization, authors } = view.record;
      if (!own.button && (organization || authors?.length)) {
        own.button = followButton(ctx, view);
        own.button.addEventListener('click', (e) => {
          e.preventDefault();
          e.stopPropagation();
          if (byUser(e)) toggleMenu(ctx.doc, own.button!, t('followMenuGroup', view.record.title), choices(view));
        });
      }
      if (own.button && own.button.parentNode !== view.slot)
        view.slot.insertBefore(own.button, own.mark?.nextSibling ?? view.slot.firstChild);
    };

    return {
      ready() {
        loaded = true;
        for (const view of ctx.views()) match(view);
      },
      // Known before hide decides (features/index.ts order): a followed card never flashes folded.
      added: (view) => loaded && match(view),
      decide(views) {
        for (const view of views) match(view);
      },
      paint(views) {
        for (const view of views) render(view);
      },
      pill() {
        const n = ctx.views().filter((v) => v.followedBy !== null).length;
        return { parts: n ? [tn(n, 'pillFollowingOne', 'pillFollowingOther')] : [] };
      },
      destroy() {
        for (const view of ctx.views()) {
          const own = parts.get(view);
          own?.mark?.remove();
          own?.button?.remove();
        }
      },
    };
  },
};

const prototypes = new WeakMap<Document, HTMLButtonElement>();

/** "+ Follow", cloned from one prototype per page (cheaper than building it card by card). */
function followButton(ctx: PageContext, view: CardView): HTMLButtonElement {
  let proto = prototypes.get(ctx.doc);
  if (!proto) {
    proto = el(
      ctx.doc,
      'button',
      { class: 'pd-follow', attrs: { type: 'button', 'aria-expanded': 'false', title: t('followButtonTitle') } },
      t('followButton'),
    );
    prototypes.set(ctx.doc, proto);
  }
  const button = proto.cloneNode(true) as HTMLButtonElement;
  button.setAttribute('aria-label', t('followButtonLabel', view.record.title));
  return button;
}
