import fc from 'fast-check';
import { LINK_PATTERNS } from '../../../lib/background/menus';
import { parseArxivRef } from '../../../lib/import/ids';
import { ARXIV_LINK_SITES, arxivIdFromUrl } from '../../../lib/model/arxiv';

/**
 * One reader of paper links: the link menu (lib/background/menus) and the importer
 * (lib/import/ids parseArxivRef) take exactly the same links to the same ids. The menu takes a
 * link when the browser shows it there — the link matches one of its match patterns — and its
 * click handler reads an id from it.
 */

/** A browser match pattern `<scheme>://<host><path>` against a URL: `*` scheme is http(s); the path glob covers path and query. */
function matches(pattern: string, href: string): boolean {
  const m = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!m) throw new Error(`not a match pattern: ${pattern}`);
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  const scheme = url.protocol.slice(0, -1);
  if (m[1] === '*' ? scheme !== 'http' && scheme !== 'https' : scheme !== m[1]) return false;
  if (url.hostname !== m[2]) return false;
  const glob = new RegExp(
    `^${m[3]!
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
  );
  return glob.test(url.pathname + url.search);
}

/** What a click on the menu gives for this link: null when the menu is not shown or reads no id. */
function menuReads(href: string): string | null {
  return LINK_PATTERNS.some((p) => matches(p, href)) ? arxivIdFromUrl(href) : null;
}

const hosts = [...new Set(ARXIV_LINK_SITES.flatMap((s) => s.hosts))];
const paths = [...new Set(ARXIV_LINK_SITES.flatMap((s) => s.paths))];
const nearHosts = [
  'arxiv.org.evil.com',
  'evil.example',
  'alphaxiv.com',
  'huggingface.com',
  'papers.huggingface.co',
  'ARXIV.ORG',
  'Hf.Co',
  'doi.org',
];
const nearPaths = ['/abs', '/list/', '/papers', '/ABS/', '/models/', '/10.48550/ArXiv.', '/10.48550/', '/', '/api/papers/', '/Papers/'];

const validId = fc.oneof(
  // New style: 2007-04 to 2014-12 with four digits, from 2015 with five.
  fc
    .record({ yy: fc.integer({ min: 7, max: 30 }), mm: fc.integer({ min: 1, max: 12 }), n: fc.integer({ min: 1, max: 99_999 }) })
    .map(({ yy, mm, n }) => {
      const five = yy * 100 + mm >= 1501;
      return `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}.${String(n % (five ? 100_000 : 10_000)).padStart(five ? 5 : 4, '0')}`;
    }),
  // Old style: 1991 to 2007.
  fc
    .record({
      archive: fc.constantFrom('hep-th', 'math', 'cond-mat', 'astro-ph', 'cs'),
      subject: fc.constantFrom('', '.GT', '.AI', '.gt'),
      yymm: fc.constantFrom('9108', '9901', '0012', '0309', '0703'),
      n: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ archive, subject, yymm, n }) => `${archive}${subject}/${yymm}${String(n).padStart(3, '0')}`),
);
const nearId = fc.constantFrom(
  '2413.01234',
  '2400.01234',
  '1412.12345',
  '2401.1234',
  '0612.0001',
  '24010.1234',
  'hep-th/99010011',
  'hep-th/0801001',
  '2401.01234x',
  '',
  'abc',
);
const link = fc.record({
  scheme: fc.constantFrom('https://', 'http://', 'ftp://', 'javascript://', ''),
  host: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...hosts) }, { weight: 1, arbitrary: fc.constantFrom(...nearHosts) }),
  path: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...paths) }, { weight: 1, arbitrary: fc.constantFrom(...nearPaths) }),
  id: fc.oneof({ weight: 4, arbitrary: validId }, { weight: 1, arbitrary: nearId }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }),
  version: fc.constantFrom('', 'v1', 'v12', 'V2'),
  tail: fc.constantFrom('', '.pdf', '/', '.pdf/', '/extra', 'x', '%2F'),
  query: fc.constantFrom('', '?context=cs', '#community', '?a=1#b'),
});

describe('one reader of paper links, for the link menu and the importer', () => {
  it('takes every link the importer takes, to the same id, and only those', () => {
    fc.assert(
      fc.property(link, (l) => {
        const href = `${l.scheme}${l.host}${l.path}${l.id}${l.version}${l.tail}${l.query}`;
        if (!l.scheme) return; // a link without its scheme is the importer's only (the browser always has one)
        expect(menuReads(href)).toBe(parseArxivRef(href) ?? null);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on arbitrary web URLs too', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (href) => {
        expect(menuReads(href)).toBe(parseArxivRef(href) ?? null);
      }),
      { numRuns: 2000 },
    );
  });

  it('covers the links the menu used to refuse: hf.co, alphaXiv /overview/, arXiv /format/, DOIs', () => {
    for (const [href, id] of [
      ['https://hf.co/papers/2401.01234', '2401.01234'],
      ['https://www.alphaxiv.org/overview/2401.01234v2', '2401.01234'],
      ['https://arxiv.org/format/2401.01234', '2401.01234'],
      ['https://export.arxiv.org/abs/hep-th/9901001', 'hep-th/9901001'],
      ['https://ar5iv.org/abs/1706.03762', '1706.03762'],
      ['https://doi.org/10.48550/arXiv.2401.01234', '2401.01234'],
    ] as const) {
      expect([href, menuReads(href)]).toEqual([href, id]);
      expect([href, parseArxivRef(href)]).toEqual([href, id]);
    }
    // A number that is no arXiv id is refused by both (there is no month 13).
    expect(menuReads('https://arxiv.org/abs/2413.01234')).toBeNull();
    expect(parseArxivRef('https://arxiv.org/abs/2413.01234')).toBeUndefined();
  });
});
