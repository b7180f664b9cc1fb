import type { Table } from 'dexie';
import { ArxivId } from '../model/paper';
import type { Tag } from '../model/library';
import { t } from '../i18n';
import { PAPER_COUNT, type PaperdeckDB, type TagRow } from './database';
import { LibraryError, MESSAGES, toLibraryError } from './errors';
import type { ChangeKind, LibraryChange } from './schemas';

/**
 * What every part of the library shares: the database, its transactions and the change
 * announcements. Each write is one Dexie transaction (it happens entirely or not at all) and,
 * once committed, is announced to `onChange` subscribers (lib/messaging broadcasts it to content
 * scripts). Anything thrown comes out as a LibraryError with a message for the user.
 */
export class Core {
  private readonly listeners = new Set<(change: LibraryChange) => void>();

  /**
   * @param settled resolves once every page read logged in the journal is merged into papers
   * (journal.ts); reads and writes that need every paper call it first.
   */
  constructor(
    readonly db: PaperdeckDB,
    readonly settled: () => Promise<void>,
  ) {}

  /** Called after each committed write. Returns an unsubscribe function. */
  onChange(listener: (change: LibraryChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(ids: string[], what: ChangeKind[]): void {
    const change = { ids, what };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (e) {
        console.error('[paperdeck] library change listener failed', e);
      }
    }
  }

  async write<T>(tables: Table[], scope: () => Promise<T>): Promise<T> {
    try {
      return await this.unlessBlocked(this.db.transaction('rw', tables, scope));
    } catch (e) {
      throw toLibraryError(e);
    }
  }

  async read<T>(tables: Table[], scope: () => Promise<T>): Promise<T> {
    try {
      return await this.unlessBlocked(this.db.transaction('r', tables, scope));
    } catch (e) {
      throw toLibraryError(e);
    }
  }

  /**
   * A read of one table in the transaction Dexie makes for it: no explicit transaction to set up
   * and wait for (which costs the extension pages' live updates a little latency, and one table
   * needs no consistent picture across tables).
   */
  async query<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (e) {
      throw toLibraryError(e);
    }
  }

  /** Keeps the paper counter (inside a write transaction that covers `meta`). */
  async countAdded(added: number): Promise<void> {
    if (added === 0) return;
    const row = await this.db.meta.get(PAPER_COUNT);
    // No counter (should not happen): leave it missing; paperCount() rebuilds it.
    if (row) await this.db.meta.put({ key: PAPER_COUNT, value: row.value + added });
  }

  /** The number of papers, from the counter; rebuilt by counting if it is missing. */
  async paperCount(): Promise<number> {
    const row = await this.read([this.db.meta], () => this.db.meta.get(PAPER_COUNT));
    if (row) return row.value;
    return this.write([this.db.papers, this.db.meta], async () => {
      const value = await this.db.papers.count();
      await this.db.meta.put({ key: PAPER_COUNT, value });
      return value;
    });
  }

  /**
   * While the database is still opening, an upgrade can wait indefinitely for another
   * connection holding an older version (Dexie's own connections step aside, a foreign one may
   * not). Tell the user instead of leaving the click hanging. The operation itself stays queued
   * and runs if the other connection closes.
   */
  private unlessBlocked<T>(operation: Promise<T>): Promise<T> {
    if (this.db.isOpen()) return operation;
    return new Promise<T>((resolve, reject) => {
      const onBlocked = () => reject(new LibraryError('blocked', MESSAGES.blocked));
      this.db.on('blocked', onBlocked);
      operation.then(resolve, reject).finally(() => this.db.on('blocked').unsubscribe(onBlocked));
    });
  }
}

// ---- small helpers the parts share ----------------------------------------------------------

export function invalid(message: string): LibraryError {
  return new LibraryError('invalid', message);
}

export function checkPaperId(id: unknown): string {
  if (!ArxivId.safeParse(id).success) throw invalid(t('errorNotArxivId', String(id)));
  return id as string;
}

export function newId(): string {
  // randomUUID exists only in secure contexts (extension pages are; a plain http test page isn't).
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function toTag(row: TagRow): Tag {
  return { id: row.id, name: row.name, colour: row.colour, createdAt: row.createdAt };
}

export function byName(a: Tag, b: Tag): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id);
}
