// Benchmarks import TypeScript from lib/: Vite's build API (installed with WXT) bundles one entry
// into a temporary module, ES for Node or IIFE for a page.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundles `entry` (relative to the project root). `format: 'es'` imports it into this Node process;
 * `format: 'iife'` returns the script text, exposing the module's exports as `globalThis[name]`.
 */
export async function bundle(entry, { format = 'es', name = 'bench' } = {}) {
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
        minify: format === 'iife',
        target: format === 'es' ? 'node20' : 'es2022',
        lib: { entry: path.join(ROOT, entry), formats: [format], name, fileName: 'bundle' },
      },
    });
    const file = path.join(outDir, format === 'es' ? 'bundle.js' : 'bundle.iife.js');
    if (format === 'es') return await import(pathToFileURL(file).href);
    return await readFile(file, 'utf8');
  } finally {
    await rm(outDir, { recursive: true, force: true });
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
