/**
 * The digest's notification: "7 papers for you today — 2 from labs you follow" (the second part
 * only when follow rules put papers in the day), or the day's count when nothing is "for you"
 * (the model needs 5 stars). A click opens the library page on the Digest tab.
 */
import { browser } from 'wxt/browser';
import { t, tn } from '../i18n';
import { isForYou, isHidden, type DigestDay } from './types';

export const NOTIFICATION_ID = 'paperdeck-digest';
/** The library page's Digest tab (components/LibraryPage.tsx reads the hash). */
export const DIGEST_PAGE = '/library.html#digest';

/** The notification's text, or null when the day has nothing to tell (no papers, or all hidden). */
export function notificationText(day: DigestDay): string | null {
  const shown = day.entries.filter((e) => !isHidden(e));
  if (!shown.length) return null;
  const forYou = shown.filter(isForYou).length;
  const followed = shown.filter((e) => e.reasons.some((r) => r.kind === 'follow')).length;
  if (!forYou) return tn(shown.length, 'digestNotifyPapersOne', 'digestNotifyPapersOther');
  const head = tn(forYou, 'digestNotifyForYouOne', 'digestNotifyForYouOther');
  return followed ? t('digestNotifyWithFollows', head, followed) : head;
}

/** Shows the day's notification (replacing yesterday's, if still there). Needs the `notifications` permission. */
export async function notifyDigest(day: DigestDay): Promise<boolean> {
  const message = notificationText(day);
  if (!message || !browser.notifications) return false;
  await browser.notifications.create(NOTIFICATION_ID, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: t('digestNotifyTitle'),
    message,
  });
  return true;
}

/** A click on the notification opens the Digest tab (and closes the notification). */
let listening = false;
export function listenNotificationClicks(): void {
  if (listening || !browser.notifications) return;
  listening = true;
  browser.notifications.onClicked.addListener((id) => {
    if (id !== NOTIFICATION_ID) return;
    void browser.tabs.create({ url: browser.runtime.getURL(DIGEST_PAGE as '/library.html') });
    void browser.notifications.clear(id);
  });
}
