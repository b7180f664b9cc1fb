// axe-core (Deque's WCAG checker) run inside a page, the same way on a Playwright page (Chromium)
// and a Puppeteer page (Firefox). Its source is evaluated in the page's main world (page.evaluate
// goes past an extension page's CSP, which a <script> tag would not), then `axe.run` is called on
// the part of the page that is ours.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0–2.2 A and AA, and Deque's best practices (landmarks, headings, nested regions…). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

/**
 * Runs axe on `include` (CSS selectors; null: the whole document) and returns the violations as
 * plain data: `{ id, impact, help, nodes: [{ target, summary }] }`.
 * @param {*} page
 * @param {{ include?: string[] | null, disable?: string[] }} [opts]
 */
export async function runAxe(page, { include = null, disable = [] } = {}) {
  await page.evaluate(`if (!window.axe) { ${AXE_SOURCE}\n }`);
  return page.evaluate(
    async ({ include, tags, disable }) => {
      const context = include ? { include: include.map((s) => [s]) } : document;
      const rules = Object.fromEntries(disable.map((id) => [id, { enabled: false }]));
      const result = await window.axe.run(context, { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary?.split('\n').slice(0, 3).join(' ') })),
      }));
    },
    { include, tags: TAGS, disable },
  );
}

/**
 * The violations that fail the test: every critical and serious one, and any moderate or minor
 * one not listed in `allowed` (rule id → why it stays), each as one readable line.
 */
export function blocking(violations, where, allowed = {}) {
  const out = [];
  for (const v of violations) {
    if ((v.impact === 'moderate' || v.impact === 'minor') && allowed[v.id]) continue;
    for (const n of v.nodes.slice(0, 5)) out.push(`${where}: [${v.impact}] ${v.id} (${v.help}) at ${n.target}: ${n.summary}`);
    if (v.nodes.length > 5) out.push(`${where}: [${v.impact}] ${v.id}: ${v.nodes.length - 5} more`);
  }
  return out;
}
