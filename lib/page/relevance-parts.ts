/** What the "for you" marks need and say (lib/page/relevance.ts paints them). */
import { formatScore, t } from '../i18n';
import type { CardScore, CardScores } from '../rank/types';
import type { CardView } from './card-view';

/** What the page needs from the background's ranking (the message client in the content script). */
export interface RelevanceSource {
  scoreCards(ids: string[]): Promise<CardScores>;
  notInterested(id: string, on?: boolean): Promise<boolean>;
}

export interface RelevanceOptions {
  doc: Document;
  source: RelevanceSource;
  /** The cards the app decorates, in page order. */
  views: () => CardView[];
  /** Asks the app to rebuild its pill (pillParts changed). */
  updatePill: () => void;
  /** Shows a message to the user. */
  notify(text: string): void;
  /** After a paper is marked "not interested": offer hide rules that would catch more like it. */
  offerRules?(view: CardView): void;
}

/** Attributes this feature sets on the page (a reloaded extension's leftovers are removed by name). */
export const RELEVANCE_ATTRS = ['data-pd-top', 'data-pd-not-interested', 'data-pd-sorted'];

const percent = (score: number) => Math.round(score * 100);

/** The mark's tooltip: what the number means and which words drove it. */
export function describeScore(score: CardScore): string {
  const lines = [t('scoreSummary', formatScore(score.score), percent(score.score))];
  lines.push(score.terms.length ? t('scoreWords', score.terms.join(', ')) : t('scoreNoWords'));
  if (score.tag) lines.push(t('scoreClosestTag', score.tag.name, formatScore(score.tag.score)));
  lines.push(t('scoreNotInterestedHint'));
  return lines.join('\n');
}
