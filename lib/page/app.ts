/**
 * The content script's app on one papers page: the registry of decorated cards and the paint loop.
 * What is added to each card and to the page is the features' (lib/page/features, one file each;
 * lib/page/context.ts says what they are given). The app reacts to cards as the page reader
 * reports them (first read, client-side navigation, infinite scroll) and to library changes made
 * in other tabs or the popup, and runs every feature's hooks in order.
 */
import { DEFAULT_SETTINGS } from '../model/defaults';
import type { PaperState, Settings, Tag } from '../model/library';
import { watchPapers, type ReadCard } from '../hf/watch';
import { CardView } from './card-view';
import { inPageOrder } from './card-order';
import type { FeatureHooks, PageActions, PageAppOptions, PageContext, PillPart } from './context';
import { FEATURES } from './features';
import { Hooks } from './hooks';
import { Pill } from './pill';
import { injectStyles, STYLE_ID } from './styles';
import { ShownRendering } from './shown-rendering';
import { Nearby } from './nearby';
import { whenParsed } from './dom';
import { loadPageContext, ownBlocksLast, removeLeftovers } from './start';
import { Toast } from './toast';
import { errorMessage, type PageChange, type PageLibrary } from './types';

export type { PageAppOptions };
export { loadPageContext };

export class PageApp {
  private readonly doc: Document;
  private readonly library: PageLibrary;
  private readonly views = new Map<HTMLElement, CardView>();
  /** cardViews() as found in this task (null: find it again; reset when a card comes or goes). */
  private ordered: CardView[] | null = null;
  private settings: Settings = DEFAULT_SETTINGS;
  private tags: Tag[] = [];
  private readonly toast: Toast;
  private readonly pill: Pill;
  private readonly nearby: Nearby;
  /** The features' hooks (the features start in the constructor: until then, none answer). */
  private hooks: Hooks | null = null;
  private readonly ctx: PageContext;
  /** Which rendering of a card is shown, as found while the page parses (decorate). */
  private parsingShown: ShownRendering | null = null;
  /** The library changed since the page started: cards read from now on ask the background (firstStates). */
  private changed = false;
  /** Rules, settings and tags: loaded once, then kept fresh by change events. */
  readonly ready: Promise<void>;

  constructor(private readonly opts: PageAppOptions) {
    this.doc = opts.doc;
    this.library = opts.library;
    removeLeftovers(this.doc);
    injectStyles(this.doc);
    this.toast = new Toast(this.doc);
    this.pill = new Pill(this.doc, opts.signal);
    const parsed = whenParsed(this.doc);
    ownBlocksLast(this.doc, parsed, opts.signal);
    if (this.doc.readyState === 'loading') void parsed.then(() => opts.signal.aborted || this.updatePill());
    // (Decorating a card changes nothing the pill counts: no pill update for the cards decorated later.)
    this.nearby = new Nearby(this.doc.defaultView, (views) => this.decorate(views), opts.signal);
    this.ctx = {
      doc: this.doc,
      library: this.library,
      rank: opts.rank,
      signal: opts.signal,
      now: opts.now ?? Date.now,
      views: () => this.cardViews(),
      settings: () => this.settings,
      tags: () => this.tags,
      setTags: (tags) => (this.tags = tags),
      paint: (views) => this.paint(views),
      decorateNow: (view) => this.nearby.now(view),
      refresh: (ids) => this.refresh(ids),
      updatePill: () => this.updatePill(),
      toast: this.toast,
      // Filled in by the features that own each action (context.ts names which).
      actions: {} as PageActions,
    };
    this.hooks = new Hooks(opts.features ?? FEATURES, this.ctx, opts.signal);
    this.ready = this.loadContext(parsed);

    const { signal } = opts;
    signal.addEventListener('abort', () => this.destroy());
    const unsubscribe = opts.onChange((change) => void this.onLibraryChange(change));
    signal.addEventListener('abort', unsubscribe);
    (opts.watch ?? watchPapers)({
      doc: this.doc,
      getUrl: opts.getUrl,
      signal,
      onCards: (batch) => void this.onCards(batch),
      onStripped: (cards) => this.onStripped(cards),
    });
  }

  /**
   * Every card Paperdeck currently decorates, in page order. Found once until the script next
   * yields (a microtask): a paint asks for it from every feature's hooks, and each search of a
   * 1,000-card page costs a few ms.
   */
  cardViews(): CardView[] {
    if (!this.ordered) {
      // Cards the site took away since the last look (only the site's code, which runs when we yield, can).
      this.prune();
      this.ordered = inPageOrder(this.doc, this.views);
      // The site may move cards whenever we yield: the next run looks again.
      queueMicrotask(() => (this.ordered = null));
    }
    return this.ordered.slice();
  }

  /** Runs one hook of every feature that has it (lib/page/hooks.ts). */
  private run<K extends keyof FeatureHooks>(hook: K, ...args: Parameters<NonNullable<FeatureHooks[K]>>): unknown[] {
    return this.hooks?.run(hook, ...args) ?? [];
  }

  /** Loads what the features need; the no-flash guard lets the page go once the page is parsed too. */
  private async loadContext(parsed: Promise<void>): Promise<void> {
    try {
      const data = await (this.opts.context ?? loadPageContext(this.library));
      this.settings = data.settings;
      this.tags = data.tags;
      this.run('ready', data);
      this.updatePill();
    } finally {
      // The cards the parser adds after this are matched in the frame they are read, but the last
      // one may be painted while still open in the parser: the guard holds them all until the end.
      void parsed.then(() => this.opts.guard?.release());
    }
  }

