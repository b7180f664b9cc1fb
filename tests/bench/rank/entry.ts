/**
 * Bundle entry for the ranking's Chromium benchmark (tests/bench/rank/chromium.mjs): one first
 * training as a started background runs it — tokenise every paper, pick the features and
 * vectorise, fit the overall model — timed step by step. Only the ranking's public steps are
 * used, so the same entry also builds a base git ref's lib/rank for a before/after.
 */
import { Corpus } from '../../../lib/rank/corpus';
import { fitOverall, prepareTraining, type Prepared, type Scorer } from '../../../lib/rank/model';

export interface Paper {
  id: string;
  title: string;
  abstract: string;
}

export interface FirstTraining {
  total: number;
  tokenise: number;
  prepare: number;
  fit: number;
  terms: number;
  /** A fingerprint of the model (bias, a few weights, the quantiles): two builds that agree train the same model. */
  model: string;
}

export function firstTraining(papers: Paper[], starred: string[]): FirstTraining {
  const t0 = performance.now();
  tokenise(papers);
  const t1 = performance.now();
  prepare();
  const t2 = performance.now();
  fit(starred);
  const t3 = performance.now();
  return { total: t3 - t0, tokenise: t1 - t0, prepare: t2 - t1, fit: t3 - t2, ...result() };
}

// The same steps one call each, so the bench can read the main thread's CPU time between them.
let corpus: Corpus | null = null;
let prepared: Prepared | null = null;
let overall: Scorer | null = null;

export function tokenise(papers: Paper[]): void {
  corpus = new Corpus();
  for (const p of papers) corpus.add(p);
}

export function prepare(): void {
  prepared = prepareTraining(corpus!);
}

export function fit(starred: string[]): void {
  overall = fitOverall(prepared!, { starred: new Set(starred), tags: new Map(), notInterested: new Set() });
}

export function result(): { terms: number; model: string } {
  const w = overall?.w ?? new Float32Array(0);
  let norm = 0;
  for (let i = 0; i < w.length; i++) norm += w[i]! * w[i]!;
  const model = overall
    ? [overall.b.toFixed(6), Math.sqrt(norm).toFixed(6), overall.quantiles[50]!.toFixed(6), overall.quantiles[99]!.toFixed(6)].join(' ')
    : 'cold';
  return { terms: prepared!.features.terms.length, model };
}
