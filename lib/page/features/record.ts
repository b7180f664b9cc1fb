/**
 * Every paper read off the page goes to the library (first and last seen, where, its latest
 * fields). Sent once the cards show their state, in a task of its own: sending a page of records
 * (abstracts included) costs the page's main thread tens of ms on 1,000 cards, and nothing painted
 * depends on it (a paper the library has not seen yet is painted as new).
 */
import { t } from '../../i18n';
import type { PageFeature } from '../context';
import { errorMessage } from '../types';

export const record: PageFeature = {
  name: 'record',
  init(ctx, signal) {
    let failed = false;
    return {
      async painted(batch) {
        await new Promise<void>((resolve) => (ctx.doc.defaultView ?? globalThis).setTimeout(resolve, 0));
        // A card the site rendered again for the same view is decorated, not seen a second time.
        const seen = batch.filter((b) => !b.again);
        if (signal.aborted || !seen.length) return;
        await ctx.library.recordSeen(seen.map((b) => b.record)).catch((error: unknown) => {
          // Said once a page: the next batch would fail for the same reason.
          if (!failed) ctx.toast.show(t('recordFailed', errorMessage(error)));
          failed = true;
        });
      },
    };
  },
};
