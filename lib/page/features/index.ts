/**
 * The page features, in the order they paint a card and fill the pill. Adding a feature is one new
 * file in this folder and one line here.
 */
import type { PageFeature } from '../context';
import { follow } from './follow';
import { hide } from './hide';
import { hideSelection } from './hide-selection';
import { newMarks } from './new-marks';
import { record } from './record';
import { relevance } from './relevance';
import { renderings } from './renderings';
import { rules } from './rules';
import { select } from './select';
import { shortcuts } from './shortcuts';
import { signals } from './signals';
import { star } from './star';
import { tags } from './tags';

export const FEATURES: readonly PageFeature[] = [
  // First: the rules' verdict on each card, which follow and hide read.
  rules,
  star,
  newMarks,
  // Before hide: a followed card (follow) and a card a pill filter folds (signals) are known when
  // hide decides, in the same paint.
  follow,
  signals,
  hide,
  select,
  tags,
  relevance,
  shortcuts,
  hideSelection,
  renderings,
  record,
];
