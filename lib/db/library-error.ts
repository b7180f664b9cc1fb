import { t } from '../i18n';

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
  quota: t('errorQuota'),
  blocked: t('errorBlocked'),
  newerVersion: t('errorNewerVersion'),
  closed: t('errorClosed'),
  missingApi: t('errorMissingApi'),
  openFailed: t('errorOpenFailed'),
  unknown: t('errorUnknown'),
};
