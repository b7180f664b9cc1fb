/**
 * The background side of the library protocol: one runtime.onMessage listener that validates
 * each request, runs it on the Library and answers with an envelope. Register it synchronously
 * when the background starts, so the message that wakes a stopped MV3 service worker finds it.
 */
import { browser } from 'wxt/browser';
import type { Library } from '../db/library';
import { LibraryError, describeZodError, toLibraryError } from '../db/errors';
import { CONTENT_SCRIPT_ARGS, LibraryRequest, REQUEST_ARGS, isLibraryMessage, type LibraryMethod, type LibraryResponse } from './protocol';
import { broadcastLibraryChanges } from './changes';
import { t } from '../i18n';
import type { RankApi } from '../rank/types';
import type { RankMethod } from './protocol';

type Handlers = { [M in Exclude<LibraryMethod, RankMethod>]: (library: Library, args: never) => Promise<unknown> };
type RankHandlers = { [M in RankMethod]: (rank: RankApi, args: never) => Promise<unknown> };

// Written out per method (rather than `library[method](...args)`) so each call is type-checked
// against the validated argument tuple.
const HANDLERS = {
  recordSeen: (l, [records]: [Parameters<Library['recordSeen']>[0]]) => l.recordSeen(records),
  recordRead: (l, [reads]: [Parameters<Library['recordRead']>[0]]) => l.recordRead(reads),
  staleTexts: (l, [pairs]: [[string, string][]]) => l.staleTexts(pairs),
  star: (l, [recordOrId]: [Parameters<Library['star']>[0]]) => l.star(recordOrId),
  unstar: (l, [id]: [string]) => l.unstar(id),
  tag: (l, [paperId, name]: [string, string]) => l.tag(paperId, name),
  untag: (l, [paperId, tagId]: [string, string]) => l.untag(paperId, tagId),
  listTags: (l) => l.listTags(),
  getState: (l, [ids, visitStart]: [string[], number?]) => l.getState(ids, visitStart),
  listRules: (l) => l.listRules(),
  addRule: (l, [input]: [Parameters<Library['addRule']>[0]]) => l.addRule(input),
  updateRule: (l, [id, patch]: Parameters<Library['updateRule']>) => l.updateRule(id, patch),
  removeRule: (l, [id]: [string]) => l.removeRule(id),
  getSettings: (l) => l.getSettings(),
  setSettings: (l, [patch]: Parameters<Library['setSettings']>) => l.setSettings(patch),
  counts: (l) => l.counts(),
  setNote: (l, [paperId, text]: [string, string]) => l.setNote(paperId, text),
  setStatus: (l, [paperId, status]: Parameters<Library['setStatus']>) => l.setStatus(paperId, status),
  starMany: (l, [ids]: [string[]]) => l.starMany(ids),
  unstarMany: (l, [ids]: [string[]]) => l.unstarMany(ids),
} satisfies Handlers;

const RANK_HANDLERS = {
  scoreCards: (r, [ids]: [string[]]) => r.scoreCards(ids),
  notInterested: (r, [id, on]: [string, boolean?]) => r.notInterested(id, on),
  moreLikeTag: (r, [tagId, limit]: [string, number?]) => r.moreLikeTag(tagId, limit),
} satisfies RankHandlers;

const isRankMethod = (method: LibraryMethod): method is RankMethod => method in RANK_HANDLERS;

function failure(e: unknown): LibraryResponse {
  const error = toLibraryError(e);
  if (error.code === 'unknown') console.error('[paperdeck] library request failed', e);
  return {
    ok: false,
    error: { code: error.code, message: error.userMessage, ...(error.detail ? { detail: error.detail } : {}) },
  };
}

/**
 * Who sent a message. `extension`: one of the extension's own pages (popup, side panel, library
 * page — in a tab too); `content`: its content script on huggingface.co; `none`: anything else
 * (there should be nothing else, as runtime.onMessage hears only this extension).
 */
export type Caller = 'extension' | 'content' | 'none';

/** The parts of runtime.onMessage's sender that decide who it is. */
export interface SenderLike {
  id?: string;
  url?: string;
  tab?: unknown;
}

const HF_PAGE = /^https:\/\/huggingface\.co\//;

/**
 * Who `sender` is, by its extension id and its URL: an extension page has a URL under the
 * extension's own origin (even when it is open in a tab); the content script runs in a tab on
 * huggingface.co (any path: the site navigates without reloading).
 */
export function callerOf(
  sender: SenderLike | undefined,
  extensionId = browser.runtime.id,
  extensionBase = browser.runtime.getURL('/'),
): Caller {
  if (!sender || !extensionId || sender.id !== extensionId) return 'none';
  const url = sender.url ?? '';
  if (url.startsWith(extensionBase)) return 'extension';
  if (sender.tab && HF_PAGE.test(url)) return 'content';
  return 'none';
}

/**
 * Validates and runs one request. Never throws: failures come back as `{ ok: false }`.
 * Ranking methods go to `rank` (lib/rank/service); without one they fail as unavailable.
 * `from`: who asked (callerOf); a content script reaches only CONTENT_SCRIPT_ARGS.
 */
export async function handleLibraryRequest(
  library: Library,
  message: unknown,
  rank?: RankApi,
  from: Caller = 'extension',
): Promise<LibraryResponse> {
  const request = LibraryRequest.safeParse(message);
  if (!request.success) {
    return failure(new LibraryError('invalid', t('errorMalformedRequest', describeZodError(request.error))));
  }
  const { method, args } = request.data;
  const schema = from === 'extension' ? REQUEST_ARGS[method] : from === 'content' ? CONTENT_SCRIPT_ARGS[method] : undefined;
  if (!schema) {
    return failure(
      new LibraryError('invalid', t('errorNotAllowed', method, from === 'content' ? t('senderContentScript') : t('senderUnknown'))),
    );
  }
  const parsedArgs = schema.safeParse(args);
  if (!parsedArgs.success) {
    return failure(new LibraryError('invalid', t('errorRejectedCall', method, describeZodError(parsedArgs.error))));
  }
  try {
    let value: unknown;
    if (isRankMethod(method)) {
      if (!rank) throw new LibraryError('unavailable', t('errorRankingOff'));
      value = await (RANK_HANDLERS[method] as (rank: RankApi, args: unknown) => Promise<unknown>)(rank, parsedArgs.data);
    } else {
      value = await (HANDLERS[method] as (library: Library, args: unknown) => Promise<unknown>)(library, parsedArgs.data);
    }
    return { ok: true, value: value === undefined ? null : value };
  } catch (e) {
    return failure(e);
  }
}

/**
 * Serves `library` (and the ranking, when given) to content scripts and pages, and announces
 * the library's writes to them (lib/messaging/changes). Returns a function that stops both.
 */
export function serveLibrary(library: Library, rank?: RankApi): () => void {
  const stopBroadcast = broadcastLibraryChanges(library);
  const listener = (message: unknown, sender: SenderLike, sendResponse: (response: LibraryResponse) => void) => {
    if (!isLibraryMessage(message)) return undefined; // not ours: leave it to other listeners
    void handleLibraryRequest(library, message, rank, callerOf(sender)).then(sendResponse);
    return true; // we answer asynchronously (the style both fakeBrowser and real browsers accept)
  };
  browser.runtime.onMessage.addListener(listener);
  return () => {
    browser.runtime.onMessage.removeListener(listener);
    stopBroadcast();
  };
}
