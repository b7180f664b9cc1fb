/** What the page app clears before it starts (lib/page/start.ts removeLeftovers). */
import { Window } from 'happy-dom';
import { describe, expect, it, vi } from 'vitest';
import { removeLeftovers } from '../../../lib/page/start';
import { injectStyles } from '../../../lib/page/styles';

function page() {
  const win = new Window({ url: 'https://huggingface.co/papers' });
  const doc = win.document as unknown as Document;
  doc.body.innerHTML =
    '<article data-pd-id="2501.00001" data-pd-hidden data-pd-top><h3>A</h3><div class="pd-ui pd-toolbar"><button>☆</button></div></article>' +
    '<article data-pd-id="2501.00002" data-pd-sorted class="site"><h3>B</h3></article>';
  return doc;
}

describe('removeLeftovers', () => {
  it("takes off what an older copy of the content script left: its UI and its attributes, the site's own untouched", () => {
    const doc = page();
    injectStyles(doc); // the older copy's stylesheet
    removeLeftovers(doc);
    expect(doc.querySelectorAll('.pd-ui')).toHaveLength(0);
    const attrs = [...doc.querySelectorAll('article')].map((a) => a.getAttributeNames());
    expect(attrs).toEqual([[], ['class']]);
    expect(doc.querySelectorAll('h3')).toHaveLength(2);
  });

  it('without an older copy’s stylesheet there is nothing to clear, and the page is not searched', () => {
    const doc = page();
    const search = vi.spyOn(doc, 'querySelectorAll');
    removeLeftovers(doc);
    expect(search).not.toHaveBeenCalled();
    // (Every copy puts its stylesheet in first: markup like the above never exists without it.)
    expect(doc.querySelectorAll('.pd-ui')).toHaveLength(1);
  });
});
