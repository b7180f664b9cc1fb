import { defineContentScript } from 'wxt/utils/define-content-script';
import { library } from '@/lib/messaging/client';
import { onLibraryChange } from '@/lib/messaging/changes';
import { loadPageContext, startPage } from '@/lib/page/app';
import { pageGuard } from '@/lib/page/guard';
import { loadSnapshot } from '@/lib/snapshot/load';
import { rulesInForce } from '@/lib/topics/rules';

export default defineContentScript({
  // Every papers view: lists, search (?q=), single paper pages. lib/hf/views.ts decides what each is.
  matches: ['https://huggingface.co/papers*'],
  // document_end: right after the page is parsed, without holding up the parser. No flash of
  // hidden papers does not depend on it: while rules are in force, the background registers a
  // stylesheet the browser applies before parsing, and it waits for the page to be marked ready.
  // (Measured: document_start gave no earlier augmentation and no better first paint.)
  runAt: 'document_end',
  main(ctx) {
    const guard = pageGuard(document, ctx.signal);
    // The page's state straight from storage.local (lib/snapshot): no message, so no sleeping
    // service worker to wake before the cards can be painted. Without one, the background is asked.
    const snapshot = loadSnapshot();
    const context = snapshot.then((s) => (s ? { rules: s.rules, settings: s.settings, tags: s.tags } : loadPageContext(library)));
    void context.then(({ rules, settings }) => {
      if (!rulesInForce(rules, settings)) guard.release();
    });
    const start = () => {
      // ctx.signal aborts when the extension is reloaded, updated or removed: the app then takes
      // its buttons off the page instead of leaving dead ones behind.
      startPage({
        doc: document,
        library,
        rank: library,
        onChange: onLibraryChange,
        getUrl: () => new URL(location.href),
        signal: ctx.signal,
        context,
        snapshot,
        guard,
      });
    };
    if (document.readyState === 'loading') ctx.addEventListener(document, 'DOMContentLoaded', start, { once: true });
    else start();
  },
});
