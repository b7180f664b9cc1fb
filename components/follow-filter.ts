import { useEffect, useState } from 'preact/hooks';
import type { Library } from '../lib/db/library';
import type { HideRule } from '../lib/model/library';
import { compileRules, ruleAction } from '../lib/topics/rules';
import { useLiveQuery, usePapersVersion } from './hooks';
import { eachPaperWhenIdle } from './rule-counts';

/**
 * The ids of the papers the follow rules match, over every paper seen (the library page's
 * "Following" filter). Matched as the page matches them (lib/topics/rules, title, abstract, authors,
 * organization), in idle time, chunk by chunk, like the rules panel's counts: a 50,000-paper
 * library keeps the page responsive. `onDone` gets the set; the returned function cancels.
 */
export function followedIds(library: Library, rules: readonly HideRule[], onDone: (ids: ReadonlySet<string>) => void): () => void {
  const matcher = compileRules(rules, { action: 'follow' });
  const ids = new Set<string>();
  if (matcher.size === 0) {
    onDone(ids);
    return () => {};
  }
  return eachPaperWhenIdle(
    library,
    (page) => {
      for (const paper of page) if (matcher.match(paper)) ids.add(paper.id);
    },
    () => onDone(ids),
    'matching follow rules',
  );
}

/**
 * The followed papers as state, while `active` (the filter is chosen): undefined until matched,
 * matched again when the rules or the papers change (at most every few seconds while pages are read).
 */
export function useFollowed(library: Library, active: boolean): ReadonlySet<string> | undefined {
  const [rules] = useLiveQuery(() => library.listRules(), [library], active);
  const [ids, setIds] = useState<ReadonlySet<string> | undefined>(undefined);
  const papersVersion = usePapersVersion(library, active);
  const follows = rules?.filter((r) => ruleAction(r) === 'follow' && r.enabled);
  const key = follows?.map((r) => `${r.id}:${r.kind}:${r.pattern}:${r.flags ?? ''}:${r.unless ?? ''}`).join('|');
  useEffect(() => {
    if (!active || !follows) return;
    return followedIds(library, follows, setIds);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, key, papersVersion]);
  return ids;
}
