import fc from 'fast-check';
import { buildItems } from '../../../lib/export/items';
import { escapeMarkdown, toMarkdown } from '../../../lib/export/markdown';
import { fixtureSnapshot, NOW } from './fixture';

const LINES = {
  unicode:
    '- [Łukasz’s Über-Transformers: Scaling “Große” Modelle — 日本語 Too](https://huggingface.co/papers/2412.14689) — Google · 2024-12-19 · ▲ 342',
  specials:
    '- [Cost \\{and\\} Benefit: 100% of \\$x\\_1\\$ \\& C\\# \\\\ \\~^ in GPT-4](https://huggingface.co/papers/2501.00001) — 2025-01-02 · ▲ 0',
  formula:
    '- [=HYPERLINK("http\\://evil.example/?a=1","click me")](https://huggingface.co/papers/2501.00002) — evil-corp · 2025-01-03 · ▲ 7',
  script:
    '- [-Net: Negative Results \\<script\\>alert(1)\\</script\\> \\[x\\](javascript:alert(1))](https://huggingface.co/papers/2501.00003) — 2025-01-04',
  old: '- [The Large N Limit of Superconformal Field Theories](https://huggingface.co/papers/hep-th/9901001)',
  collide: '- [Cost Models Revisited](https://huggingface.co/papers/2501.00004) — 2025-01-05',
};

describe('toMarkdown', () => {
  it('writes the golden reading list', () => {
    const md = toMarkdown(buildItems(fixtureSnapshot()), { now: NOW });
    expect(md).toBe(
      [
        '# Paperdeck reading list (2026-11-23)',
        '',
        LINES.unicode,
        LINES.specials,
        LINES.formula,
        LINES.script,
        LINES.old,
        LINES.collide,
        '',
      ].join('\n'),
    );
  });

  it('groups by tag (sorted by name, a paper under each of its tags), untagged last', () => {
    const md = toMarkdown(buildItems(fixtureSnapshot()), { now: NOW, groupByTag: true });
    expect(md).toBe(
      [
        '# Paperdeck reading list (2026-11-23)',
        '',
        '## LLM',
        '',
        LINES.unicode,
        '',
        '## To read, later',
        '',
        LINES.unicode,
        LINES.script,
        '',
        '## Untagged',
        '',
        LINES.specials,
        LINES.formula,
        LINES.old,
        LINES.collide,
        '',
      ].join('\n'),
    );
  });

  it('escapes a title so it cannot close the link or inject a link, image, HTML or entity', () => {
    const hostile = '](https://evil.example) ![img](x) <img src=x onerror=alert(1)> &lt;b&gt; `code` *em* www.evil.example';
    const escaped = escapeMarkdown(hostile);
    expect(escaped).toBe(
      '\\](https\\://evil.example) !\\[img\\](x) \\<img src=x onerror=alert(1)\\> \\&lt;b\\&gt; \\`code\\` \\*em\\* www\\.evil.example',
    );
  });

  it('does not glue a URL together across an escaped backslash', () => {
    expect(escapeMarkdown(':\\//')).toBe(':\\\\//'); // renders as the text ":\//", not a link
  });

  it('escaping is reversible and leaves no bare markup character (property)', () => {
    const unit = fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      '\\',
      '`',
      '*',
      '_',
      '&',
      '$',
      '~',
      '#',
      '{',
      '}',
      '!',
      ':',
      '/',
      'w',
      '.',
      'a',
      ' ',
      '\n',
      'é',
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit }), fc.string({ unit: 'binary' })), (title) => {
        const escaped = escapeMarkdown(title);
        // Blank out every backslash escape (it renders as a literal character): what is left must
        // hold no markup character and no URL start.
        const bare = escaped.replace(/\\[!-/:-@[-`{-~]/g, '\u0001');
        expect(bare).not.toMatch(/[\\`*_{}[\]<>#~&$\n]/);
        expect(bare).not.toMatch(/:\/\/|www\./i);
        // And CommonMark's unescaping gives the one-line title back.
        expect(escaped.replace(/\\([!-/:-@[-`{-~])/g, '$1')).toBe(
          title.replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim(),
        );
      }),
      { numRuns: 500 },
    );
  }, 20_000);
});
