import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The Firefox add-on id is part of the user's data: Firefox keys storage and
// IndexedDB by it, so it must never change once published.
export const GECKO_ID = 'paperdeck@paperdeck.dev';

export default defineConfig({
  // Source directories stay at the project root (entrypoints/, components/, lib/); static assets
  // (icons) live with the UI so the top level holds only the agreed folders.
  publicDir: 'components/public',
  manifest: ({ browser }) => ({
    name: 'Paperdeck',
    description:
      'Star, tag and export Hugging Face papers; hide topics you do not follow; see what is new since your last visit.',
    // `unlimitedStorage`: the library keeps every paper ever seen (tens of thousands of rows), past the default quota.
    // `contextMenus`: "Star / tag this paper" on links to papers (it grants no access to any page).
    permissions: ['storage', 'unlimitedStorage', 'contextMenus'],
    // Host access to huggingface.co only (least privilege); the content script's `matches` narrows it to /papers.
    host_permissions: ['https://huggingface.co/*'],
    action: { default_title: 'Paperdeck' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '128.0',
              // Firefox requires a declaration; we collect nothing: all data stays in the browser.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  vite: () => ({
    plugins: [preact()],
    build: {
      // Chromium refuses a content script that is not valid UTF-8; the minifier otherwise emits a
      // literal U+FFFF taken from Dexie. ASCII output escapes it (see ../shared/TOOLCHAIN.md, gotcha 1).
      rolldownOptions: { output: { charset: 'ascii' } },
    },
  }),
});
