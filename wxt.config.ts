import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { Plugin, Rolldown } from 'vite';
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

// The Firefox add-on id is part of the user's data: Firefox keys storage and
// IndexedDB by it, so it must never change once published. Written here only: the e2e harness
// reads it from the built manifest.
export const GECKO_ID = 'paperdeck@paperdeck.dev';

/**
 * The Chrome extension's public key (base64 DER SubjectPublicKeyInfo, RSA 2048). Chrome derives
 * the extension id from it, so every build, unpacked or packed, of every version has the same id
 * and origin (chrome-extension://<id>), and with it the same IndexedDB and storage: an update
 * keeps the library. The id is the SHA-256 of the decoded key, first 32 hex digits, each written
 * as a letter (0→a … f→p): nclcnhcfeheddjpgeplfbkmkhclgheok (tests/e2e/foundation.test.mjs
 * checks it). The private key is not in the repository; nothing here needs it (the Chrome Web
 * Store signs what it publishes). The store refuses a `key` in an upload and assigns its own
 * id to a new item: the store zip leaves it out (hooks below). Once the store item exists,
 * replace this with the key its dashboard shows (Package → View public key), so unpacked builds
 * share the published id. See README, "Releasing".
 */
export const CHROME_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAyxmQ1nneSN5L+IOSly16TCDYB3HLpi8KrbKfsJmIfr5z+0Gt3n8BJkSHfKQvYpqbtEy6E1yq9/h0IQCkIzTec0ODF2nT2e2sqTcAoHfpifurNHnkt3ZOXMdUDrfE2onGMLkdd8yKQNGTFYVUMUZFzeqNR6jtmQBRgKZ0TPE1NXHUZpVBF1Qbxk4mQ3+sotNPnnrjwSuk58aCZDNGf/5Yf/E2xlF7Zd0Iycwy4iJwvbKcWTFVdr2wbpj74wx/dvGk8cTZB+K5+8P683klrl1+zdqe1teV5Z1QVBuV39zAr114aAIQhawBWL4T6nOk1bAFbbCyLLR+4K5QrQKGLxCBfQIDAQAB';

/** The Chrome manifest as built, while its zip is written without the key. */
let keyedManifest: string | undefined;

export default defineConfig({
  // Source directories stay at the project root (entrypoints/, components/, lib/); static assets
  // (icons) live with the UI so the top level holds only the agreed folders.
  publicDir: 'components/public',
  // No auto-imports: every module says where its names come from (and WXT stops scanning components/,
  // whose lazily loaded sections it reported as "Duplicated imports" on every build).
  imports: false,
  manifest: ({ browser }) => ({
    // Texts come from components/public/_locales/<lang>/messages.json (lib/i18n.ts): a translation is one file.
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // `unlimitedStorage`: the library keeps every paper ever seen (tens of thousands of rows), past the default quota.
    // `contextMenus`: "Star / tag this paper" on links to papers (it grants no access to any page).
    // `scripting` (Chrome only): registers the no-flash stylesheet on papers pages while a hide rule
    // is in force; it reaches no host beyond host_permissions. Firefox MV2 does this with
    // contentScripts.register, which needs no permission.
    permissions: ['storage', 'unlimitedStorage', 'contextMenus', ...(browser === 'firefox' ? [] : ['scripting'])],
    // The daily digest (lib/digest), off by default: asked for only when the user turns it on in the
    // popup (permissions.request at the click), so an install that never opts in never has them.
    // `notifications` says what the digest found; `alarms` (Chrome) wakes the service worker once a
    // day. Firefox refuses `alarms` as an optional permission (web-ext lint:
    // MANIFEST_OPTIONAL_PERMISSIONS); its MV2 background page lives as long as the browser and
    // wakes itself with timers instead (lib/digest/schedule.ts timerWaker).
    optional_permissions: browser === 'firefox' ? ['notifications'] : ['alarms', 'notifications'],
    // Host access to huggingface.co only (least privilege); the content script's `matches` narrows it to /papers.
    host_permissions: ['https://huggingface.co/*'],
    action: { default_title: '__MSG_actionTitle__' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              // 140 (ESR) is the first Firefox that reads `data_collection_permissions`; an older
              // minimum makes web-ext lint warn that the declaration would be ignored there.
              strict_min_version: '140.0',
              // Firefox requires a declaration; we collect nothing: stars, tags and rules travel only
              // through the browser's own sync (Firefox Sync), which the user controls.
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads the declaration from 142 on.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : { key: CHROME_KEY }),
  }),
  // The Firefox store wants the sources of bundled code: what `npm ci && npm run build` needs, not the
  // tests (their fixture pages are most of the weight), CI scripts or the README's pictures. WXT
  // does not read .gitignore: a private key must never be zipped (npm run release checks too).
  zip: { excludeSources: ['tests/**', '.ci/**', 'docs/**', '**/*.pem', '**/*.key', '**/.env*'] },
  hooks: {
    // WXT sets the toolbar button's title from the popup's <title>, after the manifest above: put
    // the translatable one back (Chrome MV3 `action`, Firefox MV2 `browser_action`).
    'build:manifestGenerated': (_wxt, manifest) => {
      const actions = [manifest.action, manifest.browser_action] as Array<{ default_title?: string } | undefined>;
      for (const action of actions) if (action) action.default_title = '__MSG_actionTitle__';
    },
    // The Chrome Web Store refuses an upload whose manifest has a `key` ("key field is not allowed
    // in manifest"): the zip leaves it out, .output/chrome-mv3 keeps it (unpacked loads and the
    // e2e tests get the fixed id). Nothing else differs between the two.
    'zip:extension:start': async (wxt) => {
      if (wxt.config.browser !== 'chrome') return;
      const file = path.join(wxt.config.outDir, 'manifest.json');
      keyedManifest = await readFile(file, 'utf8');
      const { key: _key, ...store } = JSON.parse(keyedManifest) as { key?: string };
      await writeFile(file, JSON.stringify(store));
    },
    'zip:extension:done': async (wxt) => {
      if (keyedManifest == null) return;
      await writeFile(path.join(wxt.config.outDir, 'manifest.json'), keyedManifest);
      keyedManifest = undefined;
    },
  },
  vite: () => ({
    plugins: [preact(), zodWithoutEvalProbe(), messagesWithoutDescriptions(), firstScreenChunks()],
    // The locales shipped (lib/i18n.ts): where the browser has no translation for its language,
    // pages use the bundled English without asking it for each message.
    define: { __PD_LOCALES__: JSON.stringify(readdirSync('components/public/_locales').sort()) },
    build: {
      // Chromium refuses a content script that is not valid UTF-8; the minifier otherwise emits a
      // literal U+FFFF taken from Dexie. ASCII output escapes it (see ../shared/TOOLCHAIN.md, gotcha 1).
      rolldownOptions: { output: { charset: 'ascii' } },
    },
  }),
});

