import { checkRule, compileRules, describeRule, rulesInForce } from '../../../lib/topics/rules';
import type { HideRule } from '../../../lib/model/library';
import { rule } from './rule';

const paper = {
  title: 'Diffusion Transformers for Video Generation',
  abstract: 'We scale large  language models to video. Reinforcement-learning is not used.',
  authors: ['Jane Doe', 'Li Wei'],
  organization: { slug: 'furiosa-ai', name: 'FuriosaAI' },
};

describe('compileRules', () => {
  it('matches keywords case-insensitively and as whole words only', () => {
    expect(compileRules([rule('keyword', 'DIFFUSION')]).match(paper)?.pattern).toBe('DIFFUSION');
    expect(compileRules([rule('keyword', 'diffus')]).match(paper)).toBeNull();
    expect(compileRules([rule('keyword', 'video gen')]).match(paper)).toBeNull();
  });

  it('matches a phrase across any run of white space', () => {
    const r = rule('keyword', 'large language models');
    expect(compileRules([r]).match(paper)).toBe(r);
  });

  it('treats punctuation in a keyword literally', () => {
    const r = rule('keyword', 'reinforcement-learning');
    expect(compileRules([r]).match(paper)).toBe(r);
    expect(compileRules([rule('keyword', 'not.used')]).match(paper)).toBeNull();
  });

  it('says which rule matched when several keyword rules are compiled together', () => {
    const a = rule('keyword', 'language');
    const b = rule('keyword', 'transformers');
    // The title is tried before the abstract, so "transformers" is the reason.
    expect(compileRules([a, b]).match(paper)).toBe(b);
  });

  it('matches authors and organizations by exact name, any case, slug or display name', () => {
    const au = rule('author', 'jane doe');
    expect(compileRules([au]).match(paper)).toBe(au);
    expect(compileRules([rule('author', 'Jane')]).match(paper)).toBeNull();
    const bySlug = rule('organization', 'FURIOSA-AI');
    const byName = rule('organization', 'furiosaai');
    expect(compileRules([bySlug]).match(paper)).toBe(bySlug);
    expect(compileRules([byName]).match(paper)).toBe(byName);
  });

  it('matches regular expressions over title, abstract, authors and organization', () => {
    const r = rule('regex', '\\bvideo\\s+gen', { flags: 'i' });
    expect(compileRules([r]).match(paper)).toBe(r);
    expect(compileRules([rule('regex', '^Video')]).match(paper)).toBeNull();
  });

  it('ignores disabled rules and skips a stored regex that no longer compiles', () => {
    expect(compileRules([rule('keyword', 'diffusion', { enabled: false })]).match(paper)).toBeNull();
    const ok = rule('keyword', 'video');
    expect(compileRules([rule('regex', '(unclosed'), ok]).match(paper)).toBe(ok);
  });

  it('handles papers with nothing but a title', () => {
    const m = compileRules([rule('author', 'x'), rule('organization', 'y'), rule('keyword', 'video')]);
    expect(m.match({ title: 'Video' })?.pattern).toBe('video');
    expect(m.match({ title: 'Audio' })).toBeNull();
  });

  it('matches non-Latin words as whole words', () => {
    const r = rule('keyword', 'модель');
    expect(compileRules([r]).match({ title: 'Большая модель' })).toBe(r);
    expect(compileRules([r]).match({ title: 'Большаямодель' })).toBeNull();
  });
});

