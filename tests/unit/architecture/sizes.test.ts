/**
 * Issue 15: the page, the store, the ranking and the rule matcher stay made of small modules. A file that grows past the limit is
 * split by concern (ARCHITECTURE.md says where things go), not allowed to grow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const MAX_LINES = 300;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('module sizes', () => {
  for (const dir of ['lib/page', 'lib/db', 'lib/rank', 'lib/topics']) {
    it(`no file in ${dir} is over ${MAX_LINES} lines`, () => {
      const files = sourceFiles(path.resolve(dir));
      expect(files.length).toBeGreaterThan(5);
      const over = files
        .map((file) => ({ file: path.relative(process.cwd(), file), lines: readFileSync(file, 'utf8').trimEnd().split('\n').length }))
        .filter(({ lines }) => lines > MAX_LINES);
      expect(over).toEqual([]);
    });
  }
});