/**
 * zod 4 decides whether it may compile parsers with `new Function` by calling it once
 * (`allowsEval` in zod/v4/core/util.js). Every module sets `z.config({ jitless: true })`
 * (lib/model/zod.ts), which skips that call, so the probe is dead code here; but it stays in the
 * bundle and `web-ext lint` flags it in every entrypoint (DANGEROUS_EVAL). This replaces the
 * probe's body with "no eval", which is what jitless already answers. If a zod update changes
 * that code, the build fails here instead of the warning coming back silently.
 */
function zodWithoutEvalProbe(): Plugin {
  const probe = /try \{\s*const F = Function;\s*new F\(""\);\s*return true;\s*\}\s*catch \(_\) \{\s*return false;\s*\}/;
  return {
    name: 'paperdeck:zod-without-eval-probe',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]zod[\\/]v4[\\/]core[\\/]util\.js$/.test(id)) return null;
      if (!probe.test(code)) {
        throw new Error(`zod's eval probe changed shape in ${id}: update zodWithoutEvalProbe in wxt.config.ts`);
      }
      return { code: code.replace(probe, 'return false;'), map: null };
    },
  };
}

/**
 * lib/i18n.ts bundles the English messages (every page, the content script too); the
 * descriptions are for translators only, so they are left out of the bundle. The
 * _locales/en/messages.json copied to the extension keeps them (public files are not transformed).
 *
 * The content script takes only the messages its code names: there the JSON becomes a
 * placeholder, and once the script is bundled, every key that appears in its code as a quoted
 * string is kept and the rest dropped (about two thirds of them: popup and library texts). A key
 * its code builds at run time would be missing: lib/i18n.ts then asks the browser for it, which
 * has the whole file, so no label is ever empty.
 */
