import Dexie from 'dexie';
import { screen } from '@testing-library/preact';
import { LATEST_VERSION, PaperdeckDB, declareVersions } from '../../../lib/db/database';
import { LibraryError, MESSAGES } from '../../../lib/db/errors';
import { Library } from '../../../lib/db/library';
import { Popup } from '../../../components/Popup';
import { LibraryPage } from '../../../components/LibraryPage';
import { renderWith } from '../components/helpers';
import { T0, arxivId, freshLibrary, records, uniqueName } from './helpers';

/** A database as a newer Paperdeck would declare it: every version this code knows, then one more. */
function futureDexie(name: string, future: Record<string, string>): Dexie {
  const db = new Dexie(name);
  declareVersions(db);
  db.version(LATEST_VERSION + 1).stores(future);
  return db;
}

/** Every row of every table, as stored (the raw view, through the newer declaration). */
async function everything(db: Dexie): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) out[table.name] = await table.toArray();
  return out;
}

/** A library made by today's code, then opened once by a newer version that adds a table. */
async function libraryFromTheFuture(future: Record<string, string>) {
  const { db, library, name } = freshLibrary(uniqueName('downgrade'));
  await library.recordSeen(records(30), T0);
  await library.star(arxivId(3), T0 + 1);
  await library.tag(arxivId(4), 'moe', T0 + 2);
  await library.setNote(arxivId(5), 'read the appendix', T0 + 3);
  await library.addRule({ kind: 'keyword', pattern: 'agents' });
  await library.makeBackup('manual');
  db.close();
  const newer = futureDexie(name, future);
  await newer.open();
  if (newer.tables.some((t) => t.name === 'digests')) await newer.table('digests').put({ day: '2026-12-01', ids: [arxivId(1)] });
  const before = await everything(newer);
  const nativeVersion = newer.backendDB().version;
  newer.close();
  return { name, before, nativeVersion };
}

describe('a database written by a newer Paperdeck (downgrade)', () => {
  it('is refused with a clear message; nothing is read, written or deleted', async () => {
    const { name, before, nativeVersion } = await libraryFromTheFuture({ digests: 'day' });
    expect(nativeVersion).toBe((LATEST_VERSION + 1) * 10);

    const db = new PaperdeckDB(name);
    const library = new Library(db);
    const refusal = await library.counts().then(
      () => null,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(LibraryError);
    expect((refusal as LibraryError).userMessage).toBe(MESSAGES.newerVersion);
    expect((refusal as LibraryError).userMessage).toMatch(/newer version of Paperdeck.*Nothing was lost/);
    // Every operation says the same, however often it is tried.
    await expect(library.star(arxivId(7))).rejects.toMatchObject({ userMessage: MESSAGES.newerVersion });
    await expect(library.getSettings()).rejects.toMatchObject({ userMessage: MESSAGES.newerVersion });
    db.close();

    // The newer version finds its database as it left it: same version, every row.
    const newer = futureDexie(name, { digests: 'day' });
    await newer.open();
    expect(newer.backendDB().version).toBe(nativeVersion);
    expect(await everything(newer)).toEqual(before);
    expect((before.papers ?? []).length).toBe(30);
    expect((before.backups ?? []).length).toBe(1);
    newer.close();
  });

  it('is refused too when the newer schema dropped an index this code declares (Dexie adds the index back; no row changes)', async () => {
    // As the planned v4 does: papers without the titleWords index.
    const dropped = { papers: 'id, firstSeenDay, lastSeenAt' };
    const { name, before } = await libraryFromTheFuture(dropped);
    const db = new PaperdeckDB(name);
    await expect(db.open()).rejects.toMatchObject({ name: 'VersionError' });
    db.close();
    const newer = futureDexie(name, dropped);
    await newer.open();
    expect(await everything(newer)).toEqual(before);
    newer.close();
  });

  it('opens a database at its own version as usual (the check does not refuse itself)', async () => {
    const { db, library } = freshLibrary(uniqueName('same-version'));
    await library.recordSeen(records(3), T0);
    db.close();
    const again = new PaperdeckDB(db.name);
    expect((await new Library(again).counts()).papers).toBe(3);
    expect(again.backendDB().version).toBe(LATEST_VERSION * 10);
    again.close();
  });

  it('the popup and the library page say so in place of the lists', async () => {
    const { name } = await libraryFromTheFuture({ digests: 'day' });
    const popupDb = new PaperdeckDB(name);
    const popup = renderWith(<Popup />, new Library(popupDb));
    expect((await screen.findByRole('alert')).textContent).toBe(MESSAGES.newerVersion);
    expect(screen.queryByText('No saved papers yet.')).toBeNull();
    popup.unmount();
    popupDb.close();

    const pageDb = new PaperdeckDB(name);
    renderWith(<LibraryPage />, new Library(pageDb));
    expect((await screen.findByRole('alert')).textContent).toContain(MESSAGES.newerVersion);
    pageDb.close();
  });
});
