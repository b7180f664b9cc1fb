import fc from 'fast-check';
import { exportLibrary } from '../../../lib/export';
import { escapeHtml, toBookmarks } from '../../../lib/export/bookmarks';
import { buildItems, type ExportItem } from '../../../lib/export/items';
import type { Tag } from '../../../lib/model/library';
import { fixtureSnapshot, NOW, paper } from './fixture';

const sec = (ms: number) => String(Math.floor(ms / 1000));
const NOW_S = sec(NOW.getTime());
const T0_S = sec(Date.UTC(2026, 10, 1, 9, 0, 0)); // fixture firstSeenAt and tag createdAt
const T0_1_S = T0_S; // createdAt T0 + 1 ms: same second

const GOLDEN = [
  '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
  '<!-- This is an automatically generated file.',
  '     It will be read and overwritten.',
  '     DO NOT EDIT! -->',
  '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
  '<TITLE>Bookmarks</TITLE>',
  '<H1>Bookmarks</H1>',
  '<DL><p>',
  `    <DT><H3 ADD_DATE="${NOW_S}" LAST_MODIFIED="${NOW_S}">Paperdeck (2026-11-23)</H3>`,
  '    <DL><p>',
  `        <DT><H3 ADD_DATE="${T0_S}" LAST_MODIFIED="${NOW_S}">LLM</H3>`,
  '        <DL><p>',
  `            <DT><A HREF="https://huggingface.co/papers/2412.14689" ADD_DATE="${sec(Date.UTC(2026, 10, 2, 10, 30, 0))}" TAGS="LLM,To read later">Łukasz’s Über-Transformers: Scaling “Große” Modelle — 日本語 Too</A>`,
  '        </DL><p>',
  `        <DT><H3 ADD_DATE="${T0_1_S}" LAST_MODIFIED="${NOW_S}">To read, later</H3>`,
  '        <DL><p>',
  `            <DT><A HREF="https://huggingface.co/papers/2412.14689" ADD_DATE="${sec(Date.UTC(2026, 10, 2, 10, 30, 0))}" TAGS="LLM,To read later">Łukasz’s Über-Transformers: Scaling “Große” Modelle — 日本語 Too</A>`,
  `            <DT><A HREF="https://huggingface.co/papers/2501.00003" ADD_DATE="${T0_S}" TAGS="To read later">-Net: Negative Results &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))</A>`,
  '        </DL><p>',
  `        <DT><H3 ADD_DATE="${NOW_S}" LAST_MODIFIED="${NOW_S}">Untagged</H3>`,
  '        <DL><p>',
  `            <DT><A HREF="https://huggingface.co/papers/2501.00001" ADD_DATE="${T0_S}">Cost {and} Benefit: 100% of $x_1$ &amp; C# \\ ~^ in GPT-4</A>`,
  `            <DT><A HREF="https://huggingface.co/papers/2501.00002" ADD_DATE="${sec(Date.UTC(2026, 10, 3, 8, 0, 0))}">=HYPERLINK(&quot;http://evil.example/?a=1&quot;,&quot;click me&quot;)</A>`,
  `            <DT><A HREF="https://arxiv.org/abs/hep-th/9901001" ADD_DATE="${T0_S}">The Large N Limit of Superconformal Field Theories</A>`,
  `            <DT><A HREF="https://huggingface.co/papers/2501.00004" ADD_DATE="${T0_S}">Cost Models Revisited</A>`,
  '        </DL><p>',
  '    </DL><p>',
  '</DL><p>',
  '',
].join('\n');

interface Folder {
  name: string;
  addDate: string | null;
  links: { href: string; title: string; addDate: string | null; tags: string | null; description?: string }[];
  folders: Folder[];
}

/**
 * Reads a bookmark file the way Firefox's importer does (BookmarkHTMLUtils: a DOMParser over the
 * HTML, then DT/H3/A/DD walked inside each DL).
 */
