import { library } from '@/lib/messaging/client';
import { onLibraryChange } from '@/lib/messaging/changes';
import { loadPageContext, startPage } from '@/lib/page/app';
import { installGuard } from '@/lib/page/guard';

export default defineContentScript({
  // Every papers view: lists, search (?q=), single paper pages. lib/hf/views.ts decides what each is.
  matches: ['https://huggingface.co/papers*'],
  // document_start: the no-flash guard must be in place before the first card is parsed, and the
  // rules are asked for while the page is still loading. The features start once the DOM is parsed.
  runAt: 'document_start',
  main(ctx) {
    const guard = installGuard(document, ctx.signal);
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
