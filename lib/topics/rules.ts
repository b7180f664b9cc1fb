import type { HideMode, HideRule, HideRuleKind, RuleAction, Settings } from '../model/library';
import type { PaperRecord } from '../model/paper';
import { MAX_RULE_TEXT } from '../model/limits';
import { t } from '../i18n';
import { regexProblem, type RegexProblem } from './regex-safety';

/** The fields of a paper that hide rules look at. */
export type MatchablePaper = Pick<PaperRecord, 'title' | 'abstract' | 'authors' | 'organization'>;

export interface RuleInput {
  /** Absent: hide. */
  action?: RuleAction;
  kind: HideRuleKind;
  pattern: string;
  flags?: string;
  mode?: HideMode;
  unless?: string;
}

export type RuleCheck = { ok: true; rule: RuleInput } | { ok: false; error: string };

const RULE_LABEL: Record<HideRuleKind, string> = {
  keyword: t('ruleLabelTopic'),
  regex: t('ruleLabelPattern'),
  author: t('ruleLabelAuthor'),
  organization: t('ruleLabelOrganization'),
};

/**
 * Checks what the user typed before it is saved: a rule that cannot match (empty, a regex that
 * does not compile, one that matches the empty string and so would hide everything) or that could
 * freeze the page (a regex whose matching time can blow up: lib/topics/regex-safety) is refused
 * with a message that says why. The one check for every way a rule comes in: typed (popup, library
 * page, the page's "Hide topic"), synced from another device (lib/sync/apply) and imported.
 */
export function checkRule(input: RuleInput): RuleCheck {
  const base = checkPattern(input);
  if (!base.ok) return base;
  const rule: RuleInput = { ...base.rule };
  // A follow rule has no mode: it never hides.
  if (input.action === 'follow') rule.action = 'follow';
  else if (input.mode && input.mode !== 'fold') rule.mode = input.mode;
  const unless = input.unless
    ?.split(',')
    .map((w) => w.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .join(', ');
  if (unless) {
    if (unless.length > MAX_RULE_TEXT) return { ok: false, error: t('ruleErrorUnlessLong', MAX_RULE_TEXT) };
    if (!/[\p{L}\p{N}]/u.test(unless)) return { ok: false, error: t('ruleErrorUnlessLetter') };
    rule.unless = unless;
  }
  return { ok: true, rule };
}

function checkPattern(input: RuleInput): RuleCheck {
  const pattern = input.pattern.trim().replace(/\s+/g, ' ');
  if (!pattern) return { ok: false, error: t('ruleErrorEmpty') };
  if (pattern.length > MAX_RULE_TEXT) return { ok: false, error: t('ruleErrorLong', MAX_RULE_TEXT) };
  if (input.kind === 'keyword' && !/[\p{L}\p{N}]/u.test(pattern)) {
    return { ok: false, error: t('ruleErrorTopicLetter') };
  }
  if (input.kind !== 'regex') return { ok: true, rule: { kind: input.kind, pattern } };

  const flags = normaliseFlags(input.flags ?? 'i');
  if (flags == null) return { ok: false, error: t('ruleErrorFlags') };
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags);
  } catch (e) {
    // The engine's message names the problem ("Unterminated group", "Nothing to repeat", …).
    const why = e instanceof SyntaxError ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    return { ok: false, error: t('ruleErrorInvalid', why) };
  }
  if (re.test('')) return { ok: false, error: t('ruleErrorMatchesEmpty') };
  const problem = regexProblem(pattern, flags);
  if (problem) return { ok: false, error: describeProblem(problem) };
  return { ok: true, rule: { kind: 'regex', pattern, flags } };
}

/** Why a pattern could freeze the page, in the user's words (lib/topics/regex-safety). */
function describeProblem(problem: RegexProblem): string {
  switch (problem.kind) {
    case 'backreference':
      return t('ruleErrorBackreference', problem.at);
    case 'nested':
      return t('ruleErrorNestedRepeat', problem.at);
    case 'overlap':
      return t('ruleErrorOverlapRepeat', problem.at);
    case 'adjacent':
      return t('ruleErrorAdjacentRepeats', problem.at, problem.other);
    case 'edge':
      return t('ruleErrorEdgeRepeat', problem.at);
    case 'complex':
      return t('ruleErrorComplex');
    case 'slow':
      return t('ruleErrorSlow', problem.ms, problem.length);
  }
}

