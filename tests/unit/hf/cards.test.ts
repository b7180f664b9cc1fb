// @vitest-environment happy-dom
/** Small DOM functions of the card reader, on inline HTML. */
import { cardPaperId, cardsFromLinks, findCards, paperIdOfHref, readCardDom, readLinks, readUpvotes } from '../../../lib/hf/cards';
import { loggedMisses, resetMissLog } from '../../../lib/hf/log';
import { readPage } from '../../../lib/hf/read';

const ctx = { base: 'https://huggingface.co/papers/date/2025-03-24', refDate: '2025-03-24' };

function html(markup: string): Document {
  return new DOMParser().parseFromString(`<!DOCTYPE html><html><body>${markup}</body></html>`, 'text/html');
}
const card = (markup: string) => html(`<article>${markup}</article>`).querySelector('article')!;

beforeEach(() => resetMissLog());

describe('paperIdOfHref', () => {
  it.each([
    ['/papers/2412.14689', '2412.14689'],
    ['/papers/2412.14689v2', '2412.14689'],
    ['/papers/2412.14689/', '2412.14689'],
    ['/papers/2412.14689#community', '2412.14689'],
    ['/papers/2412.14689?utm=x', '2412.14689'],
    ['https://huggingface.co/papers/2412.14689', '2412.14689'],
    ['/papers/hep-th/9901001', 'hep-th/9901001'],
    ['/papers/math.GT/0309136v2', 'math.GT/0309136'],
    ['/papers/0704.0001', '0704.0001'],
  ])('%s → %s', (href, id) => {
    expect(paperIdOfHref(href)).toBe(id);
  });

  it.each([
    null,
    '',
    '/papers',
    '/papers/date/2024-12-19',
    '/papers/week/2025-W12',
    '/papers/trending',
    '/papers/submit',
    '/papers/2412.14689/discussion',
    'https://arxiv.org/abs/2412.14689',
    'https://example.com/papers/2412.14689',
    '/models/papers/2412.14689',
    '/papers/2412.146',
  ])('%s → none', (href) => {
    expect(paperIdOfHref(href)).toBeUndefined();
  });
});

