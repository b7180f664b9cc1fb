/**
 * The rule matcher: one pass over a paper's fields that answers for several rule sets at once
 * (hide and follow rules, issue 16), each set getting exactly the rule it would get matched alone.
 *
 *   rules of set 0, set 1, …  ──compile──▶  authors / organizations: one Map (name → each set's rule)
 *                                          keywords: one index by anchor word, one scan of the text
 *                                          regexes: those with a word at a word start (`\bscaling`)
 *                                            run only where that scan saw it; the rest one
 *                                            alternation per flags, then the members
 *   paper ──match──▶ [set 0's rule | null, set 1's rule | null, …]
 *
 * What "the rule a set gets" is, for each set on its own: an author rule (in the paper's author
 * order), else an organization rule, else field by field (title, abstract, authors, organization
 * name, slug) the keyword rule whose anchor word comes first in the field (the set's earlier rule
 * when several stand there), else that field's earliest regex rule of the set; then the rules with
 * "unless" exceptions, in the set's order. A set's answer never depends on the other sets' rules
 * (tests/unit/topics/rule-sets.test.ts checks it against each set compiled alone).
 *
 * Here: the engine (compileEngine), its public types and the regex rules' time budget. Its parts:
 * matcher-text.ts (word characters, lower case, hashes), matcher-keywords.ts (the keyword index
 * and confirming a rule where its anchor stands), matcher-scanners.ts (finding the anchors in a
 * text), matcher-regex.ts (regex rules, their groups, each run timed within that budget).
 */
import type { HideRule } from '../model/library';
import type { PaperRecord } from '../model/paper';
import { type AnchorEntry, type KeywordTest, eachWord, suffixAt } from './matcher-keywords';
import { type RegexEntry, regexRunner } from './matcher-regex';
import { regexScanner, wordScanner } from './matcher-scanners';
import { normKey } from './matcher-text';
import { wordStartLiterals } from './regex-literals';

/** The fields of a paper that rules look at. */
export type MatchablePaper = Pick<PaperRecord, 'title' | 'abstract' | 'authors' | 'organization'>;

/**
 * How keyword rules find their words in a text: `regex`, one alternation of the anchor words (as
 * a trie) run by the regex engine; `words`, one pass over the characters hashing each word. The
 * regex is quicker while the alternation is short and slower past it, as every position of the
 * text tries many alternatives; the word scan costs the same whatever the words. Unset: chosen by
 * the number of anchor words. (Tests force each.)
 */
export type KeywordScan = 'regex' | 'words';
/**
 * Measured on 1,000 abstracts (tests/bench/follow.mjs, 2026-12): a trie of 16 anchors 0.8 ms,
 * 300 anchors 15 ms (the word scan: 10 ms whatever the anchors).
 */
const REGEX_ANCHORS_MAX = 40;

/**
 * The characters of one field a regex rule looks at: every real abstract (arXiv's are at most
 * 1,920 characters) whole, and no more, so a rule that passed checkRule — at most quadratic in the
 * text — stays within milliseconds whatever a page holds. Keyword, author and organization rules
 * are linear and see everything.
 */
export const MAX_REGEX_SCAN = 5_000;
/**
 * A regex rule that takes longer than this on one field (and again when tried once more: a pause
 * of the machine is not the rule's) is stopped: left out of the matcher at once, and reported.
 * The backstop for a rule checkRule never saw (stored by an older version) or misjudged.
 */
export const SLOW_REGEX_MS = 50;

export interface EngineOptions {
  /** How keyword rules are found (tests force each; see KeywordScan). */
  scan?: KeywordScan | undefined;
  /** Told once about each regex rule stopped for being slow, with the time it took (ms). */
  onSlow?: ((rule: HideRule, ms: number) => void) | undefined;
}

export interface Engine {
  /** Each set's rule that matches this paper (null: none), in the order the sets were given. */
  match(paper: MatchablePaper): Array<HideRule | null>;
}