describe('checkRule', () => {
  it('refuses an invalid regular expression with the reason', () => {
    const res = checkRule({ kind: 'regex', pattern: '(unclosed' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error).toMatch(/Not a valid regular expression: .*(unterminated|group)/i);
  });

  it('refuses a pattern that matches everything and unknown flags', () => {
    expect(checkRule({ kind: 'regex', pattern: 'x*' }).ok).toBe(false);
    expect(checkRule({ kind: 'regex', pattern: 'x', flags: 'g' }).ok).toBe(false);
  });

  it('refuses empty and overlong patterns and tidies white space', () => {
    expect(checkRule({ kind: 'keyword', pattern: '   ' }).ok).toBe(false);
    expect(checkRule({ kind: 'keyword', pattern: '+++' })).toEqual({ ok: false, error: expect.stringMatching(/letter or digit/) });
    expect(checkRule({ kind: 'keyword', pattern: 'a'.repeat(501) }).ok).toBe(false);
    expect(checkRule({ kind: 'keyword', pattern: '  large   language ' })).toEqual({
      ok: true,
      rule: { kind: 'keyword', pattern: 'large language' },
    });
    expect(checkRule({ kind: 'regex', pattern: 'vid', flags: 'ui' })).toEqual({
      ok: true,
      rule: { kind: 'regex', pattern: 'vid', flags: 'iu' },
    });
  });
});

describe('describeRule', () => {
  it('names the kind and the pattern', () => {
    expect(describeRule(rule('keyword', 'diffusion'))).toBe('Topic "diffusion"');
    expect(describeRule(rule('regex', 'a|b', { flags: 'i' }))).toBe('Pattern /a|b/i');
    expect(describeRule(rule('author', 'Jane Doe'))).toBe('Author Jane Doe');
    expect(describeRule(rule('organization', 'FuriosaAI'))).toBe('Organization FuriosaAI');
  });
});

describe('compileRules against a rule-by-rule reference', () => {
  // The reference: every rule checked on its own, over each field, with the plainest code.
  const wholeWord = (pattern: string) =>
    new RegExp(
      `(?<![\\p{L}\\p{N}])${pattern
        .toLowerCase()
        .trim()
        .replace(/\s+/g, ' ')
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`,
      'iu',
    );
  const fieldsOf = (p: typeof paper) =>
    [p.title, p.abstract, p.authors?.join(', '), p.organization?.name, p.organization?.slug].filter((s): s is string => Boolean(s));
  const ruleMatches = (r: HideRule, p: typeof paper) => {
    if (r.kind === 'author') return (p.authors ?? []).some((a) => a.toLowerCase() === r.pattern.toLowerCase());
    if (r.kind === 'organization')
      return [p.organization?.slug, p.organization?.name].some((o) => o?.toLowerCase() === r.pattern.toLowerCase());
    const re = r.kind === 'keyword' ? wholeWord(r.pattern) : new RegExp(r.pattern, r.flags);
    return fieldsOf(p).some((f) => re.test(f));
  };

  it.each(['regex', 'words', undefined] as const)(
    'hides exactly the papers some rule matches, and names a rule that does match (scan: %s)',
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
        'Ölfeld',
        'ölfeld',
        'x.y',
        'data',
        'sets',
        'dataset',
        '3D',
        'é',
        'LLM',
        'llms',
      ];
      const words = fc.array(fc.constantFrom(...vocab), { minLength: 1, maxLength: 6 });
      const sep = fc.constantFrom(' ', ', ', '-', '. ', '  ', '/', '\n');
      const text = fc.tuple(words, sep).map(([w, s]) => w.join(s));
      const ruleArb = fc.oneof(
        words.map((w) => rule('keyword', w.slice(0, 2).join(' '))),
        fc
          .constantFrom('graph\\s*neural', 'GPT-\\d', '^data', '(d)ata\\1?', 'ü', '(?<x>sets)')
          .map((re) => rule('regex', re, { flags: 'iu' })),
        fc.constantFrom('Ann Lee', 'bo li').map((a) => rule('author', a)),
      );
      fc.assert(
        fc.property(fc.array(ruleArb, { maxLength: 12 }), text, text, (rules, title, abstract) => {
          const p = { title, abstract, authors: ['Ann Lee'], organization: { slug: 'x', name: 'Y' } };
          const got = compileRules(rules, { scan }).match(p);
          const anyMatches = rules.some((r) => ruleMatches(r, p));
          expect(got !== null).toBe(anyMatches);
          if (got) expect(ruleMatches(got, p)).toBe(true);
        }),
        { numRuns: 300 },
      );
    },
  );
});

describe('keyword scans agree', () => {
  it('the case-blind shortcut folds every character as its lower case does, but U+0130', () => {
    // The regex scan skips a text when a case-insensitive (Unicode) search finds no anchor in it:
    // exact only if /lower(c)/iu matches c for every character c (lib/topics/rules.ts).
    const differ: number[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      const lower = c.toLowerCase();
      if (lower === c) continue;
      if (!new RegExp(`^(?:${lower.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})$`, 'iu').test(c)) differ.push(cp);
    }
    expect(differ).toEqual([0x130]);
  });

  it('both scans hide the same papers, dotted capital I and final sigma included', () => {
    const rules = ['İzmir', 'izmir', 'Mİ', 'ΟΔΟΣ', 'straße', 'KELVIN'].map((pattern, i) => rule('keyword', pattern, { id: `k${i}` }));
    const texts = [
      'Flights to İZMİR',
      'izmir port',
      'İstanbul and İzmir',
      'Bu Mİ?',
      'Η ΟΔΟΣ',
      'η οδος',
      'Die STRASSE',
      'die Straße',
      '\u212Aelvin scale',
      'kelvin',
    ];
    for (const r of rules) {
      for (const title of texts) {
        const p = { title, abstract: '' };
        expect(compileRules([r], { scan: 'regex' }).match(p)?.id ?? null, `${r.pattern} in ${title}`).toBe(
          compileRules([r], { scan: 'words' }).match(p)?.id ?? null,
        );
      }
    }
  });
});

