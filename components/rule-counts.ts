import type { Library } from '../lib/db/library';
import type { HideRule, RuleAction, StoredPaper } from '../lib/model/library';
import { compileRules } from '../lib/topics/rules';
import { whenIdle } from './store';

export interface RuleCounts {
  /** Papers each rule hides: the first enabled rule that matches a paper is the one its card names. */
  byRule: Map<string, number>;
  /** Papers hidden by any rule. */
  hidden: number;
  /** Papers looked at so far. */
  scanned: number;
  done: boolean;
}

const CHUNK = 1000;

/**
 * Reads every paper seen in chunks, each in idle time, so a 50,000-paper library keeps the page
 * responsive: `visit` gets each chunk, `onDone` runs after the last one (never once cancelled).
 * Returns the function that cancels.
 */
export function eachPaperWhenIdle(
  library: Library,
  visit: (page: readonly StoredPaper[]) => void,
  onDone: () => void,
  /** What the scan is for, in the console message of a failure. */
  what: string,
): () => void {
  let cancelled = false;
  let cancelIdle: (() => void) | null = null;
  const idle = () =>
    new Promise<unknown>((resolve) => {
      cancelIdle = whenIdle(resolve, 500);
    });
  void (async () => {
    let last: string | null = null;
    for (;;) {
      await idle();
      if (cancelled) return;
      const page: StoredPaper[] = await library.papersAfter(last, CHUNK);
      if (cancelled) return;
      if (page.length === 0) break;
      last = page[page.length - 1]!.id;
      visit(page);
    }
    if (!cancelled) onDone();
  })().catch((e) => console.error(`[paperdeck] ${what} failed`, e));
  return () => {
    cancelled = true;
    cancelIdle?.();
  };
}

/**
 * Counts, over every paper seen, how many each rule hides — in the background: papers are read
 * in chunks and matched in idle time, never on a keystroke, so a 50,000-paper library keeps the
 * panel responsive. `onProgress` gets running totals; the returned function cancels.
 */
export function countRuleMatches(
  library: Library,
  rules: readonly HideRule[],
  onProgress: (counts: RuleCounts) => void,
  /** A regex rule too slow on some paper: left out of the counts (lib/topics/matcher SLOW_REGEX_MS). */
  onSlow?: (rule: HideRule, ms: number) => void,
  /** Hide rules (the default: `hidden` counts papers hidden) or follow rules (papers followed). */
  action: RuleAction = 'hide',
): () => void {
  const matcher = compileRules(rules, { onSlow, action });
  const counts: RuleCounts = { byRule: new Map(rules.map((r) => [r.id, 0])), hidden: 0, scanned: 0, done: false };
  if (matcher.size === 0) {
    let cancelled = false;
    void library
      .paperCount()
      .then((scanned) => {
        counts.scanned = scanned;
        counts.done = true;
        if (!cancelled) onProgress(counts);
      })
      .catch((e: unknown) => console.error('[paperdeck] counting rule matches failed', e));
    return () => {
      cancelled = true;
    };
  }
  return eachPaperWhenIdle(
    library,
    (page) => {
      for (const paper of page) {
        const rule = matcher.match(paper);
        if (rule) {
          counts.hidden++;
          counts.byRule.set(rule.id, (counts.byRule.get(rule.id) ?? 0) + 1);
        }
      }
      counts.scanned += page.length;
      onProgress({ ...counts, byRule: new Map(counts.byRule) });
    },
    () => {
      counts.done = true;
      onProgress({ ...counts, byRule: new Map(counts.byRule) });
    },
    'counting rule matches',
  );
}
