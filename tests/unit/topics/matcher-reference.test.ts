import { compileRuleSets } from '../../../lib/topics/rules';
import { MAX_REGEX_SCAN, type MatchablePaper } from '../../../lib/topics/matcher';
import { wordStartLiterals } from '../../../lib/topics/regex-literals';
import type { HideRule } from '../../../lib/model/library';
import { rule } from './rule';

// The matcher's quick paths (one scan for keyword rules and regex rules' words, regexes run only
// where their words stand: lib/topics/matcher.ts, regex-literals.ts) against the plainest reading
// of what it promises, rule by rule: each action names exactly the rule this reference names.

const normKey = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
/** The white space a space of a keyword stands for (matcher.ts isSpace). */
const SPACE = '[ \\t\\n\\v\\f\\r\\u00a0\\u2028\\u2029]+';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where a keyword rule's anchor (its longest word, the first of equal ones) stands first in `text`, or -1. */
function keywordAt(pattern: string, text: string): number {
  const key = normKey(pattern);
  const words = [...key.matchAll(/[\p{L}\p{N}]+/gu)];
  if (!words.length) return -1;
  const anchor = words.reduce((a, b) => (b[0].length > a[0].length ? b : a));
  const before = key.slice(0, anchor.index).split(' ').map(escape).join(SPACE);
  const after = key
    .slice(anchor.index + anchor[0].length)
    .split(' ')
    .map(escape)
    .join(SPACE);
  const re = new RegExp(`(?<=(?<![\\p{L}\\p{N}])${before})${escape(anchor[0])}(?=${after}(?![\\p{L}\\p{N}]))`, 'uy');
  const lower = text.toLowerCase();
  for (let at = lower.indexOf(anchor[0]); at >= 0; at = lower.indexOf(anchor[0], at + 1)) {
    re.lastIndex = at;
    if (re.test(lower)) return at;
  }
  return -1;
}

const fieldsOf = (p: MatchablePaper) =>
  [p.title, p.abstract, p.authors?.join(', '), p.organization?.name, p.organization?.slug].filter((s): s is string => Boolean(s));

function regexMatches(rule: HideRule, text: string): boolean {
  try {
    return new RegExp(rule.pattern, rule.flags ?? 'i').test(text.slice(0, MAX_REGEX_SCAN));
  } catch {
    return false;
  }
}

/** A rule's own verdict, exceptions aside. */
function ruleMatches(rule: HideRule, p: MatchablePaper): boolean {
  const key = normKey(rule.pattern);
  if (!key) return false;
  if (rule.kind === 'author') return (p.authors ?? []).some((a) => normKey(a) === key);
  if (rule.kind === 'organization') return [p.organization?.slug, p.organization?.name].some((o) => o !== undefined && normKey(o) === key);
  if (rule.kind === 'keyword') return fieldsOf(p).some((f) => keywordAt(rule.pattern, f) >= 0);
  return fieldsOf(p).some((f) => regexMatches(rule, f));
}

/**
 * The rule one action's rules name for a paper: an author rule (in the paper's author order),
 * else an organization rule (slug before name), else field by field the keyword rule whose anchor
 * stands first (the earlier rule at one place), else the field's earliest regex rule; then the
 * rules with exceptions, in order.
 */
function reference(rules: readonly HideRule[], p: MatchablePaper): HideRule | null {
  const plain = rules.filter((r) => !r.unless && normKey(r.pattern));
  for (const author of p.authors ?? []) {
    const hit = plain.find((r) => r.kind === 'author' && normKey(r.pattern) === normKey(author));
    if (hit) return hit;
  }
  for (const name of [p.organization?.slug, p.organization?.name]) {
    const hit = name === undefined ? undefined : plain.find((r) => r.kind === 'organization' && normKey(r.pattern) === normKey(name));
    if (hit) return hit;
  }
  for (const field of fieldsOf(p)) {
    let best: { rule: HideRule; at: number } | undefined;
    for (const rule of plain) {
      if (rule.kind !== 'keyword') continue;
      const at = keywordAt(rule.pattern, field);
      if (at >= 0 && (!best || at < best.at)) best = { rule, at };
    }
    if (best) return best.rule;
    const re = plain.find((r) => r.kind === 'regex' && regexMatches(r, field));
    if (re) return re;
  }
  for (const rule of rules) {
    if (!rule.unless || !normKey(rule.pattern) || !ruleMatches(rule, p)) continue;
    const words = rule.unless
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean);
    if (!words.some((w) => fieldsOf(p).some((f) => keywordAt(w, f) >= 0))) return rule;
  }
  return null;
}

