/**
 * The content script's view of the library: the same methods as the background's Library,
 * each one message. Failures arrive as LibraryError with a message fit to show the user.
 *
 * MV3 stops an idle background service worker; a message wakes it, but during the restart a
 * send can fail with "Could not establish connection. Receiving end does not exist." — such
 * sends are retried a few times with a short backoff (every method is safe to repeat: stars,
 * tags and rules are idempotent, a repeated recordSeen only counts one extra read). After the
 * extension is reloaded or updated, this content script is cut off for good ("Extension context
 * invalidated"): that is reported at once, asking the user to reload the page.
 */
import { browser } from 'wxt/browser';
import { LibraryError } from '../db/library-error';
import { LIBRARY_METHODS, makeRequest, readResponse, type LibraryMethod } from './wire';
// Types only: the zod schemas stay in the background's bundle.
import type { LibraryArgs, LibraryResult } from './protocol';
import { t } from '../i18n';

export type LibraryClient = {
  [M in LibraryMethod]: (...args: LibraryArgs<M>) => Promise<LibraryResult<M>>;
};

export interface LibraryClientOptions {
  /** Sends one message and resolves with the reply (default: browser.runtime.sendMessage). */
  send?: (message: unknown) => Promise<unknown>;
  /** Is this script still connected to the extension? (default: browser.runtime.id is set) */
  connected?: () => boolean;
  /** Retries after a transient failure (default 6: about 3 s in all). */
  retries?: number;
  /** First backoff, doubled each retry (default 50 ms). */
  backoffMs?: number;
  /** Gives up on one attempt after this long (default 20 s). */
  timeoutMs?: number;
}

export const RELOAD_MESSAGE = t('errorReload');
const UNREACHABLE_MESSAGE = t('errorUnreachable');
const TIMEOUT_MESSAGE = t('errorTimeout');

/** The background is (re)starting or not listening yet: worth another try. */
const TRANSIENT = /Receiving end does not exist|Could not establish connection|message port closed|No listeners available/i;
/** This content script has been orphaned by an extension reload/update: never recovers. */
const INVALIDATED = new RegExp(
  [
    'Extension context invalidated', // Chromium
    'runtime is undefined', // Firefox: browser.runtime vanishes
    "Cannot read properties of undefined \\(reading 'sendMessage'\\)",
  ].join('|'),
  'i',
);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class Transient extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new LibraryError('unavailable', TIMEOUT_MESSAGE)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

export function createLibraryClient(options: LibraryClientOptions = {}): LibraryClient {
  const {
    send = (message: unknown) => browser.runtime.sendMessage(message),
    connected = () => Boolean(browser.runtime?.id),
    retries = 6,
    backoffMs = 50,
    timeoutMs = 20_000,
  } = options;

  async function attempt(message: unknown): Promise<unknown> {
    if (!connected()) throw new LibraryError('unavailable', RELOAD_MESSAGE);
    let reply: unknown;
    try {
      reply = await withTimeout(send(message), timeoutMs);
    } catch (e) {
      if (e instanceof LibraryError) throw e;
      const text = e instanceof Error ? e.message : String(e);
      if (INVALIDATED.test(text)) throw new LibraryError('unavailable', RELOAD_MESSAGE, { cause: e });
      if (TRANSIENT.test(text)) throw new Transient(text, { cause: e });
      throw new LibraryError('unavailable', UNREACHABLE_MESSAGE, { cause: e });
    }
    // No reply at all: nobody in the background handled it (yet).
    if (reply === undefined) throw new Transient('no reply from the background');
    const envelope = readResponse(reply);
    if (!envelope) throw new LibraryError('unknown', UNREACHABLE_MESSAGE, { detail: 'malformed reply' });
    if (envelope.ok) return envelope.value;
    const { code, message: userMessage, detail } = envelope.error;
    throw new LibraryError(code, userMessage, detail ? { detail } : {});
  }

  async function call(method: LibraryMethod, args: unknown[]): Promise<unknown> {
    const message = makeRequest(method, args);
    for (let i = 0; ; i++) {
      try {
        return await attempt(message);
      } catch (e) {
        if (!(e instanceof Transient)) throw e;
        if (i >= retries) throw new LibraryError('unavailable', UNREACHABLE_MESSAGE, { cause: e });
        await sleep(backoffMs * 2 ** i);
      }
    }
  }

  return Object.fromEntries(
    LIBRARY_METHODS.map((method) => [method, (...args: unknown[]) => call(method, args)]),
  ) as LibraryClient;
}

/** The library, for content scripts (and any extension page that prefers messages). */
export const library = createLibraryClient();
