import { library } from '@/lib/messaging/client';
import { onLibraryChange } from '@/lib/messaging/changes';
import { loadPageContext, startPage } from '@/lib/page/app';
import { pageGuard } from '@/lib/page/guard';

export default defineContentScript({
  // Every papers view: lists, search (?q=), single paper pages. lib/hf/views.ts decides what each is.
  matches: ['https://huggingface.co/papers*'],
  // document_start: the rules are asked for while the page is still loading (the no-flash
  // stylesheet, registered by the background while rules are in force, waits for them). The
  // features start once the DOM is parsed.
  runAt: 'document_start',
  main(ctx) {
    const guard = pageGuard(document, ctx.signal);
    const context = loadPageContext(library);
    void context.then(({ rules, settings }) => {
      if (settings.pauseRules || !rules.some((r) => r.enabled)) guard.release();
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
        guard,
      });
    };
    if (document.readyState === 'loading') ctx.addEventListener(document, 'DOMContentLoaded', start, { once: true });
    else start();
  },
});
