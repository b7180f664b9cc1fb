import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { escapeXml, toAtom } from '../../../lib/export/atom';
import { exportLibrary } from '../../../lib/export/index';
import { buildItems } from '../../../lib/export/items';
import { fixtureSnapshot, NOW, paper } from './fixture';

/** Reads a feed back with an XML parser nobody here wrote: well-formed first, then its entries. */
function readFeed(xml: string) {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['entry', 'author', 'link', 'category'].includes(name),
    // Entities decoded as an XML reader decodes them (the five predefined ones).
    processEntities: true,
    htmlEntities: false,
    parseTagValue: false,
    trimValues: false,
  });
  return (parser.parse(xml) as { feed: Record<string, unknown> & { entry: Array<Record<string, unknown>> } }).feed;
}

const text = (v: unknown): string => (typeof v === 'object' && v !== null ? String((v as { '#text': unknown })['#text']) : String(v));

describe('Atom export (lib/export/atom.ts)', () => {
  it('is a well-formed Atom feed with one entry per paper, in order, read back exactly', () => {
    const snapshot = fixtureSnapshot();
    const items = buildItems(snapshot);
    const feed = readFeed(
      toAtom(items, { now: NOW, title: 'Paperdeck digest, 2026-12-06 & more', id: 'tag:paperdeck.dev,2026:feed/digest' }),
    );
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(text(feed['title'])).toBe('Paperdeck digest, 2026-12-06 & more');
    expect(feed['updated']).toBe(NOW.toISOString());
    expect(feed.entry).toHaveLength(items.length);
    feed.entry.forEach((entry, i) => {
      const { paper: p, tags } = items[i]!;
      expect(text(entry['title'])).toBe(p.title);
      expect(entry['id']).toBe(`tag:paperdeck.dev,2026:paper/${p.id}`);
      const links = entry['link'] as Array<Record<string, string>>;
      expect(links.find((l) => l['@rel'] === 'alternate')?.['@href']).toBe(`https://huggingface.co/papers/${p.id}`);
      expect(Date.parse(entry['updated'] as string)).toBe(p.lastSeenAt);
      const authors = (entry['author'] as Array<{ name: string }>).map((a) => a.name);
      if (p.authors?.length) expect(authors).toEqual(p.authors);
      else expect(authors).toHaveLength(1);
      expect(((entry['category'] as Array<Record<string, string>> | undefined) ?? []).map((c) => c['@term'])).toEqual(
        tags.map((t) => t.name),
      );
      const summary = p.aiSummary ?? p.abstract;
      if (summary) expect(text(entry['summary'])).toBe(summary);
    });
  });

  it('escapes markup, quotes and ampersands, and drops characters XML cannot carry', () => {
    const hostile = paper({
      id: '2501.09999',
      title: `</title><script>alert("x")</script> & 'quoted' ]]> \u0000\u0007\uFFFE bell`,
      authors: ['A & B <c@d>', '"Quote" O\'Brien'],
      abstract: 'Line one\nline two <b>bold</b> &amp; \uD800 lone surrogate',
    });
    const xml = toAtom(buildItems({ ...fixtureSnapshot(), papers: [hostile], stars: [], paperTags: [] }), {
      now: NOW,
      title: '<t>',
      id: 'x',
    });
    expect(xml).not.toMatch(/<script>|<\/title><script/);
    const [entry] = readFeed(xml).entry;
    expect(text(entry!['title'])).toBe(`</title><script>alert("x")</script> & 'quoted' ]]>  bell`);
    expect((entry!['author'] as Array<{ name: string }>).map((a) => a.name)).toEqual(['A & B <c@d>', '"Quote" O\'Brien']);
    expect(text(entry!['summary'])).toBe('Line one\nline two <b>bold</b> &amp;  lone surrogate');
    expect(escapeXml('a&b<c>"d\'')).toBe('a&amp;b&lt;c&gt;&quot;d&apos;');
  });

  it('is one of the export formats: a .atom file of the chosen papers, in the chosen order', () => {
    const snapshot = fixtureSnapshot();
    const ids = snapshot.papers
      .map((p) => p.id)
      .reverse()
      .slice(0, 2);
    const file = exportLibrary('atom', snapshot, { now: NOW, ids, label: 'digest-2026-12-06', title: 'Paperdeck digest, 2026-12-06' });
    expect(file).toMatchObject({
      filename: 'paperdeck-digest-2026-12-06-2026-11-23.atom',
      mime: 'application/atom+xml;charset=utf-8',
      count: 2,
    });
    const feed = readFeed(file.text);
    expect(feed.entry.map((e) => e['id'])).toEqual(ids.map((id) => `tag:paperdeck.dev,2026:paper/${id}`));
    expect(text(feed['title'])).toBe('Paperdeck digest, 2026-12-06');
    expect(text(readFeed(exportLibrary('atom', snapshot, { now: NOW }).text)['title'])).toBe('Paperdeck: library');
  });
});
