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
import { LIBRARY_METHODS, MAX_BATCH, makeRequest, readResponse, type LibraryMethod } from './wire';
// Types only: the zod schemas stay in the background's bundle.
import type { LibraryArgs, LibraryResult } from './protocol';
import type { PaperRecord } from '../model/paper';
import type { CardScores } from '../rank/types';
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
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
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

  /** A list too long for one message goes as several, one after another; the answers are joined. */
  async function callSplit(method: SplitMethod, args: unknown[]): Promise<unknown> {
    const [list, ...rest] = args as [unknown[], ...unknown[]];
    const parts = splitList(list, WEIGHT[method]);
    if (parts.length === 1) return call(method, args);
    const answers: unknown[] = [];
    for (const part of parts) answers.push(await call(method, [part, ...rest]));
    return JOIN[method](answers as never);
  }

  return Object.fromEntries(
    LIBRARY_METHODS.map((method) => [
      method,
      (...args: unknown[]) => (method in JOIN && Array.isArray(args[0]) ? callSplit(method as SplitMethod, args) : call(method, args)),
    ]),
  ) as LibraryClient;
}

/**
 * The methods whose first argument is a list the background takes at most MAX_BATCH of per
 * message (protocol.ts), and how the answers of the parts make the answer for the whole list. A
 * page with more cards than that (issue 17: 5,000 and up) is then read, starred and scored whole.
 */
const JOIN = {
  recordSeen: (answers: { logged: number }[]) => ({ logged: answers.reduce((n, a) => n + a.logged, 0) }),
  recordRead: (answers: { logged: number }[]) => ({ logged: answers.reduce((n, a) => n + a.logged, 0) }),
  staleTexts: (answers: string[][]) => answers.flat(),
  getState: (answers: Record<string, unknown>[]): Record<string, unknown> => Object.assign({}, ...answers) as Record<string, unknown>,
  starMany: (answers: number[]) => answers.reduce((n, a) => n + a, 0),
  unstarMany: (answers: number[]) => answers.reduce((n, a) => n + a, 0),
  scoreCards: (answers: CardScores[]): CardScores => ({
    ...answers[answers.length - 1]!,
    scores: Object.assign({}, ...answers.map((a) => a.scores)) as CardScores['scores'],
    notInterested: answers.flatMap((a) => a.notInterested),
  }),
} satisfies Partial<Record<LibraryMethod, (answers: never[]) => unknown>>;
type SplitMethod = keyof typeof JOIN;

/** The lists of records, also split by size (their items weighed by recordWeight). */
const WEIGHT: Partial<Record<SplitMethod, (item: unknown) => number>> = {
  recordSeen: recordWeight,
  recordRead: (read) => recordWeight((read as [unknown, unknown])[0]),
};

/**
 * Characters of records per message. Chromium refuses a message over 64 MB of JSON; records are
 * within the library's limits (lib/model/limits) but a hostile page can still fill 5,000 of them
 * to the brim, so records are also split by size: about 16 MB a message at most.
 */
const MAX_BATCH_CHARS = 8_000_000;

/** About how many characters a record takes in a message. */
function recordWeight(record: unknown): number {
  const r = record as Partial<PaperRecord>;
  let n = 200 + (r.title?.length ?? 0) + (r.abstract?.length ?? 0);
  for (const a of r.authors ?? []) n += a.length + 3;
  for (const k of r.keywords ?? []) n += k.length + 3;
  return n;
}

/** `list` in order, in parts of at most MAX_BATCH items (and MAX_BATCH_CHARS by `weigh`). */
function splitList(list: readonly unknown[], weigh?: (item: unknown) => number): unknown[][] {
  if (list.length <= MAX_BATCH && !weigh) return [list as unknown[]];
  const parts: unknown[][] = [];
  let part: unknown[] = [];
  let chars = 0;
  for (const item of list) {
    const w = weigh ? weigh(item) : 0;
    if (part.length && (part.length >= MAX_BATCH || chars + w > MAX_BATCH_CHARS)) {
      parts.push(part);
      part = [];
      chars = 0;
    }
    part.push(item);
    chars += w;
  }
  parts.push(part);
  return parts;
}

/** The library, for content scripts (and any extension page that prefers messages). */
export const library = createLibraryClient();
