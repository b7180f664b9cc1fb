import { DEFAULT_SETTINGS } from '../model/defaults';
import type { HideRule, HideRuleKind, PaperState, Settings, Tag } from '../model/library';
import type { Guard } from './guard';
import { compileRules, describeRule, type RuleMatcher } from '../topics/rules';
import { watchPapers, type ReadCard } from '../hf/watch';
import type { ShortcutAction } from '../../components/shortcuts';
import { CardView, placeToolbars } from './card-view';
import { el, replaceChildren } from './dom';
import { installShortcuts } from './keyboard';
import { PillDodge } from './pill-dodge';
import { installSelectionHide } from './selection';
import { injectStyles, STYLE_ID } from './styles';
import { Relevance, RELEVANCE_ATTRS, type RelevanceSource } from './relevance';
import { TagEditor } from './tag-editor';
import { Toast, type ToastAction } from './toast';
import { errorMessage, type PageChange, type PageLibrary } from './types';
import { t, tn } from '../i18n';

export interface PageAppOptions {
  doc: Document;
  library: PageLibrary;
  /** Subscribes to writes made elsewhere; returns an unsubscribe function. */
  onChange(listener: (change: PageChange) => void): () => void;
  getUrl(): URL;
  signal: AbortSignal;
  now?: () => number;
  /** Rules, settings and tags, when the caller started loading them early (document_start). */
  context?: Promise<PageContextData>;
  /** The document_start guard that keeps unhandled cards invisible (lib/page/guard.ts). */
  guard?: Guard;
  /** The page reader's watcher (injectable for tests). */
  watch?: typeof watchPapers;
  /** The "for you" ranking (lib/page/relevance); without it, no relevance marks. */
  rank?: RelevanceSource;
}

const startOfDay = (ms: number) => new Date(ms).setHours(0, 0, 0, 0);

/**
 * New: first seen today. A paper whose state is known but has no first sighting is not in the
 * library yet — this very read is its first (its record may still be on the way).
 */
function isNew(view: CardView, today: number): boolean {
  if (!view.state) return false;
  const first = view.state.firstSeenAt;
  return first === undefined || first >= today;
}

/**
 * The content script's features on one papers page: star, tags, hidden topics, new marks,
 * keyboard. It reacts to cards as the page reader reports them (first read, client-side
 * navigation, infinite scroll) and to library changes made in other tabs or the popup.
 */
export class PageApp {
  private readonly doc: Document;
  private readonly library: PageLibrary;
  private readonly now: () => number;
  private readonly views = new Map<HTMLElement, CardView>();
  private tags: Tag[] = [];
  private matcher: RuleMatcher = compileRules([]);
  /** Ids of the rules the matcher was made from (an "added" rule that was already there is not undone). */
  private ruleIds = new Set<string>();
  private settings: Settings = DEFAULT_SETTINGS;
  private readonly revealed = new Set<string>();
  private revealAll = false;
  private focused: CardView | null = null;
  private editor: { view: CardView; editor: TagEditor } | null = null;
  private readonly pill: HTMLDivElement;
  /** Lifts the pill off any card toolbar passing under it. */
  private readonly dodge: PillDodge;
  private readonly toast: Toast;
  /** Star state per paper: what the user last asked for, and what the library holds. */
  private readonly wanted = new Map<string, boolean>();
  private readonly stored = new Map<string, boolean>();
  private readonly syncing = new Map<string, Promise<void>>();
  private recordFailed = false;
  /** Rules and settings are in: new cards are matched the moment they are read. */
  private loaded = false;
  /** Selection mode ("Select" in the bar, or v on a card): papers picked for one bulk action. */
  private selecting = false;
  private readonly selected = new Set<string>();
  /** "For you" marks and sorting: its own module, hooked in paint, onLibraryChange and the pill. */
  private readonly relevance: Relevance | null;
  /** Rules, settings and tags: loaded once, then kept fresh by change events. */
  readonly ready: Promise<void>;

