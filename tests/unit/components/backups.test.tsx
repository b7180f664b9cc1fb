import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { BackupsPanel } from '../../../components/BackupsPanel';
import { LibraryPage } from '../../../components/LibraryPage';
import { freshLibrary, NOW, record, renderWith } from './helpers';

describe('BackupsPanel', () => {
  it('says what uninstalling does, makes a backup, and restores one after a wipe', async () => {
    const library = freshLibrary();
    const paper = record({ title: 'Kept paper' });
    await library.star(paper, NOW);
    renderWith(<BackupsPanel />, library);
    expect(document.body.textContent).toContain('Uninstalling Paperdeck deletes it');
    await screen.findByText(/No backup yet/);
    fireEvent.click(screen.getByRole('button', { name: 'Back up now' }));
    await screen.findByText('Backup made.');
    const list = await screen.findByRole('list', { name: 'Backups kept in this browser' });
    expect(list.textContent).toContain('made by you · 1 star, 0 tags, 0 rules');
    await library.wipe();
    expect(await library.db.stars.count()).toBe(0);
    // The wipe kept its own backup; restore the one made by hand (the last in the list).
    await waitFor(async () => expect((await library.listBackups()).length).toBe(2));
    fireEvent.click(screen.getByRole('button', { name: 'Back up now' })); // re-renders the list
    await waitFor(() => expect(screen.getAllByRole('button', { name: /Restore the backup/ }).length).toBe(3));
    const restore = screen.getAllByRole('button', { name: /Restore the backup/ });
    fireEvent.click(restore[restore.length - 1]!);
    await screen.findByText(/Restored: 1 star/);
    expect(await library.db.stars.get(paper.id)).toBeTruthy();
  });

  describe('keeping the library under storage pressure (issue 17, item 9)', () => {
    /** navigator.storage as a browser gives it: persisted() as it stands, persist() answering `grants` in turn. */
    function storage(persisted: boolean, grants: boolean[]) {
      let state = persisted;
      const fake = {
        persisted: vi.fn(async () => state),
        persist: vi.fn(async () => (state = grants.shift() ?? false)),
      };
      Object.defineProperty(navigator, 'storage', { value: fake, configurable: true });
      return fake;
    }
    // happy-dom has no navigator.storage: each test puts its own, and takes it away.
    afterEach(() => {
      delete (navigator as { storage?: unknown }).storage;
    });

    it('asks the browser when the page opens (the worker cannot), and says it was granted', async () => {
      const fake = storage(false, [true]);
      renderWith(<BackupsPanel />, freshLibrary());
      await screen.findByText(/The browser keeps it even when disk space runs low\./);
      expect(fake.persist).toHaveBeenCalledTimes(1);
    });

    it('does not ask again when it is kept already', async () => {
      const fake = storage(true, []);
      renderWith(<BackupsPanel />, freshLibrary());
      await screen.findByText(/The browser keeps it even when disk space runs low\./);
      expect(fake.persist).not.toHaveBeenCalled();
    });

    it('says when the browser refused, and asks again when the user presses the button', async () => {
      const fake = storage(false, [false, true]);
      renderWith(<BackupsPanel />, freshLibrary());
      await screen.findByText(/The browser may clear it when disk space runs low\./);
      fireEvent.click(screen.getByRole('button', { name: 'Ask the browser to keep it' }));
      await screen.findByText(/The browser keeps it even when disk space runs low\./);
      expect(fake.persist).toHaveBeenCalledTimes(2);
      expect(screen.queryByRole('button', { name: 'Ask the browser to keep it' })).toBeNull();
    });
  });

  it('is on the library page beside export and import, and the page says what uninstalling does', async () => {
    const library = freshLibrary();
    renderWith(<LibraryPage />, library);
    expect(screen.getByRole('contentinfo').textContent).toMatch(/uninstalling Paperdeck deletes it/);
    fireEvent.click(screen.getByRole('tab', { name: 'Export & import' }));
    expect(await screen.findByRole('heading', { name: 'Backups' })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Export' })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Import' })).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Back up now' }));
    await screen.findByText('Backup made.');
    expect((await library.listBackups())[0]!.reason).toBe('manual');
  });
});
