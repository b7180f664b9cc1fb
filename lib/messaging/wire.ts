/**
 * The library protocol's wire format, without zod: what the content script needs to send a
 * request and read a reply. The background validates every request with the zod schemas in
 * protocol.ts; a reply comes from our own background and is checked here by hand. Keeping zod
 * out of this file keeps it out of the content script (~20 KB gzip).
 */
import { LIBRARY_ERROR_CODES, type LibraryErrorCode } from '../db/library-error';

/** Largest list a page may send in one message (a month listing is a few hundred cards). */
export const MAX_BATCH = 5000;

/** Marks our messages; anything else on runtime.onMessage is someone else's. */
export const LIBRARY_NS = 'paperdeck/library@1';

/** Every method the background serves (protocol.ts gives each its argument schema). */
export const LIBRARY_METHODS = [
  'recordSeen',
  'recordRead',
  'staleTexts',
  'star',
  'unstar',
  'tag',
  'untag',
  'listTags',
  'getState',
  'listRules',
  'addRule',
  'updateRule',
  'removeRule',
  'getSettings',
  'setSettings',
  'counts',
  'setNote',
  'setStatus',
  'starMany',
  'unstarMany',
  // The "for you" ranking (lib/rank/service), served by the background next to the library.
  'scoreCards',
  'notInterested',
  'moreLikeTag',
] as const;
export type LibraryMethod = (typeof LIBRARY_METHODS)[number];

export { CHANGE_KINDS } from '../db/change';

export type LibraryRequest = { ns: typeof LIBRARY_NS; method: LibraryMethod; args: unknown[] };
export type WireError = { code: LibraryErrorCode; message: string; detail?: string };
export type LibraryResponse<T = unknown> = { ok: true; value: T } | { ok: false; error: WireError };

/** Is this message addressed to the library (whether or not it is valid)? */
export function isLibraryMessage(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { ns?: unknown }).ns === LIBRARY_NS;
}

export function makeRequest(method: LibraryMethod, args: readonly unknown[]): LibraryRequest {
  // JSON messaging (Chromium) turns a trailing `undefined` into null, which an optional
  // argument would reject: drop them.
  const list = [...args];
  while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
  return { ns: LIBRARY_NS, method, args: list };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A reply in the envelope's shape, or null for anything else. */
export function readResponse(reply: unknown): LibraryResponse | null {
  if (!isRecord(reply)) return null;
  if (reply.ok === true && 'value' in reply) return { ok: true, value: reply.value };
  if (reply.ok !== false || !isRecord(reply.error)) return null;
  const { code, message, detail } = reply.error;
  if (!(LIBRARY_ERROR_CODES as readonly unknown[]).includes(code) || typeof message !== 'string') return null;
  if (detail !== undefined && typeof detail !== 'string') return null;
  const error: WireError = { code: code as LibraryErrorCode, message };
  if (detail !== undefined) error.detail = detail;
  return { ok: false, error };
}