  private async onCards(batch: ReadCard[]): Promise<void> {
    // While the page parses, cards come a few a frame and none go: nothing is looked at but them.
    const parsing = this.doc.readyState === 'loading';
    if (!parsing) this.prune();
    const touched: CardView[] = [];
    for (const { id, card, record } of batch) {
      let view = this.views.get(card);
      if (view && view.id !== id) {
        // The site reused this element for another paper (client-side navigation).
        this.drop(card, view);
        view = undefined;
      }
      if (view) view.record = record;
      else {
        view = new CardView(this.doc, card, id, record, {
          toggleStar: (v) => void this.ctx.actions.toggleStar(v),
          openTags: (v) => void this.ctx.actions.openTags(v),
          reveal: (v) => this.ctx.actions.reveal(v),
        });
        this.views.set(card, view);
        this.ordered = null;
        this.run('added', view);
      }
      touched.push(view);
    }
    const ids = [...new Set(touched.map((v) => v.id))];
    const states = this.firstStates(ids);
    await this.ready;
    await this.refresh(ids, states, parsing ? touched : undefined);
    await Promise.all(this.run('painted', batch));
  }

  /**
   * The state the cards are first painted with: the snapshot's, else the background's — and the
   * background's once the library has changed since the page started (the snapshot read then may
   * not hold that change; cards already on the page were refreshed by it, these were not there yet).
   */
  private async firstStates(ids: string[]): Promise<Record<string, PaperState>> {
    const snapshot = this.changed ? null : await this.opts.snapshot;
    if (!snapshot) return this.library.getState(ids);
    const out: Record<string, PaperState> = {};
    for (const id of ids) out[id] = snapshot.stateOf(id);
    return out;
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

  /** Re-reads the state of these papers (all on the page when ids is empty; `only`: just these cards) and repaints them. */
  private async refresh(ids: string[], asked?: Promise<Record<string, PaperState>>, only?: CardView[]): Promise<void> {
    const wanted = ids.length ? new Set(ids) : null;
    const views = only ?? this.cardViews().filter((v) => !wanted || wanted.has(v.id));
    if (!views.length) return;
    try {
      const states = await (asked ?? this.library.getState([...new Set(views.map((v) => v.id))]));
      for (const view of views) if (!this.held(view.id)) view.state = states[view.id] ?? view.state;
    } catch (error) {
      this.toast.show(errorMessage(error));
    }
    this.paint(views);
  }

  /** A feature is writing this paper's state: what is painted stays until the write settles. */
  private held(id: string): boolean {
    return this.hooks?.holds(id) ?? false;
  }

  private paint(views: readonly CardView[]): void {
    // Every card: what decides whether it may be seen (its fold), before the browser paints it.
    this.run('decide', views);
    // The decorations: on the cards near the viewport now, on the others as they come near (nearby.ts).
    this.decorate(this.nearby.take(views));
    // The pill counts every card: once the page is parsed, not once a frame while it comes.
    if (this.doc.readyState !== 'loading') this.updatePill();
  }

  private decorate(views: readonly CardView[]): void {
    if (!views.length) return;
    // Where each toolbar goes first (reads: which rendering is shown), then the writes: one layout.
    // While the page parses, one answer serves every batch: each probe makes the browser style the
    // page parsed so far (a resize or a late stylesheet re-places the toolbars: features/renderings).
    const shown = this.doc.readyState === 'loading' ? (this.parsingShown ??= new ShownRendering()) : new ShownRendering();
    const anchors = views.map((view) => view.anchor(shown));
    views.forEach((view, i) => view.render(anchors[i] ?? null));
    this.run('paint', views);
    for (const view of views) {
      this.pill.avoid(view.toolbar);
      this.pill.avoid(view.foldButton);
    }
  }

  private updatePill(): void {
    const parts: PillPart[] = [];
    let warning = false;
    for (const answer of this.run('pill') as Array<{ parts: PillPart[]; warning?: boolean }>) {
      parts.push(...answer.parts);
      warning ||= answer.warning === true;
    }
    this.pill.update(parts, warning);
  }

  private async onLibraryChange(change: PageChange): Promise<void> {
    this.changed = true;
    try {
      if (change.what.includes('settings')) this.settings = await this.library.getSettings();
      if (change.what.includes('tags')) this.tags = await this.library.listTags();
      await Promise.all(this.run('change', change));
      if (change.what.includes('settings')) this.paint(this.cardViews()); // rules paused or resumed
      // Papers merged from page reads don't change what a card shows (its state already counted
      // the read); stars, tags and notes do.
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

  /** A card element the site reused for another paper: what we added to it goes, then the card. */
  private drop(card: HTMLElement, view: CardView): void {
    view.destroy();
    this.unregister(card, view);
  }

  /** Cards the site took off the page. */
  private prune(): void {
    for (const [card, view] of this.views) if (!card.isConnected) this.unregister(card, view);
  }

  private unregister(card: HTMLElement, view: CardView): void {
    this.views.delete(card);
    this.nearby.forget(view);
    this.ordered = null;
    if (view.decorated) this.pill.forget(view.toolbar);
    this.run('removed', view);
  }

  /** Leaves the page as it was: called when the extension is reloaded, updated or removed. */
  destroy(): void {
    this.run('destroy');
    for (const view of this.views.values()) view.destroy();
    this.views.clear();
    this.pill.destroy();
    this.toast.destroy();
    this.doc.getElementById(STYLE_ID)?.remove();
  }
}

export function startPage(opts: PageAppOptions): PageApp {
  return new PageApp(opts);
}