describe('the matcher against a rule-by-rule reference', () => {
  it.each(['regex', 'words', undefined] as const)(
    'names exactly the rule the reference names, for hide and follow at once (property, scan: %s)',
    async (scan) => {
      const fc = await import('fast-check');
      const vocab = [
        'scal',
        'scaling',
        'Scalings',
        'vision',
        'visionary',
        'VISION',
        'kernel',
        '\u212Aernel',
        'İzmir',
        'izmir',
        'ΟΔΟΣ',
        'οδος',
        'über',
        'data',
        'dataset',
        'data_set',
        '_data',
        'GPT-4',
        'C++',
        'llm',
        'LLMs',
        '3D',
        'é',
      ];
      const words = fc.array(fc.constantFrom(...vocab), { minLength: 1, maxLength: 7 });
      const sep = fc.constantFrom(' ', ', ', '-', '_', '  ', '\n', '\u00a0', '/', '. ', '\u2003');
      const text = fc.tuple(words, sep).map(([w, s]) => w.join(s));
      const extra = fc.record({
        action: fc.constantFrom<HideRule['action']>(undefined, 'hide', 'follow'),
        enabled: fc.boolean().map((b) => b || Math.random() < 0.8),
        unless: fc.option(fc.constantFrom('data', 'vision kernel', 'über, 3D'), { nil: undefined }),
      });
      const ruleArb = fc.oneof(
        { weight: 3, arbitrary: fc.tuple(words, extra).map(([w, x]) => rule('keyword', w.slice(0, 2).join(' '), x)) },
        {
          weight: 3,
          arbitrary: fc
            .tuple(
              fc.constantFrom(
                '\\bscal',
                '\\bscalings?\\b',
                '\\bkernel\\b',
                '\\bdata(?:set)?',
                '\\bvision|\\bdata',
                '\\bvisionary|llm',
                'data',
                '\\bizmir',
                '(?:\\bllms|\\bgpt)',
                '\\bGPT-\\d',
                'ü',
                '\\bKernel',
                '[\\b]data',
                '\\bda\\w+',
                '\\bsets?',
              ),
              fc.constantFrom('i', '', 'iu'),
              extra,
            )
            .map(([re, flags, x]) => rule('regex', re, { flags, ...x })),
        },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('Ann Lee', 'bo li'), extra).map(([a, x]) => rule('author', a, x)) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', 'Meta'), extra).map(([o, x]) => rule('organization', o, x)) },
      );
      const paperArb = fc.record({
        title: text,
        abstract: fc.option(text, { nil: undefined }),
        authors: fc.option(fc.array(fc.constantFrom('Ann Lee', 'Bo Li', 'Kim'), { maxLength: 2 }), { nil: undefined }),
        organization: fc.option(
          fc.record({ slug: fc.constantFrom('x', 'meta'), name: fc.option(fc.constantFrom('Meta', 'İzmir'), { nil: undefined }) }),
          {
            nil: undefined,
          },
        ),
      });
      fc.assert(
        fc.property(fc.array(ruleArb, { maxLength: 16 }), fc.array(paperArb, { minLength: 1, maxLength: 4 }), (rules, papers) => {
          const m = compileRuleSets(rules, { scan });
          const hides = rules.filter((r) => r.enabled && (r.action ?? 'hide') === 'hide');
          const follows = rules.filter((r) => r.enabled && r.action === 'follow');
          for (const p of papers) {
            const got = m.match(p);
            expect(got.hide).toBe(reference(hides, p));
            expect(got.follow).toBe(reference(follows, p));
          }
        }),
        { numRuns: 500 },
      );
    },
  );

  it('the bench workload: a paper with the rules of every kind names what the reference names', () => {
    const words = ['diffusion', 'language', 'vision', 'reinforcement learning', 'scaling'];
    const rules = words.flatMap((w, i) => [
      rule('keyword', `${w} ${i}`),
      rule('keyword', w, { action: 'follow' }),
      rule('regex', `\\b${w}s?\\b`, { flags: 'i' }),
    ]);
    const m = compileRuleSets(rules);
    const papers: MatchablePaper[] = [
      { title: 'Scaling laws', abstract: 'We study language 1 and LANGUAGE 0 models.' },
      { title: 'A_language 1 model', abstract: 'reinforcement learnings, diffusion\u00a00' },
      { title: 'Nothing', abstract: 'scalingly visions of \u212Aernels' },
    ];
    for (const p of papers) {
      expect(m.match(p).hide).toBe(
        reference(
          rules.filter((r) => !r.action),
          p,
        ),
      );
      expect(m.match(p).follow).toBe(
        reference(
          rules.filter((r) => r.action === 'follow'),
          p,
        ),
      );
    }
    expect(m.match(papers[0]!).hide?.pattern).toBe('\\bscalings?\\b');
  });
});

describe('wordStartLiterals: the words a regex cannot match without', () => {
  it.each([
    ['\\bscalings?\\b', 'i', ['scaling']],
    ['\\bReinforcement learning', 'i', ['reinforcement']],
    ['\\bvision|\\bdata(?:set)?', 'i', ['vision', 'data']],
    ['(?:a|b)\\bkernel\\b', '', ['kernel']],
    ['\\bgpt-\\d\\b\\bllms', 'im', ['llms']],
  ])('%s (%s) → %j', (source, flags, words) => {
    expect(wordStartLiterals(source, flags)).toEqual(words);
  });

  it.each([
    ['scaling', 'i'], // no \b: the word may stand inside another
    ['\\bscal|data', 'i'], // an alternative without a word
    ['\\bsca', 'i'], // too short to be worth it
    ['(?:\\bscaling)?x', 'i'], // in a group: maybe absent
    ['[\\b]scaling', 'i'], // a backspace in a class
    ['\\\\bscaling', 'i'], // a backslash, then "bscaling" — not at a word start
    ['\\bscaling', 'iu'], // Unicode folding: ſ and K
    ['\\bdata+set', 'i'], // a repeated letter ends the word: "dat" is too short
  ])('none for %s (%s)', (source, flags) => {
    expect(wordStartLiterals(source, flags)).toBeNull();
  });
});
