// The store listing's text (tests/release/listing.json): read and checked here for the release
// (release.mjs), the README's permissions table (generated between two markers; a unit test
// checks it is current) and the e2e check that the built manifests ask for exactly the listed
// permissions.
//
//   node tests/release/listing.mjs readme     rewrites the README's permissions table
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const LISTING = path.join(ROOT, 'tests/release/listing.json');
export const README = path.join(ROOT, 'README.md');
export const BROWSERS = ['chrome', 'firefox'];
export const TABLE_BEGIN = '<!-- permissions: generated from tests/release/listing.json by `node tests/release/listing.mjs readme` -->';
export const TABLE_END = '<!-- /permissions -->';
/** The Chrome Web Store's limit for the summary (the manifest description). */
export const SUMMARY_MAX = 132;

/** The listing, checked: a clear error for a missing field, never a half-written store folder. */
export function readListing(file = LISTING) {
  const listing = JSON.parse(readFileSync(file, 'utf8'));
  const problems = [];
  if (!Array.isArray(listing.description) || listing.description.some((p) => typeof p !== 'string' || !p.trim()))
    problems.push('description: a list of paragraphs');
  for (const field of ['singlePurpose', 'remoteCode', 'dataUse'])
    if (typeof listing[field] !== 'string' || !listing[field].trim()) problems.push(`${field}: text`);
  for (const [i, p] of (listing.permissions ?? []).entries()) {
    if (typeof p.permission !== 'string' || !p.permission) problems.push(`permissions[${i}].permission`);
    if (!Array.isArray(p.browsers) || p.browsers.length === 0 || p.browsers.some((b) => !BROWSERS.includes(b)))
      problems.push(`permissions[${i}].browsers: some of ${BROWSERS.join(', ')}`);
    if (typeof p.why !== 'string' || p.why.trim().length < 20) problems.push(`permissions[${i}].why: a real justification`);
    if (p.optional !== undefined && typeof p.optional !== 'boolean') problems.push(`permissions[${i}].optional: true or false`);
  }
  if (!listing.permissions?.length) problems.push('permissions: none listed');
  if (problems.length) throw new Error(`${path.relative(ROOT, file)}: ${problems.join('; ')}`);
  return listing;
}

/** The English name and summary, from the manifest's messages. */
export function manifestTexts() {
  const messages = JSON.parse(readFileSync(path.join(ROOT, 'components/public/_locales/en/messages.json'), 'utf8'));
  return { name: messages.extName.message, summary: messages.extDescription.message };
}

/** What a built manifest asks for: API permissions and host patterns (MV2 lists both in `permissions`). */
export function manifestPermissions(manifest) {
  return [...(manifest.permissions ?? []), ...(manifest.host_permissions ?? []), ...(manifest.optional_permissions ?? [])];
}

/** Differences between a built manifest and the listing for that browser; empty when they agree. */
export function permissionProblems(listing, manifest, browser) {
  const asked = new Set(manifestPermissions(manifest));
  const listed = new Set(listing.permissions.filter((p) => p.browsers.includes(browser)).map((p) => p.permission));
  const optional = new Set(manifest.optional_permissions ?? []);
  const misplaced = listing.permissions
    .filter((p) => p.browsers.includes(browser) && asked.has(p.permission) && Boolean(p.optional) !== optional.has(p.permission))
    .map((p) =>
      p.optional
        ? `${browser}: "${p.permission}" is optional in tests/release/listing.json but the manifest asks for it at install`
        : `${browser}: "${p.permission}" is required in tests/release/listing.json but the manifest lists it as optional`,
    );
  return [
    ...misplaced,
    ...[...asked]
      .filter((p) => !listed.has(p))
      .map((p) => `${browser}: the manifest asks for "${p}", which tests/release/listing.json does not justify`),
    ...[...listed]
      .filter((p) => !asked.has(p))
      .map((p) => `${browser}: tests/release/listing.json justifies "${p}", which the manifest does not ask for`),
  ];
}

const BROWSER_NAMES = { chrome: 'Chrome', firefox: 'Firefox' };

/** The README's table: one row per permission. */
export function permissionsTable(listing = readListing()) {
  const cell = (s) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = listing.permissions.map(
    (p) =>
      `| \`${p.permission}\` | ${p.browsers.length === BROWSERS.length ? 'both' : p.browsers.map((b) => BROWSER_NAMES[b]).join(', ')} | ${cell(p.why)} |`,
  );
  return ['| permission | browsers | why |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The README with its table regenerated (throws if the markers are missing). */
export function readmeWithTable(readme, listing = readListing()) {
  const begin = readme.indexOf(TABLE_BEGIN);
  const end = readme.indexOf(TABLE_END);
  if (begin < 0 || end < begin) throw new Error(`README.md: the permissions table's markers are missing (${TABLE_BEGIN} … ${TABLE_END})`);
  return `${readme.slice(0, begin)}${TABLE_BEGIN}\n${permissionsTable(listing)}\n${readme.slice(end)}`;
}

/** The store description as plain text (both stores take plain text; bullets are "•"). */
export function descriptionText(listing = readListing()) {
  return listing.description.join('\n\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] !== 'readme') {
    console.error('usage: node tests/release/listing.mjs readme');
    process.exit(2);
  }
  const before = readFileSync(README, 'utf8');
  const after = readmeWithTable(before);
  writeFileSync(README, after);
  console.log(before === after ? 'README.md: the permissions table was current' : 'README.md: permissions table rewritten');
}
