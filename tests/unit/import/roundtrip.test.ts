import fc from 'fast-check';
import { exportLibrary } from '../../../lib/export';
import { toBibtex } from '../../../lib/export/bibtex';
import { buildItems, oneLine, type ExportItem } from '../../../lib/export/items';
import { toRis } from '../../../lib/export/ris';
import { parseBibtex } from '../../../lib/import/bibtex';
import { parseRis } from '../../../lib/import/ris';
import type { Tag } from '../../../lib/model/library';
import { fixtureSnapshot, NOW, paper } from '../export/fixture';

/** What the fixture library should give back: ids, titles, authors, tags; abstracts on one line. */
function expected(opts: { tagComma: boolean; dates: boolean }) {
  return buildItems(fixtureSnapshot()).map(({ paper: p, tags }) => ({
    id: p.id,
    title: p.title,
    ...(p.authors ? { authors: p.authors } : {}),
    ...(p.abstract ? { abstract: oneLine(p.abstract) } : {}),
    ...(opts.dates && p.publishedAt ? { publishedAt: p.publishedAt } : {}),
    ...(tags.length ? { tags: tags.map((t) => (opts.tagComma ? t.name : t.name.replace(/,/g, ' ').replace(/ +/g, ' '))) } : {}),
  }));
}

describe('our export → our import', () => {
  it('a name holding a comma: RIS writes it "Family, Given, Suffix" (only the comma is lost); our BibTeX braces it and keeps it whole', () => {
    const item: ExportItem = { paper: paper({ id: '2501.00001', title: 'T', authors: ['Martin Luther King, Jr.'] }), tags: [] };
    expect(toRis([item])).toContain('AU  - King, Martin Luther, Jr.\r\n');
    expect(parseRis(toRis([item])).items[0]!.authors).toEqual(['Martin Luther King Jr.']);
    expect(parseBibtex(toBibtex([item])).items[0]!.authors).toEqual(['Martin Luther King, Jr.']);
  });

  it('BibTeX gives back ids, titles (TeX specials included), authors, abstracts and tags', () => {
    const bib = exportLibrary('bibtex', fixtureSnapshot(), { now: NOW }).text;
    // Our BibTeX gives the full date in biblatex's `date` beside year and month, and turns a
    // comma in a tag name into a space (keywords are comma-separated): a known, documented loss.
    expect(parseBibtex(bib)).toEqual({ items: expected({ tagComma: false, dates: true }), problems: [] });
  });

  it('RIS gives back the same, with the full date and tag names as they were', () => {
    const ris = exportLibrary('ris', fixtureSnapshot(), { now: NOW }).text;
    expect(parseRis(ris)).toEqual({ items: expected({ tagComma: true, dates: true }), problems: [] });
  });

  // Any text, minus the TeX ligatures (-- ``  '') that a LaTeX reader rightly turns into dashes
  // and quotes; our exporter writes those characters as they are.
  const text = fc.string({
    unit: fc.oneof(
      fc.constantFrom(
        '{',
        '}',
        '\\',
        '%',
        '$',
        '&',
        '#',
        '_',
        '~',
        '^',
        '<',
        '>',
        '|',
        ' and ',
        'others',
        '@',
        ',',
        '"',
        '=',
        '\n',
        ' ',
        'é',
        'ß',
        'Ł',
        '日',
        'A',
        'b',
        '\ud83d\ude00',
      ),
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }).filter((c) => !"-`'".includes(c)),
    ),
    maxLength: 40,
  });
  const record = fc.record({
    title: text.filter((t) => oneLine(t) !== ''),
    // A comma in a name means "Last, First" to every BibTeX and RIS reader, and our exporters write
    // names as they are: a name holding a comma is not expected back unchanged (see below).
    authors: fc.array(
      text.map((t) => t.replace(/,/g, ' ')).filter((t) => oneLine(t) !== '' && oneLine(t).toLowerCase() !== 'others'),
      { maxLength: 3 },
    ),
    abstract: text,
    tags: fc.uniqueArray(
      text.filter((t) => oneLine(t.replace(/[,;]/g, ' ')) !== ''),
      { maxLength: 3, selector: (t) => oneLine(t.replace(/[,;]/g, ' ')).toLowerCase() },
    ),
  });

  it('BibTeX round-trips any title, author and abstract (property)', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 3 }), (records) => {
        const items: ExportItem[] = records.map((r, i) => ({
          paper: paper({ id: `2501.${String(i).padStart(5, '0')}`, title: r.title, authors: r.authors, abstract: r.abstract }),
          tags: r.tags.map((name, j): Tag => ({ id: `t${j}`, name, colour: 'blue', createdAt: 0 })),
        }));
        const { items: back, problems } = parseBibtex(toBibtex(items));
        expect(problems).toEqual([]);
        expect(back.map((b) => b.id)).toEqual(items.map((i) => i.paper.id));
        back.forEach((b, i) => {
          const r = records[i]!;
          expect(b.title).toBe(oneLine(r.title));
          expect(b.authors ?? []).toEqual(r.authors.map(oneLine));
          expect(b.abstract ?? '').toBe(oneLine(r.abstract));
          expect(b.tags ?? []).toEqual(r.tags.map((t) => oneLine(t.replace(/[,;]/g, ' '))));
        });
      }),
      { numRuns: 300 },
    );
  }, 30_000);

  it('RIS round-trips any title, author, abstract and tag (property)', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 3 }), (records) => {
        const items: ExportItem[] = records.map((r, i) => ({
          paper: paper({ id: `2501.${String(i).padStart(5, '0')}`, title: r.title, authors: r.authors, abstract: r.abstract }),
          tags: r.tags.map((name, j): Tag => ({ id: `t${j}`, name, colour: 'blue', createdAt: 0 })),
        }));
        const { items: back, problems } = parseRis(toRis(items));
        expect(problems).toEqual([]);
        back.forEach((b, i) => {
          const r = records[i]!;
          expect(b.title).toBe(oneLine(r.title));
          expect(b.authors ?? []).toEqual(r.authors.map(oneLine));
          expect(b.abstract ?? '').toBe(oneLine(r.abstract));
          expect(b.tags ?? []).toEqual(
            r.tags.map(oneLine).filter((t, k, all) => all.findIndex((x) => x.toLowerCase() === t.toLowerCase()) === k),
          );
        });
      }),
      { numRuns: 300 },
    );
  }, 30_000);
});
