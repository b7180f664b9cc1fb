// Benchmarks import TypeScript from lib/: Vite's build API (installed with WXT) bundles one entry
// into a temporary module, ES for Node or IIFE for a page.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundles `entry` (relative to the project root). `format: 'es'` imports it into this Node process;
 * `format: 'iife'` returns the script text (minified, as the extension is, unless `minify: false`),
 * exposing the module's exports as `globalThis[name]`. ASCII output: a page may read it as any charset.
 */
export async function bundle(entry, { format = 'es', name = 'bench', minify = format === 'iife' } = {}) {
  const { build } = await import('vite');
  const outDir = await mkdtemp(path.join(tmpdir(), 'paperdeck-bench-'));
  try {
    await build({
      root: ROOT,
      configFile: false,
      logLevel: 'silent',
      build: {
        outDir,
        emptyOutDir: true,
        minify,
        target: format === 'es' ? 'node20' : 'es2022',
        lib: { entry: path.join(ROOT, entry), formats: [format], name, fileName: 'bundle' },
        rolldownOptions: { output: { charset: 'ascii' } },
      },
    });
    const file = path.join(outDir, format === 'es' ? 'bundle.js' : 'bundle.iife.js');
    if (format === 'es') return await import(pathToFileURL(file).href);
    return await readFile(file, 'utf8');
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * A base git ref's copy of code under test, for a before/after in one run: `PD_BENCH_BASE` (default
 * `main`; `none` skips). The `archive` paths of that commit are extracted under
 * node_modules/.cache/<cache> (so their imports resolve to this tree's packages) and handed, as a
 * path relative to the project root, to `build`, whose answer is returned with the ref and commit;
 * the copy is removed after. Undefined when the ref is `none` or unknown, or when the `compare`
 * paths are the same there as here.
 */
export async function withBase({ cache, compare, archive, build }) {
  const ref = process.env.PD_BENCH_BASE ?? 'main';
  if (ref === 'none') return undefined;
  const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  let commit;
  try {
    commit = git('rev-parse', '--verify', '--short', `${ref}^{commit}`).trim();
  } catch {
    return undefined;
  }
  try {
    git('diff', '--quiet', commit, '--', ...compare);
    return undefined; // the same code
  } catch {
    // it differs: build it
  }
  const rel = `node_modules/.cache/${cache}`;
  const dir = path.join(ROOT, rel);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('sh', ['-c', `git archive ${commit} ${archive.join(' ')} | tar -x -C "${dir}"`], { cwd: ROOT });
    return { ref, commit, ...(await build(rel)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One benchmark line: `area: what  figure unit (target ≤ T unit) ok|OVER`. */
export function line(area, what, value, unit, target) {
  const figure = value < 10 ? value.toFixed(2) : value.toFixed(1);
  const verdict = target === undefined ? '' : `  (target ≤ ${target} ${unit}) ${value <= target ? 'ok' : 'OVER'}`;
  return `${area}: ${what}  ${figure} ${unit}${verdict}`;
}
