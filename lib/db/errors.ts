import { z } from '../model/zod';

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

/** Names of the error and everything it wraps (Dexie's `inner`, `cause`, BulkError `failures`). */
function errorNames(e: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 6 || e == null || typeof e !== 'object') return out;
  const err = e as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (typeof err.name === 'string') out.push(err.name);
  errorNames(err.inner, out, depth + 1);
  errorNames(err.cause, out, depth + 1);
  if (Array.isArray(err.failures)) for (const f of err.failures.slice(0, 5)) errorNames(f, out, depth + 1);
  return out;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** "papers[3].id: not an arXiv id; …" — the first few problems, in words. */
export function describeZodError(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
      .join('');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - max;
  return parts.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

/** Maps anything thrown by Dexie, IndexedDB or zod to a LibraryError with a clear message. */
export function toLibraryError(e: unknown): LibraryError {
  if (e instanceof LibraryError) return e;
  if (e instanceof z.ZodError) {
    return new LibraryError('invalid', `Paperdeck rejected invalid data: ${describeZodError(e)}`, { cause: e });
  }
  const names = errorNames(e);
  const text = errorText(e);
  const has = (...candidates: string[]) => candidates.some((n) => names.includes(n));

  if (has('QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED') || /quota/i.test(text)) {
    return new LibraryError('quota', MESSAGES.quota, { cause: e });
  }
  // VersionError: the database on disk is newer than this code (the extension was downgraded).
  if (has('VersionError')) return new LibraryError('blocked', MESSAGES.newerVersion, { cause: e });
  if (has('BlockedError', 'VersionChangeError')) return new LibraryError('blocked', MESSAGES.blocked, { cause: e });
  if (has('DatabaseClosedError', 'InvalidStateError')) return new LibraryError('closed', MESSAGES.closed, { cause: e });
  if (has('MissingAPIError')) return new LibraryError('unavailable', MESSAGES.missingApi, { cause: e });
  if (has('OpenFailedError', 'UpgradeError')) return new LibraryError('unavailable', MESSAGES.openFailed, { cause: e });
  return new LibraryError('unknown', MESSAGES.unknown, { cause: e, detail: text });
}