  constructor(private readonly opts: PageAppOptions) {
    this.doc = opts.doc;
    this.library = opts.library;
    this.now = opts.now ?? Date.now;
    removeLeftovers(this.doc);
    injectStyles(this.doc);
    this.toast = new Toast(this.doc);
    this.pill = el(this.doc, 'div', { class: 'pd-ui pd-pill', attrs: { role: 'status', 'aria-label': t('extName'), hidden: true } });
    this.doc.body.appendChild(this.pill);
    this.dodge = new PillDodge(this.pill, opts.signal);
    this.relevance = opts.rank
      ? new Relevance({
          doc: this.doc,
          source: opts.rank,
          views: () => this.cardViews(),
          updatePill: () => this.updatePill(),
          notify: (text) => this.toast.show(text),
          offerRules: (view) => this.offerRules(view),
        })
      : null;
    this.ready = this.loadContext();

    const { signal } = opts;
    signal.addEventListener('abort', () => this.destroy());
    const unsubscribe = opts.onChange((change) => void this.onLibraryChange(change));
    signal.addEventListener('abort', unsubscribe);
    installShortcuts(this.doc, signal, (action) => this.shortcut(action), () => this.settings.shortcuts);
    installSelectionHide(this.doc, signal, (text) => void this.hideTopic(text));
    this.followRenderings(signal);
    (opts.watch ?? watchPapers)({
      doc: this.doc,
      getUrl: opts.getUrl,
      signal,
      onCards: (batch) => void this.onCards(batch),
      onStripped: (cards) => this.onStripped(cards),
    });
  }

  /** Every card Paperdeck currently decorates, in page order. */
  cardViews(): CardView[] {
    this.prune();
    const order = [...this.doc.querySelectorAll<HTMLElement>('[data-pd-id]')];
    return order.map((card) => this.views.get(card)).filter((v): v is CardView => v !== undefined);
  }

  private async loadContext(): Promise<void> {
    try {
      const { rules, settings, tags } = await (this.opts.context ?? loadPageContext(this.library));
      this.setRules(rules);
      this.settings = settings;
      this.tags = tags;
      this.applySettings();
      this.loaded = true;
      // Cards read before the rules arrived: fold the matching ones, then let the page show them.
      for (const view of this.cardViews()) this.applyHide(view);
      this.updatePill();
    } finally {
      this.opts.guard?.release();
    }
  }

  private async onCards(batch: ReadCard[]): Promise<void> {
    this.prune();
    const touched: CardView[] = [];
    for (const { id, card, record } of batch) {
      let view = this.views.get(card);
      if (view && view.id !== id) {
        // The site reused this element for another paper (client-side navigation).
        view.destroy();
        this.dodge.unobserve(view.toolbar);
        view = undefined;
      }
      if (view) view.record = record;
      else {
        view = new CardView(this.doc, card, id, record, {
          toggleStar: (v) => void this.toggleStar(v),
          openTags: (v) => void this.openTags(v),
          reveal: (v) => this.reveal(v),
        });
        this.views.set(card, view);
        // Folded in the same frame it was read, before the browser paints it (no flash).
        if (this.loaded) this.applyHide(view);
      }
      touched.push(view);
    }
    const ids = [...new Set(touched.map((v) => v.id))];
    const states = this.library.getState(ids);
    await this.ready;
    await this.refresh(ids, states);
    // Recorded once the cards show their state, in a task of its own: sending a page of records
    // (abstracts included) costs the page's main thread tens of ms on 1,000 cards, and nothing
    // painted depends on it (a paper the library has not seen yet is painted as new).
    await new Promise<void>((resolve) => (this.doc.defaultView ?? globalThis).setTimeout(resolve, 0));
    // A card the site rendered again for the same view is decorated, not seen a second time.
    const seen = batch.filter((b) => !b.again);
    if (this.opts.signal.aborted || !seen.length) return;
    await this.library.recordSeen(seen.map((b) => b.record)).catch((error: unknown) => {
      if (!this.recordFailed) this.toast.show(t('recordFailed', errorMessage(error)));
      this.recordFailed = true;
    });
  }

