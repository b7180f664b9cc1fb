/**
 * Every paper read off the page goes to the library (first and last seen, where, its latest
 * fields). Sent once the cards show their state, in a task of its own: nothing painted depends on
 * it (a paper the library has not seen yet is painted as new).
 *
 * Light where it can be (lib/model/record-texts.ts): the long texts (abstracts, authors, keywords,
 * summaries: ~2 MB on a 1,000-card page, tens of ms of the page's main thread to send) go only for
 * the papers whose stored texts did not come from the same texts — asked first, by hash. A page
 * read again sends ids, titles and counts.
 *
 * While the page parses, its cards come in many small batches (lib/hf/watch.ts): they go together,
 * in one message once it is parsed, rather than one message a frame.
 */
import { t } from '../../i18n';
import type { PaperRecord } from '../../model/paper';
import { lightRecord, textHash } from '../../model/record-texts';
import type { PageContext, PageFeature } from '../context';
import { afterParsed } from '../dom';
import { errorMessage } from '../types';

export const record: PageFeature = {
  name: 'record',
  init(ctx, signal) {
    let failed = false;
    /** Records waiting for the next send, and that send (every batch painted meanwhile joins it). */
    let next: { records: PaperRecord[]; sent: Promise<void> } | null = null;
    const sendSoon = async (records: PaperRecord[]): Promise<void> => {
      await afterParsed(ctx.doc);
      next = null;
      if (signal.aborted) return;
      await send(ctx, records).catch((error: unknown) => {
        // Said once a page: the next batch would fail for the same reason.
        if (!failed) ctx.toast.show(t('recordFailed', errorMessage(error)));
        failed = true;
      });
    };
    return {
      painted(batch) {
        // A card the site rendered again for the same view is decorated, not seen a second time.
        const seen = batch.filter((b) => !b.again).map((b) => b.record);
        if (signal.aborted || !seen.length) return;
        if (!next) {
          const records: PaperRecord[] = [];
          next = { records, sent: sendSoon(records) };
        }
        next.records.push(...seen);
        return next.sent;
      },
    };
  },
};

async function send(ctx: PageContext, records: PaperRecord[]): Promise<void> {
  const hashes = records.map(textHash);
  // Unanswered: every paper goes with its texts.
  const stale = new Set(await ctx.library.staleTexts(records.map((r, i) => [r.id, hashes[i]!])).catch(() => records.map((r) => r.id)));
  await ctx.library.recordRead(records.map((r, i) => (stale.has(r.id) ? [r, hashes[i]!] : [lightRecord(r), null])));
}