describe('readCardDom', () => {
  it('takes the id from the title link even when another paper link comes first', () => {
    const c = card('<a href="/papers/2501.00001"><img src="https://x/t.png"></a><h3><a href="/papers/2501.00002">T</a></h3>');
    expect(readCardDom(c, ctx)?.id).toBe('2501.00002');
    expect(cardPaperId(c)).toBe('2501.00002');
  });

  it('skips a card without a paper link', () => {
    expect(readCardDom(card('<h3>Submit a paper</h3><a href="/papers/submit">Submit</a>'), ctx)).toBeUndefined();
  });

  it('falls back to the title link text when the heading is missing, never to "N authors"', () => {
    const c = card('<a href="/papers/2501.00001"><ul><li>· 3 authors</li></ul></a><a href="/papers/2501.00001">A title</a>');
    expect(readCardDom(c, ctx)?.title).toBe('A title');
    const onlyAuthors = card('<a href="/papers/2501.00001"><ul><li>· 3 authors</li></ul></a>');
    expect(readCardDom(onlyAuthors, ctx)?.title).toBeUndefined();
  });

  it('tells the submitter from an organization chip', () => {
    const c = card(
      '<h3><a href="/papers/2501.00001">T</a></h3><div><span>Submitted by</span> <a href="/akhaliq"><img src="https://x/a.png">AK</a></div>' +
        '<a href="/furiosa-ai"><img src="https://x/o.png"><span>FuriosaAI</span></a>',
    );
    const dom = readCardDom(c, ctx)!;
    expect(dom.submitter).toBe('akhaliq');
    expect(dom.organization).toEqual({ slug: 'furiosa-ai', name: 'FuriosaAI' });
  });

  it('accepts /organizations/<slug> and drops the repeated slug from the display name', () => {
    const c = card(
      '<h3><a href="/papers/2501.00001">T</a></h3><a href="/organizations/parameterlab"><span>parameterlab</span> <span>Parameter Lab</span></a>',
    );
    expect(readCardDom(c, ctx)?.organization).toEqual({ slug: 'parameterlab', name: 'Parameter Lab' });
  });

  it('ignores site sections and author avatar links as organizations', () => {
    const c = card(
      '<h3><a href="/papers/2501.00001">T</a></h3><a href="/models">Models</a><ul><li title="Ana"><a href="/ana"><img src="https://x/a.png"></a></li></ul>',
    );
    expect(readCardDom(c, ctx)?.organization).toBeUndefined();
  });

  it('keeps avatar names only when they are the whole author list', () => {
    const some = card('<h3><a href="/papers/2501.00001">T</a></h3><ul><li>· 5 authors</li><li title="Ana"></li><li title="Bo"></li></ul>');
    expect(readCardDom(some, ctx)).toMatchObject({ authorCount: 5 });
    expect(readCardDom(some, ctx)?.authorNames).toBeUndefined();
    const all = card('<h3><a href="/papers/2501.00001">T</a></h3><ul><li>· 2 authors</li><li title="Ana"></li><li title="Bo"></li></ul>');
    expect(readCardDom(all, ctx)).toMatchObject({ authorCount: 2, authorNames: ['Ana', 'Bo'] });
  });

  it('reads upvotes, comments, GitHub stars and a thumbnail that is not an avatar', () => {
    const c = card(
      '<a href="/papers/2501.00001"><ul><li title="Ana"><img src="https://x/avatar.png"></li></ul></a>' +
        '<label><input type="checkbox"><svg></svg><div>Upvote</div><div>42</div></label>' +
        '<h3><a href="/papers/2501.00001">T</a></h3><a href="/papers/2501.00001#community"><svg></svg>7</a>' +
        '<a href="https://github.com/ultralytics/yolov5">ultralytics/yolov5</a>',
    );
    const dom = readCardDom(c, ctx)!;
    expect(dom.upvotes).toEqual({ value: 42, exact: true });
    expect(dom.comments).toEqual({ value: 7, exact: true });
    expect(dom.github).toEqual({ repo: 'https://github.com/ultralytics/yolov5' }); // "yolov5" is not 5 stars
    expect(dom.thumbnail).toBeUndefined();
  });

  it('prefers a machine-readable <time datetime>', () => {
    const c = card('<h3><a href="/papers/2501.00001">T</a></h3><span>Mar 2</span><time datetime="2025-03-01T23:30:00Z">Mar 2</time>');
    expect(readCardDom(c, ctx)?.publishedAt).toBe('2025-03-01');
  });

  it('ignores what Paperdeck injected into a card it has already reported (marked)', () => {
    const c = card(
      '<h3><a href="/papers/2501.00001">T</a></h3><div class="pd-ui pd-toolbar"><label><input type="checkbox">99</label>' +
        '<span class="pd-chip">Mar 3</span><span class="pd-chip">· 8 authors</span><a href="/my-tag">my-tag</a></div>',
    );
    c.setAttribute('data-pd-id', '2501.00001');
    const dom = readCardDom(c, ctx)!;
    expect([dom.upvotes, dom.publishedAt, dom.authorCount, dom.organization]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('readUpvotes with the login link readLinks found', () => {
  const noneInjected = () => false;
  const login = (n: string) =>
    `<a href="/login?next=%2Fpapers%2F2501.00001"><div role="checkbox"><input type="checkbox" disabled>Upvote<div>${n}</div></div></a>`;
  const label = (n: string, type = 'checkbox') => `<label><input type="${type}"><div>${n}</div></label>`;
  const title = '<h3><a href="/papers/2501.00001">T</a></h3>';
  // Each card read both ways: the hint must find the control the selector query finds.
  it.each([
    ['the login link', title + login('145')],
    ['a logged-in checkbox before the login link', title + label('7') + login('145')],
    ['a logged-in checkbox after the login link', title + login('145') + label('7')],
    ['a non-checkbox input before it', title + label('9', 'text') + login('145')],
    ['no login link, a logged-in checkbox', title + label('7')],
    ['no login link, an upvote button', title + '<button aria-label="Upvote">12</button>'],
    ['a zero count', title + login('-')],
    ['nothing', title],
  ])('%s', (_, markup) => {
    const c = card(markup);
    const { upvoteLink } = readLinks(c, ctx, { injected: noneInjected });
    expect(readUpvotes(c, noneInjected, upvoteLink ?? null)).toEqual(readUpvotes(c, noneInjected));
  });

  it('reads the first upvote control in the card, not a later one', () => {
    const c = card(title + label('7') + login('145'));
    const { upvoteLink } = readLinks(c, ctx, { injected: noneInjected });
    expect(upvoteLink).toBeDefined();
    expect(readUpvotes(c, noneInjected, upvoteLink ?? null)).toEqual({ value: 7, exact: true });
    const d = card(title + login('145') + label('7'));
    expect(readUpvotes(d, noneInjected, readLinks(d, ctx, { injected: noneInjected }).upvoteLink ?? null)).toEqual({
      value: 145,
      exact: true,
    });
  });
});

describe('finding cards', () => {
  it('uses <article> elements', () => {
    expect(findCards(html('<article><a href="/papers/2501.00001">A</a></article><article>B</article>'))).toHaveLength(2);
  });

  it('rebuilds cards from links when the layout has no articles', () => {
    const doc = html(
      '<div id="grid">' +
        '<div id="c1"><a href="/papers/2501.00001"><img src="https://x/1.png"></a><h3><a href="/papers/2501.00001">One</a></h3></div>' +
        '<div id="c2"><div><h3><a href="/papers/2501.00002v2">Two</a></h3></div><a href="/papers/2501.00002#community">3</a></div>' +
        '<div id="c3"><h3><a href="/papers/2501.00003">Three</a></h3></div>' +
        '</div>',
    );
    expect(cardsFromLinks(doc).map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    const read = readPage(doc, new URL('https://huggingface.co/papers/date/2025-01-02'));
    expect(read.map((r) => [r.id, r.record.title, r.card.id])).toEqual([
      ['2501.00001', 'One', 'c1'],
      ['2501.00002', 'Two', 'c2'],
      ['2501.00003', 'Three', 'c3'],
    ]);
  });

  it('logs a card without a link once, by selector name', () => {
    const doc = html('<article>promo</article><article>promo 2</article><article><h3><a href="/papers/2501.00001">A</a></h3></article>');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readPage(doc, new URL('https://huggingface.co/papers/date/2025-01-02'))).toHaveLength(1);
    expect(loggedMisses()).toEqual(['href.paper']);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
