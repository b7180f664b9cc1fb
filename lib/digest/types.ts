/**
 * The daily digest's records (issue 16): what a digest day holds and why each paper is in it.
 * Plain data, no Dexie and no zod: the library page imports it to show a day.
 */

/** A rule as a reason names it: enough to say which, and to find it again in the rules panel. */
export interface ReasonRule {
  id: string;
  /** How the rule reads to the user ("topic: diffusion", "author: Jane Doe"): lib/topics describeRule. */
  label: string;
}

/**
 * Why a paper is in the digest, or where it stands in it: a list of these per paper, strongest
 * first. Each kind is one way a paper earns its place; the UI, the notification and the exports
 * write each kind in words (components/DigestView.tsx `reasonText`).
 *
 * - `for-you`: the "for you" model (lib/rank) ranks it above `score` of the papers seen; `words`
 *   are the terms that raised it most.
 * - `starred-tag`: the model of one of the user's tags likes it a lot (a tag the user gave to
 *   papers like it).
 * - `follow`: a follow rule matches it. Reserved for follow rules (issue 16, "Follow"): nothing
 *   produces it yet; lib/digest/score.ts `scoreDigest` says where it is to be added.
 * - `popular`: none of the above, but the day's readers upvoted it (the order when the model is
 *   cold: fewer than 5 stars).
 * - `hidden`: a hide rule matches it; it is listed last, folded, with the rule.
 */
export type DigestReason =
  | { kind: 'for-you'; score: number; words: string[] }
  | { kind: 'starred-tag'; tag: { id: string; name: string }; score: number }
  | { kind: 'follow'; rule: ReasonRule }
  | { kind: 'popular'; upvotes: number }
  | { kind: 'hidden'; rule: ReasonRule };

/** One paper of a digest day, in rank order. */
export interface DigestEntry {
  id: string;
  reasons: DigestReason[];
}

/** Where a digest day's list came from, and how the model stood when it was ranked. */
export interface DigestDay {
  /** The listing's date on huggingface.co (YYYY-MM-DD, the day of /papers/date/…). */
  date: string;
  /** When it was fetched and ranked (epoch ms). */
  fetchedAt: number;
  /** `ready`: ranked by "for you"; `cold`/`training`: by upvotes (lib/rank RankState). */
  rank: 'ready' | 'cold' | 'training';
  /** Ranked best first; papers hidden by a rule come last. */
  entries: DigestEntry[];
}

/** Papers the notification counts: ranked there by the user's own signals (follow, for you, a tag). */
export function isForYou(entry: DigestEntry): boolean {
  return entry.reasons.some((r) => r.kind === 'for-you' || r.kind === 'starred-tag' || r.kind === 'follow');
}

export function isHidden(entry: DigestEntry): boolean {
  return entry.reasons.some((r) => r.kind === 'hidden');
}