function readBookmarks(html: string): Folder {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const walk = (dl: Element, name: string, addDate: string | null): Folder => {
    const folder: Folder = { name, addDate, links: [], folders: [] };
    // The parser nests the unclosed DT/p elements; take this list's own entries only.
    const entries = [...dl.querySelectorAll('dt')].filter((dt) => dt.closest('dl') === dl);
    for (const dt of entries) {
      const h3 = [...dt.children].find((c) => c.tagName === 'H3');
      const a = [...dt.children].find((c) => c.tagName === 'A');
      if (h3) {
        const sub = [...dt.querySelectorAll('dl')].find((d) => d.parentElement?.closest('dt') === dt) ?? nextDl(dt);
        folder.folders.push(walk(sub!, h3.textContent ?? '', h3.getAttribute('add_date')));
      } else if (a) {
        const dd =
          [...dt.querySelectorAll('dd')].find((d) => d.closest('dt') === dt) ??
          (dt.nextElementSibling?.tagName === 'DD' ? dt.nextElementSibling : null);
        folder.links.push({
          href: a.getAttribute('href') ?? '',
          title: a.textContent ?? '',
          addDate: a.getAttribute('add_date'),
          tags: a.getAttribute('tags'),
          ...(dd ? { description: (dd.textContent ?? '').trim() } : {}),
        });
      }
    }
    return folder;
  };
  const nextDl = (dt: Element): Element | undefined => {
    for (let el = dt.nextElementSibling; el; el = el.nextElementSibling) if (el.tagName === 'DL') return el;
    return undefined;
  };
  const top = doc.querySelector('dl')!;
  return walk(top, 'root', null);
}

