import { defineContentScript } from 'wxt/utils/define-content-script';
import { library } from '@/lib/messaging/client';
import { heldLibraryChanges } from '@/lib/messaging/changes';
import { loadPageContext, startPage } from '@/lib/page/app';
import { whenBody } from '@/lib/page/dom';
import { pageGuard } from '@/lib/page/guard';
import { loadSnapshot } from '@/lib/snapshot/load';
import { rulesInForce } from '@/lib/topics/rules';

export default defineContentScript({
  // Every papers view: lists, search (?q=), single paper pages. lib/hf/views.ts decides what each is.
  matches: ['https://huggingface.co/papers*'],
  // document_start: the page's state is read from storage.local while the page downloads, and a list
  // is read and decorated as the parser adds its cards (lib/hf/watch.ts), so the first screen is
  // starred in the page's first frames rather than after the whole page is parsed (issue 14). No
  // flash of hidden papers: while rules are in force, the background registers a stylesheet the
  // browser applies before parsing, and it waits for the page to be marked ready (lib/page/guard.ts).
  runAt: 'document_start',
  // A newer copy of this script (the extension reloaded or updated) stops the old one by an event on
  // the document (WXT's ContentScriptContext); without this, WXT also posts that announcement to the
  // page's own message listeners, which are the site's business, not ours.
  noScriptStartedPostMessage: true,
  main(ctx) {
    const guard = pageGuard(document, ctx.signal);
    // Listened to from now: a write after the snapshot below is read reaches the app (lib/messaging/changes.ts).
    const onChange = heldLibraryChanges(ctx.signal);
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
        onChange,
        getUrl: () => new URL(location.href),
        signal: ctx.signal,
        context,
        snapshot,
        guard,
      });
    };
    // The app puts its toast and pill in the body: it starts once the parser has made one.
    whenBody(document, start, ctx.signal);
  },
});
