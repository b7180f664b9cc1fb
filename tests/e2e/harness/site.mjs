// The fake huggingface.co: every request the browser makes to https://huggingface.co is answered
// from local fixture files (tests/fixtures), never the network. Requests to any other host are
// aborted, so a test can never pass by reaching the live site.
import { readFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ORIGIN = 'https://huggingface.co';
const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const SITE = fileURLToPath(new URL('../site/', import.meta.url));

/**
 * Which fixture answers which page: every `tests/fixtures/*.expected.json` names its page's URL,
 * so a new fixture is served as soon as it exists. Query-string pages (search) keep their query.
 */
export function fixturePages() {
  const pages = {};
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.expected.json'))) {
    const { url, fixture } = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'));
    const u = new URL(url);
    pages[u.pathname + u.search] = fixture ?? file.replace('.expected.json', '.html');
  }
  return pages;
}

/**
 * A fake site. `pages` maps a path (with query when it matters) to a fixture file name or to
 * `{ html }`. Unknown papers pages answer 404, like the real site.
 */
export class FakeSite {
  constructor(pages = fixturePages()) {
    this.pages = new Map(Object.entries(pages));
    /** Every huggingface.co URL requested, in order (tests assert the network stayed local). */
    this.requests = [];
    /** Requests to other hosts that were blocked. */
    this.blocked = [];
  }

  /**
   * Holds the API's answers until the returned function is called, so a test can get ready to see
   * what the answer sets off (the digest's notification) before it comes.
   */
  holdApi() {
    let release;
    this.apiGate = new Promise((resolve) => (release = resolve));
    return () => {
      this.apiGate = null;
      release();
    };
  }

  set(pathAndQuery, fileOrHtml) {
    this.pages.set(pathAndQuery, fileOrHtml);
  }

  /** The body for a huggingface.co URL, or null for a 404. */
  /** Is this URL one the fake site answers (huggingface.co and its CDN hosts)? */
  static owns(urlString) {
    const { protocol, hostname } = new URL(urlString);
    return protocol === 'https:' && (hostname === 'huggingface.co' || hostname.endsWith('.huggingface.co'));
  }

  async respond(urlString) {
    const url = new URL(urlString);
    if (url.hostname !== 'huggingface.co') {
      // Avatars and thumbnails on the CDN: an empty answer, like a slow image that never came.
      return { status: 404, contentType: 'text/plain', body: '' };
    }
    this.requests.push(url.pathname + url.search);
    if (url.pathname === '/api/daily_papers') {
      // The digest's one request (lib/digest/api.ts): the day's list, whatever the date asked.
      await this.apiGate;
      if (this.dailyPapers === null) return { status: 503, contentType: 'text/plain', body: 'Service unavailable' };
      const body = this.dailyPapers ?? (await readFile(path.join(FIXTURES, 'api/daily_papers.json'), 'utf8'));
      return { status: 200, contentType: 'application/json; charset=utf-8', body };
    }
    if (url.pathname === '/__fixture/spa.js') {
      return { status: 200, contentType: 'text/javascript', body: await readFile(path.join(SITE, 'spa.js'), 'utf8') };
    }
    if (url.pathname === '/__fixture/site.css') {
      return { status: 200, contentType: 'text/css', body: await readFile(path.join(SITE, 'site.css'), 'utf8') };
    }
    if (url.pathname.startsWith('/__fixture/page/')) {
      // The fake SPA fetches the next view's HTML through this path (see site/spa.js).
      const target = decodeURIComponent(url.pathname.slice('/__fixture/page'.length)) + url.search;
      const html = await this.html(new URL(target, ORIGIN));
      return html == null ? notFound() : { status: 200, contentType: 'text/html; charset=utf-8', body: html };
    }
    const html = await this.html(url);
    if (html == null) return notFound();
    return { status: 200, contentType: 'text/html; charset=utf-8', body: withSpaShim(withSiteCss(html)) };
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

/**
 * Adds the stand-in for the site's stylesheet (site/site.css: the 768 px breakpoint between each
 * card's desktop and phone renderings, and the card's columns), so visibility and overlap are real.
 */
function withSiteCss(html) {
  const tag = '<link rel="stylesheet" href="/__fixture/site.css">';
  return html.includes('</head>') ? html.replace('</head>', `${tag}</head>`) : tag + html;
}

/** Adds the fake client-side router so tests can navigate without a page load, like the real SPA. */
function withSpaShim(html) {
  const tag = '<script src="/__fixture/spa.js" defer></script>';
  return html.includes('</body>') ? html.replace('</body>', `${tag}</body>`) : html + tag;
}
