import { browser } from 'wxt/browser';
import { readSnapshot, SEEN_KEY, USER_KEY, type PageSnapshot } from './snapshot';

/**
 * The page snapshot, read straight from storage.local (no message, no background worker to wake);
 * null when there is none yet or it cannot be read: the page then asks the background.
 */
export async function loadSnapshot(now = Date.now()): Promise<PageSnapshot | null> {
  try {
    const stored = await browser.storage.local.get([USER_KEY, SEEN_KEY]);
    return readSnapshot(stored[USER_KEY], stored[SEEN_KEY], now);
  } catch (error) {
    console.debug('[paperdeck] no page snapshot', error);
    return null;
  }
}
