// `npm run release`: everything the two stores need for the version in package.json, in one
// command, or a clear refusal.
//
// 1. Checks, before anything is built: the version is new (no git tag v<version>, newer than the
//    previous release the upgrade tests install), CHANGELOG.md has its entry and the popup's
//    "what's new" text is that entry's summary, the store listing is complete and the README's
//    permissions table is current, and the working tree is committed (--allow-dirty to skip).
// 2. `npm run zip`: both browsers built and zipped, and the sources zip (Firefox's reviewers).
// 3. Checks on what was built: each manifest has the version and asks for exactly the listed
//    permissions, the Chrome zip has no key; `npm run lint:firefox`.
// 4. .output/store/: the listing text, the permission justifications, the privacy policy, the
//    icons and promo tile (icons.mjs) and the screenshots (screenshots.mjs).
//
// It writes nothing outside .output/ and tags nothing: the last lines say what to do by hand.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseChangelog } from './changelog.mjs';
import { renderStoreImages } from './icons.mjs';
import { README, descriptionText, manifestTexts, permissionProblems, readListing, readmeWithTable, SUMMARY_MAX } from './listing.mjs';
import { captureScreenshots } from './screenshots.mjs';
import { readZip } from '../e2e/harness/zip.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, '.output');
const STORE = path.join(OUT, 'store');
const PREVIOUS = path.join(ROOT, 'tests/e2e/upgrade/previous.json');

const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
const semver = (v) => /^(\d+)\.(\d+)\.(\d+)$/.exec(v)?.slice(1).map(Number) ?? null;
const newer = (a, b) => {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
};

function fail(problems) {
  console.error(`\nRelease refused:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}

function run(script) {
  console.log(`\n$ npm run ${script}`);
  const res = spawnSync('npm', ['run', script], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) fail([`npm run ${script} failed (exit ${res.status})`]);
}

/** Step 1: is this a version that may be released? */
async function preflight({ allowDirty }) {
  const problems = [];
  const warnings = [];
  const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
  const parts = semver(version);
  if (!parts) problems.push(`package.json version "${version}" is not MAJOR.MINOR.PATCH`);
  if (git('tag', '-l', `v${version}`))
    problems.push(`git tag v${version} exists: ${version} was released already; raise the version in package.json`);
  const previous = JSON.parse(await readFile(PREVIOUS, 'utf8'));
  if (parts && semver(previous.version) && !newer(parts, semver(previous.version))) {
    problems.push(`${version} is not newer than the previous release, ${previous.version} (tests/e2e/upgrade/previous.json)`);
  }
  let entry;
  try {
    entry = parseChangelog().find((e) => e.version === version);
    if (!entry) problems.push(`CHANGELOG.md has no entry "## ${version} — YYYY-MM-DD"`);
  } catch (e) {
    problems.push(e.message);
  }
  const messages = JSON.parse(await readFile(path.join(ROOT, 'components/public/_locales/en/messages.json'), 'utf8'));
  if (entry && messages.whatsNewSummary?.message !== entry.summary) {
    problems.push(`the popup's "what's new" (messages.json whatsNewSummary) differs from CHANGELOG.md's summary of ${version}`);
  }
  let listing;
  try {
    listing = readListing();
    const readme = await readFile(README, 'utf8');
    if (readmeWithTable(readme, listing) !== readme)
      problems.push('README.md: the permissions table is out of date (node tests/release/listing.mjs readme)');
    if (!listing.privacyPolicyUrl)
      warnings.push('tests/release/listing.json has no privacyPolicyUrl: both stores ask for one (where PRIVACY.md is published)');
  } catch (e) {
    problems.push(e.message);
  }
  const { summary } = manifestTexts();
  if (summary.length > SUMMARY_MAX)
    problems.push(`the summary (extDescription) has ${summary.length} characters; the Chrome Web Store takes ${SUMMARY_MAX}`);
  const dirty = git('status', '--porcelain');
  if (dirty && !allowDirty)
    problems.push(
      `uncommitted changes (a release is built from a commit; --allow-dirty to build anyway):\n  ${dirty.split('\n').join('\n  ')}`,
    );
  if (problems.length) fail(problems);
  return { version, previous, entry, listing, warnings, commit: git('rev-parse', 'HEAD') };
}

/** Step 3: what was built is what was meant. */
async function checkBuild({ version, listing }) {
  const problems = [];
  const zips = {};
  for (const [browser, dir] of [
    ['chrome', 'chrome-mv3'],
    ['firefox', 'firefox-mv2'],
  ]) {
    const manifest = JSON.parse(await readFile(path.join(OUT, dir, 'manifest.json'), 'utf8'));
    if (manifest.version !== version) problems.push(`${dir}/manifest.json has version ${manifest.version}, not ${version}`);
    problems.push(...permissionProblems(listing, manifest, browser));
    zips[browser] = path.join(OUT, `paperdeck-${version}-${browser}.zip`);
    const zipped = JSON.parse((await readZip(zips[browser])).get('manifest.json'));
    if (zipped.key) problems.push(`the ${browser} zip's manifest has a key (the Chrome Web Store refuses it)`);
    if (zipped.version !== version) problems.push(`the ${browser} zip has version ${zipped.version}`);
  }
  zips.sources = path.join(OUT, `paperdeck-${version}-sources.zip`);
  const sources = await readZip(zips.sources).catch(() => null);
  if (!sources) problems.push(`no sources zip (${path.basename(zips.sources)})`);
  for (const name of sources?.keys() ?? []) {
    if (/(^|\/)(\.env[^/]*|[^/]*\.(pem|key|p12|crx))$/i.test(name))
      problems.push(`the sources zip holds ${name}: a secret must never be uploaded`);
  }
  if (problems.length) fail(problems);
  return zips;
}

