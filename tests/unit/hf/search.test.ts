// @vitest-environment happy-dom
/**
 * The search-result fixtures are generated from shared/pages/*.txt; here the .txt files are parsed
 * again, independently of the fixture builder and of the reader, and the reader's output is checked
 * against them: same number of papers, same titles in the same order, and the metadata lines.
 */
import { readFileSync } from 'node:fs';
import { readPage } from '../../../lib/hf/read';
import { FIXTURES, dayOf, loadFixture } from './fixtures';

const PAGES_DIR = process.env.PAGES_DIR ?? '/work/shared/pages';

interface TxtPaper {
  title: string;
  /** "  • 6 authors" / "furiosa-ai FuriosaAI", then "Mar 23" / "Oct 30, 2023 1" — absent for papers without metadata. */
  meta?: { who: string; when: string };
}

/** Blank-line separated blocks; a metadata block is the only one with three lines, "·" in the middle. */
function parseTxt(text: string): { listingDate: string; papers: TxtPaper[] } {
  const blocks = text.split('\n\n');
  const papers: TxtPaper[] = [];
  let pending: string[] = [];
  for (const block of blocks.slice(6)) {
    const lines = block.split('\n');
    if (lines.length === 3 && lines[1] === '·') {
      papers[papers.length - 1]!.meta = { who: lines[0]!, when: lines[2]! };
      continue;
    }
    pending.push(block);
    if (pending.length === 2) {
      papers.push({ title: pending[0]! });
      pending = [];
    }
  }
  expect(pending).toEqual([]); // every title has its abstract
  return { listingDate: blocks[5]!, papers };
}

describe.each(['a', 'b', 'c'])('search results %s', (letter) => {
  const txt = readFileSync(`${PAGES_DIR}/search-results-${letter}.txt`, 'utf8');
  const fixture = FIXTURES.find((f) => f.name === `search-${letter}`)!;
  const expected = parseTxt(txt);

  it('fixture text is exactly the .txt', () => {
    expect(loadFixture(fixture.name).body.textContent).toBe(txt);
  });

  it('reads one record per paper, titles in page order', () => {
    const read = readPage(loadFixture(fixture.name), new URL(fixture.url), { today: dayOf(fixture.today) });
    expect(read.length).toBe(expected.papers.length);
    expect(read.map((r) => r.record.title)).toEqual(expected.papers.map((p) => p.title));
  });

  it('reads the metadata line: author count or organization, upvotes', () => {
    const read = readPage(loadFixture(fixture.name), new URL(fixture.url), { today: dayOf(fixture.today) });
    expected.papers.forEach((p, i) => {
      const r = read[i]!.record;
      if (!p.meta) {
        expect([r.authorCount, r.organization, r.publishedAt, r.upvotes]).toEqual([undefined, undefined, undefined, undefined]);
        return;
      }
      const authors = /(\d+) authors?$/.exec(p.meta.who);
      if (authors) expect(r.authorCount).toBe(Number(authors[1]));
      else expect(`${r.organization?.slug} ${r.organization?.name}`).toBe(p.meta.who);
      const upvotes = /^\w{3} \d{1,2}(?:, \d{4})? (\d+)$/.exec(p.meta.when);
      expect(r.upvotes).toBe(upvotes ? Number(upvotes[1]) : undefined);
      const year = /, (\d{4})/.exec(p.meta.when);
      // Dated with a year: that year; without: the year of the page's own date (2025 for these captures).
      expect(r.publishedAt?.slice(0, 4)).toBe(year ? year[1] : '2025');
    });
  });
});
