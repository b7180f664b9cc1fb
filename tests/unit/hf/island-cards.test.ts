// @vitest-environment happy-dom
/**
 * The cards the island covers: read from the island alone when it is current and describes the paper
 * whole (the server wrote both from the same item), else what the reader still takes from their DOM
 * (the id, and the counts the DOM wins); and the cards it does not cover (read whole).
 */
import { readListHydration } from '../../../lib/hf/hydration';
import { pageContext, readPage, readView } from '../../../lib/hf/read';
import { detectView } from '../../../lib/hf/views';

const URL_DATE = new URL('https://huggingface.co/papers/date/2025-03-24');
const today = new Date(2025, 2, 24, 12);

function html(markup: string): Document {
  return new DOMParser().parseFromString(`<!DOCTYPE html><html><body>${markup}</body></html>`, 'text/html');
}
const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** A list page: the island (its `dailyPapers` items) wrapping `cards`. */
function listPage(items: unknown[], cards: string): Document {
  const props = { dailyPapers: items, dateString: '2025-03-24', periodType: 'day' };
  return html(`<div data-target="DailyPapers" data-props="${attr(JSON.stringify(props))}"><main>${cards}</main></div>`);
}

const item = (id: string, extra: Record<string, unknown> = {}) => ({
  paper: {
    id,
    title: `Island title ${id}`,
    summary: `Island abstract of ${id}.`,
    authors: [{ name: 'Ana Island', hidden: false }],
    publishedAt: '2025-03-01T10:00:00.000Z',
    upvotes: 10,
    githubRepo: 'https://github.com/lab/repo',
    githubStars: 100,
    ...extra,
  },
  numComments: 2,
  submittedBy: { name: 'islanduser' },
});

/** A card with two renderings (desktop, phone), each showing the title, counts and meta. */
function twoRenderings(id: string, o: { title: string; upvotes: string; comments: string; stars: string; meta: string }): string {
  const block = `<h3><a href="/papers/${id}">${o.title}</a></h3><p>A paragraph.</p><div>${o.meta}<a href="/papers/${id}#community">${o.comments}</a></div>
    <a href="/login?next=%2Fpapers%2F${id}"><div role="checkbox"><input type="checkbox" disabled>Upvote<div>${o.upvotes}</div></div></a>
    <a href="https://github.com/lab/repo">GitHub <span>${o.stars}</span></a>`;
  return `<article><div class="desktop"><div>${block}</div></div><div class="phone">${block.replace(/>\d+</g, '>999<')}</div></article>`;
}

/** What a record of `item('2503.00001')` takes from the island, whichever way its card is read. */
const DESCRIBED = {
  id: '2503.00001',
  title: 'Island title 2503.00001',
  abstract: 'Island abstract of 2503.00001.',
  authors: ['Ana Island'],
  authorCount: 1,
  publishedAt: '2025-03-01',
};

/** What every real island item carries on top of `item`'s (shared/fixtures/README.md [TR]). */
const whole = (id: string, extra: Record<string, unknown> = {}) => ({ ...item(id, extra), thumbnail: `https://x/${id}.png` });

describe('a card the current island describes whole', () => {
  const cards = twoRenderings('2503.00001', {
    title: 'DOM title',
    upvotes: '42',
    comments: '7',
    stars: '1.5k',
    meta: '<a href="/lab-org"><span>Lab Org</span></a>',
  });

  it('is read from the island alone: its counts, and nothing of the card but the id', () => {
    const [read] = readPage(listPage([whole('2503.00001')], cards), URL_DATE, { today });
    expect(read!.record).toEqual({
      ...DESCRIBED,
      upvotes: 10, // the island's: the card's 42 is not read
      comments: 2,
      submitter: 'islanduser',
      thumbnail: 'https://x/2503.00001.png',
      github: { repo: 'https://github.com/lab/repo', stars: 100 },
      // No organization: the island has none, so the server wrote no chip (the card's is not read).
      seenOn: { view: 'date', url: URL_DATE.href },
    });
  });

  it('is read from its DOM while the island is not current (a tab switch has not rewritten it yet)', () => {
    const doc = listPage([whole('2503.00001')], cards);
    const url = URL_DATE;
    const ctx = pageContext(doc, url, detectView(url)!, today, readListHydration(doc, url.href), false);
    expect(readView(doc, ctx)[0]!.record).toMatchObject({
      upvotes: 42,
      comments: 7,
      github: { stars: 1500 },
      organization: { slug: 'lab-org' },
    });
  });

  it('is read from its DOM when the island lacks what every item carries, or an organization’s display name', () => {
    const noThumbnail = item('2503.00001');
    const unnamedOrg = whole('2503.00001', { organization: { name: 'lab-org' } });
    for (const island of [noThumbnail, unnamedOrg]) {
      const record = readPage(listPage([island], cards), URL_DATE, { today })[0]!.record;
      expect(record).toMatchObject({ upvotes: 42, comments: 7, organization: { slug: 'lab-org', name: 'Lab Org' } });
    }
  });
});