function messagesWithoutDescriptions(): Plugin {
  const PLACEHOLDER = '__PD_CONTENT_MESSAGES__';
  let content = false;
  let messages: Record<string, { message: string; description?: string }> = {};
  return {
    name: 'paperdeck:messages-without-descriptions',
    enforce: 'pre',
    configResolved(config) {
      const entry = config.build.lib ? JSON.stringify(config.build.lib.entry) : '';
      content = /[\\/]entrypoints[\\/]content[\\/]/.test(entry);
    },
    transform(code, id) {
      if (!/[\\/]_locales[\\/]en[\\/]messages\.json$/.test(id.replace(/\?.*$/, ''))) return null;
      messages = JSON.parse(code) as typeof messages;
      for (const entry of Object.values(messages)) delete entry.description;
      // (Still JSON for Vite's JSON plugin: a string, replaced once the script is bundled.)
      if (content) return { code: JSON.stringify(PLACEHOLDER), map: null };
      return { code: JSON.stringify(messages), map: null };
    },
    renderChunk(code) {
      if (!content) return null;
      const at = new RegExp(`(["'\`])${PLACEHOLDER}\\1`);
      if (!at.test(code)) throw new Error('paperdeck:messages-without-descriptions: the content script lost its messages placeholder');
      const used = Object.fromEntries(Object.entries(messages).filter(([key]) => ['"', "'", '`'].some((q) => code.includes(q + key + q))));
      // A string literal of the JSON, ASCII only (Chromium wants the content script in plain ASCII).
      const literal = JSON.stringify(JSON.stringify(used)).replace(
        /[\u007f-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      return { code: code.replace(at, () => `JSON.parse(${literal})`), map: null };
    },
  };
}

/**
 * The extension pages' first screen in two chunks instead of about fifteen. Left to itself, the
 * bundler splits the code the popup, side panel and library page share into one chunk per set of
 * importers: the popup's first screen needed 13 files (Preact, i18n, the store, a dozen small
 * helpers), each a request the browser serves from the extension's folder, and those requests
 * were most of the time to the first rows (tests/bench/first-rows.mjs). Two groups instead:
 *
 *  - `first-read`: what the pages' entries import (entrypoints/<page>/main.tsx: the first-screen
 *    read, lib/db/first-screen.ts). Kept small and apart, so the read starts as soon as the
 *    entry arrives, while the rest is fetched.
 *  - `first-screen`: every module that each page's app.tsx imports statically, when all the
 *    pages import it (Preact, i18n, the store, the rows…). What only one page needs (Popup.tsx,
 *    LibraryPage.tsx) and everything loaded later (the Library, the lazy sections) is split as
 *    before, so no page runs code it did not run before.
 *
 * The pages' build only (ES modules): the background and the content script are single files.
 */
function firstScreenChunks(): Plugin {
  return {
    name: 'paperdeck:first-screen-chunks',
    outputOptions(options) {
      if (options.format !== 'es') return null;
      let modules: { read: Set<string>; screen: Set<string> } | null = null;
      const chunkOf = (id: string, ctx: Rolldown.ChunkingContext) => {
        modules ??= firstScreenModules(ctx);
        return modules.read.has(id) ? 'first-read' : modules.screen.has(id) ? 'first-screen' : null;
      };
      const groups: Rolldown.CodeSplittingGroup[] = [
        // (The first group takes its modules first: the screen's modules import the read's.)
        { debugName: 'first-read', priority: 2, name: (id, ctx) => (chunkOf(id, ctx) === 'first-read' ? 'first-read' : null) },
        { debugName: 'first-screen', priority: 1, name: (id, ctx) => (chunkOf(id, ctx) === 'first-screen' ? 'first-screen' : null) },
      ];
      return { ...options, codeSplitting: { groups } };
    },
  };
}

/** The modules of the pages' entries (`read`), and those every page's app.tsx imports statically (`screen`). */
function firstScreenModules(ctx: Rolldown.ChunkingContext): { read: Set<string>; screen: Set<string> } {
  const withImports = (id: string, into: Set<string>): Set<string> => {
    if (into.has(id)) return into;
    into.add(id);
    for (const imported of ctx.getModuleInfo(id)?.importedIds ?? []) withImports(imported, into);
    return into;
  };
  const read = new Set<string>();
  const screens: Set<string>[] = [];
  for (const page of readdirSync('entrypoints', { withFileTypes: true })) {
    const entry = page.isDirectory() ? ctx.getModuleInfo(path.resolve('entrypoints', page.name, 'main.tsx')) : null;
    if (!entry) continue;
    for (const id of entry.importedIds) withImports(id, read);
    const own = new Set<string>();
    for (const app of entry.dynamicallyImportedIds) for (const id of ctx.getModuleInfo(app)?.importedIds ?? []) withImports(id, own);
    screens.push(own);
  }
  const [first = new Set<string>(), ...others] = screens;
  const screen = [...first].filter((id) => others.every((own) => own.has(id)));
  // The entries' own modules stay in `read`; entrypoints/ modules stay where they are (each is an entry).
  const isEntry = (id: string) => /[\\/]entrypoints[\\/]/.test(id);
  return {
    read: new Set([...read].filter((id) => !isEntry(id))),
    screen: new Set(screen.filter((id) => !read.has(id) && !isEntry(id))),
  };
}
