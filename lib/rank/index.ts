/** The "for you" ranking: tokenizer, tf-idf features, linear models (see model.ts). No Dexie here. */
export { BREAK, Lexicon, PairTable, TITLE_WEIGHT, TOKENIZER_VERSION, termCounts, words, stem, isStopWord } from './tokenize';
export { Corpus, textHash, type CorpusDoc, type RankText } from './corpus';
export {
  TextVectorizer,
  DEFAULT_FEATURES,
  dot,
  selectFeatures,
  type CorpusVectorizer,
  type Features,
  type FeatureOptions,
  type SparseVector,
} from './tfidf';
export { trainSvm, random, DEFAULT_SVM, type LinearModel, type SvmOptions } from './svm';
export {
  DEFAULT_RANK,
  EXPLAIN_TERMS,
  assemble,
  fitOverall,
  fitTag,
  prepareTraining,
  MIN_STARS,
  MIN_TAG_PAPERS,
  MODEL_FORMAT,
  TOP_SCORE,
  explain,
  isRankModel,
  percentile,
  quantiles,
  scoreWith,
  topTerms,
  trainRanker,
  type RankLabels,
  type RankModel,
  type RankOptions,
  type Prepared,
  type Scored,
  type Scorer,
  type TrainResult,
} from './model';