function normaliseFlags(flags: string): string | null {
  if (!/^[imsu]*$/.test(flags)) return null;
  return [...new Set(flags)].sort().join('');
}

/** What a rule does: absent is hide (every rule stored before follows existed). */
export function ruleAction(rule: Pick<HideRule, 'action'>): RuleAction {
  return rule.action ?? 'hide';
}

/**
 * Is any hide rule in force: an enabled hide rule, and rules not paused? The background registers
 * the no-flash stylesheet on this answer and the page lets go of it on the same answer. (Follow
 * rules never hide: they need no guard.)
 */
export function rulesInForce(rules: readonly Pick<HideRule, 'enabled' | 'action'>[], settings: Pick<Settings, 'pauseRules'>): boolean {
  return !settings.pauseRules && rules.some((r) => r.enabled && ruleAction(r) === 'hide');
}

/** Human-readable reason, e.g. `Topic "diffusion"` or `Author Jane Doe`. */
export function describeRule(rule: Pick<HideRule, 'kind' | 'pattern' | 'flags'>): string {
  switch (rule.kind) {
    case 'keyword':
      return t('ruleDescribeKeyword', RULE_LABEL.keyword, rule.pattern);
    case 'regex':
      return t('ruleDescribeRegex', RULE_LABEL.regex, rule.pattern, rule.flags ?? '');
    default:
      return t('ruleDescribeOther', RULE_LABEL[rule.kind], rule.pattern);
  }
}

const normKey = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * How keyword rules find their words in a text: `regex`, one alternation of the anchor words run
 * by the regex engine; `words`, one pass over the characters hashing each word. The regex is
 * quicker while the alternation is short and slower past it, as every position of the text tries
 * many alternatives (200 near-miss words: 17 ms vs 10 on 1,000 abstracts); the word scan costs the
 * same whatever the words. Unset: chosen by the number of anchor words. (Tests force each.)
 */
export type KeywordScan = 'regex' | 'words';
/** Measured on 1,000 abstracts (tests/bench/page.mjs): the regex wins up to about 10-20 words. */
const REGEX_ANCHORS_MAX = 12;

export interface RuleMatcher {
  /** The first enabled rule (of the compiled action) that matches this paper, or null. */
  match: (paper: MatchablePaper) => HideRule | null;
  readonly size: number;
}

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

export interface CompileOptions {
  /** How keyword rules are found (tests force each; see KeywordScan). */
  scan?: KeywordScan;
  /** Told once about each regex rule stopped for being slow, with the time it took (ms). */
  onSlow?: (rule: HideRule, ms: number) => void;
  /**
   * Which rules to compile: hide rules (the default) or follow rules. One engine for both; a
   * matcher holds one action's rules only, so no caller can hide by a follow rule.
   */
  action?: RuleAction;
}

const now = () => globalThis.performance.now();

/** Letters and digits in any script: what "whole word" is measured against. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The hash wordScanner computes while scanning a word: the same for the same UTF-16 units. */
function wordHash(text: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** For ASCII digits and letters, the char code in lower case; 0 for every other ASCII code. */
const ASCII_LOWER = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_LOWER[c] = c;
for (let c = 65; c <= 90; c++) ASCII_LOWER[c] = c + 32;
for (let c = 97; c <= 122; c++) ASCII_LOWER[c] = c;

function isWordChar(code: number, text: string, i: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return WORD_CHAR.test(text[i]!);
}

/**
 * Calls `visit` with each maximal run of letters and digits in `text` and where it starts, in
 * order, until it returns true. One pass over the characters; no regex.
 */
function someWord(text: string, visit: (word: string, start: number) => boolean): boolean {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inWord = i < text.length && isWordChar(text.charCodeAt(i), text, i);
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (visit(text.slice(start, i), start)) return true;
      start = -1;
    }
  }
  return false;
}

/** A keyword rule: its normalised text, and where its anchor (its longest word) sits in it. */
interface KeywordTest {
  rule: HideRule;
  /** Lower case, white space folded to single spaces. */
  key: string;
  anchorAt: number;
  anchorLength: number;
}

const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x2028 || code === 0x2029;

/**
 * Does `t.key` stand in `text` (lower-cased) around the anchor word found at [start, end), as whole
 * words? A space in the key stands for any run of white space in the text.
 */
