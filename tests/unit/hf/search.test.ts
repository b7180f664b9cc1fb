// @vitest-environment happy-dom
/**
 * The search-result fixtures are generated from shared/pages/*.txt; here the .txt files are parsed
 * again, independently of the fixture builder and of the reader, and the reader's output is checked
 * against them: same number of papers, same titles in the same order, and the metadata lines — where
 * the number after a date is the paper's COMMENT count (shared/fixtures/README.md), never its upvotes.
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

/**
 * The page's text as the .txt renderings write it: an image stands for its alt text (an organization
 * chip's logo says its slug), and the upvote controls are left out (the renderings show no upvotes).
 */
function rendering(body: HTMLElement): string {
  const copy = body.cloneNode(true) as HTMLElement;
  for (const a of copy.querySelectorAll('a[href^="/login?next="]')) a.remove();
  for (const img of copy.querySelectorAll('img[alt]')) img.replaceWith(img.getAttribute('alt')!);
  return copy.textContent;
}

/** The upvote control of each result, in page order: its text, and the paper it is for. */
function upvoteControls(doc: Document): Array<{ text: string; paper: string }> {
  return [...doc.querySelectorAll('article')].map((card) => {
    const link = card.querySelector('a[href^="/login?next="]')!;
    return { text: link.textContent.trim(), paper: decodeURIComponent(link.getAttribute('href')!.slice('/login?next='.length)) };
  });
}

describe.each(['a', 'b', 'c'])('search results %s', (letter) => {
  const txt = readFileSync(`${PAGES_DIR}/search-results-${letter}.txt`, 'utf8');
  const fixture = FIXTURES.find((f) => f.name === `search-${letter}`)!;
  const expected = parseTxt(txt);

  it('fixture text, as the .txt renderings write a page, is exactly the .txt', () => {
    expect(rendering(loadFixture(fixture.name).body)).toBe(txt);
  });

  it('reads one record per paper, titles in page order', () => {
    const read = readPage(loadFixture(fixture.name), new URL(fixture.url), { today: dayOf(fixture.today) });
    expect(read.length).toBe(expected.papers.length);
    expect(read.map((r) => r.record.title)).toEqual(expected.papers.map((p) => p.title));
  });

  it('reads the metadata line: author count or organization, date, comments', () => {
    const read = readPage(loadFixture(fixture.name), new URL(fixture.url), { today: dayOf(fixture.today) });
    expected.papers.forEach((p, i) => {
      const r = read[i]!.record;
      if (!p.meta) {
        expect([r.authorCount, r.organization, r.publishedAt, r.comments]).toEqual([undefined, undefined, undefined, undefined]);
        return;
      }
      const authors = /(\d+) authors?$/.exec(p.meta.who);
      if (authors) expect(r.authorCount).toBe(Number(authors[1]));
      else expect(`${r.organization?.slug} ${r.organization?.name}`).toBe(p.meta.who);
      const comments = /^\w{3} \d{1,2}(?:, \d{4})? (\d+)$/.exec(p.meta.when);
      expect(r.comments).toBe(comments ? Number(comments[1]) : undefined);
      const year = /, (\d{4})/.exec(p.meta.when);
      // Dated with a year: that year; without: the year of the page's own date (2025 for these captures).
      // (The reference is today, 2025-12-20, or the page's header date: the same year here.)
      expect(r.publishedAt?.slice(0, 4)).toBe(year ? year[1] : '2025');
    });
  });
});

describe.each(['a', 'b', 'c'])('search results %s: upvotes', (letter) => {
  const fixture = FIXTURES.find((f) => f.name === `search-${letter}`)!;

  it('are the logged-out upvote link before each title, "-" for zero', () => {
    const doc = loadFixture(fixture.name);
    const read = readPage(doc, new URL(fixture.url), { today: dayOf(fixture.today) });
    const controls = upvoteControls(doc);
    expect(controls).toHaveLength(read.length);
    read.forEach((r, i) => {
      expect(controls[i]!.paper).toBe(`/papers/${r.id}`);
      expect(r.record.upvotes).toBe(controls[i]!.text === '-' ? 0 : Number(controls[i]!.text));
    });
    expect(controls.some((c) => c.text === '-')).toBe(true);
  });
});
