/**
 * The matcher's regex rules (lib/topics/matcher.ts) and their time budget: regexes shared by the
 * rules with the same pattern and flags (RegexEntry), joined into groups tried as one alternation
 * (groupRegexes), and run on a field each timed, a slow one stopped (regexRunner). The budget itself
 * (MAX_REGEX_SCAN, SLOW_REGEX_MS) is the engine's: matcher.ts.
 */
import type { HideRule } from '../model/library';

const now = () => globalThis.performance.now();

/** One compiled regex, shared by every rule (of any set) with the same pattern and flags. */
export interface RegexEntry {
  re: RegExp;
  /** Its rules in order; per set, the first is the one named. */
  rules: Array<{ rule: HideRule; set: number; order: number }>;
  /**
   * The words it cannot match without (lib/topics/regex-literals), by their index in the scan's
   * `seen`: it is run only on a field where one was seen. Null: run on every field.
   */
  gate: readonly number[] | null;
}

interface RegexGroup {
  combined: RegExp | null;
  members: RegexEntry[];
  /** A gated regex is a group of its own, run where its words were seen. */
  gate: readonly number[] | null;
}

/**
 * Regexes with the same flags, joined into one alternation used as a quick "does any of these
 * match?" test. Patterns with back-references or named groups keep their own group (joining
 * would renumber or clash them).
 */
function groupRegexes(entries: readonly RegexEntry[]): RegexGroup[] {
  const byFlags = new Map<string, RegexEntry[]>();
  const alone: RegexEntry[] = [];
  const gated: RegexGroup[] = [];
  for (const entry of entries) {
    if (entry.gate) gated.push({ combined: null, members: [entry], gate: entry.gate });
    else if (/\\[1-9]|\\k<|\(\?<(?![=!])/.test(entry.re.source)) alone.push(entry);
    else byFlags.set(entry.re.flags, [...(byFlags.get(entry.re.flags) ?? []), entry]);
  }
  const groups: RegexGroup[] = [];
  for (const [flags, members] of byFlags) {
    let combined: RegExp | null = null;
    if (members.length > 1) {
      try {
        combined = new RegExp(members.map((e) => `(?:${e.re.source})`).join('|'), flags);
      } catch {
        combined = null;
      }
    }
    groups.push({ combined, members, gate: null });
  }
  for (const entry of alone) groups.push({ combined: null, members: [entry], gate: null });
  return [...groups, ...gated];
}

/** The time budget of a regex rule (matcher.ts MAX_REGEX_SCAN, SLOW_REGEX_MS). */
export interface RegexBudget {
  /** The characters of a field a regex looks at. */
  maxScan: number;
  /** A regex slower than this (ms) on one field, twice, is stopped. */
  slowMs: number;
}

/** A matcher's regex rules, run on one field at a time. */
export interface RegexRunner {
  /** How many regexes are still run (a slow one is stopped). */
  readonly size: number;
  /** For each set still without a rule, its earliest regex rule matching `text` (see regexIn). */
  run(text: string, found: Array<HideRule | null>, pending: number): number;
}

/**
 * Runs `entries` for `count` sets; a gated regex only where `seen` (filled by the keyword scan for
 * the field at hand) marks one of its words. `onSlow` is told once about each rule stopped
 * for going over `budget`.
 */
export function regexRunner(
  entries: readonly RegexEntry[],
  count: number,
  seen: Uint8Array,
  onSlow: ((rule: HideRule, ms: number) => void) | undefined,
  budget: RegexBudget,
): RegexRunner {
  const { maxScan: MAX_REGEX_SCAN, slowMs: SLOW_REGEX_MS } = budget;
  let regexes = entries;
  let regexGroups = groupRegexes(regexes);

  /** Runs one regex on a text, timed (in `lastMs`). */
  let lastMs = 0;
  function timedTest(re: RegExp, text: string): boolean {
    re.lastIndex = 0;
    const started = now();
    const hit = re.test(text);
    lastMs = now() - started;
    return hit;
  }

  /** Leaves this regex (and every rule on it) out from now on and says so (once each). */
  function stop(entry: RegexEntry, ms: number): void {
    regexes = regexes.filter((e) => e !== entry);
    regexGroups = groupRegexes(regexes);
    for (const { rule } of entry.rules) onSlow?.(rule, Math.round(ms));
  }

  const best: Array<{ rule: HideRule; order: number } | undefined> = new Array<undefined>(count);
  /** Could a set still waiting take this regex's rule over what it has found so far? */
  const wanted = (entry: RegexEntry, found: ReadonlyArray<HideRule | null>) =>
    entry.rules.some(({ set, order }) => found[set] === null && !(best[set] && best[set].order < order));

  /**
   * For each set still without a rule, its earliest regex rule matching `text` (cut to
   * MAX_REGEX_SCAN). A slow group is taken apart: each member is timed on the text, and one slow
   * (twice, unless its group was) is stopped; the search then starts over without it. Returns how
   * many sets are still without a rule.
   */
  function regexIn(full: string, found: Array<HideRule | null>, pending: number): number {
    const text = full.length > MAX_REGEX_SCAN ? full.slice(0, MAX_REGEX_SCAN) : full;
    search: for (;;) {
      best.fill(undefined);
      for (const { combined, members, gate } of regexGroups) {
        if (gate && !gate.some((id) => seen[id] === 1)) continue;
        let groupSlow = false;
        if (combined) {
          const hit = timedTest(combined, text);
          groupSlow = lastMs > SLOW_REGEX_MS;
          if (!groupSlow && !hit) continue;
        }
        for (const entry of members) {
          if (!wanted(entry, found)) continue;
          let hit = timedTest(entry.re, text);
          let ms = lastMs;
          // Slow once (and its group was not): tried again before it is judged.
          if (ms > SLOW_REGEX_MS && !groupSlow) {
            hit = timedTest(entry.re, text);
            ms = lastMs > SLOW_REGEX_MS ? Math.max(ms, lastMs) : lastMs;
          }
          if (ms > SLOW_REGEX_MS) {
            stop(entry, ms);
            continue search;
          }
          if (!hit) continue;
          for (const { rule, set, order } of entry.rules) {
            if (found[set] === null && !(best[set] && best[set].order < order)) best[set] = { rule, order };
          }
        }
      }
      break;
    }
    for (let set = 0; set < count; set++) {
      const hit = best[set];
      if (hit && found[set] === null) {
        found[set] = hit.rule;
        pending--;
      }
    }
    return pending;
  }

  return {
    get size() {
      return regexes.length;
    },
    run: regexIn,
  };
}
