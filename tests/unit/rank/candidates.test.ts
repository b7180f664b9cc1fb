import { Candidates } from '../../../lib/rank/candidates';

describe('Candidates.byHash', () => {
  it('orders by signed hash, then by text among equal hashes, whatever the order given', () => {
    const texts = ['delta', 'alpha', 'charlie', 'bravo', 'echo'];
    const hashes = [5, -(2 ** 31), 5, 2 ** 31 - 1, -7];
    const candidates = new Candidates(texts.length);
    texts.forEach((_, c) => candidates.push(c, -1, 2, hashes[c]!));
    const textOf = (c: number) => texts[c]!;
    const order = (list: number[]) => [...candidates.byHash(Int32Array.from(list), textOf)].map(textOf);
    const expected = ['alpha', 'echo', 'charlie', 'delta', 'bravo'];
    expect(order([0, 1, 2, 3, 4])).toEqual(expected);
    expect(order([4, 3, 2, 1, 0])).toEqual(expected);
    expect(order([2, 0])).toEqual(['charlie', 'delta']);
    expect(order([])).toEqual([]);
  });
});
