/**
 * Hugging Face's own signals on the cards, and two filters in the pill.
 *
 * - "code ★ 1.7k": the paper's GitHub repository and its stars (the record's, from the page's
 *   island), a link to the repository. Only on cards that do not show it already: the trending,
 *   daily, week and month cards have the site's own GitHub button with the stars
 *   (shared/fixtures/README.md), search results and cards without that button do not.
 * - The AI keywords (`ai_keywords`) as chips, the first few: the site computes them but shows them
 *   on no card. A chip opens a small menu: follow the keyword, or hide it (a rule each, with Undo).
 * - Pill filters: "with code only" and "≥ N upvotes". A card that fails one folds like a hidden
 *   topic, naming the filter, with "Show" (features/hide folds it: the filter's reason is
 *   `view.filteredBy`); turning the filter off brings every card back. They hold for this page
 *   (the site's own list is not changed, and the next visit starts without them).
 */
import { formatCount, t, tn } from '../../i18n';
import type { CardView } from '../card-view';
import type { PageFeature } from '../context';
import { byUser, el } from '../dom';
import { toggleMenu } from '../menu';

/** How many keyword chips a card shows (the rest are in the first chip's tooltip). */
const MAX_KEYWORDS = 3;
/** The upvote thresholds offered (0: no filter). */
export const UPVOTE_STEPS = [0, 10, 25, 50, 100, 250] as const;

/** A GitHub link of the site's own in the card (its button, or the phone rendering's). */
const SITE_GITHUB = 'a[href^="https://github.com/"]:not(.pd-code)';

/** "1.7k", "41", "12k": stars as the site writes them, in the user's locale. */
let compact: Intl.NumberFormat | null = null;
export function formatStars(n: number): string {
  compact ??= new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
  return compact.format(n).toLowerCase();
}

export const signals: PageFeature = {
  name: 'signals',
  init(ctx) {
    let codeOnly = false;
    let minUpvotes = 0;
    const made = new WeakMap<CardView, HTMLElement>();

    const filter = (view: CardView) => {
      const { github, upvotes } = view.record;
      view.filteredBy =
        codeOnly && !github
          ? t('filterCodeReason')
          : minUpvotes > 0 && (upvotes ?? 0) < minUpvotes
            ? t('filterUpvotesReason', formatCount(minUpvotes))
            : null;
    };
    const refilter = () => {
      const views = ctx.views();
      for (const view of views) filter(view);
      ctx.paint(views);
    };

    const codeButton = el(
      ctx.doc,
      'button',
      {
        class: 'pd-filter',
        attrs: { type: 'button', 'aria-pressed': 'false', title: t('filterCodeTitle') },
        on: { click: () => toggleCode() },
      },
      t('filterCode'),
    );
    const toggleCode = () => {
      codeOnly = !codeOnly;
      codeButton.setAttribute('aria-pressed', String(codeOnly));
      refilter();
    };
    // Made when the filters are first opened: its labels format numbers, and the first number
    // format a page makes costs its main thread a moment (ICU data) that most pages never need.
    let select: HTMLSelectElement | null = null;
    const upvoteSelect = () =>
      (select ??= el(
        ctx.doc,
        'select',
        {
          class: 'pd-filter-select',
          attrs: { 'aria-label': t('filterUpvotesLabel'), title: t('filterUpvotesTitle') },
          on: {
            change: () => {
              minUpvotes = Number(select?.value) || 0;
              refilter();
            },
          },
        },
        ...UPVOTE_STEPS.map((n) =>
          el(ctx.doc, 'option', { attrs: { value: n } }, n ? t('filterUpvotesAtLeast', formatCount(n)) : t('filterUpvotesAny')),
        ),
      ));

    let open = false;
    const filtersButton = el(
      ctx.doc,
      'button',
      {
        class: 'pd-filters',
        attrs: { type: 'button', 'aria-expanded': 'false', title: t('filtersTitle') },
        on: {
          click: () => {
            open = true;
            ctx.updatePill();
            codeButton.focus({ preventScroll: true });
          },
        },
      },
      t('filters'),
    );

    const keywordMenu = (view: CardView, chip: HTMLButtonElement, keyword: string) =>
      toggleMenu(ctx.doc, chip, t('keywordMenuGroup', keyword), [
        {
          label: t('followKeyword', keyword),
          run: () => void ctx.actions.follow({ kind: 'keyword', pattern: keyword }, t('followingKeyword', keyword)),
        },
        {
          label: t('hideKeyword', keyword),
          run: () => void ctx.actions.addRule({ kind: 'keyword', pattern: keyword }, t('hidingKeyword', keyword)),
        },
      ]);

    /** The badge and chips of one card: made once, for the cards that have any. */
    const decorate = (view: CardView) => {
      if (made.has(view)) {
        const box = made.get(view)!;
        if (box.parentNode !== view.slot) view.slot.appendChild(box);
        return;
      }
      const { github, keywords } = view.record;
      const showCode = !!github && !view.card.querySelector(SITE_GITHUB);
      if (!showCode && !keywords?.length) return;
      const box = el(ctx.doc, 'span', { class: 'pd-signals' });
      if (showCode && github) {
        const stars = github.stars;
        box.appendChild(
          el(
            ctx.doc,
            'a',
            {
              class: 'pd-code',
              attrs: {
                href: github.repo,
                target: '_blank',
                rel: 'noopener noreferrer',
                title: stars === undefined ? t('codeBadgeTitle') : t('codeBadgeStarsTitle', formatCount(stars)),
              },
              // The card may be a link: this one opens the repository only.
              on: { click: (e) => e.stopPropagation() },
            },
            stars === undefined ? t('codeBadge') : t('codeBadgeStars', formatStars(stars)),
          ),
        );
      }
      const shown = (keywords ?? []).slice(0, MAX_KEYWORDS);
      for (const keyword of shown) {
        const chip = el(
          ctx.doc,
          'button',
          {
            class: 'pd-kw',
            attrs: { type: 'button', 'aria-expanded': 'false', 'aria-label': t('keywordChipLabel', keyword), title: t('keywordChipTitle') },
          },
          keyword,
        );
        chip.addEventListener('click', (e) => {
          e.preventDefault();
          e.stopPropagation();
          if (byUser(e)) keywordMenu(view, chip, keyword);
        });
        box.appendChild(chip);
      }
      made.set(view, box);
      view.slot.appendChild(box);
    };

    return {
      // Before hide decides (features/index.ts order): a card a filter folds never flashes.
      added: filter,
      decide(views) {
        for (const view of views) filter(view);
      },
      paint(views) {
        for (const view of views) decorate(view);
      },
      pill() {
        if (!ctx.views().length) return { parts: [] };
        const folded = ctx.views().filter((v) => v.filteredBy !== null && v.hiddenBy === v.filteredBy).length;
        const active = codeOnly || minUpvotes > 0;
        // Folded to one short button until opened (or while a filter is on): the pill stays small
        // and never covers the site's own controls on a narrow window.
        filtersButton.setAttribute('aria-expanded', String(open || active));
        return {
          parts: [
            ...(open || active ? [codeButton, upvoteSelect()] : [filtersButton]),
            ...(active ? [tn(folded, 'pillFilteredOne', 'pillFilteredOther')] : []),
          ],
        };
      },
      destroy() {
        for (const view of ctx.views()) {
          made.get(view)?.remove();
          view.filteredBy = null;
        }
      },
    };
  },
};
