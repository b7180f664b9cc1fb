/** A hide (or, with `action`, follow) rule for the topics tests: enabled, with an id of its own. */
import type { HideRule } from '../../../lib/model/library';

let n = 0;
export const rule = (kind: HideRule['kind'], pattern: string, extra: Partial<HideRule> = {}): HideRule => ({
  id: `r${++n}`,
  kind,
  pattern,
  enabled: true,
  createdAt: 0,
  ...extra,
});
