import { hashText } from '../../../lib/text';
import { Stems } from '../../../lib/rank/stems';

describe('Stems', () => {
  it('gives ids in order of first sight, and the same id again, through growth', () => {
    const stems = new Stems(4);
    const words = Array.from({ length: 100 }, (_, i) => `word${i}`);
    expect(words.map((w) => stems.termOf(w))).toEqual(words.map((_, i) => i));
    expect(words.map((w) => stems.termOf(w, hashText(w)))).toEqual(words.map((_, i) => i));
    expect(stems.size).toBe(100);
    expect(stems.inOrder()).toEqual(words);
    expect(stems.text(42)).toBe('word42');
    expect(stems.hashOf(42)).toBe(hashText('word42'));
  });

  it('tells apart stems whose hashes are equal (compared as text)', () => {
    const stems = new Stems(4);
    // The same hash given for three texts: only the text can tell them apart.
    expect(['alpha', 'beta', 'gamma', 'beta', 'alpha'].map((w) => stems.termOf(w, 7))).toEqual([0, 1, 2, 1, 0]);
    expect(stems.inOrder()).toEqual(['alpha', 'beta', 'gamma']);
  });
});
