/**
 * What every page feature is given, and what it gives back (refined-github's model: one feature,
 * one file, each with an `init`; lib/page/features/index.ts lists them in the order they paint).
 *
 *   reader (lib/hf/watch) ──cards──▶ PageApp: card registry, state, paint loop
 *                                      │ paint(views) / pill() / change(…) / ready(…)
 *                                      ▼
 *                            features/rules, star, tags, follow, signals, hide, select, new-marks, …
 *
 * A feature never reaches into another: what one offers the others (star a card, open its editor,
 * add a hide rule) goes through `ctx.actions`, filled in by the feature that owns it.
 */
import type { ReadCard, watchPapers } from '../hf/watch';
import type { PageSnapshot } from '../snapshot/snapshot';
import type { Guard } from './guard';
import type { HideRule, Settings, Tag } from '../model/library';
import type { RuleInput, RuleVerdict } from '../topics/rules';
import type { CardView } from './card-view';
import type { Toast } from './toast';
import type { PageChange, PageLibrary } from './types';
import type { RelevanceSource } from './relevance';

/** Rules, settings and tags: what the features need before they can decide anything. */
export interface PageContextData {
  rules: HideRule[];
  settings: Settings;
  tags: Tag[];
}

/** One piece of the status pill: text, or a control. */
export type PillPart = string | HTMLElement;

/** What features offer each other, each filled in by the feature named beside it. */
export interface PageActions {
  /** features/rules: every rule (hide and follow) as last read, and how many of each are enabled. */
  rules(): { all: readonly HideRule[]; hides: number; follows: number };
  /** features/rules: the hide and the follow rule matching this card, read once per card and rules. */
  ruleVerdict(view: CardView): RuleVerdict;
  /** features/rules: reads the rules again and repaints every card. */
  reloadRules(): Promise<void>;
  /** features/star: star or unstar the card's paper (optimistic; resolves once stored). */
  toggleStar(view: CardView): Promise<void>;
  /** features/tags: open the card's tag, status and note editor (starring the paper first). */
  openTags(view: CardView): Promise<void>;
  /** features/tags: whether a card's editor is open (the page's shortcuts wait until it closes). */
  isEditing(): boolean;
  /** features/hide: show a card a rule hides, until the next visit. */
  reveal(view: CardView): void;
  /** features/hide: fold a card the user had shown again; false when it was not shown by hand. */
  refold(view: CardView): boolean;
  /** features/hide: add a hide rule from the page, fold what it matches, offer Undo. */
  addRule(input: RuleInput, done: string): Promise<void>;
  /** features/follow: add a follow rule from the page, mark what it matches, offer Undo. */
  follow(input: Omit<RuleInput, 'action' | 'mode'>, done: string): Promise<void>;
  /** features/select: pick or unpick a card for a bulk action (entering selection mode). */
  toggleSelected(view: CardView): void;
}

export interface PageContext {
  readonly doc: Document;
  readonly library: PageLibrary;
  readonly rank: RelevanceSource | undefined;
  readonly signal: AbortSignal;
  now(): number;
  /** Every card Paperdeck decorates now, in page order. */
  views: () => CardView[];
  /** Settings as last read (kept fresh on every settings change). */
  settings(): Settings;
  /** Every tag in the library (kept fresh on every tags change). */
  tags: () => Tag[];
  setTags(tags: Tag[]): void;
  /**
   * Paints these cards: every feature's `decide` on each; then, on those near the viewport (the
   * others as they come near: lib/page/nearby.ts), state and every feature's `paint`; then the pill.
   */
  paint(views: readonly CardView[]): void;
  /** Decorates this card now, near the viewport or not (the user is about to use it). */
  decorateNow(view: CardView): void;
  /** Reads these papers' state again ([]: every card's) and paints them. */
  refresh(ids: string[]): Promise<void>;
  /** Rebuilds the pill from every feature's parts. */
  updatePill: () => void;
  readonly toast: Toast;
  readonly actions: PageActions;
}

/** The hooks a feature answers; every one is optional. */
export interface FeatureHooks {
  /** Rules, settings and tags arrived (once, before the page is let go by the no-flash guard). */
  ready?(data: PageContextData): void;
  /** True while this feature writes the paper's state: a refresh keeps what is painted. */
  holds?(id: string): boolean;
  /** A card is decorated for the first time (its state may not be known yet). */
  added?(view: CardView): void;
  /**
   * What must hold on these cards before they can be seen — whether a card is folded, and what that
   * depends on (follows, filters) — for every card painted, near the viewport or not. Cheap: no DOM
   * building beyond the fold.
   */
  decide?(views: readonly CardView[]): void;
  /** These cards were painted with their state, near the viewport: add what this feature shows on them. */
  paint?(views: readonly CardView[]): void;
  /** A batch read off the page is painted (nothing painted depends on what is done here). */
  painted?(batch: readonly ReadCard[]): Promise<void> | void;
  /** This feature's parts of the status pill, in order; `warning` marks the pill as a warning. */
  pill?(): { parts: PillPart[]; warning?: boolean };
  /** A write made elsewhere (another tab, the popup) or by the background. */
  change?(change: PageChange): Promise<void> | void;
  /** A card left the page. */
  removed?(view: CardView): void;
  /** The extension goes away: take off the page what this feature added. */
  destroy?(): void;
}

export interface PageFeature {
  /** Named in logs when it fails. */
  name: string;
  init(ctx: PageContext, signal: AbortSignal): FeatureHooks;
}

/** What the content script gives the page app (lib/page/app.ts). */
export interface PageAppOptions {
  doc: Document;
  library: PageLibrary;
  /** Subscribes to writes made elsewhere; returns an unsubscribe function. */
  onChange(listener: (change: PageChange) => void): () => void;
  getUrl: () => URL;
  signal: AbortSignal;
  now?: () => number;
  /** Rules, settings and tags, when the caller started loading them early (document_start). */
  context?: Promise<PageContextData>;
  /**
   * The page snapshot (lib/snapshot), when the caller read it: the cards' first state comes from
   * it, without a message to the background. Null or absent: the background is asked.
   */
  snapshot?: Promise<PageSnapshot | null>;
  /** The document_start guard that keeps unhandled cards invisible (lib/page/guard.ts). */
  guard?: Guard;
  /** The page reader's watcher (injectable for tests). */
  watch?: typeof watchPapers;
  /** The "for you" ranking (features/relevance); without it, no relevance marks. */
  rank?: RelevanceSource;
  /** The features to run (all of them unless a test says otherwise). */
  features?: readonly PageFeature[];
}
