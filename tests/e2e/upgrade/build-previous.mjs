// Builds "the previous release" that the upgrade tests install before the current build:
//
//   node tests/e2e/upgrade/build-previous.mjs <git ref>      (e.g. v0.2.0, once it is tagged)
//
// Checks the ref out into a temporary folder (git archive), installs its dependencies (npm ci),
// builds Chrome and Firefox with WXT, gives the Chrome build the current fixed key when it has
// none (versions before 0.2.0 had none; the key is what makes the id, and so the library, the
// same across versions: see README, "Extension ids"), grows the ref's own fixture page to 1,000
// cards (the page that build was written to read), and writes one compact archive:
//
//   tests/e2e/upgrade/previous.tar.xz   chrome-mv3/, firefox-mv2/, page-1000.html
//   tests/e2e/upgrade/previous.json     { version, ref, commit, archive, sha256 }
//
// xz compresses the two builds together (they share most of their code): 219 KB for 0.1.0,
// where the two store zips weigh 600 KB. The archive is reproducible: sorted names, fixed times.
// Needs the current Chrome build (npm run build) for the key, git, tar and xz.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '../../..');
export const ARCHIVE = path.join(HERE, 'previous.tar.xz');
export const META = path.join(HERE, 'previous.json');
export const PAGE_CARDS = 1000;

const run = (cmd, args, cwd, opts = {}) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28, ...opts });

/**
 * The fixture page with the most paper cards, grown to `n` cards with distinct arXiv ids
 * (2409.10000 …). The hydration JSON, if the page has any, is dropped: its ids would not match
 * the new cards, and the DOM alone is a page the reader handles.
 */
export function grownPage(html, n = PAGE_CARDS) {
  const cards = html.match(/<article[\s\S]*?<\/article>/g) ?? [];
  if (cards.length === 0) throw new Error('the fixture page has no <article> cards');
  const first = html.indexOf(cards[0]);
  const last = html.lastIndexOf(cards.at(-1)) + cards.at(-1).length;
  const grown = Array.from({ length: n }, (_, i) => {
    const id = `2409.${String(10000 + i).padStart(5, '0')}`;
    return cards[i % cards.length].replace(/\/papers\/[0-9a-z.\-/]+?(?=["?#])/gi, `/papers/${id}`);
  });
  const page = html.slice(0, first) + grown.join('\n') + html.slice(last);
  return page.replace(/<div[^>]*\sdata-props="[^"]*"[^>]*><\/div>/g, '');
}

async function main() {
  const ref = process.argv[2];
  if (!ref) throw new Error('usage: node tests/e2e/upgrade/build-previous.mjs <git ref>');
  const commit = run('git', ['rev-parse', '--verify', `${ref}^{commit}`], ROOT).toString().trim();
  const current = JSON.parse(await readFile(path.join(ROOT, '.output/chrome-mv3/manifest.json'), 'utf8').catch(() => {
    throw new Error('No current Chrome build (its key is needed): run `npm run build` first.');
  }));
  if (!current.key) throw new Error('The current Chrome build has no manifest key.');

  const work = await mkdtemp(path.join(tmpdir(), 'pd-previous-'));
  try {
    console.log(`${ref} = ${commit}: checking out into ${work}`);
    execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${work}"`], { cwd: ROOT, stdio: 'inherit' });
    console.log('npm ci …');
    run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], work, { stdio: 'inherit' });
    for (const browser of ['chrome', 'firefox']) {
      console.log(`wxt build -b ${browser} …`);
      run('npx', ['wxt', 'build', '-b', browser], work, { stdio: 'inherit' });
    }
    const out = path.join(work, '.output');
    const manifestFile = path.join(out, 'chrome-mv3/manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    if (manifest.key && manifest.key !== current.key) throw new Error(`${ref}'s Chrome key differs from the current one: the ids would differ`);
    if (!manifest.key) await writeFile(manifestFile, JSON.stringify({ ...manifest, key: current.key }));
    const firefox = JSON.parse(await readFile(path.join(out, 'firefox-mv2/manifest.json'), 'utf8'));

    // The page that build reads: the ref's own fixture with the most cards, grown to 1,000.
    const fixtures = path.join(work, 'tests/fixtures');
    let best = null;
    for (const file of (await readdir(fixtures)).filter((f) => f.endsWith('.html'))) {
      const html = await readFile(path.join(fixtures, file), 'utf8');
      const count = (html.match(/<article[\s>]/g) ?? []).length;
      if (!best || count > best.count) best = { file, html, count };
    }
    await writeFile(path.join(out, 'page-1000.html'), grownPage(best.html));
    console.log(`page-1000.html grown from ${best.file} (${best.count} cards)`);

    await rm(ARCHIVE, { force: true });
    run(
      'tar',
      ['--sort=name', '--mtime=2000-01-01 00:00Z', '--owner=0', '--group=0', '--numeric-owner', '-cJf', ARCHIVE, 'chrome-mv3', 'firefox-mv2', 'page-1000.html'],
      out,
      { env: { ...process.env, XZ_OPT: '-9' } },
    );
    const bytes = await readFile(ARCHIVE);
    const meta = {
      version: manifest.version,
      ref,
      commit,
      archive: path.basename(ARCHIVE),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      geckoId: firefox.browser_specific_settings?.gecko?.id,
      // True when this script gave the Chrome build the key (the release itself had none).
      keyAdded: !manifest.key,
    };
    await writeFile(META, JSON.stringify(meta, null, 2) + '\n');
    console.log(`${path.relative(ROOT, ARCHIVE)}: ${(bytes.length / 1024).toFixed(0)} KB, version ${meta.version}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e.message ?? e);
    process.exit(1);
  });
}
