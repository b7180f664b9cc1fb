import type { HideRule, HideRuleKind } from '../model/library';
import type { PaperRecord } from '../model/paper';

/** The fields of a paper that hide rules look at. */
export type MatchablePaper = Pick<PaperRecord, 'title' | 'abstract' | 'authors' | 'organization'>;

export interface RuleInput {
  kind: HideRuleKind;
  pattern: string;
  flags?: string;
}

export type RuleCheck = { ok: true; rule: RuleInput } | { ok: false; error: string };

const MAX_PATTERN = 500;
const RULE_LABEL: Record<HideRuleKind, string> = {
  keyword: 'Topic',
  regex: 'Pattern',
  author: 'Author',
  organization: 'Organization',
};

/**
 * Checks what the user typed before it is saved: a rule that cannot match (empty, a regex that
 * does not compile, one that matches the empty string and so would hide everything) is refused
 * with a message that says why.
 */
export function checkRule(input: RuleInput): RuleCheck {
  const pattern = input.pattern.trim().replace(/\s+/g, ' ');
  if (!pattern) return { ok: false, error: 'Type a word, phrase, pattern or name to hide.' };
  if (pattern.length > MAX_PATTERN) return { ok: false, error: `Keep it under ${MAX_PATTERN} characters.` };
  if (input.kind !== 'regex') return { ok: true, rule: { kind: input.kind, pattern } };

  const flags = normaliseFlags(input.flags ?? 'i');
  if (flags == null) return { ok: false, error: 'Regular expression flags may only be i, m, s or u.' };
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags);
  } catch (e) {
    // The engine's message names the problem ("Unterminated group", "Nothing to repeat", …).
    const why = e instanceof SyntaxError ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    return { ok: false, error: `Not a valid regular expression: ${why}` };
  }
  if (re.test('')) return { ok: false, error: 'This pattern matches empty text, so it would hide every paper.' };
  return { ok: true, rule: { kind: 'regex', pattern, flags } };
}

function normaliseFlags(flags: string): string | null {
  if (!/^[imsu]*$/.test(flags)) return null;
  return [...new Set(flags)].sort().join('');
}

/** Human-readable reason, e.g. `Topic "diffusion"` or `Author Jane Doe`. */
export function describeRule(rule: Pick<HideRule, 'kind' | 'pattern' | 'flags'>): string {
  switch (rule.kind) {
    case 'keyword':
      return `${RULE_LABEL.keyword} "${rule.pattern}"`;
    case 'regex':
      return `${RULE_LABEL.regex} /${rule.pattern}/${rule.flags ?? ''}`;
    default:
      return `${RULE_LABEL[rule.kind]} ${rule.pattern}`;
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const normKey = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

export interface RuleMatcher {
  /** The first enabled rule that hides this paper, or null. */
  match(paper: MatchablePaper): HideRule | null;
  readonly size: number;
}

/**
 * Compiles rules once for many papers. All keyword rules become one alternation (one pass over
 * the text instead of one per rule: 200 rules over 1,000 cards stays in single-digit ms); authors
 * and organizations are set look-ups; regex rules are tried one by one, each compiled once. A rule
 * that no longer compiles (edited storage, a newer engine) is skipped, never thrown.
 */
export function compileRules(rules: readonly HideRule[]): RuleMatcher {
  const enabled = rules.filter((r) => r.enabled);
  const keywords = new Map<string, HideRule>();
  const authors = new Map<string, HideRule>();
  const orgs = new Map<string, HideRule>();
  const regexes: Array<[RegExp, HideRule]> = [];

  for (const rule of enabled) {
    const key = normKey(rule.pattern);
    if (!key) continue;
    if (rule.kind === 'keyword') keywords.has(key) || keywords.set(key, rule);
    else if (rule.kind === 'author') authors.has(key) || authors.set(key, rule);
    else if (rule.kind === 'organization') orgs.has(key) || orgs.set(key, rule);
    else {
      try {
        regexes.push([new RegExp(rule.pattern, rule.flags ?? 'i'), rule]);
      } catch {
        /* skipped: checkRule refuses these when they are typed */
      }
    }
  }

  // Longest first so "large language model" wins over "language" when both are rules.
  const alternation = [...keywords.keys()]
    .sort((a, b) => b.length - a.length)
    .map((k) => escapeRegExp(k).replace(/ /g, '\\s+'))
    .join('|');
  // Whole words: no letter or digit right before or after (works for non-Latin scripts too).
  const keywordRe = alternation ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation})(?![\\p{L}\\p{N}])`, 'iu') : null;

  function match(paper: MatchablePaper): HideRule | null {
    if (authors.size && paper.authors) {
      for (const name of paper.authors) {
        const rule = authors.get(normKey(name));
        if (rule) return rule;
      }
    }
    if (orgs.size && paper.organization) {
      const rule =
        orgs.get(normKey(paper.organization.slug)) ??
        (paper.organization.name ? orgs.get(normKey(paper.organization.name)) : undefined);
      if (rule) return rule;
    }
    if (!keywordRe && regexes.length === 0) return null;
    const fields = [paper.title, paper.abstract, paper.authors?.join(', '), paper.organization?.name, paper.organization?.slug];
    for (const text of fields) {
      if (!text) continue;
      if (keywordRe) {
        const m = keywordRe.exec(text);
        if (m) {
          const rule = keywords.get(normKey(m[0]));
          if (rule) return rule;
        }
      }
      for (const [re, rule] of regexes) {
        re.lastIndex = 0;
        if (re.test(text)) return rule;
      }
    }
    return null;
  }

  return { match, size: enabled.length };
}
