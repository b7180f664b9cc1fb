/**
 * "For you" on a papers page (issue 7): each card gets a subtle relevance mark ("for you 0.82",
 * highlighted for the best ones) whose tooltip names the words that drove it, a "not interested"
 * button, and the pill gets "Sort by relevance". Scores come from the background's model
 * (lib/rank/service) by message; with fewer than 5 stars the pill says so instead of guessing.
 *
 * Run as a page feature by lib/page/features/relevance.ts: paint(views) after the cards' state is
 * painted, onChange() for library changes, pillParts() for the pill. Marks live in each CardView's `slot`.
 * Sorting (lib/page/card-order.ts) keeps the site working, and turned off, the original order
 * comes back. Hidden topics still win: a folded card gets no mark and sorts last.
 */
import { formatScore, t, tn } from '../i18n';
import type { CardScore, CardScores, RankState } from '../rank/types';
import { toggleAttr } from './card-parts';
import { describeScore, type RelevanceOptions } from './relevance-parts';
import type { CardView } from './card-view';
import { CardOrder } from './card-order';
import { afterParsed, byUser, el, replaceChildren } from './dom';
import type { PageChange } from './types';

export { describeScore, RELEVANCE_ATTRS, type RelevanceOptions, type RelevanceSource } from './relevance-parts';

interface Mark {
  root: HTMLSpanElement;
  label: HTMLSpanElement;
  button: HTMLButtonElement;
}

export class Relevance {
  private readonly doc: Document;
  private readonly scores = new Map<string, CardScore>();
  private readonly notInterested = new Set<string>();
  /** Ids asked for since the model last changed. */
  private readonly asked = new Set<string>();
  private readonly pending = new Set<string>();
  private readonly marks = new WeakMap<CardView, Mark>();
  private status: { state: RankState; starred: number; needed: number } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sorted = false;
  /** Moves the cards into relevance order and back (lib/page/card-order.ts). */
  private readonly order = new CardOrder();
  private destroyed = false;

  constructor(private readonly opts: RelevanceOptions) {
    this.doc = opts.doc;
  }

  /**
   * Cards read off the page, near the viewport or not: their scores are asked for (one message of
   * ids), so the pill's count and "Sort by relevance" know every card, not only those decorated.
   */
  want(views: readonly CardView[]): void {
    let added = false;
    for (const view of views) {
      if (!this.asked.has(view.id)) {
        this.pending.add(view.id);
        added = true;
      }
    }
    if (added) this.schedule();
  }

  /** After the app painted these cards (state, hidden topics), near the viewport: their marks. */
  paint(views: readonly CardView[]): void {
    for (const view of views) this.render(view);
    this.want(views);
  }

  onChange(change: PageChange): void {
    // A retrained model (ids: []) rescores every card; a "not interested" elsewhere, its cards;
    // a star changes how many more stars the cold start needs.
    if (change.what.includes('rank') || change.what.includes('stars')) {
      const every = change.ids.length === 0 || change.what.includes('stars');
      // A set: a page's own read changes the ranks of its 1,000 papers, asked of its 1,000 cards.
      const ids = new Set(change.ids);
      for (const view of this.opts.views()) {
        if (every || ids.has(view.id)) {
          this.asked.delete(view.id);
          this.pending.add(view.id);
        }
      }
      this.schedule();
    }
  }

  /** The pill's part: the cold-start note, or the sort toggle. */
  pillParts(): Array<string | HTMLElement> {
    const status = this.status;
    if (!status) return [];
    if (status.state === 'cold') {
      const more = status.needed - status.starred;
      return [
        el(
          this.doc,
          'span',
          {
            class: 'pd-rel-note',
            attrs: { title: t('rankColdTitle', status.needed) },
          },
          tn(more, 'rankColdOne', 'rankColdOther'),
        ),
      ];
    }
    if (status.state === 'training') return [t('rankTraining')];
    const top = this.opts.views().filter((v) => this.isTop(v)).length;
    return [
      ...(top ? [t('pillForYou', top)] : []),
      el(
        this.doc,
        'button',
        {
          class: 'pd-sort',
          attrs: {
            type: 'button',
            'aria-pressed': String(this.sorted),
            title: this.sorted ? t('sortOriginalTitle') : t('sortRelevanceTitle'),
          },
          on: { click: () => this.setSorted(!this.sorted) },
        },
        this.sorted ? t('sortOriginal') : t('sortRelevance'),
      ),
    ];
  }

  get isSorted(): boolean {
    return this.sorted;
  }

  setSorted(on: boolean): void {
    if (on === this.sorted) return;
    this.sorted = on;
    if (on) this.sort();
    else this.order.restore();
    this.opts.updatePill();
  }

  /** Takes everything off the page and puts the cards back in order. */
  destroy(): void {
    this.destroyed = true;
    if (this.timer) clearTimeout(this.timer);
    this.order.restore();
    for (const view of this.opts.views()) {
      this.marks.get(view)?.root.remove();
      view.card.removeAttribute('data-pd-top');
      view.card.removeAttribute('data-pd-not-interested');
    }
  }

  // ---- scores ------------------------------------------------------------------------------

  private schedule(): void {
    if (this.timer || this.destroyed) return;
    // One request for all the cards painted in this task; while the page parses, the first screen's
    // at once and the rest together once it is parsed (not one request a frame).
    const later = this.asked.size > 0 && this.doc.readyState === 'loading' ? afterParsed(this.doc) : Promise.resolve();
    this.timer = setTimeout(() => {
      void later.then(() => {
        this.timer = null;
        void this.fetch();
      });
    }, 0);
  }

