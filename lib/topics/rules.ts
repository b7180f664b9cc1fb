import type { HideMode, HideRule, HideRuleKind, RuleAction, Settings } from '../model/library';
import { MAX_RULE_TEXT } from '../model/limits';
import { t } from '../i18n';
import { compileEngine, type EngineOptions, type MatchablePaper } from './matcher';
import { regexProblem, type RegexProblem } from './regex-safety';

export { MAX_REGEX_SCAN } from './matcher';

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

export interface RuleMatcher {
  /** The first enabled rule (of the compiled action) that matches this paper, or null. */
  match: (paper: MatchablePaper) => HideRule | null;
  readonly size: number;
}

export interface CompileOptions extends EngineOptions {
  /**
   * Which rules to compile: hide rules (the default) or follow rules. One engine for both; a
   * matcher holds one action's rules only, so no caller can hide by a follow rule.
   */
  action?: RuleAction;
}

const enabledOf = (rules: readonly HideRule[], action: RuleAction) => rules.filter((r) => r.enabled && ruleAction(r) === action);

/** Compiles one action's enabled rules once for many papers (lib/topics/matcher). */
export function compileRules(rules: readonly HideRule[], options: CompileOptions = {}): RuleMatcher {
  const enabled = enabledOf(rules, options.action ?? 'hide');
  const engine = compileEngine([enabled], options);
  return { match: (paper) => engine.match(paper)[0] ?? null, size: enabled.length };
}

/** What the rules say of one paper: the hide rule and the follow rule that match it, if any. */
export interface RuleVerdict {
  hide: HideRule | null;
  follow: HideRule | null;
}

export interface RuleSetMatcher {
  /** Each action's rule, exactly as compileRules of that action alone would name it. */
  match: (paper: MatchablePaper) => RuleVerdict;
  /** Enabled rules of each action. */
  readonly hides: number;
  readonly follows: number;
}

/**
 * Hide and follow rules compiled together: one pass over a paper answers both (issue 16: the
 * follow marks cost nothing beyond the hide rules). What to do with the answer — follow beats
 * hide — is the caller's.
 */
export function compileRuleSets(rules: readonly HideRule[], options: EngineOptions = {}): RuleSetMatcher {
  const hides = enabledOf(rules, 'hide');
  const follows = enabledOf(rules, 'follow');
  const engine = compileEngine([hides, follows], options);
  return {
    match(paper) {
      const [hide = null, follow = null] = engine.match(paper);
      return { hide, follow };
    },
    hides: hides.length,
    follows: follows.length,
  };
}