  /** Cards whose Paperdeck UI the site removed: put it back as it was. */
  private onStripped(cards: Element[]): void {
    const views: CardView[] = [];
    for (const card of cards) {
      const view = this.views.get(card as HTMLElement);
      if (!view) continue;
      view.reattach();
      views.push(view);
    }
    if (views.length) this.paint(views);
  }

  /** Re-reads the state of these papers (all on the page when ids is empty) and repaints them. */
  private async refresh(ids: string[], asked?: Promise<Record<string, PaperState>>): Promise<void> {
    const wanted = ids.length ? new Set(ids) : null;
    const views = this.cardViews().filter((v) => !wanted || wanted.has(v.id));
    if (!views.length) return;
    try {
      const states = await (asked ?? this.library.getState([...new Set(views.map((v) => v.id))]));
      // A star still being written keeps its optimistic state until the write settles.
      for (const view of views) if (!this.wanted.has(view.id)) view.state = states[view.id] ?? view.state;
    } catch (error) {
      this.toast.show(errorMessage(error));
    }
    this.paint(views);
  }

  private paint(views: CardView[]): void {
    const today = startOfDay(this.now());
    // Folds first, then where each toolbar goes (reads: which rendering is shown), then the writes.
    for (const view of views) this.applyHide(view);
    const anchors = views.map((view) => view.anchor());
    views.forEach((view, i) => {
      view.render(isNew(view, today), anchors[i] ?? null);
      view.setSelectable(this.selecting, this.selected.has(view.id), (v, on) => this.select(v, on));
      this.dodge.observe(view.toolbar);
      const show = view.foldButton;
      if (show) this.dodge.observe(show);
    });
    if (this.editor && views.includes(this.editor.view)) this.editor.editor.render();
    this.relevance?.paint(views);
    this.updatePill();
  }

  /**
   * A live card shows its desktop or its phone rendering depending on the width (selectors.ts): when
   * the window is resized, each toolbar follows the rendering that is shown — once a frame, all
   * cards read first, then moved.
   */
  private followRenderings(signal: AbortSignal): void {
    const win = this.doc.defaultView;
    if (!win) return;
    let frame: number | null = null;
    win.addEventListener(
      'resize',
      () => {
        frame ??= win.requestAnimationFrame(() => {
          frame = null;
          if (!signal.aborted) placeToolbars(this.cardViews().filter((v) => v.renderings > 1));
        });
      },
      { signal },
    );
  }

  private applyHide(view: CardView): void {
    // Starred papers are never hidden; "Show" and "Show all" win over rules until the next visit.
    // A pause keeps the rules and hides nothing.
    if (this.settings.pauseRules || view.starred || this.revealAll || this.revealed.has(view.id)) return view.setHidden(null);
    const rule = this.matcher.size ? this.matcher.match(view.record) : null;
    view.setHidden(rule ? describeRule(rule) : null, rule?.mode ?? 'fold');
  }

