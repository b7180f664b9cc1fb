import { library } from '@/lib/messaging/client';
import { onLibraryChange } from '@/lib/messaging/changes';
import { startPage } from '@/lib/page/app';

export default defineContentScript({
  // Every papers view: lists, search (?q=), single paper pages. lib/hf/views.ts decides what each is.
  matches: ['https://huggingface.co/papers*'],
  runAt: 'document_idle',
  main(ctx) {
    // ctx.signal aborts when the extension is reloaded, updated or removed: the app then takes
    // its buttons off the page instead of leaving dead ones behind.
    startPage({
      doc: document,
      library,
      rank: library,
      onChange: onLibraryChange,
      getUrl: () => new URL(location.href),
      signal: ctx.signal,
    });
  },
});