/** Step 4, text: what to paste into each store's forms. */
async function writeListing({ version, listing, commit, entry }) {
  const { name, summary } = manifestTexts();
  const description = descriptionText(listing);
  const perms = (browser) => listing.permissions.filter((p) => p.browsers.includes(browser));
  await mkdir(path.join(STORE, 'chrome'), { recursive: true });
  await mkdir(path.join(STORE, 'firefox'), { recursive: true });
  await writeFile(path.join(STORE, 'description.txt'), description);
  await writeFile(path.join(STORE, 'summary.txt'), `${summary}\n`);
  await copyFile(path.join(ROOT, 'PRIVACY.md'), path.join(STORE, 'PRIVACY.md'));
  await writeFile(
    path.join(STORE, 'chrome', 'privacy-practices.txt'),
    [
      `Single purpose:\n${listing.singlePurpose}`,
      ...perms('chrome').map((p) => `Permission justification — ${p.permission}:\n${p.why}`),
      `Remote code:\n${listing.remoteCode}`,
      `Data usage:\n${listing.dataUse}`,
      `Privacy policy: ${listing.privacyPolicyUrl ?? '(set privacyPolicyUrl in tests/release/listing.json)'}`,
    ].join('\n\n') + '\n',
  );
  await writeFile(
    path.join(STORE, 'firefox', 'reviewer-notes.txt'),
    [
      `Paperdeck ${version}, built from commit ${commit}.`,
      `To build the add-on from paperdeck-${version}-sources.zip: Node.js 20 or later and npm 11, then\n  npm ci\n  npm run zip\nThe add-on is .output/paperdeck-${version}-firefox.zip (the unpacked build: .output/firefox-mv2). Every script in it is bundled from the sources by WXT (Vite); nothing is downloaded at run time.`,
      `Permissions:\n${perms('firefox')
        .map((p) => `- ${p.permission}: ${p.why}`)
        .join('\n')}`,
      `Data collection: none (data_collection_permissions: none). ${listing.dataUse}`,
    ].join('\n\n') + '\n',
  );
  const lines = [
    `# ${name} ${version} — store listing`,
    '',
    `Generated by \`npm run release\` from tests/release/listing.json, messages.json and CHANGELOG.md (commit ${commit}).`,
    '',
    '## Both stores',
    '',
    `- **Name**: ${name}`,
    `- **Summary** (${summary.length}/${SUMMARY_MAX} characters): ${summary}`,
    `- **Description**: description.txt`,
    `- **Privacy policy**: ${listing.privacyPolicyUrl ?? '— not set (tests/release/listing.json privacyPolicyUrl); the text is PRIVACY.md'}`,
    `- **Screenshots** (1280×800): screenshots/ — light and dark`,
    `- **What's new in ${version}**: ${entry.summary}`,
    '',
    '## Chrome Web Store',
    '',
    `- Package: ../paperdeck-${version}-chrome.zip (no manifest key: the store assigns the id)`,
    `- Category: ${listing.category?.chrome ?? '—'}`,
    '- Icon: chrome/icon-128.png (96×96 artwork, 16 px transparent padding); small promo tile: chrome/promo-small-440x280.png',
    '- Privacy practices tab: chrome/privacy-practices.txt (single purpose, each permission, remote code, data usage)',
    '',
    '## addons.mozilla.org',
    '',
    `- Package: ../paperdeck-${version}-firefox.zip; source code: ../paperdeck-${version}-sources.zip`,
    `- Category: ${listing.category?.firefox ?? '—'}`,
    '- Icon: firefox/icon-128.png (and icon-64.png)',
    '- Notes to reviewer: firefox/reviewer-notes.txt',
    '',
  ];
  await writeFile(path.join(STORE, 'listing.md'), lines.join('\n'));
}

const kb = async (file) => `${((await stat(file)).size / 1024).toFixed(0)} KB`;

async function main() {
  const allowDirty = process.argv.includes('--allow-dirty');
  const started = Date.now();
  const release = await preflight({ allowDirty });
  console.log(`Releasing Paperdeck ${release.version} (previous: ${release.previous.version}; commit ${release.commit.slice(0, 10)})`);
  run('zip');
  const zips = await checkBuild(release);
  run('lint:firefox');

  await rm(STORE, { recursive: true, force: true });
  await writeListing(release);
  const images = await renderStoreImages(STORE);
  console.log('\nScreenshots of the built extension:');
  const { files: shots, timings } = await captureScreenshots({ outDir: path.join(STORE, 'screenshots'), log: console.log });

  console.log(
    `\nPaperdeck ${release.version}, in ${((Date.now() - started) / 1000).toFixed(0)} s (screenshots ${(timings.total / 1000).toFixed(0)} s):`,
  );
  for (const file of Object.values(zips)) console.log(`  ${path.relative(ROOT, file)}  ${await kb(file)}`);
  console.log(
    `  .output/store/  listing.md, description.txt, summary.txt, PRIVACY.md, chrome/privacy-practices.txt, firefox/reviewer-notes.txt,`,
  );
  console.log(`                  ${images.length} icons and tiles, ${shots.length} screenshots`);
  for (const w of release.warnings) console.log(`\nWarning: ${w}`);
  console.log(`\nBy hand: upload the zips and .output/store/ (see listing.md); tag the commit (git tag v${release.version});`);
  console.log(`then, for the next release's upgrade test: node tests/e2e/upgrade/build-previous.mjs v${release.version}`);
}

main().catch((e) => {
  console.error(e.stack ?? e);
  process.exit(1);
});
