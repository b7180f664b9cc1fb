// The fake huggingface.co: every request the browser makes to https://huggingface.co is answered
// from local fixture files (tests/fixtures), never the network. Requests to any other host are
// aborted, so a test can never pass by reaching the live site.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ORIGIN = 'https://huggingface.co';
const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const SITE = fileURLToPath(new URL('../site/', import.meta.url));

/** Which fixture answers which page. Query-string pages (search) are keyed with their query. */
export const DEFAULT_PAGES = {
  '/papers': 'daily.html',
  '/papers/date/2024-12-18': 'date.html',
  '/papers/week/2024-W51': 'week.html',
  '/papers/month/2024-12': 'month.html',
  '/papers/trending': 'trending.html',
  '/papers?q=dehazing': 'search-a.html',
  '/papers?q=quantization': 'search-b.html',
  '/papers?q=agents': 'search-c.html',
};

/**
 * A fake site. `pages` maps a path (with query when it matters) to a fixture file name or to
 * `{ html }`. Unknown papers pages answer 404, like the real site.
 */
export class FakeSite {
  constructor(pages = DEFAULT_PAGES) {
    this.pages = new Map(Object.entries(pages));
    /** Every huggingface.co URL requested, in order (tests assert the network stayed local). */
    this.requests = [];
    /** Requests to other hosts that were blocked. */
    this.blocked = [];
  }

  set(pathAndQuery, fileOrHtml) {
    this.pages.set(pathAndQuery, fileOrHtml);
  }

  /** The body for a huggingface.co URL, or null for a 404. */
  async respond(urlString) {
    const url = new URL(urlString);
    this.requests.push(url.pathname + url.search);
    if (url.pathname === '/__fixture/spa.js') {
      return { status: 200, contentType: 'text/javascript', body: await readFile(path.join(SITE, 'spa.js'), 'utf8') };
    }
    if (url.pathname.startsWith('/__fixture/page/')) {
      // The fake SPA fetches the next view's HTML through this path (see site/spa.js).
      const target = decodeURIComponent(url.pathname.slice('/__fixture/page'.length)) + url.search;
      const html = await this.html(new URL(target, ORIGIN));
      return html == null ? notFound() : { status: 200, contentType: 'text/html; charset=utf-8', body: html };
    }
    const html = await this.html(url);
    if (html == null) return notFound();
    return { status: 200, contentType: 'text/html; charset=utf-8', body: withSpaShim(html) };
  }

  async html(url) {
    const entry = this.pages.get(url.pathname + url.search) ?? this.pages.get(url.pathname);
    if (entry == null) return null;
    if (typeof entry === 'object') return entry.html;
    return readFile(path.join(FIXTURES, entry), 'utf8');
  }
}

function notFound() {
  return { status: 404, contentType: 'text/plain', body: 'Not found (no fixture for this page)' };
}

/** Adds the fake client-side router so tests can navigate without a page load, like the real SPA. */
function withSpaShim(html) {
  const tag = '<script src="/__fixture/spa.js" defer></script>';
  return html.includes('</body>') ? html.replace('</body>', `${tag}</body>`) : html + tag;
}
