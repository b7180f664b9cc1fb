import { arxivId, cleanText, httpUrl, parseCount, pickCount } from '../../../lib/hf/values';

describe('parseCount', () => {
  it.each([
    ['142', { value: 142, exact: true }],
    [' 12 ', { value: 12, exact: true }],
    ['Upvote 145', { value: 145, exact: true }],
    ['8,412', { value: 8412, exact: true }],
    ['1.2k', { value: 1200, exact: false }],
    ['GitHub 3k', { value: 3000, exact: false }],
    ['2.5M', { value: 2500000, exact: false }],
    ['4 comments', { value: 4, exact: true }],
  ])('%s', (text, count) => {
    expect(parseCount(text)).toEqual(count);
  });

  it.each(['', 'Upvote', 'yolov5', 'v2', '1.5', 'arxiv:2412.14689', '-3'])('%s → none', (text) => {
    expect(parseCount(text)).toBeUndefined();
  });
});

describe('pickCount: the DOM wins, an abbreviated DOM count yields to a matching exact JSON count', () => {
  it.each([
    [{ value: 145, exact: true }, 142, 145],
    [undefined, 142, 142],
    [{ value: 3, exact: true }, undefined, 3],
    [{ value: 1200, exact: false }, 1187, 1187],
    [{ value: 1200, exact: false }, 900, 1200],
    [{ value: 1200, exact: false }, undefined, 1200],
    [undefined, undefined, undefined],
  ] as const)('dom %j json %j → %j', (dom, json, out) => {
    expect(pickCount(dom, json)).toBe(out);
  });
});

describe('value guards', () => {
  it('cleanText collapses whitespace and drops empty text', () => {
    expect(cleanText('  a \n\t b ')).toBe('a b');
    expect(cleanText(' \n ')).toBeUndefined();
    expect(cleanText(null)).toBeUndefined();
  });

  it('arxivId strips versions and rejects non-ids', () => {
    expect(arxivId('2412.14689v3')).toBe('2412.14689');
    expect(arxivId('hep-th/9901001')).toBe('hep-th/9901001');
    expect(arxivId('2412.146')).toBeUndefined();
    expect(arxivId(2412.14689)).toBeUndefined();
  });

  it('httpUrl resolves relative URLs and keeps only http(s)', () => {
    expect(httpUrl('/x.png', 'https://huggingface.co/papers')).toBe('https://huggingface.co/x.png');
    expect(httpUrl('https://github.com/a/b')).toBe('https://github.com/a/b');
    expect(httpUrl('javascript:alert(1)')).toBeUndefined();
    expect(httpUrl('data:image/png;base64,AAAA')).toBeUndefined();
    expect(httpUrl('/x.png')).toBeUndefined();
    expect(httpUrl(42)).toBeUndefined();
  });
});
