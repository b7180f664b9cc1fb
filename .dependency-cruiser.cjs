/**
 * Boundary rules (ARCHITECTURE.md, "Rules CI enforces"): layers point down — page reader → store → UI —
 * and the content script stays small. `npm run lint:deps` checks them; `npm run lint` runs it.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties modules that should be able to change apart; make one of them point down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-to-components',
      severity: 'error',
      comment: 'lib/ is below the UI: it never imports components/ (components/public holds static assets, the messages among them).',
      from: { path: '^lib/' },
      to: { path: '^components/', pathNot: '^components/public/' },
    },
    {
      name: 'db-points-down',
      severity: 'error',
      comment: 'The store knows records and rules, not what uses it: lib/db never imports the ranking, the exports or the page.',
      from: { path: '^lib/db/' },
      to: { path: '^lib/(rank|export|page)/' },
    },
    {
      name: 'ui-through-the-library',
      severity: 'error',
      comment: 'Components read and write through the Library API (lib/db/index.ts), never Dexie tables directly.',
      from: { path: '^components/' },
      to: { path: '(^node_modules/dexie/|^lib/db/database\\.ts$)' },
    },
    {
      name: 'content-script-light',
      severity: 'error',
      comment: 'The content script runs on every papers page: it bundles neither Dexie nor zod (validation happens in the background).',
      from: { path: '^entrypoints/content/' },
      to: { path: '^node_modules/(dexie|zod)/', reachable: true },
    },
    {
      name: 'reader-is-pure',
      severity: 'error',
      comment: 'The page reader (lib/hf) turns pages into records and knows nothing above it.',
      from: { path: '^lib/hf/' },
      to: { path: '^(lib/(db|page|messaging|export|import|sync|rank|background|topics)|components|entrypoints)/' },
    },
    {
      name: 'model-is-the-base',
      severity: 'error',
      comment: 'lib/model holds the record types every layer shares; it imports no other layer.',
      from: { path: '^lib/model/' },
      to: { path: '^(lib/(?!model/)[^/]+|components|entrypoints)/' },
    },
    {
      name: 'entrypoints-are-leaves',
      severity: 'error',
      comment: 'Nothing imports an entrypoint: WXT builds each one on its own.',
      from: { pathNot: '^entrypoints/' },
      to: { path: '^entrypoints/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.output|\\.wxt|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
  },
};
