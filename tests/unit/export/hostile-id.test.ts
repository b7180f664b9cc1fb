import { exportLibrary } from '../../../lib/export';
import type { LibrarySnapshot } from '../../../lib/model/library';
import { fixtureSnapshot, NOW, paper } from './fixture';

// The exporters take the store's snapshot, which zod validated on the way in. Should a corrupt
// record ever get there, an id must still not break out of its place in any format.
describe('a corrupt id that bypassed the schema', () => {
  const id = 'x) [evil](javascript:1)\r\nTY  - BOOK {\ud800';
  const snapshot: LibrarySnapshot = {
    ...fixtureSnapshot(),
    papers: [paper({ id, title: 'T', authors: ['A B'] })],
    stars: [],
    paperTags: [],
  };

  it('is percent-encoded in every URL', () => {
    const md = exportLibrary('markdown', snapshot, { now: NOW }).text;
    expect(md).toContain(
      '- [T](https://huggingface.co/papers/x%29%20%5Bevil%5D%28javascript%3A1%29%0D%0ATY%20%20-%20BOOK%20%7B%EF%BF%BD)\n',
    );
  });

  it('cannot start a new RIS record', () => {
    const ris = exportLibrary('ris', snapshot, { now: NOW }).text;
    expect(ris.match(/^TY {2}- /gm)).toHaveLength(1);
  });

  it('keeps the BibTeX entry balanced', () => {
    const bib = exportLibrary('bibtex', snapshot, { now: NOW }).text;
    let depth = 0;
    for (const c of bib) {
      depth += c === '{' ? 1 : c === '}' ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    expect(bib).toContain('eprint = {x) [evil](javascript:1) TY - BOOK {\\textbraceleft}\ud800}');
  });

  it('stays inside its CSV cell', () => {
    const csv = exportLibrary('csv', snapshot, { now: NOW }).text;
    expect(csv.split('\r\n')).toHaveLength(3 + 1); // header, record (its id cell holds a quoted CRLF), trailing
  });
});