function confirm(text: string, start: number, end: number, t: KeywordTest): boolean {
  const { key } = t;
  // Backwards through the key's part before the anchor.
  let i = start;
  for (let k = t.anchorAt - 1; k >= 0; k--) {
    if (key.charCodeAt(k) === 32) {
      if (i === 0 || !isSpace(text.charCodeAt(i - 1))) return false;
      while (i > 0 && isSpace(text.charCodeAt(i - 1))) i--;
    } else if (i === 0 || text.charCodeAt(--i) !== key.charCodeAt(k)) return false;
  }
  // Forwards through the part after it.
  let j = end;
  for (let k = t.anchorAt + t.anchorLength; k < key.length; k++) {
    if (key.charCodeAt(k) === 32) {
      if (j >= text.length || !isSpace(text.charCodeAt(j))) return false;
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    } else if (j >= text.length || text.charCodeAt(j++) !== key.charCodeAt(k)) return false;
  }
  return !(i > 0 && isWordChar(text.charCodeAt(i - 1), text, i - 1)) && !(j < text.length && isWordChar(text.charCodeAt(j), text, j));
}

/**
 * Compiles rules once for many papers (200 rules over 1,000 cards stays within a few ms):
 *  - keyword rules are indexed by their longest word (anchor): the text's words that are anchors
 *    are found (one regex of the anchors, or one pass hashing each word: see KeywordScan) and only
 *    the rules on that anchor are confirmed there, character by character. (The anchor of a match
 *    is always a whole word of the text, since a match is bounded by non-word chars.)
 *  - regex rules with the same flags are first tried as one alternation, and one by one only when
 *    that finds something, to name the rule;
 *  - authors and organizations are set look-ups.
 * A rule that no longer compiles (edited storage, a newer engine) is skipped, never thrown.
 */
export function compileRules(rules: readonly HideRule[], options: CompileOptions = {}): RuleMatcher {
  const action = options.action ?? 'hide';
  const enabled = rules.filter((r) => r.enabled && ruleAction(r) === action);
  // Rules with exceptions are few: each is matched on its own, then its exceptions (keyword
  // rules themselves) are looked for. The rest go through the shared indexes below.
  const plain = enabled.filter((r) => !r.unless);
  const excepted = enabled
    .filter((r) => r.unless)
    .map((rule) => {
      const words = rule
        .unless!.split(',')
        .map((w) => w.trim())
        .filter(Boolean);
      const unless = compileIndexed(
        words.map((pattern, i) => ({ id: `${rule.id}#unless${i}`, kind: 'keyword' as const, pattern, enabled: true, createdAt: 0 })),
        options,
      );
      return { rule, own: compileIndexed([rule], options), unless };
    });
  const main = compileIndexed(plain, options);
  if (!excepted.length) return { match: main.match, size: enabled.length };
  return {
    size: enabled.length,
    match(paper) {
      const hit = main.match(paper);
      if (hit) return hit;
      for (const { rule, own, unless } of excepted) if (own.match(paper) && !unless.match(paper)) return rule;
      return null;
    },
  };
}

