/**
 * The golden fixtures: which URL each page was "served" at and which day it is read on.
 * Shared by the golden, search and property tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES_DIR = join(__dirname, '../../fixtures');

export interface FixtureCase {
  name: string;
  url: string;
  /** The reader's "today" (local calendar day), fixed so year-less dates resolve the same every run. */
  today: string;
}

/** Local-time Date for an ISO day (the reader takes the user's local calendar day). */
export const dayOf = (iso: string): Date => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y!, m! - 1, d, 12);
};

export const FIXTURES: FixtureCase[] = [
  { name: 'daily', url: 'https://huggingface.co/papers', today: '2025-03-24' },
  { name: 'date', url: 'https://huggingface.co/papers/date/2024-12-19', today: '2025-03-24' },
  { name: 'week', url: 'https://huggingface.co/papers/week/2025-W12', today: '2025-03-24' },
  { name: 'month', url: 'https://huggingface.co/papers/month/2025-03', today: '2025-04-02' },
  { name: 'trending', url: 'https://huggingface.co/papers/trending', today: '2025-03-24' },
  { name: 'paper', url: 'https://huggingface.co/papers/2412.14689', today: '2025-03-24' },
  { name: 'search-a', url: 'https://huggingface.co/papers?q=parallel', today: '2025-12-20' },
  { name: 'search-b', url: 'https://huggingface.co/papers?q=layer', today: '2025-12-20' },
  { name: 'search-c', url: 'https://huggingface.co/papers?q=pooling', today: '2025-12-20' },
];

export function fixtureHtml(name: string): string {
  return readFileSync(join(FIXTURES_DIR, `${name}.html`), 'utf8');
}

/**
 * What the site's own script does on a search page once its request returns: the results (kept in the
 * fixture's `<template data-fixture-results>`) take the place of the default listing's cards. In the
 * browsers tests/e2e/site/spa.js does the same. False when the page has no results to show.
 */
export function showSearchResults(doc: Document): boolean {
  const template = doc.querySelector<HTMLTemplateElement>('template[data-fixture-results]');
  const list = doc.querySelector('[data-fixture-list]');
  if (!template || !list) return false;
  list.replaceChildren(doc.importNode(template.content, true));
  return true;
}

/**
 * A fresh document parsed from a fixture (happy-dom's DOMParser, as the browser would parse it). A
 * search page is shown with its results, as the user sees it, unless `results` is false (the server's
 * HTML alone: the default listing).
 */
export function loadFixture(name: string, { results = true }: { results?: boolean } = {}): Document {
  const doc = new DOMParser().parseFromString(fixtureHtml(name), 'text/html');
  if (results) showSearchResults(doc);
  return doc;
}
