import { compileRules, compileRuleSets } from '../../../lib/topics/rules';
import type { HideRule } from '../../../lib/model/library';
import { rule } from './rule';

// Hide and follow rules compiled together (one pass over each paper, issue 16) must name exactly
// the rules each action's matcher names on its own.

describe('compileRuleSets: one pass, the verdicts of two matchers', () => {
  it.each(['regex', 'words', undefined] as const)(
    'names the same hide rule and follow rule as each action alone (property, scan: %s)',
    async (scan) => {
      const fc = await import('fast-check');
      const vocab = [
        'graph',
        'neural',
        'graph-neural',
        'GPT-4',
        'C++',
        'über',
        'ÜBER',
        'İzmir',
        'ΟΔΟΣ',
        'οδος',
        '\u212Aelvin',
        'kelvin',
        'x.y',
        'data',
        'sets',
        'dataset',
        '3D',
        'LLM',
        'llms',
        'language',
        '10',
      ];
      const words = fc.array(fc.constantFrom(...vocab), { minLength: 1, maxLength: 6 });
      const sep = fc.constantFrom(' ', ', ', '-', '. ', '  ', '/', '\n', '\u2003');
      const text = fc.tuple(words, sep).map(([w, s]) => w.join(s));
      const action = fc.constantFrom<HideRule['action']>(undefined, 'hide', 'follow');
      const extra = fc.record({
        action,
        enabled: fc.boolean().map((b) => b || Math.random() < 0.8),
        unless: fc.option(fc.constantFrom('data', 'graph neural', 'über, 3D'), { nil: undefined }),
      });
      const ruleArb = fc.oneof(
        fc.tuple(words, extra).map(([w, x]) => rule('keyword', w.slice(0, 2).join(' '), x)),
        fc
          .tuple(
            fc.constantFrom('graph\\s*neural', 'GPT-\\d', '^data', '(d)ata\\1?', 'ü', '(?<x>sets)', 'sets$'),
            fc.constantFrom('i', 'iu', ''),
            extra,
          )
          .map(([re, flags, x]) => rule('regex', re, { flags, ...x })),
        fc.tuple(fc.constantFrom('Ann Lee', 'bo li', 'Jane Doe'), extra).map(([a, x]) => rule('author', a, x)),
        fc.tuple(fc.constantFrom('x', 'Y', 'meta'), extra).map(([o, x]) => rule('organization', o, x)),
      );
      const paperArb = fc.record({
        title: text,
        abstract: fc.option(text, { nil: undefined }),
        authors: fc.option(fc.array(fc.constantFrom('Ann Lee', 'Bo Li', 'jane  doe', 'Kim'), { maxLength: 3 }), { nil: undefined }),
        organization: fc.option(
          fc.record({
            slug: fc.constantFrom('x', 'meta', 'z'),
            name: fc.option(fc.constantFrom('Y', 'Meta', 'İzmir'), { nil: undefined }),
          }),
          { nil: undefined },
        ),
      });
      fc.assert(
        fc.property(fc.array(ruleArb, { maxLength: 14 }), fc.array(paperArb, { minLength: 1, maxLength: 4 }), (rules, papers) => {
          const both = compileRuleSets(rules, { scan });
          const hide = compileRules(rules, { scan });
          const follow = compileRules(rules, { scan, action: 'follow' });
          expect(both.hides).toBe(hide.size);
          expect(both.follows).toBe(follow.size);
          for (const p of papers) {
            const got = both.match(p);
            expect(got.hide).toBe(hide.match(p));
            expect(got.follow).toBe(follow.match(p));
          }
        }),
        { numRuns: 400 },
      );
    },
  );

  it('the same words hidden by one rule and followed by another: each action names its own', () => {
    const hide = rule('keyword', 'diffusion');
    const follow = rule('keyword', 'Diffusion', { action: 'follow' });
    const hideRe = rule('regex', 'video', { flags: 'i' });
    const followRe = rule('regex', 'video', { flags: 'i', action: 'follow' });
    const m = compileRuleSets([hide, follow, hideRe, followRe]);
    expect(m.match({ title: 'Latent diffusion' })).toEqual({ hide, follow });
    expect(m.match({ title: 'A video model' })).toEqual({ hide: hideRe, follow: followRe });
    expect(m.match({ title: 'Nothing here' })).toEqual({ hide: null, follow: null });
  });

  it('a slow regex is stopped once for every rule on it, and the rest go on', () => {
    const slowHide = rule('regex', '(a+)+$', { flags: 'i' });
    const slowFollow = rule('regex', '(a+)+$', { flags: 'i', action: 'follow' });
    const other = rule('keyword', 'video', { action: 'follow' });
    const stopped: HideRule[] = [];
    const m = compileRuleSets([slowHide, slowFollow, other], { onSlow: (r) => stopped.push(r) });
    expect(m.match({ title: `${'a'.repeat(23)}!` })).toEqual({ hide: null, follow: null });
    expect(stopped).toEqual([slowHide, slowFollow]);
    expect(m.match({ title: `${'a'.repeat(23)}! video` })).toEqual({ hide: null, follow: other });
    expect(stopped).toHaveLength(2);
  }, 30_000);
});