  private async fetch(): Promise<void> {
    const ids = [...this.pending];
    this.pending.clear();
    if (!ids.length || this.destroyed) return;
    for (const id of ids) this.asked.add(id);
    let answer: CardScores;
    try {
      answer = await this.opts.source.scoreCards(ids);
    } catch (error) {
      // Asked again on the next paint; marks are a nicety, never an error on the page.
      for (const id of ids) this.asked.delete(id);
      console.debug('[paperdeck] relevance: scores not available', error);
      return;
    }
    if (this.destroyed) return;
    this.status = { state: answer.state, starred: answer.starred, needed: answer.needed };
    const marked = new Set(answer.notInterested);
    for (const id of ids) {
      const score = answer.scores[id];
      if (score) this.scores.set(id, score);
      else this.scores.delete(id);
      if (marked.has(id)) this.notInterested.add(id);
      else this.notInterested.delete(id);
    }
    const wanted = new Set(ids);
    const views = this.opts.views();
    // Cards not decorated yet get their marks when they are (paint).
    for (const view of views) if (wanted.has(view.id) && view.decorated) this.render(view);
    if (this.sorted) this.sort();
    this.opts.updatePill();
  }

  // ---- marks -------------------------------------------------------------------------------

  private isTop(view: CardView): boolean {
    const score = this.scores.get(view.id);
    return !!score?.top && this.showsMark(view) && !this.notInterested.has(view.id);
  }

  /** Starred papers are already yours; folded ones are hidden topics (they win). */
  private showsMark(view: CardView): boolean {
    return !view.starred && view.hiddenBy === null;
  }

  private render(view: CardView): void {
    const mark = this.markOf(view);
    const score = this.scores.get(view.id);
    const dismissed = this.notInterested.has(view.id);
    const shown = this.showsMark(view);
    toggleAttr(view.card, 'data-pd-top', this.isTop(view));
    toggleAttr(view.card, 'data-pd-not-interested', dismissed && shown);
    mark.root.hidden = !shown;
    mark.button.setAttribute('aria-pressed', String(dismissed));
    mark.button.setAttribute('aria-label', dismissed ? t('undoNotInterested') : t('notInterested'));
    mark.button.title = dismissed ? t('undoNotInterestedTitle') : t('notInterestedTitle');
    if (dismissed) {
      mark.label.hidden = false;
      mark.label.removeAttribute('data-pd-level');
      mark.label.title = t('notInterestedMarkTitle');
      replaceChildren(mark.label, t('notInterestedMark'));
    } else if (score) {
      mark.label.hidden = false;
      mark.label.setAttribute('data-pd-level', score.top ? 'top' : score.score >= 0.5 ? 'mid' : 'low');
      mark.label.title = describeScore(score);
      replaceChildren(mark.label, t('forYouMark', formatScore(score.score)));
    } else {
      mark.label.hidden = true;
    }
  }

  private prototype: HTMLSpanElement | null = null;

  private markOf(view: CardView): Mark {
    let mark = this.marks.get(view);
    if (mark && mark.root.parentNode === view.slot) return mark;
    // A clone of one prototype per card (cheaper than building each element from here).
    this.prototype ??= el(
      this.doc,
      'span',
      { class: 'pd-rel-mark' },
      el(this.doc, 'span', { class: 'pd-rel', attrs: { hidden: true } }),
      el(this.doc, 'button', { class: 'pd-ni', attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': t('notInterested') } }, '⊘'),
    );
    const root = this.prototype.cloneNode(true) as HTMLSpanElement;
    const [label, button] = root.children as unknown as [HTMLSpanElement, HTMLButtonElement];
    button.addEventListener('click', (e) => {
      // The card may be a link: the button must not open the paper.
      e.preventDefault();
      e.stopPropagation();
      if (byUser(e)) void this.toggleNotInterested(view);
    });
    view.slot.appendChild(root);
    mark = { root, label, button };
    this.marks.set(view, mark);
    return mark;
  }

  private async toggleNotInterested(view: CardView): Promise<void> {
    const id = view.id;
    const on = !this.notInterested.has(id);
    const apply = (value: boolean) => {
      if (value) this.notInterested.add(id);
      else this.notInterested.delete(id);
      for (const v of this.opts.views()) if (v.id === id) this.render(v);
      this.opts.updatePill();
    };
    apply(on);
    try {
      await this.opts.source.notInterested(id, on);
      if (on) this.opts.offerRules?.(view);
    } catch (error) {
      apply(!on);
      const message = error && typeof error === 'object' && 'userMessage' in error ? String(error.userMessage) : '';
      this.opts.notify(t('notInterestedFailed', message).trim());
    }
  }

  /**
   * Sort key: hidden topics last, then "not interested"; followed papers (features/follow) first,
   * each group by the model's margin.
   */
  private keyOf(view: CardView): number {
    if (view.hiddenBy !== null) return -1e12;
    if (this.notInterested.has(view.id)) return -1e9;
    const raw = this.scores.get(view.id)?.raw;
    if (view.followedBy !== null) return 1e9 + (raw ?? 0);
    return raw ?? -1e6;
  }

  private sort(): void {
    this.order.sort(this.opts.views(), (view) => this.keyOf(view));
  }
}