  private updatePill(): void {
    const views = this.cardViews();
    const today = startOfDay(this.now());
    const fresh = views.filter((v) => isNew(v, today)).length;
    const hidden = views.filter((v) => v.hiddenBy !== null && v.hiddenMode !== 'dim').length;
    const dimmed = views.filter((v) => v.hiddenBy !== null && v.hiddenMode === 'dim').length;
    const revealedCount = this.revealAll ? views.filter((v) => !v.starred && this.matcher.match(v.record)).length : 0;
    const parts: Array<string | HTMLElement> = [];
    const everyOne = hidden > 0 && hidden === views.length;
    this.pill.toggleAttribute('data-pd-warning', everyOne);
    if (fresh) parts.push(t('pillNew', fresh));
    if (this.settings.pauseRules && this.matcher.size) parts.push(t('pillRulesPaused'));
    if (hidden || dimmed) {
      // Every paper on the page hidden is worth saying plainly: a rule may be too broad.
      if (everyOne) parts.push(tn(hidden, 'pillAllHiddenOne', 'pillAllHiddenOther'));
      else if (hidden) parts.push(tn(hidden, 'pillHiddenOne', 'pillHiddenOther'));
      if (dimmed) parts.push(t('pillDimmed', dimmed));
      parts.push(el(this.doc, 'button', { attrs: { type: 'button' }, on: { click: () => this.setRevealAll(true) } }, t('showAll')));
    } else if (revealedCount) {
      parts.push(tn(revealedCount, 'pillShownOne', 'pillShownOther'));
      parts.push(el(this.doc, 'button', { attrs: { type: 'button' }, on: { click: () => this.setRevealAll(false) } }, t('hideAgain')));
    }
    const button = (label: string, run: () => void, aria?: string) =>
      el(this.doc, 'button', { attrs: { type: 'button', ...(aria ? { 'aria-label': aria } : {}) }, on: { click: run } }, label);
    if (this.selecting) {
      const n = this.selected.size;
      parts.push(t('pillSelected', n));
      if (n) {
        parts.push(button(t('starSelected'), () => void this.starIds([...this.selected]), t('starSelectedLabel', n)));
        parts.push(button(t('unstarSelected'), () => void this.unstarIds([...this.selected]), t('unstarSelectedLabel', n)));
      }
      parts.push(button(t('done'), () => this.setSelecting(false), t('leaveSelection')));
    } else if (views.length > 1) {
      const unstarred = this.visibleUnstarred();
      if (unstarred.length) parts.push(button(t('starAllShown', unstarred.length), () => void this.starIds(unstarred), t('starAllShownLabel', unstarred.length)));
      parts.push(button(t('select'), () => this.setSelecting(true), t('selectLabel')));
    }
    parts.push(...(this.relevance?.pillParts() ?? []));
    const joined = parts.flatMap((p, i) => (i > 0 && typeof p === 'string' ? [' · ', p] : [p]));
    replaceChildren(this.pill, ...joined);
    this.pill.hidden = parts.length === 0;
  }

  /** Ids of the papers shown (not folded, hidden or dimmed by a rule) and not starred. */
  private visibleUnstarred(): string[] {
    return [...new Set(this.cardViews().filter((v) => v.state && !v.starred && v.hiddenBy === null).map((v) => v.id))];
  }

  private setSelecting(on: boolean): void {
    this.selecting = on;
    if (!on) this.selected.clear();
    this.paint(this.cardViews());
  }

  private select(view: CardView, on: boolean): void {
    if (on) this.selected.add(view.id);
    else this.selected.delete(view.id);
    this.paint(this.cardViews().filter((v) => v.id === view.id));
  }

  /** Stars many at once (one transaction), with Undo for exactly the ones this starred. */
  private async starIds(ids: string[]): Promise<void> {
    try {
      const before = new Set(this.cardViews().filter((v) => v.starred).map((v) => v.id));
      const added = await this.library.starMany(ids);
      const newly = ids.filter((id) => !before.has(id));
      await this.refresh(ids);
      this.toast.show(tn(added, 'starredManyOne', 'starredManyOther'), {
        label: t('undo'),
        run: () => void this.library.unstarMany(newly).then(() => this.refresh(newly)).catch((e) => this.toast.show(errorMessage(e))),
      });
    } catch (error) {
      this.toast.show(t('starManyFailed', errorMessage(error)));
    }
  }

  private async unstarIds(ids: string[]): Promise<void> {
    try {
      const removed = await this.library.unstarMany(ids);
      await this.refresh(ids);
      this.toast.show(tn(removed, 'unstarredManyOne', 'unstarredManyOther'));
    } catch (error) {
      this.toast.show(t('unstarManyFailed', errorMessage(error)));
    }
  }

