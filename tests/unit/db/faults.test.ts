import Dexie, { type DBCore, type Middleware } from 'dexie';
import { z } from '../../../lib/model/zod';
import { LibraryError, MESSAGES, toLibraryError } from '../../../lib/db/errors';
import { PaperdeckDB, declareVersions } from '../../../lib/db/database';
import { Library } from '../../../lib/db/library';
import { T0, arxivId, freshLibrary, record, records, uniqueName } from './helpers';

const quotaDom = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('toLibraryError', () => {
  const cases: Array<[string, unknown, LibraryError['code'], string?]> = [
    ['DOMException QuotaExceededError', quotaDom(), 'quota', MESSAGES.quota],
    ['Dexie.QuotaExceededError', new Dexie.QuotaExceededError('full'), 'quota'],
    ['AbortError wrapping quota', new Dexie.AbortError('aborted', quotaDom()), 'quota'],
    ['BulkError with a quota failure', new Dexie.BulkError('bulk', { 3: quotaDom() }), 'quota'],
    ['Firefox quota name', { name: 'NS_ERROR_DOM_QUOTA_REACHED', message: '' }, 'quota'],
    ['DatabaseClosedError', new Dexie.DatabaseClosedError(), 'closed', MESSAGES.closed],
    ['InvalidStateError (connection closing)', new DOMException('The database connection is closing.', 'InvalidStateError'), 'closed'],
    [
      'VersionError (database from a newer Paperdeck)',
      new Dexie.OpenFailedError('open', new Dexie.VersionError('v')),
      'blocked',
      MESSAGES.newerVersion,
    ],
    ['VersionChangeError', new Dexie.VersionChangeError('vc'), 'blocked', MESSAGES.blocked],
    ['a blocked open', { name: 'BlockedError', message: 'blocked' }, 'blocked', MESSAGES.blocked],
    ['MissingAPIError', new Dexie.MissingAPIError(), 'unavailable', MESSAGES.missingApi],
    ['OpenFailedError', new Dexie.OpenFailedError('nope'), 'unavailable', MESSAGES.openFailed],
    ['ZodError', z.string().safeParse(3).error, 'invalid'],
    ['anything else', new TypeError('boom'), 'unknown', MESSAGES.unknown],
  ];
  it.each(cases)('%s', (_label, error, code, message) => {
    const mapped = toLibraryError(error);
    expect(mapped).toBeInstanceOf(LibraryError);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toBe(mapped.userMessage);
    if (message) expect(mapped.userMessage).toBe(message);
  });

  it('passes a LibraryError through and keeps technical detail', () => {
    const e = new LibraryError('invalid', 'nope');
    expect(toLibraryError(e)).toBe(e);
    expect(toLibraryError(new TypeError('boom')).detail).toBe('boom');
  });
});

/** A middleware that makes writes to chosen tables fail as a full disk would. */
function quotaOn(tables: Set<string>): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'simulated-quota',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) => (tables.has(name) ? Promise.reject(quotaDom()) : table.mutate(req)),
        };
      },
    }),
  };
}