/**
 * Compiles sets of enabled rules, one pass over a paper for all of them (200 + 200 rules over
 * 1,000 cards within a few ms):
 *  - keyword rules are indexed by their longest word (anchor): the text's words that are anchors
 *    are found (one regex of the anchors, or one pass hashing each word: see KeywordScan) and only
 *    the rules on that anchor (and the word after it) are confirmed there, character by character.
 *    (The anchor of a match is always a whole word of the text, since a match is bounded by
 *    non-word chars.)
 *  - a regex rule that cannot match without a word at a word start (lib/topics/regex-literals) is
 *    run only on a field where the keyword scan saw that word (the ASCII scan: regexScanner);
 *  - other regex rules with the same flags are first tried as one alternation, and one by one only
 *    when that finds something, to name the rule; each is timed, and a slow one is stopped;
 *  - authors and organizations are map look-ups.
 * Rules with "unless" exceptions are matched each on its own, after the rest of its set. A rule
 * that no longer compiles (edited storage, a newer engine) is skipped, never thrown.
 */
export function compileEngine(sets: ReadonlyArray<readonly HideRule[]>, options: EngineOptions = {}): Engine {
  const count = sets.length;
  const plain: Array<{ rule: HideRule; set: number }> = [];
  type Match = (paper: MatchablePaper) => Array<HideRule | null>;
  const excepted: Array<Array<{ rule: HideRule; own: Match; unless: Match }>> = sets.map(() => []);
  sets.forEach((rules, set) => {
    for (const rule of rules) {
      if (!rule.unless) {
        plain.push({ rule, set });
        continue;
      }
      const words = rule.unless
        .split(',')
        .map((w) => w.trim())
        .filter(Boolean);
      const unless = compileIndexed(
        words.map((pattern, i) => ({
          rule: { id: `${rule.id}#unless${i}`, kind: 'keyword' as const, pattern, enabled: true, createdAt: 0 },
          set: 0,
        })),
        1,
        options,
      );
      excepted[set]!.push({ rule, own: compileIndexed([{ rule, set: 0 }], 1, options), unless });
    }
  });
  const main = compileIndexed(plain, count, options);
  if (excepted.every((list) => list.length === 0)) return { match: main };
  return {
    match(paper) {
      const found = main(paper);
      for (let set = 0; set < count; set++) {
        if (found[set] !== null) continue;
        for (const { rule, own, unless } of excepted[set]!) {
          if (own(paper)[0] !== null && unless(paper)[0] === null) {
            found[set] = rule;
            break;
          }
        }
      }
      return found;
    },
  };
}

