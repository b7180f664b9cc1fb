import { arxivIdFromUrl } from '../../../lib/model/arxiv';

describe('arxivIdFromUrl', () => {
  it.each([
    ['https://huggingface.co/papers/2501.12345', '2501.12345'],
    ['https://huggingface.co/papers/2501.12345?foo=1#comments', '2501.12345'],
    ['https://arxiv.org/abs/2401.01234v3', '2401.01234'],
    ['https://arxiv.org/pdf/2401.01234v2.pdf', '2401.01234'],
    ['https://arxiv.org/pdf/2401.01234', '2401.01234'],
    ['http://www.arxiv.org/abs/hep-th/9901001v1', 'hep-th/9901001'],
    ['https://arxiv.org/abs/math.GT/0309136', 'math.GT/0309136'],
    ['https://arxiv.org/html/2402.00001v1/', '2402.00001'],
    ['https://www.alphaxiv.org/abs/2403.99999', '2403.99999'],
    ['https://ar5iv.labs.arxiv.org/html/1706.03762', '1706.03762'],
  ])('%s → %s', (url, id) => {
    expect(arxivIdFromUrl(url)).toBe(id);
  });

  it.each([
    'https://huggingface.co/papers',
    'https://huggingface.co/papers?q=diffusion',
    'https://huggingface.co/papers/date/2025-01-02',
    'https://huggingface.co/models/2501.12345',
    'https://arxiv.org/list/cs.LG/recent',
    'https://evil.example/abs/2401.01234',
    'javascript:alert(1)',
    'not a url',
    'https://arxiv.org/abs/2401.01234extra',
  ])('%s → null', (url) => {
    expect(arxivIdFromUrl(url)).toBeNull();
  });
});
