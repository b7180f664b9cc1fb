import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SenderLike } from '../../../lib/messaging/server';

/**
 * Who a message comes from, as the browser reports it to runtime.onMessage. WXT's fakeBrowser
 * passes an empty sender, which the background now refuses (lib/messaging/server callerOf): tests
 * send as one of these.
 */
export const extensionPage = (page = 'popup.html'): SenderLike => ({
  id: fakeBrowser.runtime.id,
  url: fakeBrowser.runtime.getURL(`/${page}`),
});
export const contentScript = (url = 'https://huggingface.co/papers'): SenderLike => ({ id: fakeBrowser.runtime.id, url, tab: { id: 7 } });

/** runtime.sendMessage through fakeBrowser's listeners, with `sender` as the sender. */
export function sendFrom(sender: SenderLike): (message: unknown) => Promise<unknown> {
  return async (message) => {
    if (!fakeBrowser.runtime.onMessage.hasListeners()) throw new Error('No listeners available');
    let answer: (value: unknown) => void = () => {};
    const reply = new Promise<unknown>((resolve) => (answer = resolve));
    const results = await fakeBrowser.runtime.onMessage.trigger(message, sender as never, answer);
    return results.some((r: unknown) => r === true) ? reply : undefined;
  };
}

/** Every runtime.sendMessage of the test comes from `sender` (the spy is restored after each test). */
export function sendAllFrom(sender: SenderLike): void {
  const send = sendFrom(sender);
  // sendMessage's overloads make vitest type the mock as returning void; it does return the promise.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((message: unknown) => send(message) as Promise<void>);
}
