import type { HideRule, PaperState, ReadingStatus, RuleStop, Settings, Tag } from '../model/library';
import type { PaperRecord } from '../model/paper';
import type { RuleInput } from '../topics/rules';
import type { CHANGE_KINDS } from '../messaging/wire';
import { t } from '../i18n';

/**
 * What the page features need from the library. In the content script this is the message
 * client (lib/messaging/client); in unit tests, a `Library` over fake-indexeddb.
 */
export interface PageLibrary {
  /** A page's read: each record with the hash of its long texts when sent with them, null when light (lib/model/record-texts.ts). */
  recordRead(reads: [PaperRecord, string | null][]): Promise<unknown>;
  /** Of these [id, hash of the texts read] pairs, the papers to send with their texts. */
  staleTexts(pairs: [string, string][]): Promise<string[]>;
  getState(ids: string[]): Promise<Record<string, PaperState>>;
  star(record: PaperRecord): Promise<unknown>;
  unstar(id: string): Promise<unknown>;
  tag(paperId: string, tagName: string): Promise<Tag>;
  untag(paperId: string, tagId: string): Promise<unknown>;
  listTags(): Promise<Tag[]>;
  listRules(): Promise<HideRule[]>;
  addRule(input: RuleInput): Promise<HideRule>;
  removeRule(id: string): Promise<unknown>;
  /** Only to turn off a rule that was too slow on this page (the background allows no other change from here). */
  updateRule(id: string, patch: { enabled: false; stopped: RuleStop }): Promise<unknown>;
  getSettings(): Promise<Settings>;
  setNote(paperId: string, text: string): Promise<unknown>;
  setStatus(paperId: string, status: ReadingStatus | null): Promise<unknown>;
  /** Stars the known papers among ids in one transaction; resolves to how many were newly starred. */
  starMany(ids: string[]): Promise<number>;
  unstarMany(ids: string[]): Promise<number>;
}

/** A write somewhere else (another tab, the popup) that the page should reflect. */
export interface PageChange {
  ids: string[];
  /** `rank`: the "for you" model changed (lib/page/relevance refreshes its marks). */
  what: Array<(typeof CHANGE_KINDS)[number]>;
}

/** The user-facing text of an error from the library (LibraryError.userMessage when present). */
export function errorMessage(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { userMessage?: unknown; message?: unknown };
    if (typeof e.userMessage === 'string' && e.userMessage) return e.userMessage;
    if (typeof e.message === 'string' && e.message) return e.message;
  }
  return t('genericError');
}