describe('toBookmarks', () => {
  it('writes the golden bookmark file for the fixture library', () => {
    expect(toBookmarks(buildItems(fixtureSnapshot()), { now: NOW })).toBe(GOLDEN);
  });

  it('parses back as one Paperdeck folder holding a folder per tag and Untagged, with every link', () => {
    const root = readBookmarks(GOLDEN);
    expect(root.links).toEqual([]);
    expect(root.folders.map((f) => f.name)).toEqual(['Paperdeck (2026-11-23)']);
    const paperdeck = root.folders[0]!;
    expect(paperdeck.folders.map((f) => f.name)).toEqual(['LLM', 'To read, later', 'Untagged']);
    const [llm, later, untagged] = paperdeck.folders;
    expect(llm!.links.map((l) => l.href)).toEqual(['https://huggingface.co/papers/2412.14689']);
    expect(later!.links.map((l) => l.title)).toEqual([
      'Łukasz’s Über-Transformers: Scaling “Große” Modelle — 日本語 Too',
      '-Net: Negative Results <script>alert(1)</script> [x](javascript:alert(1))',
    ]);
    expect(later!.links[0]!.tags).toBe('LLM,To read later');
    expect(untagged!.links.map((l) => l.title)).toEqual([
      'Cost {and} Benefit: 100% of $x_1$ & C# \\ ~^ in GPT-4',
      '=HYPERLINK("http://evil.example/?a=1","click me")',
      'The Large N Limit of Superconformal Field Theories',
      'Cost Models Revisited',
    ]);
    expect(untagged!.links[1]!.addDate).toBe(sec(Date.UTC(2026, 10, 3, 8, 0, 0)));
  });

  it('leaves a hostile title inert: no element, no attribute, no script comes out of it', () => {
    const title = '"><script>alert(1)</script><a href="javascript:x" onclick=\'y\'>&amp;</A></DL><H3>';
    const item: ExportItem = {
      paper: paper({ id: '2501.00001', title }),
      tags: [{ id: 't', name: '</H3><img src=x onerror=alert(1)>"', colour: 'red', createdAt: 0 }],
    };
    const html = toBookmarks([item], { now: NOW });
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.querySelectorAll('script, img').length).toBe(0);
    expect(doc.querySelectorAll('a').length).toBe(1);
    expect(doc.querySelectorAll('h3').length).toBe(2);
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) expect(attr).not.toMatch(/^on/);
    }
    const folder = readBookmarks(html).folders[0]!.folders[0]!;
    expect(folder.name).toBe('</H3><img src=x onerror=alert(1)>"');
    expect(folder.links[0]!.title).toBe(title);
    expect(folder.links[0]!.href).toBe('https://huggingface.co/papers/2501.00001');
  });

  it('writes notes (when the model has them) as the description, line breaks kept on one physical line', () => {
    const base = buildItems(fixtureSnapshot(), ['2501.00004'])[0]!;
    const item = { ...base, notes: 'First <b>line</b> & more\nSecond line\n' } as ExportItem;
    const html = toBookmarks([item], { now: NOW });
    expect(html).toContain('<DD>First &lt;b&gt;line&lt;/b&gt; &amp; more&#10;Second line\n');
    const link = readBookmarks(html).folders[0]!.folders[0]!.links[0]!;
    expect(link.description).toBe('First <b>line</b> & more\nSecond line');
  });

  it('writes a note with 20,000 blank lines in linear time (issue 17), blank lines at its ends dropped', () => {
    const base = buildItems(fixtureSnapshot(), ['2501.00004'])[0]!;
    const item = { ...base, notes: `\n \nTop${'\n'.repeat(20_000)}Bottom\n\n` } as ExportItem;
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      toBookmarks([item], { now: NOW });
      best = Math.min(best, performance.now() - started);
    }
    // Trimming the breaks with `(?:&#10;)+$` was quadratic: about a second for this note.
    expect(best).toBeLessThan(200);
    const html = toBookmarks([item], { now: NOW });
    expect(html).toContain(`<DD>Top${'&#10;'.repeat(20_000)}Bottom\n`);
  });

  it('has no folders for an empty selection, and one line per element (property: any title, any tag)', () => {
    expect(readBookmarks(toBookmarks([], { now: NOW })).folders[0]!.folders).toEqual([]);
    const text = fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", '\n', '\r', '\u2028', 'DT', 'a', ' ') });
    fc.assert(
      fc.property(text, text, (title, tagName) => {
        const tags: Tag[] = tagName.trim() ? [{ id: 't', name: tagName, colour: 'blue', createdAt: 0 }] : [];
        const html = toBookmarks([{ paper: paper({ id: '2501.00001', title }), tags }], { now: NOW });
        expect(html.split('\n').filter((l) => l.includes('<DT><A '))).toHaveLength(1);
        const doc = new DOMParser().parseFromString(html, 'text/html');
        expect(doc.querySelectorAll('a').length).toBe(1);
        expect(doc.querySelector('a')!.textContent).toBe(title.replace(/[\s\u2028]+/g, ' ').trim());
      }),
      { numRuns: 200 },
    );
  }, 20_000);

  it('keeps a corrupt id that bypassed the schema inside its HREF (percent-encoded, then escaped)', () => {
    const id = 'x" onmouseover="alert(1)\r\n<DT><A HREF="javascript:1">';
    const html = toBookmarks([{ paper: paper({ id, title: 'T' }), tags: [] }], { now: NOW });
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.querySelectorAll('a').length).toBe(1);
    expect(doc.querySelector('a')!.getAttribute('onmouseover')).toBeNull();
    expect(doc.querySelector('a')!.getAttribute('href')).toMatch(/^https:\/\/(huggingface\.co\/papers|arxiv\.org\/abs)\/[A-Za-z0-9.%/-]+$/);
  });

  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('exportLibrary("bookmarks")', () => {
  it('names the file .html and gives the HTML media type', () => {
    const file = exportLibrary('bookmarks', fixtureSnapshot(), { now: NOW, ids: ['2501.00001'] });
    expect(file.filename).toBe('paperdeck-selection-2026-11-23.html');
    expect(file.mime).toBe('text/html;charset=utf-8');
    expect(file.count).toBe(1);
  });
});