describe('a failed write loses nothing', () => {
  it('quota exceeded mid-transaction: clear error, whole write rolled back, earlier rows intact', async () => {
    const failing = new Set<string>();
    const db = new PaperdeckDB(uniqueName());
    db.use(quotaOn(failing));
    const library = new Library(db);
    await library.recordSeen(records(20), T0);
    await library.star(arxivId(1), T0);
    const before = await library.exportSnapshot();

    // star(record) writes papers, then stars: the stars write fails, so the paper write must not stick.
    failing.add('stars');
    const error = await library.star(record(arxivId(500)), T0 + 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibraryError);
    expect(error).toMatchObject({ code: 'quota', userMessage: MESSAGES.quota });
    expect(await db.papers.get(arxivId(500))).toBeUndefined();

    // A page read that cannot even be logged fails with the same clear error.
    failing.clear();
    failing.add('journal');
    await expect(library.recordSeen(records(50, 10), T0 + 2)).rejects.toMatchObject({ code: 'quota' });
    expect(await db.journal.count()).toBe(0);

    // Logged, but the merge into papers hits the quota: it rolls back and the read stays logged.
    failing.clear();
    failing.add('papers');
    await library.recordSeen(records(50, 10), T0 + 2);
    await expect(library.settle()).rejects.toMatchObject({ code: 'quota' });
    expect(await db.journal.count()).toBe(1);
    // An export (the way out of a full disk) still works, with what is merged.
    const during = await library.exportSnapshot();
    expect(during.papers).toEqual(before.papers);
    expect(during.stars).toEqual(before.stars);
    failing.clear();

    const after = await library.exportSnapshot();
    // Ids 0–19 were known, 10–59 were logged: 60 papers.
    expect(after.papers.length).toBe(60);
    expect(after.papers.slice(0, 10)).toEqual(before.papers.slice(0, 10)); // not in the logged read
    expect(after.papers.find((p) => p.id === arxivId(15))).toMatchObject({ seenCount: 2, lastSeenAt: T0 + 2 });
    expect(after.stars).toEqual(before.stars);
    // The library works again once there is room.
    await library.star(record(arxivId(500)), T0 + 3);
    expect(await db.stars.count()).toBe(2);
    db.close();
  });

  it('a closed database gives a clear error; reopening finds everything', async () => {
    const { db, library, name } = freshLibrary();
    await library.star(record(arxivId(3)), T0);
    db.close(); // what Dexie does when told to stop (no auto-reopen)
    await expect(library.star(record(arxivId(4)))).rejects.toMatchObject({ code: 'closed', userMessage: MESSAGES.closed });
    await expect(library.getState([arxivId(3)])).rejects.toMatchObject({ code: 'closed' });
    const reopened = new Library(new PaperdeckDB(name));
    expect((await reopened.getState([arxivId(3)]))[arxivId(3)]!.starred).toBe(true);
  });

  it('a connection the browser closes (storage cleared, versionchange) reopens by itself', async () => {
    const { db, library } = freshLibrary();
    await library.star(record(arxivId(3)), T0);
    db.close({ disableAutoOpen: false });
    expect((await library.getState([arxivId(3)]))[arxivId(3)]!.starred).toBe(true);
  });

  it('a database left by a newer Paperdeck is refused and keeps its rows (see downgrade.test.tsx)', async () => {
    // Dexie 4 does not fail with VersionError here: it would open the newer database as it is,
    // adding what its own schema lacks (native version + 1). PaperdeckDB refuses it once open
    // (refuseNewerSchema), before any read or write of its own; Dexie's additions drop nothing.
    for (const level of ['log', 'info', 'debug', 'warn'] as const) vi.spyOn(console, level).mockImplementation(() => {});
    const name = uniqueName('newer');
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(name, 990); // Dexie stores version n as n*10: this is "v99"
      req.onupgradeneeded = () =>
        req.result.createObjectStore('papers', { keyPath: 'id' }).put({ id: arxivId(1), title: 'kept', futureField: 1 });
      req.onsuccess = () => (req.result.close(), resolve());
      req.onerror = () => reject(req.error);
    });
    const db = new PaperdeckDB(name);
    const library = new Library(db);
    await expect(library.counts()).rejects.toMatchObject({ code: 'blocked', userMessage: MESSAGES.newerVersion });
    db.close();
    const row = await new Promise((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => {
        const get = req.result.transaction('papers').objectStore('papers').get(arxivId(1));
        get.onsuccess = () => (req.result.close(), resolve(get.result));
        get.onerror = () => reject(get.error);
      };
      req.onerror = () => reject(req.error);
    });
    expect(row).toEqual({ id: arxivId(1), title: 'kept', futureField: 1 });
  });
});

describe('a blocked upgrade', () => {
  it('reports "blocked" while another connection holds the old version, then proceeds', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const name = uniqueName('blocked');
    // A foreign connection at v1 that ignores versionchange (Dexie's own connections step aside).
    const v1 = new Dexie(name);
    declareVersions(v1, 1);
    await v1.open();
    await v1.table('stars').add({ paperId: arxivId(1), starredAt: T0 });
    v1.on('versionchange', () => false); // returning false stops Dexie's default close()
    const library = new Library(new PaperdeckDB(name));
    const error = await library.counts().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'blocked', userMessage: MESSAGES.blocked });
    v1.close();
    expect((await library.counts()).starred).toBe(1);
    library.db.close();
  });
});

describe('concurrent writers', () => {
  it('two tabs starring 500 papers each at the same time lose none', async () => {
    const name = uniqueName('race');
    const a = new Library(new PaperdeckDB(name));
    const b = new Library(new PaperdeckDB(name));
    const first = records(500, 0);
    const second = records(500, 500);
    // Interleave 1,000 separate transactions over two connections; 50 papers are starred by both.
    const shared = records(50, 250);
    await Promise.all([
      ...first.map((r, i) => a.star(r, T0 + i)),
      ...second.map((r, i) => b.star(r, T0 + i)),
      ...shared.map((r, i) => b.star(r, T0 + 1000 + i)),
    ]);
    const check = new PaperdeckDB(name);
    expect(await check.stars.count()).toBe(1000);
    expect(await check.papers.count()).toBe(1000);
    // The paper counter (kept by each write, for the popup) agrees.
    expect((await new Library(check).counts()).papers).toBe(1000);
    // A paper starred by both keeps one star.
    expect(await check.stars.where('paperId').equals(arxivId(260)).count()).toBe(1);
    // And concurrent tagging with the same new name makes one tag.
    await Promise.all([a.tag(arxivId(1), 'Race'), b.tag(arxivId(2), 'race'), a.tag(arxivId(3), 'RACE ')]);
    expect(await check.tags.count()).toBe(1);
    expect(await check.paperTags.count()).toBe(3);
    for (const db of [a.db, b.db, check]) db.close();
  });
});
