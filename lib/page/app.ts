import { DEFAULT_SETTINGS, type Settings, type Tag } from '../model/library';
import { compileRules, describeRule, type RuleMatcher } from '../topics/rules';
import { watchPapers, type ReadCard } from '../hf/watch';
import type { ShortcutAction } from '../../components/shortcuts';
import { CardView } from './card-view';
import { el, replaceChildren } from './dom';
import { installShortcuts } from './keyboard';
import { installSelectionHide } from './selection';
import { injectStyles, STYLE_ID } from './styles';
import { Relevance, RELEVANCE_ATTRS, type RelevanceSource } from './relevance';
import { TagEditor } from './tag-editor';
import { Toast } from './toast';
import { errorMessage, type PageChange, type PageLibrary } from './types';

export interface PageAppOptions {
  doc: Document;
  library: PageLibrary;
  /** Subscribes to writes made elsewhere; returns an unsubscribe function. */
  onChange(listener: (change: PageChange) => void): () => void;
  getUrl(): URL;
  signal: AbortSignal;
  now?: () => number;
  /** The page reader's watcher (injectable for tests). */
  watch?: typeof watchPapers;
  /** The "for you" ranking (lib/page/relevance); without it, no relevance marks. */
  rank?: RelevanceSource;
}

const startOfDay = (ms: number) => new Date(ms).setHours(0, 0, 0, 0);

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
  private settings: Settings = DEFAULT_SETTINGS;
  private readonly revealed = new Set<string>();
  private revealAll = false;
  private focused: CardView | null = null;
  private editor: { view: CardView; editor: TagEditor } | null = null;
  private readonly pill: HTMLDivElement;
  private readonly toast: Toast;
  /** Star state per paper: what the user last asked for, and what the library holds. */
  private readonly wanted = new Map<string, boolean>();
  private readonly stored = new Map<string, boolean>();
  private readonly syncing = new Map<string, Promise<void>>();
  private recordFailed = false;
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
    this.pill = el(this.doc, 'div', { class: 'pd-ui pd-pill', attrs: { role: 'status', 'aria-label': 'Paperdeck', hidden: true } });
    this.doc.body.appendChild(this.pill);
    this.relevance = opts.rank
      ? new Relevance({
          doc: this.doc,
          source: opts.rank,
          views: () => this.cardViews(),
          updatePill: () => this.updatePill(),
          notify: (text) => this.toast.show(text),
        })
      : null;
    this.ready = this.loadContext();

    const { signal } = opts;
    signal.addEventListener('abort', () => this.destroy());
    const unsubscribe = opts.onChange((change) => void this.onLibraryChange(change));
    signal.addEventListener('abort', unsubscribe);
    installShortcuts(this.doc, signal, (action) => this.shortcut(action), () => this.settings.shortcuts);
    installSelectionHide(this.doc, signal, (text) => void this.hideTopic(text));
    (opts.watch ?? watchPapers)({
      doc: this.doc,
      getUrl: opts.getUrl,
      signal,
      onCards: (batch) => void this.onCards(batch),
    });
  }

  /** Every card Paperdeck currently decorates, in page order. */
  cardViews(): CardView[] {
    this.prune();
    const order = [...this.doc.querySelectorAll<HTMLElement>('[data-pd-id]')];
    return order.map((card) => this.views.get(card)).filter((v): v is CardView => v !== undefined);
  }

  private async loadContext(): Promise<void> {
    const [rules, settings, tags] = await Promise.all([
      this.library.listRules().catch(() => []),
      this.library.getSettings().catch(() => DEFAULT_SETTINGS),
      this.library.listTags().catch(() => []),
    ]);
    this.matcher = compileRules(rules);
    this.settings = settings;
    this.tags = tags;
    this.applySettings();
  }

  private async onCards(batch: ReadCard[]): Promise<void> {
    this.prune();
    const touched: CardView[] = [];
    for (const { id, card, record } of batch) {
      let view = this.views.get(card);
      if (view && view.id !== id) {
        // The site reused this element for another paper (client-side navigation).
        view.destroy();
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
      }
      touched.push(view);
    }
    try {
      await this.library.recordSeen(batch.map((b) => b.record));
    } catch (error) {
      if (!this.recordFailed) this.toast.show(`Paperdeck could not record this page's papers: ${errorMessage(error)}`);
      this.recordFailed = true;
    }
    await this.ready;
    await this.refresh(touched.map((v) => v.id));
  }

  /** Re-reads the state of these papers (all on the page when ids is empty) and repaints them. */
  private async refresh(ids: string[]): Promise<void> {
    const views = this.cardViews().filter((v) => ids.length === 0 || ids.includes(v.id));
    if (!views.length) return;
    try {
      const states = await this.library.getState([...new Set(views.map((v) => v.id))]);
      // A star still being written keeps its optimistic state until the write settles.
      for (const view of views) if (!this.wanted.has(view.id)) view.state = states[view.id] ?? view.state;
    } catch (error) {
      this.toast.show(errorMessage(error));
    }
    this.paint(views);
  }

  private paint(views: CardView[]): void {
    const today = startOfDay(this.now());
    for (const view of views) {
      const first = view.state?.firstSeenAt;
      view.render(first !== undefined && first >= today);
      this.applyHide(view);
    }
    if (this.editor && views.includes(this.editor.view)) this.editor.editor.render();
    this.relevance?.paint(views);
    this.updatePill();
  }

  private applyHide(view: CardView): void {
    // Starred papers are never hidden; "Show" and "Show all" win over rules until the next visit.
    if (view.starred || this.revealAll || this.revealed.has(view.id)) return view.setHidden(null);
    const rule = this.matcher.size ? this.matcher.match(view.record) : null;
    view.setHidden(rule ? describeRule(rule) : null);
  }

  private updatePill(): void {
    const views = this.cardViews();
    const today = startOfDay(this.now());
    const fresh = views.filter((v) => (v.state?.firstSeenAt ?? -1) >= today).length;
    const hidden = views.filter((v) => v.hiddenBy !== null).length;
    const revealedCount = this.revealAll ? views.filter((v) => !v.starred && this.matcher.match(v.record)).length : 0;
    const parts: Array<string | HTMLElement> = [];
    if (fresh) parts.push(`${fresh} new`);
    if (hidden) {
      parts.push(`${hidden} ${hidden === 1 ? 'paper' : 'papers'} hidden`);
      parts.push(el(this.doc, 'button', { attrs: { type: 'button' }, on: { click: () => this.setRevealAll(true) } }, 'Show all'));
    } else if (revealedCount) {
      parts.push(`${revealedCount} hidden ${revealedCount === 1 ? 'paper' : 'papers'} shown`);
      parts.push(el(this.doc, 'button', { attrs: { type: 'button' }, on: { click: () => this.setRevealAll(false) } }, 'Hide again'));
    }
    parts.push(...(this.relevance?.pillParts() ?? []));
    const joined = parts.flatMap((p, i) => (i > 0 && typeof p === 'string' ? [' · ', p] : [p]));
    replaceChildren(this.pill, ...joined);
    this.pill.hidden = parts.length === 0;
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
      v.state = { starred: want, tags: s?.tags ?? [], seenBefore: s?.seenBefore ?? false, firstSeenAt: s?.firstSeenAt };
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
      while (this.wanted.get(id) !== this.stored.get(id)) {
        const want = this.wanted.get(id)!;
        if (want) await this.library.star(view.record);
        else await this.library.unstar(id);
        this.stored.set(id, want);
      }
      this.wanted.delete(id);
      await this.refresh([id]);
    } catch (error) {
      const want = this.wanted.get(id);
      this.wanted.delete(id);
      for (const v of viewsOf()) {
        if (v.state) v.state = { ...v.state, starred: this.stored.get(id) ?? false };
        v.star.setAttribute('data-pd-error', '');
      }
      this.paint(viewsOf());
      this.toast.show(`${want ? 'Could not star' : 'Could not unstar'} this paper. ${errorMessage(error)}`);
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
      close: () => this.closeEditor(true),
    });
    this.editor = { view, editor };
    view.card.appendChild(editor.node);
    editor.focus();
  }

  private closeEditor(restoreFocus: boolean): void {
    const current = this.editor;
    if (!current) return;
    this.editor = null;
    current.editor.node.remove();
    if (restoreFocus) current.view.star.focus();
  }

  private async hideTopic(text: string): Promise<void> {
    try {
      const rule = await this.library.addRule({ kind: 'keyword', pattern: text });
      await this.reloadRules();
      this.toast.show(`Hiding papers about "${text}".`, {
        label: 'Undo',
        run: () => void this.library.removeRule(rule.id).then(() => this.reloadRules()).catch((e) => this.toast.show(errorMessage(e))),
      });
    } catch (error) {
      this.toast.show(`Could not add the rule. ${errorMessage(error)}`);
    }
  }

  private async reloadRules(): Promise<void> {
    this.matcher = compileRules(await this.library.listRules());
    this.paint(this.cardViews());
  }

  private async onLibraryChange(change: PageChange): Promise<void> {
    this.relevance?.onChange(change);
    try {
      if (change.what.includes('rules')) await this.reloadRules();
      if (change.what.includes('settings')) {
        this.settings = await this.library.getSettings();
        this.applySettings();
      }
      if (change.what.includes('tags')) this.tags = await this.library.listTags();
      if (change.what.some((w) => w === 'stars' || w === 'tags' || w === 'papers')) {
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
      const at = this.focused ? views.indexOf(this.focused) : -1;
      const step = action === 'next' ? 1 : -1;
      const next = views[at === -1 ? (step === 1 ? 0 : views.length - 1) : Math.min(views.length - 1, Math.max(0, at + step))];
      if (next) this.focus(next);
      return true;
    }
    const view = this.focused && views.includes(this.focused) ? this.focused : null;
    if (!view) return false;
    if (action === 'star') void this.toggleStar(view);
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

export function startPage(opts: PageAppOptions): PageApp {
  return new PageApp(opts);
}
