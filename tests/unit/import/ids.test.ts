import { exportLibrary } from '../../../lib/export';
import { findArxivId, normalizeArxivId, parseArxivRef, parseIdList } from '../../../lib/import/ids';
import { fixtureSnapshot, NOW } from '../export/fixture';

describe('parseArxivRef', () => {
  it.each([
    ['2401.01234', '2401.01234'],
    ['2401.01234v2', '2401.01234'],
    ['arXiv:2401.01234', '2401.01234'],
    ['ARXIV: 2401.01234v11', '2401.01234'],
    ['0704.0001', '0704.0001'],
    ['1412.9999', '1412.9999'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['hep-th/9901001v3', 'hep-th/9901001'],
    ['math.GT/0309136', 'math.GT/0309136'],
    ['math.gt/0309136', 'math.GT/0309136'],
    ['arXiv:cond-mat/0012345', 'cond-mat/0012345'],
    ['https://arxiv.org/abs/2401.01234', '2401.01234'],
    ['http://arxiv.org/abs/2401.01234v3', '2401.01234'],
    ['arxiv.org/abs/2401.01234', '2401.01234'],
    ['https://www.arxiv.org/abs/hep-th/9901001v1', 'hep-th/9901001'],
    ['https://export.arxiv.org/abs/2401.01234', '2401.01234'],
    ['https://arxiv.org/pdf/2401.01234', '2401.01234'],
    ['https://arxiv.org/pdf/2401.01234v2.pdf', '2401.01234'],
    ['https://arxiv.org/pdf/hep-th/9901001.pdf', 'hep-th/9901001'],
    ['https://arxiv.org/html/2401.01234v1/', '2401.01234'],
    ['https://arxiv.org/abs/2401.01234?context=cs', '2401.01234'],
    ['https://huggingface.co/papers/2401.01234', '2401.01234'],
    ['https://huggingface.co/papers/2401.01234#community', '2401.01234'],
    ['huggingface.co/papers/2401.01234', '2401.01234'],
    ['https://hf.co/papers/2401.01234', '2401.01234'],
    ['https://www.alphaxiv.org/abs/2401.01234', '2401.01234'],
    ['https://alphaxiv.org/overview/2401.01234v2', '2401.01234'],
    ['https://ar5iv.labs.arxiv.org/html/2401.01234', '2401.01234'],
    ['https://ar5iv.org/abs/1706.03762', '1706.03762'],
    ['10.48550/arXiv.2401.01234', '2401.01234'],
    ['https://doi.org/10.48550/arXiv.2401.01234', '2401.01234'],
    ['doi:10.48550/ARXIV.2401.01234', '2401.01234'],
    ['<https://arxiv.org/abs/2401.01234>', '2401.01234'],
  ])('%s → %s', (input, id) => {
    expect(parseArxivRef(input)).toBe(id);
  });

  it.each([
    '',
    'hello',
    '2401.1234', // 2015 on: five digits
    '1412.12345', // before 2015: four digits
    '0612.0001', // the new scheme starts in 2007-04
    '2413.01234', // month 13
    '2400.01234', // month 0
    '24010.1234',
    'hep-th/0801001', // the old scheme ends in 2007
    'hep-th/99010011',
    'HEP-TH/9901001x',
    '2401.01234.pdf',
    'https://example.com/abs/2401.01234',
    'https://arxiv.org.evil.com/abs/2401.01234',
    'https://huggingface.co/2401.01234',
    'https://huggingface.co/papers/2401.01234/extra/path',
    'https://doi.org/10.1000/2401.01234',
    'javascript:alert(1)//2401.01234',
    '__proto__',
  ])('rejects %j', (input) => {
    expect(parseArxivRef(input)).toBeUndefined();
  });

  it('normalizes only valid ids (the project pattern plus arXiv numbering)', () => {
    expect(normalizeArxivId('2501.00001')).toBe('2501.00001');
    expect(normalizeArxivId('9912.1234')).toBeUndefined();
    expect(normalizeArxivId('astro-ph/9204001')).toBe('astro-ph/9204001');
  });
});

describe('findArxivId', () => {
  it('finds an id after "arXiv", in a link or a DOI, not a bare number in prose', () => {
    expect(findArxivId('arXiv preprint arXiv:1706.03762')).toBe('1706.03762');
    expect(findArxivId('arXiv:1810.04805 [cs]')).toBe('1810.04805');
    expect(findArxivId('See arXiv 2401.01234v2 for details')).toBe('2401.01234');
    expect(findArxivId('preprint at https://arxiv.org/abs/hep-th/9711200.')).toBe('hep-th/9711200');
    expect(findArxivId('doi 10.48550/arXiv.2312.00752')).toBe('2312.00752');
    expect(findArxivId('Proceedings 1203.1234, pages 1706.03762')).toBeUndefined();
    expect(findArxivId('arXiv:2401.012345')).toBeUndefined();
  });
});

describe('parseIdList', () => {
  it('reads ids and links one per line or separated by blanks, commas and semicolons, in order, once', () => {
    const text = [
      '# my reading list',
      '2401.01234',
      'arXiv:2312.00752v2, https://arxiv.org/pdf/1706.03762v7.pdf; hep-th/9901001',
      '  https://huggingface.co/papers/2401.01234  ',
      '(https://www.alphaxiv.org/abs/2405.04517).',
      'https://ar5iv.labs.arxiv.org/html/1810.04805',
      '',
    ].join('\r\n');
    expect(parseIdList(text)).toEqual({
      items: [
        { id: '2401.01234' },
        { id: '2312.00752' },
        { id: '1706.03762' },
        { id: 'hep-th/9901001' },
        { id: '2405.04517' },
        { id: '1810.04805' },
      ],
      problems: ['1 entry names a paper already read above; it was merged into the first.'],
    });
  });

  it('reports each line holding something that is not an id, with its number', () => {
    const { items, problems } = parseIdList('2401.01234\nnot an id\n2401.1234 2402.00001\nhttps://example.com/abs/2401.05678\n');
    expect(items.map((i) => i.id)).toEqual(['2401.01234', '2402.00001']);
    expect(problems).toEqual([
      'Line 2: “not”, “an”, “id” are not arXiv ids or paper links; skipped.',
      'Line 3: “2401.1234” is not an arXiv id or paper link; skipped.',
      'Line 4: “https://example.com/abs/2401.05678” is not an arXiv id or paper link; skipped.',
    ]);
  });

  it('takes the links out of our own Markdown reading list', () => {
    const md = exportLibrary('markdown', fixtureSnapshot(), { now: NOW }).text;
    const { items } = parseIdList(md);
    expect(items.map((i) => i.id)).toEqual(fixtureSnapshot().papers.map((p) => p.id));
  });

  it('caps the number of items and says so', () => {
    const text = Array.from({ length: 12 }, (_, i) => `2501.${String(i).padStart(5, '0')}`).join('\n');
    const { items, problems } = parseIdList(text, { maxItems: 10 });
    expect(items).toHaveLength(10);
    expect(problems[0]).toBe('Only the first 10 papers were read: an import takes at most that many.');
  });

  it('refuses input over the size limit before reading it', () => {
    const big = 'x'.repeat(20 * 1024 * 1024 + 1);
    expect(parseIdList(big)).toEqual({
      items: [],
      problems: ['The file is too large (20.0 MB); an import is at most 20.0 MB. Nothing was imported.'],
    });
  });

  it('strips control characters and keeps at most 100 problem lines', () => {
    const { items, problems } = parseIdList(`24\u000001.01234\n${'junk\n'.repeat(500)}`);
    expect(items).toEqual([{ id: '2401.01234' }]);
    expect(problems).toHaveLength(101);
    expect(problems.at(-1)).toBe('…and 400 more problems.');
  });
});
