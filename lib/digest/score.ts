/**
 * Ranks a day's papers and says why each is there (types.ts DigestReason), from what the user
 * already set up: hide and follow rules (lib/topics, the same matcher as the page) and "for you" (lib/rank,
 * the scores the background serves to the page). Pure: the caller reads the rules and scores.
 *
 * Order: papers a signal of the user's points at first (a follow rule, then the model's score), then
 * the rest by upvotes; papers a hide rule matches last, with the rule — listed, not dropped, so
 * the user sees what the rules took out of the day and can change their mind. A followed paper is
 * never hidden (follow beats hide, as on the page).
 */
import type { HideRule } from '../model/library';
import type { PaperRecord } from '../model/paper';
import type { CardScores } from '../rank/types';
import { describeRule, type RuleMatcher } from '../topics/rules';
import type { DigestEntry, DigestReason, ReasonRule } from './types';

/** "For you" when the model ranks the paper above this share of the papers seen (the page marks from 0.9). */
export const FOR_YOU_MIN = 0.75;
/** Words shown per "for you" reason. */
const WORDS = 3;

export interface DigestSignals {
  /** The enabled hide rules, compiled; null while the rules are paused. */
  hide: RuleMatcher | null;
  /** "For you" scores of the day's papers (RankService.scoreCards). */
  forYou: CardScores;
  /**
   * The enabled follow rules, compiled by the same engine (`compileRules(rules, { action: 'follow' })`);
   * null when there are none. Follows are not paused with the hide rules: pausing shows what was
   * hidden, and takes nothing away from what the user asked to see.
   */
  follow: RuleMatcher | null;
}

export const ruleReason = (rule: HideRule): ReasonRule => ({ id: rule.id, label: describeRule(rule) });

function reasonsOf(record: PaperRecord, signals: DigestSignals): DigestReason[] {
  // Follow beats hide, as on the page (lib/page/features/follow.ts): the user asked to see these.
  const followedBy = signals.follow?.match(record);
  const hiddenBy = followedBy ? null : signals.hide?.match(record);
  if (hiddenBy) return [{ kind: 'hidden', rule: ruleReason(hiddenBy) }];
  const reasons: DigestReason[] = followedBy ? [{ kind: 'follow', rule: ruleReason(followedBy) }] : [];
  const card = signals.forYou.state === 'ready' ? signals.forYou.scores[record.id] : undefined;
  if (card && card.score >= FOR_YOU_MIN) reasons.push({ kind: 'for-you', score: card.score, words: card.terms.slice(0, WORDS) });
  if (card?.tag) reasons.push({ kind: 'starred-tag', tag: { id: card.tag.id, name: card.tag.name }, score: card.tag.score });
  if (!reasons.length && record.upvotes) reasons.push({ kind: 'popular', upvotes: record.upvotes });
  return reasons;
}

/** The day's papers ranked, each with its reasons. Ties keep the day's own order. */
export function scoreDigest(records: readonly PaperRecord[], signals: DigestSignals): DigestEntry[] {
  const notInterested = new Set(signals.forYou.notInterested);
  const ranked = records.map((record, order) => {
    const reasons = reasonsOf(record, signals);
    const hidden = reasons[0]?.kind === 'hidden';
    const followed = reasons.some((r) => r.kind === 'follow');
    const card = signals.forYou.state === 'ready' ? signals.forYou.scores[record.id] : undefined;
    // Tiers: followed, then "for you", then the rest, then "not interested", then hidden.
    const mine = reasons.some((r) => r.kind === 'for-you' || r.kind === 'starred-tag');
    const tier = hidden ? 4 : notInterested.has(record.id) ? 3 : followed ? 0 : mine ? 1 : 2;
    // Within a tier, the model's margin when it has one, else upvotes.
    const key = card ? card.raw : (record.upvotes ?? 0) / 1e6;
    return { entry: { id: record.id, reasons }, tier, key, upvotes: record.upvotes ?? 0, order };
  });
  ranked.sort((a, b) => a.tier - b.tier || b.key - a.key || b.upvotes - a.upvotes || a.order - b.order);
  return ranked.map((r) => r.entry);
}
