import { t } from '../i18n';
import type { z } from '../model/zod';

import { LibraryError, MESSAGES } from './library-error';

export { LibraryError, MESSAGES };

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
    const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - max;
  return more > 0 ? t('listAndMore', parts.join('; '), more) : parts.join('; ');
}

/**
 * A zod error, told by its shape: this module is part of every extension page's first screen,
 * which loads no zod (lib/db/deferred.ts), so it cannot use `instanceof z.ZodError`.
 */
function isZodError(e: unknown): e is z.ZodError {
  if (typeof e !== 'object' || e === null) return false;
  const { name, issues } = e as { name?: unknown; issues?: unknown };
  return (name === 'ZodError' || name === '$ZodError') && Array.isArray(issues);
}

/** Maps anything thrown by Dexie, IndexedDB or zod to a LibraryError with a clear message. */
export function toLibraryError(e: unknown): LibraryError {
  if (e instanceof LibraryError) return e;
  if (isZodError(e)) {
    return new LibraryError('invalid', t('errorInvalidData', describeZodError(e)), { cause: e });
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
