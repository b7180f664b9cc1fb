/**
 * Outside judges (issue 17): every export read back by a parser nobody here wrote, over a hostile
 * library — braces, backslashes, TeX specials, quotes, line breaks, formula prefixes, non-Latin
 * scripts, emoji, a 20,000-character abstract, 1,000 authors, old-style ids — must give back the
 * same id, title, authors, date and URL for every paper (what the format carries of them):
 *
 *  - BibTeX: @retorquere/bibtex-parser (Better BibTeX for Zotero's parser, default options: it
 *    sentence-cases titles as Zotero wants them, so the braces that protect capitals are tested
 *    too) and @citation-js/plugin-bibtex; BibTeX carries year and month (the day is in biblatex's
 *    `date`, which the first reads);
 *  - RIS and CSL-JSON: @citation-js (core and plugins on the 0.8 line);
 *  - CSV: csv-parse;
 *  - the bookmarks file: parse5, the HTML standard's parsing algorithm (no authors or dates there).
 *
 * Names compare without commas ("Martin Luther King, Jr." is read back as given, family and
 * suffix). One difference is deliberate: a CSV cell that a spreadsheet would run as a formula
 * (= + - @ first) starts with an apostrophe (lib/export/csv.ts).
 */
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseHtml, type DefaultTreeAdapterMap } from 'parse5';
import { exportLibrary } from '../../../lib/export';
import { arxivAbsUrl, hfPaperUrl, oneLine, paperDate, type PaperDate } from '../../../lib/export/items';
import type { LibrarySnapshot, StoredPaper } from '../../../lib/model/library';
import { NOW, paper } from './fixture';

const TITLES = [
  'Cost {and} Benefit: }{ unbalanced {{nested}} braces',
  'Back\\slash \\textbf{not a command} \\\\ and a lone \\',
  '100% of $x_1$ & C# ~ ^ < > | _ in GPT-4',
  'He said "hi" and \'yo\' — “curly” ‘quotes’',
  'Line one\nline two\r\nline three\tand a tab',
  '=HYPERLINK("http://evil.example/?a=1","click me")',
  '+1 or −1: Signs First',
  '-Net: Negative Results',
  '@mention at the Start',
  '大規模言語モデルの評価',
  'Русский заголовок: Большие Модели',
  'عنوان عربي للنموذج',
  'हिन्दी शीर्षक',
  'Ελληνικά Ωmega Δelta',
  'Emoji 😀🚀 and 👩‍🔬 Scientists',
  'and others',
  'Others AND and',
  '% a comment? # a macro?',
  '<b>Bold</b> &amp; <script>alert(1)</script>',
  'valueOf constructor __proto__ toString',
  'A title with, commas; and semicolons',
  '}{ starts with a brace',
];

const NAMES = [
  'Łukasz Kaiser',
  'Martin Luther King, Jr.',
  'Johannes Diderik van der Waals',
  'Plato',
  "Conan O'Brien",
  'A {B} C',
  '李小龙',
  'Ольга Иванова',
  'Jean-Pierre Dupont',
  'Others',
  'Ann And Bob',
  'Google DeepMind',
  'Zoë Ødegård',
  'Back\\slash Name',
  'Dollar $ign',
  'Percent 100%',
  'Hash #Tag',
];

const ABSTRACT = `${'Long {abstract} with \\ specials % $ & # _ ~ ^ "quotes" and 日本語 😀. '.repeat(300)}`.slice(0, 20_000);