  private setRevealAll(on: boolean): void {
    this.revealAll = on;
    if (!on) this.revealed.clear();
    this.paint(this.cardViews());
  }

  private reveal(view: CardView): void {
    this.revealed.add(view.id);
    this.paint(this.cardViews().filter((v) => v.id === view.id));
    view.star.focus();
  }

  /**
   * The star answers at once (optimistic) and the library is brought to the state the user last
   * asked for: quick repeated presses end in the last one's state, never in a lost toggle.
   * A failure puts the star back to what is really stored and says why.
   */
  private toggleStar(view: CardView): Promise<void> {
    const id = view.id;
    const want = !view.starred;
    const same = this.cardViews().filter((v) => v.id === id);
    if (!this.wanted.has(id)) this.stored.set(id, view.starred);
    this.wanted.set(id, want);
    for (const v of same) {
      const s = v.state;
      v.state = { ...s, starred: want, tags: s?.tags ?? [], seenBefore: s?.seenBefore ?? false };
      v.star.removeAttribute('data-pd-error');
    }
    this.paint(same);
    return this.syncing.get(id) ?? this.syncStar(view);
  }

  private async syncStar(view: CardView): Promise<void> {
    const id = view.id;
    let done!: () => void;
    this.syncing.set(id, new Promise<void>((resolve) => (done = resolve)));
    const viewsOf = () => this.cardViews().filter((v) => v.id === id);
    for (const v of viewsOf()) v.star.setAttribute('aria-busy', 'true');
    try {
      // A press that comes while the final state is being read back sets `wanted` again (and
      // joins this sync rather than starting one): go round until none came.
      do {
        while (this.wanted.get(id) !== this.stored.get(id)) {
          const want = this.wanted.get(id)!;
          if (want) await this.library.star(view.record);
          else await this.library.unstar(id);
          this.stored.set(id, want);
        }
        this.wanted.delete(id);
        await this.refresh([id]);
      } while (this.wanted.has(id));
    } catch (error) {
      const want = this.wanted.get(id);
      this.wanted.delete(id);
      for (const v of viewsOf()) {
        if (v.state) v.state = { ...v.state, starred: this.stored.get(id) ?? false };
        v.star.setAttribute('data-pd-error', '');
      }
      this.paint(viewsOf());
      this.toast.show(t(want ? 'starFailed' : 'unstarFailed', errorMessage(error)));
    } finally {
      for (const v of viewsOf()) v.star.removeAttribute('aria-busy');
      this.syncing.delete(id);
      done();
    }
  }

  private async openTags(view: CardView): Promise<void> {
    if (this.editor?.view === view) return this.editor.editor.focus();
    this.closeEditor(false);
    if (!view.starred) {
      await this.toggleStar(view);
      if (!view.starred) return;
    }
    const editor = new TagEditor({
      doc: this.doc,
      tags: () => view.state?.tags ?? [],
      allTags: () => this.tags,
      add: async (name) => {
        const tag = await this.library.tag(view.id, name);
        if (!this.tags.some((t) => t.id === tag.id)) this.tags = [...this.tags, tag];
        await this.refresh([view.id]);
      },
      remove: async (tag) => {
        await this.library.untag(view.id, tag.id);
        await this.refresh([view.id]);
      },
      status: () => view.state?.status,
      setStatus: async (status) => {
        await this.library.setStatus(view.id, status);
        await this.refresh([view.id]);
      },
      note: () => view.state?.note ?? '',
      setNote: async (text) => {
        await this.library.setNote(view.id, text);
        await this.refresh([view.id]);
      },
      close: () => this.closeEditor(true),
    });
    this.editor = { view, editor };
    // Under the card's toolbar, wherever that is (it follows the rendering that is shown).
    view.toolbar.appendChild(editor.node);
    editor.focus();
  }

  private closeEditor(restoreFocus: boolean): void {
    const current = this.editor;
    if (!current) return;
    this.editor = null;
    current.editor.node.remove();
    if (restoreFocus) current.view.star.focus();
  }

