// Export benchmark (issue 6): exporting 10,000 papers must take at most 1 s per format.
//
// lib/ is TypeScript, so the exporters are bundled first with Vite's build API (Vite is installed
// with WXT) into a temporary ES module, then imported. The library is synthetic but shaped like a
// real one: eight authors, a ~1,200-character abstract, an organization and tags per paper, and
// titles with TeX and Markdown specials so the escaping paths run.
//
//   node bench/export.mjs          prints the lines, exits 1 when a target is missed
//   import { benchExport } …       resolves to the lines (for bench/run.mjs)

import { bundle } from './bundle.mjs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const PAPERS = 10_000;
const TARGET_MS = 1000;
const RUNS = 3;

function loadExporters() {
  return bundle('lib/export/index.ts');
}

function loadImporters() {
  return bundle('lib/import/index.ts');
}

/** How a backup merges (the store's, lib/db/snapshot-merge.ts: pure, no Dexie). */
function loadMerge() {
  return bundle('lib/db/snapshot-merge.ts');
}

/** A deterministic pseudo-random library of `n` papers. */
function syntheticLibrary(n) {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const words = [
    'Scaling',
    'diffusion',
    'LLM',
    'agents',
    'of',
    'the',
    'Vision-Language',
    'RL',
    '100%',
    'x_1',
    '{fast}',
    'Über',
    'models',
    '&',
    'reasoning',
    '日本語',
    '<b>',
    '$\\alpha$',
  ];
  const names = ['Ada Lovelace', 'Łukasz Kaiser', 'José Müller', 'Yann LeCun', 'Fei-Fei Li', 'Zoë Ødegård', 'Alan Turing', 'Grace Hopper'];
  const sentence = () => Array.from({ length: 12 }, () => pick(words)).join(' ');
  const day = 86_400_000;
  const t0 = Date.UTC(2025, 0, 1);
  const papers = [];
  for (let i = 0; i < n; i++) {
    const month = (i % 12) + 1;
    const id = `25${String(month).padStart(2, '0')}.${String(10000 + i).padStart(5, '0')}`;
    const title = `${pick(words)} ${sentence()}`.trim();
    papers.push({
      id,
      title,
      abstract: Array.from({ length: 10 }, sentence).join('. '),
      authors: Array.from({ length: 8 }, (_, k) => names[(i + k) % names.length]),
      authorCount: 8 + (i % 3),
      organization: { slug: 'org-' + (i % 50), name: `Org ${i % 50}` },
      publishedAt: `2025-${String(month).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      upvotes: i % 500,
      comments: i % 20,
      firstSeenAt: t0 + i * 1000,
      lastSeenAt: t0 + i * 1000 + day,
      firstSeenDay: '2025-01-01',
      seenCount: 2,
      seenOn: [{ view: 'daily', path: '/papers', at: t0 + i * 1000 }],
    });
  }
  const tags = Array.from({ length: 20 }, (_, k) => ({ id: `tag-${k}`, name: `Tag ${k}`, colour: 'blue', createdAt: t0 }));
  return {
    papers,
    stars: papers.filter((_, i) => i % 3 === 0).map((p, i) => ({ paperId: p.id, starredAt: t0 + i })),
    tags,
    paperTags: papers.flatMap((p, i) => [
      { paperId: p.id, tagId: `tag-${i % 20}`, taggedAt: t0 + i },
      ...(i % 4 === 0 ? [{ paperId: p.id, tagId: `tag-${(i + 7) % 20}`, taggedAt: t0 + i }] : []),
    ]),
    rules: [{ id: 'r1', kind: 'keyword', pattern: 'crypto', enabled: true, createdAt: t0 }],
    settings: { dimSeen: false, shortcuts: true },
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn) {
  const times = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = fn();
    times.push(performance.now() - started);
  }
  return { ms: median(times), result };
}

function line(what, ms, target) {
  const verdict = target === undefined ? '(no target)' : `(target ≤ ${target} ms) ${ms <= target ? 'ok' : 'SLOW'}`;
  return `${what}  ${Math.round(ms)} ms ${verdict}`;
}

/**
 * Runs the benchmark and returns the lines to print, e.g.
 *   export: bibtex 10000 papers  85 ms (target ≤ 1000 ms) ok
 * A missed target reads "SLOW" instead of "ok".
 */
export async function benchExport() {
  const lib = await loadExporters();
  const library = syntheticLibrary(PAPERS);
  const now = new Date();
  const lines = [];
  let backupText = '';
  const texts = new Map();
  // Every registered format, CSL-JSON and bookmarks included.
  for (const format of lib.EXPORT_FORMATS) {
    const { ms, result } = time(() => lib.exportLibrary(format, library, { now }));
    if (result.count !== PAPERS) throw new Error(`${format}: exported ${result.count} papers, expected ${PAPERS}`);
    if (format === 'json') backupText = result.text;
    texts.set(format, result.text);
    lines.push(line(`export: ${format} ${PAPERS} papers`, ms, TARGET_MS));
  }
  // Import has no target in the issue; shown so a regression is visible.
  const parsed = time(() => lib.parseBackup(backupText));
  if (!parsed.result.ok) throw new Error(`the synthetic backup was refused: ${parsed.result.error}`);
  lines.push(line(`import: parse+validate ${PAPERS} papers`, parsed.ms));
  const merge = await loadMerge();
  lines.push(
    line(`import: merge ${PAPERS} into ${PAPERS} papers`, time(() => merge.mergeSnapshot(library, parsed.result.backup.library)).ms),
  );

  // Reading our own BibTeX and RIS back, a list of ids, and the dry-run plan against the library.
  const imp = await loadImporters();
  let items = [];
  for (const [format, text] of [
    ['bibtex', texts.get('bibtex')],
    ['ris', texts.get('ris')],
    ['ids', library.papers.map((p) => p.id).join('\n')],
  ]) {
    const { ms, result } = time(() => imp.parseImport(text, format));
    if (result.items.length !== PAPERS) throw new Error(`import ${format}: read ${result.items.length} papers, expected ${PAPERS}`);
    if (format === 'bibtex') items = result.items;
    lines.push(line(`import: parse ${format} ${PAPERS} papers`, ms));
  }
  const plan = time(() => imp.planImport(items, library));
  lines.push(line(`import: plan ${PAPERS} items against ${PAPERS} papers`, plan.ms));
  lines.push(line(`import: plan to snapshot ${PAPERS} papers`, time(() => imp.planToSnapshot(plan.result, { now: now.getTime() })).ms));
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const lines = await benchExport();
  for (const l of lines) console.log(l);
  if (lines.some((l) => l.endsWith('SLOW'))) process.exitCode = 1;
}