describe('rule exceptions and modes', () => {
  const rule = (over: Partial<HideRule>): HideRule => ({
    id: 'r',
    kind: 'keyword',
    pattern: 'diffusion',
    enabled: true,
    createdAt: 0,
    ...over,
  });
  const paper = (title: string, abstract = '') => ({ title, abstract });

  it('"unless" keeps a matching paper that mentions an exception, as a whole word', () => {
    const m = compileRules([rule({ unless: 'protein, molecular dynamics' })]);
    expect(m.match(paper('Diffusion for images'))).not.toBeNull();
    expect(m.match(paper('Diffusion for protein design'))).toBeNull();
    expect(m.match(paper('Diffusion', 'A study of molecular   dynamics.'))).toBeNull();
    expect(m.match(paper('Diffusion for proteins'))).not.toBeNull(); // "proteins" is another word
  });

  it('rules with and without exceptions work together; the first that applies names itself', () => {
    const m = compileRules([rule({ id: 'a', unless: 'protein' }), rule({ id: 'b', kind: 'author', pattern: 'Jane Doe' })]);
    expect(m.match({ title: 'Diffusion for protein', authors: ['Jane Doe'] })?.id).toBe('b');
    expect(m.match({ title: 'Diffusion for protein' })).toBeNull();
    expect(m.size).toBe(2);
  });

  it('checkRule keeps a mode other than fold and tidies the exceptions, refusing empty ones', () => {
    expect(checkRule({ kind: 'keyword', pattern: 'x', mode: 'dim', unless: ' protein ,,  RNA  folding ' })).toEqual({
      ok: true,
      rule: { kind: 'keyword', pattern: 'x', mode: 'dim', unless: 'protein, RNA folding' },
    });
    expect(checkRule({ kind: 'keyword', pattern: 'x', mode: 'fold' })).toEqual({ ok: true, rule: { kind: 'keyword', pattern: 'x' } });
    expect(checkRule({ kind: 'keyword', pattern: 'x', unless: '!!!' })).toMatchObject({ ok: false });
  });
});

describe('rulesInForce', () => {
  it('is true only with an enabled rule and rules not paused', async () => {
    const { rulesInForce } = await import('../../../lib/topics/rules');
    expect(rulesInForce([{ enabled: true }], { pauseRules: false })).toBe(true);
    expect(rulesInForce([{ enabled: true }], { pauseRules: true })).toBe(false);
    expect(rulesInForce([{ enabled: false }], { pauseRules: false })).toBe(false);
    expect(rulesInForce([], { pauseRules: false })).toBe(false);
  });
});

describe('follow rules: one engine with hide rules', () => {
  it('a matcher holds one action: hide by default, follow when asked; the same kinds and exceptions', () => {
    const hideDiffusion = rule('keyword', 'diffusion');
    const followJane = rule('author', 'jane doe', { action: 'follow' });
    const followVideo = rule('keyword', 'video', { action: 'follow', unless: 'transformers' });
    const followRe = rule('regex', 'reinforcement-?learning', { action: 'follow', flags: 'i' });
    const all = [hideDiffusion, followJane, followVideo, followRe];
    // Hide: never a follow rule, whatever else matches.
    expect(compileRules(all).match(paper)).toBe(hideDiffusion);
    expect(compileRules(all).size).toBe(1);
    expect(compileRules([followJane]).match(paper)).toBeNull();
    // Follow: the same engine, the follow rules only.
    const follows = compileRules(all, { action: 'follow' });
    expect(follows.size).toBe(3);
    expect(follows.match(paper)).toBe(followJane);
    expect(compileRules([hideDiffusion], { action: 'follow' }).match(paper)).toBeNull();
    // "unless": the paper mentions "transformers", so the video follow does not hold; the regex does.
    expect(compileRules([followVideo], { action: 'follow' }).match(paper)).toBeNull();
    expect(compileRules([followVideo, followRe], { action: 'follow' }).match(paper)).toBe(followRe);
    expect(compileRules([{ ...followVideo, enabled: false }], { action: 'follow' }).size).toBe(0);
  });

  it('a follow rule passes the same checks; it keeps no mode', () => {
    expect(checkRule({ action: 'follow', kind: 'regex', pattern: '(a+)+' }).ok).toBe(false);
    expect(checkRule({ action: 'follow', kind: 'regex', pattern: 'x*' }).ok).toBe(false);
    expect(checkRule({ action: 'follow', kind: 'keyword', pattern: ' Meta  AI ', mode: 'dim', unless: 'a,, b' })).toEqual({
      ok: true,
      rule: { action: 'follow', kind: 'keyword', pattern: 'Meta AI', unless: 'a, b' },
    });
    expect(checkRule({ kind: 'keyword', pattern: 'x1', mode: 'dim' })).toEqual({
      ok: true,
      rule: { kind: 'keyword', pattern: 'x1', mode: 'dim' },
    });
  });

  it('follow rules alone put no hide rule in force (no no-flash guard for them)', () => {
    const settings = { pauseRules: false };
    expect(rulesInForce([rule('author', 'a', { action: 'follow' })], settings)).toBe(false);
    expect(rulesInForce([rule('author', 'a', { action: 'follow' }), rule('author', 'b')], settings)).toBe(true);
  });
});