function hostileLibrary(): LibrarySnapshot {
  const papers: StoredPaper[] = TITLES.map((title, i) =>
    paper({
      id: `2501.${String(i + 1).padStart(5, '0')}`,
      title,
      authors: [0, 1, 2, 3, 4].map((k) => NAMES[(i * 3 + k) % NAMES.length]!),
      authorCount: 5,
      ...(i % 3 === 2 ? {} : { publishedAt: `2025-01-${String((i % 28) + 1).padStart(2, '0')}` }),
    }),
  );
  papers.push(
    paper({
      id: '2502.00100',
      title: 'A Thousand Authors',
      authors: Array.from({ length: 1000 }, (_, k) => `${NAMES[k % NAMES.length]!.replace(/,.*$/, '')} ${k}`),
      authorCount: 1000,
      abstract: ABSTRACT,
      publishedAt: '2025-02-03',
    }),
    paper({
      id: 'hep-th/9901001',
      title: 'The Large N Limit of Superconformal Field Theories',
      authors: ['Juan Maldacena'],
      authorCount: 1,
    }),
    paper({ id: 'math.GT/0309136', title: 'Old-Style Id With A Subject Class', authors: ['Grigori Perelman'], authorCount: 1 }),
    paper({ id: '0704.0001', title: 'First new-style id', authors: ['C. Balázs', 'E. L. Berger'], authorCount: 2 }),
  );
  return {
    papers,
    stars: [],
    tags: [],
    paperTags: [],
    rules: [],
    settings: { dimSeen: false, shortcuts: true, sync: true, pauseRules: false },
    notes: [],
    notInterested: [],
  };
}

const library = hostileLibrary();
const papers = library.papers;
const exported = (format: Parameters<typeof exportLibrary>[0]) => exportLibrary(format, library, { now: NOW }).text;

/** A name as compared: one line, no commas. */
const norm = (name: string) => oneLine(name.replace(/,/g, ' '));
const names = (p: StoredPaper) => (p.authors ?? []).map(norm);
const idOfUrl = (url: unknown) => /^https:\/\/(?:arxiv\.org\/abs|huggingface\.co\/papers)\/(.+)$/.exec(String(url))?.[1];

/** A CSL name (citation-js's output for every format) as one display name. */
function cslDisplay(n: Record<string, unknown>): string {
  if (typeof n.literal === 'string') return norm(n.literal);
  return norm(
    [n.given, n['dropping-particle'], n['non-dropping-particle'], n.family, n.suffix].filter((x) => typeof x === 'string' && x).join(' '),
  );
}

const dateParts = (d: PaperDate | undefined, withDay: boolean) => (d ? [d.year, d.month, ...(withDay && d.day ? [d.day] : [])] : undefined);