describe('a card the island describes in part (no thumbnail: the DOM is read)', () => {
  it('keeps the island for what describes the paper and the DOM for the live counts', () => {
    const doc = listPage(
      [item('2503.00001')],
      twoRenderings('2503.00001', { title: 'DOM title', upvotes: '42', comments: '7', stars: '1.5k', meta: '' }),
    );
    const [read] = readPage(doc, URL_DATE, { today });
    expect(read!.record).toEqual({
      ...DESCRIBED,
      upvotes: 42, // the DOM's, not the island's 10
      comments: 7, // not 2
      submitter: 'islanduser',
      github: { repo: 'https://github.com/lab/repo', stars: 1500 }, // "1.5k" is not 100
      seenOn: { view: 'date', url: URL_DATE.href },
    });
  });

  it('takes the counts of the first rendering only', () => {
    const doc = listPage(
      [item('2503.00001')],
      twoRenderings('2503.00001', { title: 'T', upvotes: '5', comments: '3', stars: '8', meta: '' }),
    );
    expect(readPage(doc, URL_DATE, { today })[0]!.record).toMatchObject({ upvotes: 5, comments: 3, github: { stars: 8 } });
  });

  it('still takes from the DOM what the island lacks (an organization chip)', () => {
    const doc = listPage(
      [item('2503.00001')],
      twoRenderings('2503.00001', {
        title: 'T',
        upvotes: '5',
        comments: '3',
        stars: '8',
        meta: '<a href="/lab-org"><span>Lab Org</span></a>',
      }),
    );
    expect(readPage(doc, URL_DATE, { today })[0]!.record.organization).toEqual({ slug: 'lab-org', name: 'Lab Org' });
  });
});

describe('a card the island does not cover', () => {
  const domOnly = (id: string) =>
    `<article><h3><a href="/papers/${id}">DOM title</a></h3><p>The card's paragraph.</p>
      <ul><li title="Bo Dom"></li><li><span>1 author</span></li></ul><span>Mar 2, 2025</span>
      <a href="/login?next=%2Fpapers%2F${id}">12</a><a href="/papers/${id}#community">4</a></article>`;

  it('is read whole from its DOM', () => {
    const doc = listPage([item('2503.00009')], domOnly('2503.00002'));
    expect(readPage(doc, URL_DATE, { today }).map((r) => r.record)).toEqual([
      {
        id: '2503.00002',
        title: 'DOM title',
        // The list card's paragraph may be the AI summary: without the island it is not the abstract.
        authors: ['Bo Dom'],
        authorCount: 1,
        publishedAt: '2025-03-02',
        upvotes: 12,
        comments: 4,
        seenOn: { view: 'date', url: URL_DATE.href },
      },
    ]);
  });

  it('never takes an island item of another id, even when it is the only one', () => {
    const doc = listPage([item('2503.00009', { title: 'Other paper' })], domOnly('2503.00002'));
    const [read] = readPage(doc, URL_DATE, { today });
    expect(read!.record.title).toBe('DOM title');
    expect(read!.record.submitter).toBeUndefined();
    expect(read!.record.github).toBeUndefined();
  });

  it('is joined by its title link, not by a link to another paper before it', () => {
    const doc = listPage(
      [item('2503.00009')],
      `<article><a href="/papers/2503.00009"><img src="https://x/t.png"></a>${domOnly('2503.00002').replace(/^<article>|<\/article>$/g, '')}</article>`,
    );
    expect(readPage(doc, URL_DATE, { today })[0]!.record).toMatchObject({ id: '2503.00002', title: 'DOM title', upvotes: 12 });
  });
});