function compileIndexed(enabled: readonly HideRule[], options: CompileOptions): RuleMatcher {
  const { scan, onSlow } = options;
  const byAnchor = new Map<string, KeywordTest[]>();
  const authors = new Map<string, HideRule>();
  const orgs = new Map<string, HideRule>();
  const regexes: Array<[RegExp, HideRule]> = [];
  const seenKeywords = new Set<string>();

  for (const rule of enabled) {
    const key = normKey(rule.pattern);
    if (!key) continue;
    if (rule.kind === 'author') {
      if (!authors.has(key)) authors.set(key, rule);
    } else if (rule.kind === 'organization') {
      if (!orgs.has(key)) orgs.set(key, rule);
    } else if (rule.kind === 'keyword') {
      if (seenKeywords.has(key)) continue;
      seenKeywords.add(key);
      let anchor: { word: string; at: number } | undefined;
      someWord(key, (word, at) => ((anchor = !anchor || word.length > anchor.word.length ? { word, at } : anchor), false));
      if (!anchor) continue; // punctuation only: it can never be a whole word
      const list = byAnchor.get(anchor.word) ?? [];
      list.push({ rule, key, anchorAt: anchor.at, anchorLength: anchor.word.length });
      byAnchor.set(anchor.word, list);
    } else {
      try {
        regexes.push([new RegExp(rule.pattern, rule.flags ?? 'i'), rule]);
      } catch {
        /* skipped: checkRule refuses these when they are typed */
      }
    }
  }
  let regexGroups = groupRegexes(regexes);

  // Few anchor words: one regex of them all; many: one pass hashing each word (see KeywordScan).
  const keywordIn =
    scan === 'regex' || (scan === undefined && byAnchor.size <= REGEX_ANCHORS_MAX) ? regexScanner(byAnchor) : wordScanner(byAnchor);

  /** Runs one regex on a text, timed; a run over SLOW_REGEX_MS is confirmed by a second one. */
  function timedTest(re: RegExp, text: string): { hit: boolean; ms: number; slow: boolean } {
    re.lastIndex = 0;
    const started = now();
    const hit = re.test(text);
    const ms = now() - started;
    return { hit, ms, slow: ms > SLOW_REGEX_MS };
  }

  /** Leaves `rule` out from now on and says so (once). */
  function stop(rule: HideRule, ms: number): void {
    regexes.splice(
      regexes.findIndex(([, r]) => r === rule),
      1,
    );
    regexGroups = groupRegexes(regexes);
    onSlow?.(rule, Math.round(ms));
  }

  /**
   * The first regex rule matching `text` (cut to MAX_REGEX_SCAN). A slow group is taken apart: each
   * member is timed on the text, and one slow again is stopped; the search then starts over
   * without it.
   */
  function regexIn(full: string): HideRule | null {
    const text = full.length > MAX_REGEX_SCAN ? full.slice(0, MAX_REGEX_SCAN) : full;
    search: for (;;) {
      for (const { combined, members } of regexGroups) {
        let groupSlow = false;
        if (combined) {
          const quick = timedTest(combined, text);
          if (!quick.slow && !quick.hit) continue;
          groupSlow = quick.slow;
        }
        for (const [re, rule] of members) {
          let run = timedTest(re, text);
          // Slow once (and its group was not): tried again before it is judged.
          if (run.slow && !groupSlow) {
            const again = timedTest(re, text);
            run = { hit: again.hit, ms: Math.max(run.ms, again.ms), slow: again.slow };
          }
          if (run.slow) {
            stop(rule, run.ms);
            continue search;
          }
          if (run.hit) return rule;
        }
      }
      return null;
    }
  }

  function match(paper: MatchablePaper): HideRule | null {
    if (authors.size && paper.authors) {
      for (const name of paper.authors) {
        const rule = authors.get(normKey(name));
        if (rule) return rule;
      }
    }
    if (orgs.size && paper.organization) {
      const rule =
        orgs.get(normKey(paper.organization.slug)) ?? (paper.organization.name ? orgs.get(normKey(paper.organization.name)) : undefined);
      if (rule) return rule;
    }
    if (byAnchor.size === 0 && regexes.length === 0) return null;
    const fields = [paper.title, paper.abstract, paper.authors?.join(', '), paper.organization?.name, paper.organization?.slug];
    for (const text of fields) {
      if (!text) continue;
      const rule = (byAnchor.size ? keywordIn(text) : null) ?? (regexes.length ? regexIn(text) : null);
      if (rule) return rule;
    }
    return null;
  }

  return { match, size: enabled.length };
}

/**
 * Finds keyword rules by their anchor words with one pass over the characters: each word is
 * lower-cased as it is read (ASCII by a table) and hashed, and only a word whose length and hash
 * some anchor has is compared. The text is lower-cased as a whole only when a word needs
 * confirming, or — as the exact path — when it holds an upper-case letter outside ASCII (whose
 * lower case may change the length).
 */
