import { z } from '../model/zod';
import { LibrarySnapshot } from '../model/library';
import { integrityProblems } from '../model/integrity';
import { utf8Length } from './items';
import { formatMegabytes, t } from '../i18n';

/**
 * The JSON backup: a versioned envelope around a LibrarySnapshot.
 *
 * Reading one is the only place where data from outside enters the library in bulk, so
 * `parseBackup` checks everything before anything may be written: size (before decoding), UTF-8,
 * JSON syntax, forbidden keys, format name, version, the zod contract, and the references between
 * papers, stars, tags and links. It never throws; a refusal is a sentence for the user.
 */

export const BACKUP_FORMAT = 'paperdeck-backup';
/**
 * Version 1: `library` is a LibrarySnapshot as of lib/model/library.ts (2026-11). `notes` (notes
 * and reading statuses) and `notInterested` ("not interested" marks of the ranking) were added
 * later in version 1 as optional fields: older files lack them.
 * Version 2 (2026-12): a rule may be a follow rule (`action: "follow"`). A version-1 reader would
 * drop the unknown field and read it as a *hide* rule — hiding the very papers the user follows —
 * so a backup that holds a follow rule is written as version 2, which such readers refuse as
 * "made by a newer version"; a backup without one is still written as version 1 (every reader
 * takes it). Version 2 reads as version 1 does: nothing to upgrade.
 * Bump it when a stored field changes meaning; keep reading every older version (add a named,
 * commented upgrade step here), and refuse newer ones with a clear message.
 */
export const BACKUP_VERSION = 2;
/** The version a backup of `rules` is written as (see BACKUP_VERSION). */
export function backupVersionFor(rules: readonly { action?: string }[]): 1 | 2 {
  return rules.some((r) => r.action === 'follow') ? 2 : 1;
}
/** A library of 40,000 papers with abstracts is about 60 MB as pretty JSON, 45 MB compact. */
export const MAX_BACKUP_BYTES = 50 * 1024 * 1024;

export const BackupApp = z.strictObject({ name: z.string().min(1).max(100), version: z.string().min(1).max(100) });
export type BackupApp = z.infer<typeof BackupApp>;

export const BackupEnvelope = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.union([z.literal(1), z.literal(BACKUP_VERSION)]),
  exportedAt: z.iso.datetime(),
  app: BackupApp,
  library: LibrarySnapshot,
});
export type BackupEnvelope = z.infer<typeof BackupEnvelope>;

export const DEFAULT_APP: BackupApp = { name: 'Paperdeck', version: 'unknown' };

/**
 * The backup file's text: pretty JSON (2-space indent), newline-terminated. `app.version` should
 * be the extension's (`browser.runtime.getManifest().version`); it is informational only.
 */
