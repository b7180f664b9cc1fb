import fc from 'fast-check';
import { decodeIds, encodeIds } from '../../../lib/snapshot/ids';

const newId = fc
  .tuple(fc.integer({ min: 7, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 99999 }))
  .map(([yy, mm, n]) => {
    const month = `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}`;
    // Four digits after the dot before 2015, five from then on (arXiv's own rule).
    return yy < 15 ? `${month}.${String(n % 10000).padStart(4, '0')}` : `${month}.${String(n).padStart(5, '0')}`;
  });
const oldId = fc
  .tuple(fc.constantFrom('hep-th', 'math.GT', 'cs', 'astro-ph'), fc.integer({ min: 0, max: 9999999 }))
  .map(([a, n]) => `${a}/${String(n).padStart(7, '0')}`);
const anyId = fc.oneof({ weight: 5, arbitrary: newId }, { weight: 1, arbitrary: oldId });

describe('the encoded id set', () => {
  it('knows exactly the ids it was made of', () => {
    fc.assert(
      fc.property(fc.uniqueArray(anyId, { maxLength: 300 }), fc.array(anyId, { maxLength: 50 }), (ids, probes) => {
        const set = decodeIds(encodeIds(ids));
        const members = new Set(ids);
        expect(set.size).toBe(members.size);
        for (const id of [...ids, ...probes]) expect(set.has(id)).toBe(members.has(id));
      }),
    );
  });

  it('tells apart ids that differ only in the digits after the dot, and four- from five-digit numbers', () => {
    const set = decodeIds(encodeIds(['2412.14689', '1412.1234', '0704.0001']));
    expect(set.has('2412.14689')).toBe(true);
    expect(set.has('2412.14688')).toBe(false);
    expect(set.has('1412.1234')).toBe(true);
    expect(set.has('1412.01234')).toBe(false);
    expect(set.has('0704.0001')).toBe(true);
    expect(set.has('0704.0002')).toBe(false);
  });

  it('takes about six characters an id', () => {
    const ids = Array.from(
      { length: 50_000 },
      (_, i) => `25${String((i % 12) + 1).padStart(2, '0')}.${String(10000 + i).padStart(5, '0')}`,
    );
    expect(encodeIds(ids).length).toBeLessThanOrEqual(6 * 50_000 + 1);
  });

  it('reads anything else as the empty set, without throwing', () => {
    for (const bad of [undefined, null, 42, '', 'abc', '12345|', { x: 1 }]) {
      const set = decodeIds(bad);
      expect(set.size).toBe(0);
      expect(set.has('2412.14689')).toBe(false);
    }
  });
});