function wordScanner(byAnchor: ReadonlyMap<string, KeywordTest[]>): (text: string) => HideRule | null {
  // Anchor lengths as a flat table, and anchors by a hash of their characters: most words of a
  // text are dismissed without making a string of them.
  const lengthTable = new Uint8Array(64);
  const longLengths = new Set<number>();
  const byHash = new Map<number, Array<{ anchor: string; tests: KeywordTest[] }>>();
  for (const [anchor, tests] of byAnchor) {
    if (anchor.length < 64) lengthTable[anchor.length] = 1;
    else longLengths.add(anchor.length);
    const h = wordHash(anchor, 0, anchor.length);
    const list = byHash.get(h);
    if (list) list.push({ anchor, tests });
    else byHash.set(h, [{ anchor, tests }]);
  }
  // A bit per anchor hash (low 15 bits): most words that pass the length test are dismissed here
  // without a map look-up.
  const hashBits = new Uint32Array(1024);
  for (const h of byHash.keys()) hashBits[(h >>> 5) & 1023]! |= 1 << (h & 31);

  function scan(text: string, lowered: boolean): HideRule | null {
    let lower: string | null = lowered ? text : null;
    const n = text.length;
    let start = -1;
    let h = 0;
    for (let i = 0; i <= n; i++) {
      let code = i < n ? text.charCodeAt(i) : 32;
      let word: boolean;
      if (code < 128) {
        code = ASCII_LOWER[code]!;
        word = code !== 0;
      } else {
        if (!lowered) {
          const ch = text[i]!;
          if (ch.toLowerCase() !== ch) return scan(text.toLowerCase(), true);
        }
        word = isWordChar(code, text, i);
      }
      if (word) {
        if (start < 0) {
          start = i;
          h = 0;
        }
        h = (Math.imul(h, 31) + code) | 0;
        continue;
      }
      if (start < 0) continue;
      const len = i - start;
      if ((len < 64 ? lengthTable[len] === 1 : longLengths.has(len)) && (hashBits[(h >>> 5) & 1023]! >>> (h & 31)) & 1) {
        const candidates = byHash.get(h);
        if (candidates) {
          // Same length as the text up to here: no upper-case letter outside ASCII came before.
          lower ??= text.toLowerCase();
          for (const { anchor, tests } of candidates) {
            if (anchor.length !== len || !lower.startsWith(anchor, start)) continue;
            for (const t of tests) if (confirm(lower, start, i, t)) return t.rule;
          }
        }
      }
      start = -1;
    }
    return null;
  }
  return (text) => scan(text, false);
}

/**
 * Finds keyword rules by their anchor words with the regex engine (native code): all anchors in
 * one alternation, longest first, over the lower-cased text. At a given place only the longest
 * anchor can stand as a whole word (a shorter one is followed by a letter of the longer), and
 * anchors are letters and digits only, so no whole word starts inside a match and the search goes
 * on from its end.
 */
function regexScanner(byAnchor: ReadonlyMap<string, KeywordTest[]>): (text: string) => HideRule | null {
  if (byAnchor.size === 0) return () => null;
  const anchors = [...byAnchor.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const source = anchors.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const anchorRe = new RegExp(source, 'g');
  // The same alternation, case-blind (Unicode case folding), tried first on the text as it is:
  // most texts hold no anchor at all and are never lower-cased. Exact: a character's fold equals
  // its lower case's fold for every code point but U+0130 (İ, whose lower case is two
  // characters, checked over all of Unicode in the tests), and a text with that letter skips it.
  const anyAnchor = new RegExp(source, 'iu');
  return (text) => {
    if (!text.includes('\u0130') && !anyAnchor.test(text)) return null;
    const lower = text.toLowerCase();
    anchorRe.lastIndex = 0;
    for (let m = anchorRe.exec(lower); m; m = anchorRe.exec(lower)) {
      const start = m.index;
      const end = start + m[0].length;
      if (start > 0 && isWordChar(lower.charCodeAt(start - 1), lower, start - 1)) continue;
      if (end < lower.length && isWordChar(lower.charCodeAt(end), lower, end)) continue;
      for (const t of byAnchor.get(m[0])!) if (confirm(lower, start, end, t)) return t.rule;
    }
    return null;
  };
}

/**
 * Regexes with the same flags, joined into one alternation used as a quick "does any of these
 * match?" test. Patterns with back-references or named groups keep their own group (joining
 * would renumber or clash them).
 */
function groupRegexes(regexes: Array<[RegExp, HideRule]>): Array<{ combined: RegExp | null; members: Array<[RegExp, HideRule]> }> {
  const byFlags = new Map<string, Array<[RegExp, HideRule]>>();
  const alone: Array<[RegExp, HideRule]> = [];
  for (const entry of regexes) {
    if (/\\[1-9]|\\k<|\(\?<(?![=!])/.test(entry[0].source)) alone.push(entry);
    else byFlags.set(entry[0].flags, [...(byFlags.get(entry[0].flags) ?? []), entry]);
  }
  const groups: Array<{ combined: RegExp | null; members: Array<[RegExp, HideRule]> }> = [];
  for (const [flags, members] of byFlags) {
    let combined: RegExp | null = null;
    if (members.length > 1) {
      try {
        combined = new RegExp(members.map(([re]) => `(?:${re.source})`).join('|'), flags);
      } catch {
        combined = null;
      }
    }
    groups.push({ combined, members });
  }
  for (const entry of alone) groups.push({ combined: null, members: [entry] });
  return groups;
}
