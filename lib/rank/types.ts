/**
 * What the ranking answers over messages (lib/messaging): plain data, no Dexie, so the content
 * script and the library page can import it.
 */

/**
 * - `ready`: a model scored the cards.
 * - `cold`: fewer than MIN_STARS starred papers: nothing is scored (say so instead of guessing).
 * - `training`: enough stars, but the first model is still being trained; a `rank` change
 *   announces it.
 */
export type RankState = 'ready' | 'cold' | 'training';

export interface CardScore {
  /** 0..1: the share of seen-but-not-starred papers this one ranks above. */
  score: number;
  /** Margin of the linear model; sorts cards. */
  raw: number;
  /** Worth highlighting: ranks above 90% of the papers seen. */
  top: boolean;
  /** The terms that raised the score most, strongest first. */
  terms: string[];
  /** The tag whose model likes this paper best, when it likes it a lot. */
  tag?: { id: string; name: string; score: number };
}

export interface CardScores {
  state: RankState;
  /** Starred papers the model has (or would have) to learn from. */
  starred: number;
  /** Stars needed before anything is scored. */
  needed: number;
  /** When the model answering was trained (epoch ms; 0 when none). */
  trainedAt: number;
  /** By paper id; empty unless `ready`. */
  scores: Record<string, CardScore>;
  /** Which of the asked ids the user marked "not interested" (in every state). */
  notInterested: string[];
}

export interface SimilarPaper {
  id: string;
  title: string;
  score: number;
  terms: string[];
}

export interface MoreLikeTag {
  state: RankState;
  /** Papers carrying the tag (in the training window). */
  tagged: number;
  /** Papers a tag needs before suggestions are made. */
  needed: number;
  /** The tag's strongest terms: what the model thinks the tag is about. */
  about: string[];
  /** Best first; never a paper that already has the tag. */
  papers: SimilarPaper[];
}

/** The ranking's message API, served by the background next to the Library's. */
export interface RankApi {
  scoreCards(ids: string[]): Promise<CardScores>;
  /** Marks (or with `on = false` unmarks) a paper "not interested". Returns whether it was marked before. */
  notInterested(id: string, on?: boolean): Promise<boolean>;
  moreLikeTag(tagId: string, limit?: number): Promise<MoreLikeTag>;
}
