/**
 * The ranking's answers from a trained model: a card's score (with the words that drove it and
 * the closest tag), and the papers closest to a tag ("more like this tag").
 */
import { explain } from './explain';
import { scoreWith, type RankModel, type Scorer } from './model';
import type { SparseVector } from './vectors';
import type { CardScore, SimilarPaper } from './types';

const EXPLAIN_SIMILAR = 3;

export function scoreCard(model: RankModel, v: SparseVector, tagNames: ReadonlyMap<string, string>): CardScore {
  const overall = model.overall!;
  const scored = scoreWith(overall, v);
  const card: CardScore = { score: scored.score, raw: scored.raw, top: scored.top, terms: explain(overall, model.features, v) };
  for (const [id, scorer] of Object.entries(model.tags)) {
    const name = tagNames.get(id);
    if (!name) continue;
    const s = scoreWith(scorer, v);
    if (s.top && (!card.tag || s.score > card.tag.score)) card.tag = { id, name, score: s.score };
  }
  return card;
}

/** The `limit` papers of `vectors` the tag's scorer ranks highest, but those in `skip`. */
export function bestFor(
  scorer: Scorer,
  vectors: ReadonlyMap<string, SparseVector>,
  skip: ReadonlySet<string>,
  limit: number,
): Array<{ id: string; v: SparseVector }> {
  const ranked: Array<{ id: string; raw: number; v: SparseVector }> = [];
  for (const [id, v] of vectors) {
    if (skip.has(id)) continue;
    ranked.push({ id, raw: scoreWith(scorer, v).raw, v });
  }
  ranked.sort((a, b) => b.raw - a.raw || (a.id < b.id ? -1 : 1));
  return ranked.slice(0, limit);
}

/** What "more like this tag" shows of each paper: its title, score and the words that drove it. */
export function similarPapers(
  model: RankModel,
  scorer: Scorer,
  best: ReadonlyArray<{ id: string; v: SparseVector }>,
  papers: ReadonlyArray<{ title: string } | undefined>,
): SimilarPaper[] {
  const similar: SimilarPaper[] = [];
  best.forEach((r, i) => {
    const paper = papers[i];
    if (!paper) return;
    similar.push({
      id: r.id,
      title: paper.title,
      score: scoreWith(scorer, r.v).score,
      terms: explain(scorer, model.features, r.v, EXPLAIN_SIMILAR),
    });
  });
  return similar;
}
