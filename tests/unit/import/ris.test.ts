import { noteText, parseRis } from '../../../lib/import/ris';
import { RIS_ENDNOTE, RIS_NOT_ARXIV, RIS_SCHOLAR, RIS_ZOTERO } from './samples';

describe('parseRis: what each tool writes', () => {
  it('Zotero (DOI, DA, KW per tag, HTML notes, CRLF)', () => {
    expect(parseRis(RIS_ZOTERO)).toEqual({
      items: [
        {
          id: '1810.04805',
          title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding',
          authors: ['Jacob Devlin', 'Ming-Wei Chang', 'Kenton Lee', 'Kristina Toutanova'],
          abstract: 'We introduce a new language representation model called BERT.',
          publishedAt: '2019-05-24',
          tags: ['Computer Science - Computation and Language', 'To read, later'],
          notes: 'Comment: 13 pages\n\nMy own note & thoughts\n\nsecond paragraph — with a dash',
        },
      ],
      problems: [],
    });
  });

  it('Google Scholar (T1/A1, the id in JO, year only: no date)', () => {
    expect(parseRis(RIS_SCHOLAR)).toEqual({
      items: [{ id: '1706.03762', title: 'Attention is all you need', authors: ['Ashish Vaswani', 'Noam Shazeer'] }],
      problems: [],
    });
  });

  it('EndNote/Mendeley (AN, L1, N2 wrapped over two lines, a suffix, "ER  -")', () => {
    expect(parseRis(RIS_ENDNOTE)).toEqual({
      items: [
        {
          id: '2312.00752',
          title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces',
          authors: ['Albert Gu', 'Martin Luther King Jr.'],
          abstract:
            'Foundation models, now powering most of the exciting applications in deep learning, are almost universally based on the Transformer.',
        },
      ],
      problems: [],
    });
  });

  it('reports a record without an arXiv id with its position and reads on', () => {
    const { items, problems } = parseRis(`${RIS_NOT_ARXIV}${RIS_SCHOLAR}`);
    expect(items.map((i) => i.id)).toEqual(['1706.03762']);
    expect(problems).toEqual([
      'Record 1 (line 1) “Deep learning”: no arXiv id (DO, UR, AN, M1 or “arXiv:…”); only arXiv papers are kept, skipped.',
    ]);
  });

  it('finds the id in M1 or a bare id in AN, and prefers the DOI', () => {
    const ris = (lines: string[]) => parseRis(['TY  - JOUR', 'TI  - T', ...lines, 'ER  - '].join('\n')).items[0]?.id;
    expect(ris(['M1  - 2401.01234'])).toBe('2401.01234');
    expect(ris(['AN  - hep-th/9901001v2'])).toBe('hep-th/9901001');
    expect(ris(['UR  - https://arxiv.org/abs/2401.00002', 'DO  - 10.48550/arXiv.2401.00001'])).toBe('2401.00001');
    expect(ris(['UR  - https://huggingface.co/papers/2401.01234'])).toBe('2401.01234');
    expect(ris(['N1  - see arXiv:2401.01234'])).toBe('2401.01234');
    // A number in a page range is not an id.
    expect(ris(['SP  - 1203.1234'])).toBeUndefined();
  });

  it('reads a record not closed by ER, and says so; counts lines outside records once', () => {
    const text = [
      'junk before',
      'TY  - JOUR',
      'TI  - First',
      'UR  - https://arxiv.org/abs/2401.00001',
      'TY  - JOUR',
      'TI  - Second',
      'UR  - https://arxiv.org/abs/2401.00002',
      'ER  - ',
      'junk after',
      'TY  - JOUR',
      'TI  - Third',
      'UR  - https://arxiv.org/abs/2401.00003',
    ].join('\n');
    const { items, problems } = parseRis(text);
    expect(items.map((i) => [i.id, i.title])).toEqual([
      ['2401.00001', 'First'],
      ['2401.00002', 'Second'],
      ['2401.00003', 'Third'],
    ]);
    expect(problems).toEqual([
      'Record 1 (line 2) is not closed by “ER  - ”; read up to the next record.',
      'Record 3 (line 10) is not closed by “ER  - ”; read to the end of the file.',
      '2 lines outside any record (TY … ER) were ignored, the first at line 1.',
    ]);
  });

  it('says so when there is no record at all', () => {
    expect(parseRis('hello\n').problems).toEqual([
      '1 line outside any record (TY … ER) was ignored, the first at line 1.',
      'No RIS records (TY  - … ER  - ) were found in the file.',
    ]);
  });

  it('reads plain-text notes as they are and decodes HTML notes safely', () => {
    expect(noteText('a < b and c > d')).toBe('a < b and c > d');
    expect(noteText('<p>x &lt;script&gt; &#x1F600; &#0; &bogus;</p>')).toBe('x <script> 😀 &#0; &bogus;\n');
  });
});
