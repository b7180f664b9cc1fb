// The store screenshots (tests/release/screenshots.mjs) as a test: they are made from the built
// extension in Chromium, and making them fails when a captured page has a script error or shows an
// empty, loading or error state where the library should be (the script first checks that its
// check catches the fresh profile's empty popup). Here: every picture is a 1280×800 PNG.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SIZE, THEMES, captureScreenshots } from '../release/screenshots.mjs';

const dirs = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  assert.equal(bytes.toString('latin1', 1, 4), 'PNG', 'a PNG file');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the store screenshots: every view in both themes, 1280×800, with the library in them', { timeout: 120_000 }, async () => {
  const outDir = await mkdtemp(path.join(tmpdir(), 'pd-screenshots-'));
  dirs.push(outDir);
  const { files, timings } = await captureScreenshots({ outDir });
  assert.equal(files.length, 4 * THEMES.length);
  for (const file of files) assert.deepEqual(pngSize(await readFile(file)), SIZE, path.basename(file));
  console.log(`# screenshots: ${(timings.total / 1000).toFixed(1)} s (library made in ${(timings.library / 1000).toFixed(1)} s)`);
});
