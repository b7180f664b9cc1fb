import { bibtexAuthors, parseBibtex } from '../../../lib/import/bibtex';
import type { ImportedItem } from '../../../lib/import/text';
import { BIB_ARXIV, BIB_DBLP, BIB_HANDWRITTEN, BIB_NOT_ARXIV, BIB_S2, BIB_SCHOLAR, BIB_ZOTERO } from './samples';

const VASWANI = [
  'Ashish Vaswani',
  'Noam Shazeer',
  'Niki Parmar',
  'Jakob Uszkoreit',
  'Llion Jones',
  'Aidan N. Gomez',
  'Lukasz Kaiser',
  'Illia Polosukhin',
];

describe('parseBibtex: what each tool writes', () => {
  it('arXiv’s own export', () => {
    expect(parseBibtex(BIB_ARXIV)).toEqual({
      items: [{ id: '1706.03762', title: 'Attention Is All You Need', authors: VASWANI }],
      problems: [],
    });
  });

  it('Google Scholar (names "Last, First", the id in the journal line)', () => {
    const expected: ImportedItem = {
      id: '1706.03762',
      title: 'Attention is all you need',
      authors: VASWANI.map((n) => n.replace('Aidan N.', 'Aidan N').replace('Lukasz', 'Łukasz')),
    };
    expect(parseBibtex(BIB_SCHOLAR)).toEqual({ items: [expected], problems: [] });
  });

  it('Zotero (DOI, macros, keywords → tags, annote → notes, wrapped abstract)', () => {
    expect(parseBibtex(BIB_ZOTERO)).toEqual({
      items: [
        {
          id: '1810.04805',
          title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding',
          authors: ['Jacob Devlin', 'Ming-Wei Chang', 'Kenton Lee', 'Kristina Toutanova'],
          abstract:
            'We introduce a new language representation model called BERT, which stands for Bidirectional Encoder Representations from Transformers.',
          tags: ['Computer Science - Computation and Language', 'To read', 'NLP'],
          notes: 'Comment: 13 pages',
        },
      ],
      problems: [],
    });
  });

  it('DBLP and Semantic Scholar (CoRR / ArXiv volume abs/…)', () => {
    expect(parseBibtex(`${BIB_DBLP}\n\n${BIB_S2}`).items).toEqual([
      { id: '2005.14165', title: 'Language Models are Few-Shot Learners', authors: ['Tom B. Brown', 'Benjamin Mann', 'Nick Ryder'] },
      { id: '2312.00752', title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces', authors: ['Albert Gu', 'Tri Dao'] },
    ]);
  });

  it('hand-written biblatex: @string, #, quotes, accents, von/organisation names, date, ( ) entries, old ids', () => {
    expect(parseBibtex(BIB_HANDWRITTEN)).toEqual({
      items: [
        {
          id: '2405.01234',
          title: "Müller's Étude of ß-Transformers — Part II",
          authors: ['Jörg Müller', 'Ondřej Škoda', 'María de la Cruz', 'Google DeepMind'],
          publishedAt: '2024-06-03',
          tags: ['Vision, Language', 'Robotics'],
        },
        {
          id: 'hep-th/9711200',
          title: 'The Large $N$ Limit of Superconformal Field Theories and Supergravity',
          authors: ['Juan Martin Maldacena'],
        },
      ],
      problems: [],
    });
  });

  it('reports an entry without an arXiv id, with its position, and keeps the others', () => {
    const { items, problems } = parseBibtex(`${BIB_ARXIV}\n\n${BIB_NOT_ARXIV}\n`);
    expect(items.map((i) => i.id)).toEqual(['1706.03762']);
    expect(problems).toEqual([
      'Entry 2 (line 11, “he2016deep”) “Deep residual learning for image recognition”: no arXiv id (eprint, url, doi or “arXiv:…”); only arXiv papers are kept, skipped.',
    ]);
  });

  it('ignores an eprint from another archive', () => {
    const { items, problems } = parseBibtex(
      '@article{x, title={T}, eprint={12345678}, eprinttype={pubmed}}\n@article{y, title={U}, eprint={2401.01234}, eprinttype={jstor}}',
    );
    expect(items).toEqual([]);
    expect(problems).toHaveLength(2);
  });

  it('merges an entry repeated (e.g. once per Zotero collection), adding its tags', () => {
    const bib = `@misc{a, title={T}, eprint={2401.01234}, keywords={x}}\n@misc{b, title={Other}, author={A B}, eprint={2401.01234v2}, keywords={y, X}}`;
    expect(parseBibtex(bib)).toEqual({
      items: [{ id: '2401.01234', title: 'T', authors: ['A B'], tags: ['x', 'y'] }],
      problems: ['1 entry names a paper already read above; it was merged into the first.'],
    });
  });

  it('reads a full date from year, month and day, never a guessed day', () => {
    const one = (fields: string) => parseBibtex(`@misc{k, eprint={2401.01234}, ${fields}}`).items[0]!.publishedAt;
    expect(one('year={2024}, month=jan, day={15}')).toBe('2024-01-15');
    expect(one('year={2024}, month={3}, day={9}')).toBe('2024-03-09');
    expect(one('year={2024}, month=jan')).toBeUndefined();
    expect(one('date={2024-02}')).toBeUndefined();
    expect(one('date={2024-02-30}')).toBeUndefined();
  });

  it('reports an undefined @string macro once and reads it as empty', () => {
    const { items, problems } = parseBibtex('@misc{k, title = "A " # nosuchmacro # "B", eprint={2401.01234}}');
    expect(items[0]!.title).toBe('A B');
    expect(problems).toEqual(['Undefined @string macro “nosuchmacro” read as empty text.']);
  });

  it('says so when there is no entry at all', () => {
    expect(parseBibtex('just some text\n').problems).toEqual(['No BibTeX entries (@article{…}, @misc{…}…) were found in the file.']);
    expect(parseBibtex('')).toEqual({ items: [], problems: [] });
  });
});

describe('bibtexAuthors', () => {
  it('splits on "and" outside braces and reorders "von Last, Jr, First"', () => {
    expect(bibtexAuthors('{Barnes and Noble, Inc.} and Jekyll {and} Hyde')).toEqual(['Barnes and Noble, Inc.', 'Jekyll and Hyde']);
    expect(bibtexAuthors('van Beethoven, Jr., Ludwig AND Doe, J.')).toEqual(['Ludwig van Beethoven Jr.', 'J. Doe']);
    expect(bibtexAuthors('Alexandra ANDERSON and Sandy Anderson')).toEqual(['Alexandra ANDERSON', 'Sandy Anderson']);
    expect(bibtexAuthors('A and others')).toEqual(['A']);
  });
});