// Better BibTeX's parser takes seconds on 1,000 authors and a 20,000-character abstract (it
// sentence-cases with an NLP model): generous timeouts on a shared machine.
describe('every export, read back by a parser nobody here wrote', { timeout: 60_000 }, () => {
  it('BibTeX, by Better BibTeX’s parser (@retorquere/bibtex-parser)', () => {
    const { entries, errors } = parseBibtex(exported('bibtex'));
    expect(errors).toEqual([]);
    expect(entries.map((e) => e.fields.eprint)).toEqual(papers.map((p) => p.id));
    entries.forEach((e, i) => {
      const p = papers[i]!;
      const creators = e.fields.author ?? [];
      const authors = creators.map((c) => norm(c.name ?? [c.firstName, c.prefix, c.lastName, c.suffix].filter(Boolean).join(' ')));
      expect({ title: e.fields.title, authors, url: e.fields.url }, p.id).toEqual({
        title: oneLine(p.title),
        authors: names(p),
        url: arxivAbsUrl(p.id),
      });
      const d = paperDate(p)!;
      expect([Number(e.fields.year), Number(e.fields.month)]).toEqual([d.year, d.month]);
      if (d.day) expect(e.fields.date).toBe(`${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`);
      if (p.abstract) expect(e.fields.abstract).toBe(oneLine(p.abstract));
    });
  });

  it('BibTeX, by citation-js (@citation-js/plugin-bibtex)', () => {
    const items = new Cite(exported('bibtex'), { forceType: '@bibtex/text' }).data;
    expect(items.map((c) => idOfUrl(c.URL))).toEqual(papers.map((p) => p.id));
    items.forEach((c, i) => {
      const p = papers[i]!;
      const authors = ((c.author ?? []) as Record<string, unknown>[]).map(cslDisplay);
      expect({ title: c.title, authors, date: (c.issued as { 'date-parts': number[][] })['date-parts'][0] }, p.id).toEqual({
        title: oneLine(p.title),
        authors: names(p),
        date: dateParts(paperDate(p), false),
      });
      // (citation-js leaves a @misc entry's abstract out of what it gives.)
    });
  });

  it('RIS, by citation-js (@citation-js/plugin-ris)', () => {
    const items = new Cite(exported('ris'), { forceType: '@ris/file' }).data;
    expect(items.map((c) => idOfUrl(c.URL))).toEqual(papers.map((p) => p.id));
    items.forEach((c, i) => {
      const p = papers[i]!;
      const authors = ((c.author ?? []) as Record<string, unknown>[]).map(cslDisplay);
      expect({ title: c.title, authors, date: (c.issued as { 'date-parts': number[][] })['date-parts'][0] }, p.id).toEqual({
        title: oneLine(p.title),
        authors: names(p),
        date: dateParts(paperDate(p), true),
      });
      if (p.abstract) expect(c.abstract).toBe(oneLine(p.abstract));
    });
  });

  it('CSL-JSON, by citation-js (@citation-js/core)', () => {
    const items = new Cite(JSON.parse(exported('csljson'))).data;
    expect(items.map((c) => idOfUrl(c.URL))).toEqual(papers.map((p) => p.id));
    items.forEach((c, i) => {
      const p = papers[i]!;
      const authors = ((c.author ?? []) as Record<string, unknown>[]).map(cslDisplay);
      expect({ title: c.title, authors, date: (c.issued as { 'date-parts': number[][] })['date-parts'][0] }, p.id).toEqual({
        title: oneLine(p.title),
        authors: names(p),
        date: dateParts(paperDate(p), true),
      });
      if (p.abstract) expect(c.abstract).toBe(p.abstract.trim());
    });
  });

  it('CSV, by csv-parse', () => {
    const rows: Record<string, string>[] = parseCsv(exported('csv'), { columns: true, bom: true });
    expect(rows.map((r) => r.arxiv_id)).toEqual(papers.map((p) => p.id));
    rows.forEach((r, i) => {
      const p = papers[i]!;
      // A cell a spreadsheet would run as a formula starts with an apostrophe: the one difference.
      const cell = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
      const d = paperDate(p);
      expect(
        { title: r.title, authors: r.authors!.split('; ').map(norm), published: r.published, url: r.url, arxiv: r.arxiv_url },
        p.id,
      ).toEqual({
        title: cell(p.title),
        authors: names(p),
        published: p.publishedAt ?? '',
        url: hfPaperUrl(p.id),
        arxiv: arxivAbsUrl(p.id),
      });
      expect(d).toBeDefined();
      if (p.abstract) expect(r.abstract).toBe(p.abstract);
    });
  });

  it('the bookmarks file, by parse5 (the HTML standard’s parser)', () => {
    type Node = DefaultTreeAdapterMap['node'];
    const anchors: Array<{ href: string; text: string }> = [];
    const walk = (node: Node) => {
      if ('tagName' in node && node.tagName === 'a') {
        const href = node.attrs.find((a) => a.name === 'href')?.value ?? '';
        const text = node.childNodes.map((c) => ('value' in c ? c.value : '')).join('');
        anchors.push({ href, text });
      }
      if ('childNodes' in node) node.childNodes.forEach(walk);
    };
    walk(parseHtml(exported('bookmarks')));
    expect(anchors.map((a) => a.href)).toEqual(papers.map((p) => (p.id.includes('/') ? arxivAbsUrl(p.id) : hfPaperUrl(p.id))));
    anchors.forEach((a, i) => {
      const p = papers[i]!;
      expect({ id: idOfUrl(a.href), title: a.text }, p.id).toEqual({ id: p.id, title: oneLine(p.title) });
    });
  });
});
