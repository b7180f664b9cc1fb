import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { LibraryPage } from '../../../components/LibraryPage';
import { Popup } from '../../../components/Popup';
import { freshLibrary, HOUR, NOW, record, renderWith, titlesIn } from './helpers';

/** Keyboard focus and empty states where the user acts (issue 6, "Quality"). */

async function twoStarred() {
  const library = freshLibrary();
  const a = record({ title: 'Alpha: scaling laws' });
  const b = record({ title: 'Beta: robot hands' });
  await library.recordSeen([a, b], NOW - 5 * HOUR);
  await library.star(a.id, NOW - 2 * HOUR);
  await library.star(b.id, NOW - HOUR);
  return { library, a, b };
}

const savedList = () => screen.getByRole('list', { name: /saved papers/i });

describe('keyboard focus never falls to the page when a control goes away', () => {
  it('popup: un-starring moves focus to Undo, and Undo back to the paper’s star', async () => {
    const { library, a } = await twoStarred();
    renderWith(<Popup />, library);
    await waitFor(() => expect(titlesIn(savedList())).toHaveLength(2));
    const star = screen.getByRole('button', { name: `Unstar “${a.title}”` });
    star.focus();
    fireEvent.click(star);
    const undo = await screen.findByRole('button', { name: 'Undo' });
    await waitFor(() => expect(document.activeElement).toBe(undo));
    fireEvent.click(undo);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: `Unstar “${a.title}”` })));
  });

  it('popup: closing the tag editor gives focus back to the button that opened it', async () => {
    const { library, a } = await twoStarred();
    renderWith(<Popup />, library);
    await waitFor(() => expect(titlesIn(savedList())).toHaveLength(2));
    const open = screen.getByRole('button', { name: `Edit tags of “${a.title}”` });
    fireEvent.click(open);
    const input = screen.getByRole('combobox', { name: `Add a tag to “${a.title}”` });
    expect(document.activeElement).toBe(input);
    fireEvent.keyDown(input, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('combobox', { name: /Add a tag/ })).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('button', { name: `Edit tags of “${a.title}”` }));
  });

  it('library: "Delete…" moves focus to Cancel, and Cancel back to "Delete…"', async () => {
    const { library } = await twoStarred();
    renderWith(<LibraryPage />, library);
    const list = await screen.findByRole('grid', { name: /^Papers/ });
    await waitFor(() => expect(titlesIn(list)).toHaveLength(2));
    list.focus();
    fireEvent.keyDown(list, { key: ' ' });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete…' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' })));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete…' })));
    expect(await library.db.papers.count()).toBe(2);
  });
});

describe('empty states where the user acts', () => {
  it('exporting an empty library says there is nothing to export and downloads nothing', async () => {
    const library = freshLibrary();
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderWith(<LibraryPage />, library);
    await screen.findByText('Your library is empty.');
    fireEvent.click(screen.getByRole('tab', { name: 'Export & import' }));
    fireEvent.click(await screen.findByRole('radio', { name: /CSV/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByText(/Nothing to export yet: your library has no papers/)).toBeTruthy();
    expect(clicks).not.toHaveBeenCalled();
  });

  it('a backup of hide rules alone is still exported', async () => {
    const library = freshLibrary();
    await library.addRule({ kind: 'keyword', pattern: 'crypto' });
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:paperdeck-test');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderWith(<LibraryPage />, library);
    fireEvent.click(screen.getByRole('tab', { name: 'Export & import' }));
    await screen.findByRole('radio', { name: /JSON backup/ });
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(clicks).toHaveBeenCalledTimes(1));
  });
});

describe('a tab whose code is loaded on demand', () => {
  it('shows a loading state, then the component; if its code cannot load, says so in its place', async () => {
    const { lazyComponent } = await import('../../../components/lazy');
    const { render } = await import('@testing-library/preact');
    const Works = lazyComponent(
      async () =>
        ({ n }: { n: number }) => <p>loaded {n}</p>,
      { loading: 'Loading the working tab…', failed: 'x' },
    );
    const view = render(<Works n={3} />);
    expect(view.getByText('Loading the working tab…')).toBeTruthy();
    expect(await view.findByText('loaded 3')).toBeTruthy();
    view.unmount();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const Broken = lazyComponent<object>(() => Promise.reject(new Error('chunk gone')), {
      loading: 'Loading the broken tab…',
      failed: 'Paperdeck could not load the broken tab. Reload the page and try again.',
    });
    const broken = render(<Broken />);
    expect((await broken.findByRole('alert')).textContent).toBe('Paperdeck could not load the broken tab. Reload the page and try again.');
  });
});
