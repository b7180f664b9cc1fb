// @vitest-environment happy-dom
/**
 * Golden tests (Zotero translator style): every fixture page is read and compared with the full expected
 * records in tests/fixtures/<name>.expected.json. After a deliberate change, regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run tests/unit/hf/golden.test.ts` and review the diff. A missing
 * .expected.json is a failure, not a new golden: only UPDATE_GOLDEN=1 writes one.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PaperRecord } from '../../../lib/model/paper';
import { resetMissLog } from '../../../lib/hf/log';
import { readPage } from '../../../lib/hf/read';
import { detectView } from '../../../lib/hf/views';
import { FIXTURES, FIXTURES_DIR, dayOf, loadFixture } from './fixtures';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

beforeEach(() => {
  resetMissLog();
  vi.spyOn(console, 'warn').mockImplementation(() => {}); // the promo card's miss is expected
});

describe.each(FIXTURES)('golden $name', ({ name, url, today }) => {
  it('reads the expected records', () => {
    const doc = loadFixture(name);
    const read = readPage(doc, new URL(url), { today: dayOf(today) });
    const actual = { fixture: `${name}.html`, url, today, view: detectView(new URL(url)), records: read.map((r) => r.record) };
    const file = join(FIXTURES_DIR, `${name}.expected.json`);
    if (UPDATE) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    expect(existsSync(file), `${name}.expected.json is missing: write it with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it('returns valid records, each on the card that links to it', () => {
    const doc = loadFixture(name);
    const read = readPage(doc, new URL(url), { today: dayOf(today) });
    expect(read.length).toBeGreaterThan(0);
    for (const r of read) {
      expect(PaperRecord.safeParse(r.record).success).toBe(true);
      expect(r.id).toBe(r.record.id);
      expect(r.card.isConnected).toBe(true);
      if (name === 'paper') expect(r.card.querySelector('h1')).not.toBeNull();
      else expect(r.card.tagName).toBe('ARTICLE');
    }
  });

  it('is pure: the DOM is unchanged by reading', () => {
    const doc = loadFixture(name);
    const before = doc.documentElement.outerHTML;
    readPage(doc, new URL(url), { today: dayOf(today) });
    expect(doc.documentElement.outerHTML).toBe(before);
  });
});

describe.each(FIXTURES.filter((f) => f.name.startsWith('search-')))('search page $name as the server sends it', ({ name, url, today }) => {
  it('reads nothing: its cards are the default listing of its island, not the results', () => {
    const doc = loadFixture(name, { results: false });
    expect(doc.querySelectorAll('article').length).toBeGreaterThan(0);
    expect(readPage(doc, new URL(url), { today: dayOf(today) })).toEqual([]);
  });
});
