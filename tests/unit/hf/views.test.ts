import { detectView, periodEnd } from '../../../lib/hf/views';

const view = (u: string) => detectView(new URL(u));
const HF = 'https://huggingface.co';

describe('detectView: every papers view', () => {
  it.each([
    ['/papers', { kind: 'daily' }],
    ['/papers/', { kind: 'daily' }],
    ['/papers?q=', { kind: 'daily' }],
    ['/papers#community', { kind: 'daily' }],
    ['/papers?q=parallel', { kind: 'search', query: 'parallel' }],
    ['/papers?q=mixture+of+experts', { kind: 'search', query: 'mixture of experts' }],
    ['/papers?q=%20layer%20', { kind: 'search', query: 'layer' }],
    ['/papers?date=2024-12-18', { kind: 'date', listingDate: '2024-12-18' }],
    ['/papers/date/2024-12-19', { kind: 'date', listingDate: '2024-12-19' }],
    ['/papers/date/2024-02-29', { kind: 'date', listingDate: '2024-02-29' }],
    ['/papers/week/2025-W12', { kind: 'week', listingDate: '2025-03-17' }],
    ['/papers/week/2025-W01', { kind: 'week', listingDate: '2024-12-30' }],
    ['/papers/week/2020-W53', { kind: 'week', listingDate: '2020-12-28' }],
    ['/papers/month/2025-03', { kind: 'month', listingDate: '2025-03-01' }],
    ['/papers/trending', { kind: 'trending' }],
    ['/papers/trending/', { kind: 'trending' }],
    ['/papers/2412.14689', { kind: 'paper', paperId: '2412.14689' }],
    ['/papers/2412.14689v2', { kind: 'paper', paperId: '2412.14689' }],
    ['/papers/2412.14689#community', { kind: 'paper', paperId: '2412.14689' }],
    ['/papers/1001.1234', { kind: 'paper', paperId: '1001.1234' }],
    ['/papers/hep-th/9901001', { kind: 'paper', paperId: 'hep-th/9901001' }],
    ['/papers/math.GT/0309136v1', { kind: 'paper', paperId: 'math.GT/0309136' }],
  ])('%s', (path, expected) => {
    expect(view(HF + path)).toEqual(expected);
  });

  it('accepts www. and http:', () => {
    expect(view('https://www.huggingface.co/papers/trending')).toEqual({ kind: 'trending' });
    expect(view('http://huggingface.co/papers')).toEqual({ kind: 'daily' });
  });
});

describe('detectView: not a papers view', () => {
  it.each([
    'https://huggingface.co/',
    'https://huggingface.co/models',
    'https://huggingface.co/papersx',
    'https://huggingface.co/datasets/papers',
    'https://huggingface.co/akhaliq',
    // Sub-pages of a paper: markup unknown, so not read (decided: null).
    'https://huggingface.co/papers/2412.14689/discussion',
    'https://huggingface.co/papers/2412.14689/discussion/1',
    'https://huggingface.co/papers/submit',
    // Where HF sends an unknown id.
    'https://huggingface.co/papers/index?arxivId=2412.99999',
    'https://huggingface.co/papers/12345',
    'https://huggingface.co/papers/2412.146',
    'https://huggingface.co/papers/date/2024-13-01',
    'https://huggingface.co/papers/date/2025-02-29',
    'https://huggingface.co/papers/date/yesterday',
    'https://huggingface.co/papers?date=2024-02-30',
    'https://huggingface.co/papers/week/2025-W54',
    'https://huggingface.co/papers/week/2025-W53',
    'https://huggingface.co/papers/week/2025-W00',
    'https://huggingface.co/papers/month/2025-13',
    'https://huggingface.co/papers/%E0%A4%A',
    'https://hf.co/papers',
    'https://example.com/papers/2412.14689',
    'https://huggingface.co.evil.example/papers',
    'file:///papers/2412.14689',
  ])('%s → null', (u) => {
    expect(view(u)).toBeNull();
  });
});

describe('periodEnd: the day year-less dates are resolved against', () => {
  it.each([
    ['/papers/date/2024-12-19', '2024-12-19'],
    ['/papers/week/2025-W12', '2025-03-23'],
    ['/papers/week/2025-W01', '2025-01-05'],
    ['/papers/month/2024-02', '2024-02-29'],
    ['/papers/month/2025-12', '2025-12-31'],
  ])('%s → %s', (path, end) => {
    expect(periodEnd(view(HF + path)!)).toBe(end);
  });

  it('is unknown without a listing date', () => {
    expect(periodEnd({ kind: 'trending' })).toBeUndefined();
    expect(periodEnd({ kind: 'daily', listingDate: '2025-03-24' })).toBe('2025-03-24');
  });
});
