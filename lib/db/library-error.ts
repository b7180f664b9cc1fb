/**
 * The library's error type and its user messages. Free of zod and Dexie: the content script's
 * message client rebuilds these errors from the background's replies.
 */
export const LIBRARY_ERROR_CODES = ['quota', 'blocked', 'closed', 'invalid', 'unavailable', 'unknown'] as const;
export type LibraryErrorCode = (typeof LIBRARY_ERROR_CODES)[number];

/**
 * The one error type the library's callers see. `userMessage` is meant to be shown where the
 * user acted (a toast next to the star button, the import dialog); `detail` is the technical
 * cause, for the console.
 */
export class LibraryError extends Error {
  override readonly name = 'LibraryError';
  readonly code: LibraryErrorCode;
  readonly userMessage: string;
  readonly detail: string | undefined;

  constructor(code: LibraryErrorCode, userMessage: string, options: { cause?: unknown; detail?: string } = {}) {
    super(userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.userMessage = userMessage;
    this.detail = options.detail ?? (options.cause instanceof Error ? options.cause.message : undefined);
  }
}

export const MESSAGES = {
  quota:
    "Your browser's storage for Paperdeck is full — nothing was lost; free space or export the library.",
  blocked:
    "Paperdeck's library is being upgraded in another tab or window — reload or close other Paperdeck pages and try again. Nothing was lost.",
  newerVersion:
    "Paperdeck's library was written by a newer version of Paperdeck — update the extension. Nothing was lost.",
  closed:
    "Paperdeck's library was closed by the browser — nothing stored was lost; reload the page and try again.",
  missingApi:
    "This browser window can't store data for Paperdeck (IndexedDB is unavailable, e.g. in some private modes).",
  openFailed: "Paperdeck couldn't open its library — reload the page and try again. Nothing stored was lost.",
  unknown: 'Paperdeck could not save that — nothing already stored was lost. Try again.',
} as const;

