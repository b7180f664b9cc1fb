// CHANGELOG.md, read for the release (tests/release/release.mjs) and its unit test: one entry per
// version, `## <version> — <YYYY-MM-DD>`, whose first paragraph is the popup's "what's new" text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHANGELOG = path.join(ROOT, 'CHANGELOG.md');

/** Every entry, newest first: `{ version, date, summary, body }`. */
export function parseChangelog(text = readFileSync(CHANGELOG, 'utf8')) {
  const entries = [];
  const parts = text.split(/^## /m).slice(1);
  for (const part of parts) {
    const [heading, ...rest] = part.split('\n');
    const m = /^(\d+\.\d+\.\d+(?:-[\w.]+)?) — (\d{4}-\d{2}-\d{2})\s*$/.exec(heading);
    if (!m) throw new Error(`CHANGELOG.md: a version heading must read "## 1.2.3 — YYYY-MM-DD", not "## ${heading}"`);
    const body = rest.join('\n').trim();
    const summary = body
      .split(/\n\s*\n/)[0]
      .replace(/\s*\n\s*/g, ' ')
      .trim();
    if (!summary || summary.startsWith('#')) throw new Error(`CHANGELOG.md: ${m[1]} has no summary paragraph under its heading`);
    entries.push({ version: m[1], date: m[2], summary, body });
  }
  return entries;
}