  private hideTopic(text: string): Promise<void> {
    return this.addRule({ kind: 'keyword', pattern: text }, t('hidingTopic', text));
  }

  /** Adds a hide rule from the page, folds what it matches, and offers Undo. */
  private async addRule(input: { kind: HideRuleKind; pattern: string }, done: string): Promise<void> {
    try {
      const had = this.ruleIds; // replaced, never changed in place, by the reload below
      const rule = await this.library.addRule(input);
      await this.reloadRules();
      // The library answers an identical rule with the one it has: Undo would remove the user's own.
      if (had.has(rule.id)) return this.toast.show(t('ruleAlreadyThere', describeRule(rule)));
      this.toast.show(done, {
        label: t('undo'),
        run: () => void this.library.removeRule(rule.id).then(() => this.reloadRules()).catch((e) => this.toast.show(errorMessage(e))),
      });
    } catch (error) {
      this.toast.show(t('addRuleFailed', errorMessage(error)));
    }
  }

  /**
   * "Not interested" teaches the ranking; a rule hides such papers outright. Offered after the
   * mark: the paper's organization and its first author, each one press away (with Undo).
   */
  private offerRules(view: CardView): void {
    const { organization, authors } = view.record;
    const org = organization?.name ?? organization?.slug;
    const author = authors?.[0];
    const offers: ToastAction[] = [];
    if (org) {
      offers.push({
        label: t('offerHideOrganization', org),
        ariaLabel: t('offerHideOrganizationLabel', org),
        run: () => void this.addRule({ kind: 'organization', pattern: org }, t('hidingOrganization', org)),
      });
    }
    if (author) {
      offers.push({
        label: t('offerHideAuthor', author),
        ariaLabel: t('offerHideAuthorLabel', author),
        run: () => void this.addRule({ kind: 'author', pattern: author }, t('hidingAuthor', author)),
      });
    }
    this.toast.show(offers.length ? t('notInterestedOffer') : t('notInterestedNoted'), offers);
  }

  private setRules(rules: HideRule[]): void {
    this.matcher = compileRules(rules, { onSlow: (rule, ms) => this.stopSlowRule(rule, ms) });
    this.ruleIds = new Set(rules.map((r) => r.id));
  }

  /**
   * A regex rule took too long on a paper (lib/topics/rules SLOW_REGEX_MS): the matcher has left
   * it out already; the user is told which rule, and it is turned off in the library with the
   * reason, which the rules panel shows.
   */
  private stopSlowRule(rule: HideRule, ms: number): void {
    this.toast.show(t('ruleStoppedSlowToast', describeRule(rule), ms));
    this.library.updateRule(rule.id, { enabled: false, stopped: { reason: 'slow', ms } }).catch((error: unknown) => {
      console.debug('[paperdeck] could not turn the slow rule off', error);
    });
  }

  private async reloadRules(): Promise<void> {
    this.setRules(await this.library.listRules());
    this.paint(this.cardViews());
  }

  private async onLibraryChange(change: PageChange): Promise<void> {
    this.relevance?.onChange(change);
    try {
      if (change.what.includes('rules')) await this.reloadRules();
      if (change.what.includes('settings')) {
        this.settings = await this.library.getSettings();
        this.applySettings();
        this.paint(this.cardViews()); // rules paused or resumed
      }
      if (change.what.includes('tags')) this.tags = await this.library.listTags();
      // Papers merged from page reads don't change what a card shows (its state already
      // counted the read); stars and tags do.
      if (change.what.some((w) => w === 'stars' || w === 'tags' || w === 'notes')) {
        // A tag rename or delete touches papers beyond `ids`: refresh the whole page then.
        const onPage = new Set(this.cardViews().map((v) => v.id));
        const ids = change.ids.filter((id) => onPage.has(id));
        if (change.ids.length === 0 || ids.length) await this.refresh(change.ids.length ? ids : []);
      }
    } catch (error) {
      // A change we could not read is repainted on the next one; never throw into the page.
      console.debug('[paperdeck] change not applied', error);
    }
  }