export function serializeBackup(snapshot: LibrarySnapshot, now: Date, app: BackupApp = DEFAULT_APP): string {
  const { papers, stars, tags, paperTags, rules, settings, notes = [], notInterested = [] } = snapshot;
  const envelope: BackupEnvelope = {
    format: BACKUP_FORMAT,
    version: backupVersionFor(rules),
    exportedAt: now.toISOString(),
    app: { name: app.name, version: app.version },
    // Listed field by field so nothing but the contract's fields reaches the file.
    library: { papers, stars, tags, paperTags, rules, settings, notes, notInterested },
  };
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

// ---- reading ------------------------------------------------------------------------------------

export type BackupResult = { ok: true; backup: BackupEnvelope } | { ok: false; error: string };

export interface ParseBackupOptions {
  /** Refuse input larger than this many bytes (UTF-8). Default MAX_BACKUP_BYTES. */
  maxBytes?: number;
}

/** What `File` and `Blob` offer; the size is checked before a byte is read. */
export interface BlobLike {
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

const fail = (error: string): BackupResult => ({ ok: false, error });

function tooLarge(bytes: number, max: number): BackupResult {
  return fail(t('backupTooLarge', formatMegabytes(bytes), formatMegabytes(max)));
}

/**
 * Keys that can reach an object's prototype when data is later copied with `Object.assign`, a
 * `for…in` merge or a path setter. No backup field has these names, so their presence anywhere
 * means a crafted file. (JSON.parse itself only creates own properties; the check is for whatever
 * handles the data after us.)
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

class ForbiddenKeyError extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

function refuseForbiddenKeys(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(key);
  return value;
}

/** Read a backup from a File or Blob: the size is checked before the content is read. */
export async function parseBackupFile(file: BlobLike, opts: ParseBackupOptions = {}): Promise<BackupResult> {
  const max = opts.maxBytes ?? MAX_BACKUP_BYTES;
  if (file.size > max) return tooLarge(file.size, max);
  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch {
    return fail(t('importUnreadable'));
  }
  return parseBackup(new Uint8Array(bytes), opts);
}

/**
 * Validate a backup. Never throws: `{ ok: false, error }` carries a message for the user, and
 * nothing may be written unless `ok` is true.
 */
export function parseBackup(input: string | Uint8Array | ArrayBuffer, opts: ParseBackupOptions = {}): BackupResult {
  try {
    return parse(input, opts.maxBytes ?? MAX_BACKUP_BYTES);
  } catch (e) {
    // A bug or an engine limit we did not foresee; refuse rather than crash the import page.
    return fail(t('backupUnreadable', e instanceof Error ? e.message : String(e)));
  }
}

function parse(input: string | Uint8Array | ArrayBuffer, max: number): BackupResult {
  let text: string;
  if (typeof input === 'string') {
    // Each UTF-16 unit is 1–3 UTF-8 bytes: count exactly only when the bounds do not settle it.
    // Over the cap by length alone, the length is the size shown (exact for ASCII, else a lower bound).
    if (input.length > max) return tooLarge(input.length, max);
    if (input.length * 3 > max) {
      const bytes = utf8Length(input);
      if (bytes > max) return tooLarge(bytes, max);
    }
    text = input;
  } else if (ArrayBuffer.isView(input) || Object.prototype.toString.call(input) === '[object ArrayBuffer]') {
    // isView and the tag, not instanceof: a buffer from another realm (frame, worker) still counts.
    const bytes = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
    if (bytes.byteLength > max) return tooLarge(bytes.byteLength, max);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fail(t('backupNotUtf8'));
    }
  } else {
    return fail(t('backupNoText'));
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) return fail(t('backupEmpty'));

  let data: unknown;
  try {
    data = JSON.parse(text, refuseForbiddenKeys);
  } catch (e) {
    if (e instanceof ForbiddenKeyError) {
      return fail(t('backupForbiddenKey', e.key));
    }
    // V8 throws RangeError; Firefox throws InternalError "too much recursion".
    if (e instanceof RangeError || /recursion/i.test(String(e))) {
      return fail(t('backupTooDeep'));
    }
    return fail(t('backupNotJson'));
  }

  if (typeof data !== 'object' || data === null || Array.isArray(data) || (data as { format?: unknown }).format !== BACKUP_FORMAT) {
    return fail(t('backupNotBackup'));
  }
  const version = (data as { version?: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(t('backupNoVersion'));
  }
  if (version > BACKUP_VERSION) {
    return fail(t('backupNewer', version, BACKUP_VERSION));
  }

  const parsed = BackupEnvelope.safeParse(data);
  if (!parsed.success) return fail(describeIssues(parsed.error.issues));

  const problems = integrityProblems(parsed.data.library);
  if (problems.length) return fail(t('backupInconsistent', summarise(problems)));

  return { ok: true, backup: parsed.data };
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  }
  return out || t('backupTopLevel');
}

const SHOWN_PROBLEMS = 3;

function summarise(problems: readonly string[]): string {
  const more = problems.length - SHOWN_PROBLEMS;
  const shown = problems.slice(0, SHOWN_PROBLEMS).join('; ');
  return more > 0 ? t('listAndMore', shown, more) : shown;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  return t('backupDamaged', summarise(lines));
}

export { integrityProblems };