function compileIndexed(
  rules: ReadonlyArray<{ rule: HideRule; set: number }>,
  count: number,
  options: EngineOptions,
): (paper: MatchablePaper) => Array<HideRule | null> {
  const { scan, onSlow } = options;
  const byAnchor = new Map<string, AnchorEntry>();
  const authors = new Map<string, Array<HideRule | undefined>>();
  const orgs = new Map<string, Array<HideRule | undefined>>();
  const regexes: RegexEntry[] = [];
  const regexByKey = new Map<string, RegexEntry>();
  const seenKeywords = new Set<string>();
  /** The regex rules' words (lib/topics/regex-literals), found by the keyword scan. */
  const literals: string[] = [];
  const literalId = (word: string) => {
    const at = literals.indexOf(word);
    return at >= 0 ? at : literals.push(word) - 1;
  };

  rules.forEach(({ rule, set }, order) => {
    const key = normKey(rule.pattern);
    if (!key) return;
    if (rule.kind === 'author' || rule.kind === 'organization') {
      const map = rule.kind === 'author' ? authors : orgs;
      const slots = map.get(key) ?? new Array<HideRule | undefined>(count);
      slots[set] ??= rule;
      map.set(key, slots);
    } else if (rule.kind === 'keyword') {
      const seen = `${set}\u0000${key}`;
      if (seenKeywords.has(seen)) return;
      seenKeywords.add(seen);
      let anchor: { word: string; at: number } | undefined;
      eachWord(key, (word, at) => {
        if (!anchor || word.length > anchor.word.length) anchor = { word, at };
      });
      if (!anchor) return; // punctuation only: it can never be a whole word
      const test: KeywordTest = { rule, set, order, key, anchorAt: anchor.at, anchorLength: anchor.word.length };
      const entry = byAnchor.get(anchor.word) ?? { rest: [], bySuffix: new Map<number, KeywordTest[]>() };
      byAnchor.set(anchor.word, entry);
      const suffix = suffixAt(key, anchor.at + anchor.word.length);
      if (suffix < 0) entry.rest.push(test);
      else entry.bySuffix.set(suffix, [...(entry.bySuffix.get(suffix) ?? []), test]);
    } else {
      const flags = rule.flags ?? 'i';
      const id = `${flags}/${rule.pattern}`;
      let entry = regexByKey.get(id);
      if (!entry) {
        try {
          const re = new RegExp(rule.pattern, flags);
          entry = { re, rules: [], gate: wordStartLiterals(rule.pattern, flags)?.map(literalId) ?? null };
        } catch {
          return; // skipped: checkRule refuses these when they are typed
        }
        regexByKey.set(id, entry);
        regexes.push(entry);
      }
      entry.rules.push({ rule, set, order });
    }
  });

  // Few anchor words: one regex of them all; many: one pass hashing each word (see KeywordScan).
  const keywordIn =
    scan === 'regex' || (scan === undefined && byAnchor.size <= REGEX_ANCHORS_MAX)
      ? regexScanner(byAnchor, literals)
      : wordScanner(byAnchor);
  /** Which of `literals` the scan saw in the field at hand. */
  const seen = new Uint8Array(literals.length);
  const regex = regexRunner(regexes, count, seen, onSlow, { maxScan: MAX_REGEX_SCAN, slowMs: SLOW_REGEX_MS });

  /** Settles each set still waiting that `slots` (a name's rules) has a rule for. */
  function take(slots: Array<HideRule | undefined> | undefined, found: Array<HideRule | null>, pending: number): number {
    if (!slots) return pending;
    for (let set = 0; set < count; set++) {
      const rule = slots[set];
      if (rule && found[set] === null) {
        found[set] = rule;
        pending--;
      }
    }
    return pending;
  }

  const fields: Array<string | undefined> = new Array<undefined>(5);

  return (paper) => {
    const found = new Array<HideRule | null>(count).fill(null);
    let pending = count;
    if (authors.size && paper.authors) {
      for (const name of paper.authors) {
        pending = take(authors.get(normKey(name)), found, pending);
        if (pending === 0) return found;
      }
    }
    if (orgs.size && paper.organization) {
      const slug = orgs.get(normKey(paper.organization.slug));
      const name = paper.organization.name ? orgs.get(normKey(paper.organization.name)) : undefined;
      // Per set, the slug's rule before the name's.
      pending = take(name, found, take(slug, found, pending));
      if (pending === 0) return found;
    }
    if (byAnchor.size === 0 && regex.size === 0) return found;
    fields[0] = paper.title;
    fields[1] = paper.abstract;
    fields[2] = paper.authors?.join(', ');
    fields[3] = paper.organization?.name;
    fields[4] = paper.organization?.slug;
    // Field by field, each set waiting takes its keyword rule standing first, else the field's
    // earliest regex rule, else goes on to the next field.
    for (let f = 0; f < 5 && pending; f++) {
      const text = fields[f];
      if (!text) continue;
      if (byAnchor.size || literals.length) {
        for (let i = 0; i < seen.length; i++) seen[i] = 0;
        pending = keywordIn(text, found, pending, seen);
      }
      if (pending && regex.size) pending = regex.run(text, found, pending);
    }
    return found;
  };
}