  private applySettings(): void {
    const root = this.doc.documentElement;
    if (this.settings.dimSeen) root.setAttribute('data-pd-dim-seen', '');
    else root.removeAttribute('data-pd-dim-seen');
  }

  private shortcut(action: ShortcutAction): boolean {
    if (this.editor) return false;
    const views = this.cardViews();
    if (!views.length) return false;
    if (action === 'next' || action === 'previous') {
      // Cards a rule took out of view are skipped.
      const visible = views.filter((v) => !v.removed || v === this.focused);
      const at = this.focused ? visible.indexOf(this.focused) : -1;
      const step = action === 'next' ? 1 : -1;
      const next = visible[at === -1 ? (step === 1 ? 0 : visible.length - 1) : Math.min(visible.length - 1, Math.max(0, at + step))];
      if (next) this.focus(next);
      return true;
    }
    const view = this.focused && views.includes(this.focused) ? this.focused : null;
    if (!view) return false;
    if (action === 'select') {
      if (!this.selecting) {
        this.selecting = true;
        this.paint(this.cardViews());
      }
      this.select(view, !this.selected.has(view.id));
    } else if (action === 'star') void this.toggleStar(view);
    else if (action === 'tag') void this.openTags(view);
    else if (action === 'fold') {
      if (view.hiddenBy !== null) this.reveal(view);
      else if (this.revealed.delete(view.id)) this.paint([view]);
      else return false;
    }
    return true;
  }

  private focus(view: CardView): void {
    this.focused?.card.removeAttribute('data-pd-focused');
    this.focused = view;
    view.card.setAttribute('data-pd-focused', '');
    view.card.scrollIntoView?.({ block: 'nearest' });
    (view.hiddenBy !== null ? view.foldButton : view.star)?.focus({ preventScroll: true });
  }

  private prune(): void {
    for (const [card, view] of this.views) {
      if (!card.isConnected) {
        this.views.delete(card);
        this.dodge.unobserve(view.toolbar);
        if (this.focused === view) this.focused = null;
        if (this.editor?.view === view) this.editor = null;
      }
    }
  }

  /** Leaves the page as it was: called when the extension is reloaded, updated or removed. */
  destroy(): void {
    this.relevance?.destroy();
    for (const view of this.views.values()) view.destroy();
    this.views.clear();
    this.closeEditor(false);
    this.pill.remove();
    this.toast.destroy();
    this.doc.getElementById(STYLE_ID)?.remove();
    this.doc.documentElement.removeAttribute('data-pd-dim-seen');
  }
}

/**
 * A previous copy of the content script (before an extension update or reload) may have been cut
 * off without cleaning up: its buttons would be dead. Remove whatever it left.
 */
function removeLeftovers(doc: Document): void {
  for (const node of doc.querySelectorAll('.pd-ui')) node.remove();
  // data-pd-id too: the reader skips cards that carry it, and these were marked by the old copy.
  for (const name of ['data-pd-id', 'data-pd-hidden', 'data-pd-starred', 'data-pd-seen', 'data-pd-focused', ...RELEVANCE_ATTRS]) {
    for (const node of doc.querySelectorAll(`[${name}]`)) node.removeAttribute(name);
  }
}

export interface PageContextData {
  rules: HideRule[];
  settings: Settings;
  tags: Tag[];
}

/** What the page features need before they can decide anything: rules, settings, tags. Never rejects. */
export async function loadPageContext(library: PageLibrary): Promise<PageContextData> {
  const [rules, settings, tags] = await Promise.all([
    library.listRules().catch(() => []),
    library.getSettings().catch(() => DEFAULT_SETTINGS),
    library.listTags().catch(() => []),
  ]);
  return { rules, settings, tags };
}

export function startPage(opts: PageAppOptions): PageApp {
  return new PageApp(opts);
}
