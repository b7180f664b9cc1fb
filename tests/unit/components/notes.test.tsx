import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { LibraryPage } from '../../../components/LibraryPage';
import { NoteEditor } from '../../../components/NoteEditor';
import { Popup } from '../../../components/Popup';
import { PaperStore } from '../../../components/store';
import { visibleRows } from '../../../components/view';
import { freshLibrary, HOUR, NOW, record, renderWith, titlesIn } from './helpers';

/** Notes and reading statuses in the popup, the library page and the search (issue 9). */

async function seeded() {
  const library = freshLibrary();
  const a = record({ title: 'Alpha: scaling laws', abstract: 'We measure compute budgets.' });
  const b = record({ title: 'Beta: robot hands', abstract: 'Dexterous manipulation.' });
  const c = record({ title: 'Gamma: protein folding', abstract: 'Structures from sequences.' });
  await library.recordSeen([a, b, c], NOW - 5 * HOUR);
  await library.star(a.id, NOW - 3 * HOUR);
  await library.star(b.id, NOW - 2 * HOUR);
  await library.star(c.id, NOW - HOUR);
  return { library, a, b, c };
}

/** Resolves when `store` has read everything in scope. */
function loaded(store: PaperStore): Promise<void> {
  return new Promise((resolve) => {
    const check = () => store.progress.done && (unsubscribe(), resolve());
    const unsubscribe = store.subscribe(check);
    check();
  });
}

const savedList = () => screen.getByRole('list', { name: /saved papers/i });
const listbox = () => screen.getByRole('grid', { name: /^Papers/ });

describe('PaperStore and notes', () => {
  it('keeps notes and statuses, and searches a note’s words, following changes as they are made', async () => {
    const { library, a, b } = await seeded();
    await library.setNote(a.id, 'Compare with the Chinchilla ablation', NOW);
    const store = new PaperStore(library, 'starred');
    const stop = store.start();
    await loaded(store);
    await store.flushIndex();
    expect(store.noteText(a.id)).toBe('Compare with the Chinchilla ablation');
    expect(store.search('chinchilla')?.hits.map((h) => h.id)).toEqual([a.id]);

    // A new note is found, a changed one no longer by its old words, a removed one not at all.
    await library.setNote(b.id, 'tactile sensing, read section 4', NOW);
    await library.setStatus(b.id, 'reading', NOW);
    await library.setNote(a.id, 'Superseded by the newer scaling paper', NOW);
    // Change notices arrive when they arrive (liveQuery): poll, do not guess a delay.
    await vi.waitFor(async () => {
      await store.settled();
      expect(store.notes.get(b.id)?.status).toBe('reading');
      expect(store.search('tactile')?.hits.map((h) => h.id)).toEqual([b.id]);
      expect(store.search('chinchilla')?.hits).toEqual([]);
      expect(store.search('superseded')?.hits.map((h) => h.id)).toEqual([a.id]);
    });
    await library.setNote(a.id, '', NOW);
    await vi.waitFor(async () => {
      await store.settled();
      expect(store.notes.has(a.id)).toBe(false);
      expect(store.search('superseded')?.hits).toEqual([]);
    });
    stop();
  });

  it('filters by status (or no status) and sorts by status: to read, reading, read, then none', async () => {
    const { library, a, b, c } = await seeded();
    await library.setStatus(a.id, 'read', NOW);
    await library.setStatus(b.id, 'to-read', NOW);
    const store = new PaperStore(library, 'all');
    const stop = store.start();
    await loaded(store);
    const view = (status: '' | 'to-read' | 'reading' | 'read' | 'none', sort: 'seen' | 'status' = 'seen') =>
      visibleRows(store, null, { sort, show: 'all', seenWithin: 'any', tagId: '', status, now: NOW }).map((r) => r.id);
    expect(view('read')).toEqual([a.id]);
    expect(view('to-read')).toEqual([b.id]);
    expect(view('reading')).toEqual([]);
    expect(view('none')).toEqual([c.id]);
    expect(view('', 'status')).toEqual([b.id, a.id, c.id]);
    stop();
  });
});

describe('NoteEditor', () => {
  it('saves the note on blur and on Ctrl+Enter, the status when picked, and shows a failure where the user typed', async () => {
    const saves: string[] = [];
    const statuses: (string | null)[] = [];
    let fail = false;
    let closed = 0;
    renderWith(
      <NoteEditor
        paperTitle="Alpha"
        note={undefined}
        onSaveNote={async (t) => {
          if (fail) throw new Error('disk full');
          saves.push(t);
        }}
        onSetStatus={async (s) => void statuses.push(s)}
        onClose={() => closed++}
      />,
      freshLibrary(),
    );
    const field = screen.getByRole('textbox', { name: 'Note on “Alpha”' });
    expect(document.activeElement).toBe(field);
    fireEvent.input(field, { target: { value: '  first thought  ' } });
    fireEvent.blur(field);
    await screen.findByText('Note saved.');
    expect(saves).toEqual(['first thought']);
    // Unchanged text: no second write.
    fireEvent.blur(field);
    expect(saves).toHaveLength(1);
    fireEvent.change(screen.getByRole('combobox', { name: 'Reading status of “Alpha”' }), { target: { value: 'reading' } });
    await screen.findByText('Marked “Reading”.');
    expect(statuses).toEqual(['reading']);

    fail = true;
    fireEvent.input(field, { target: { value: 'second thought' } });
    fireEvent.keyDown(field, { key: 'Enter', ctrlKey: true });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect((field as HTMLTextAreaElement).value).toBe('second thought');
    expect(closed).toBe(0);
    fail = false;
    fireEvent.keyDown(field, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(closed).toBe(1));
    expect(saves).toEqual(['first thought', 'second thought']);
  });
});

describe('Popup: notes and status', () => {
  it('sets a status and writes a note on a saved paper, shows both on its row, and finds it by a word of the note', async () => {
    const { library, a } = await seeded();
    renderWith(<Popup />, library);
    await waitFor(() => expect(titlesIn(savedList())).toHaveLength(3));
    const open = screen.getByRole('button', { name: 'Note and reading status of “Alpha: scaling laws”' });
    fireEvent.click(open);
    fireEvent.change(screen.getByRole('combobox', { name: 'Reading status of “Alpha: scaling laws”' }), { target: { value: 'to-read' } });
    await waitFor(async () => expect((await library.db.notes.get(a.id))?.status).toBe('to-read'));
    const field = screen.getByRole('textbox', { name: 'Note on “Alpha: scaling laws”' });
    fireEvent.input(field, { target: { value: 'Ask Dana about the <b>compute</b> budget' } });
    fireEvent.keyDown(field, { key: 'Enter', ctrlKey: true });
    await waitFor(async () => expect((await library.db.notes.get(a.id))?.text).toBe('Ask Dana about the <b>compute</b> budget'));
    // Closed, focus back on the button that opened it; the row shows the status and the note as text.
    await waitFor(() => expect(screen.queryByRole('textbox', { name: /Note on/ })).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Note and reading status of “Alpha: scaling laws”' }));
    const row = savedList().querySelector(`[data-paper-id="${a.id}"]`)!;
    await waitFor(() => expect(row.textContent).toContain('To read'));
    expect(row.textContent).toContain('Ask Dana about the <b>compute</b> budget');
    expect(row.querySelector('b')).toBeNull();

    fireEvent.input(screen.getByRole('searchbox', { name: 'Search saved papers' }), { target: { value: 'dana' } });
    await waitFor(() => expect(titlesIn(savedList())).toEqual(['Alpha: scaling laws']));
  });

  it('shows why a note was refused next to it, keeps the text, and writes nothing', async () => {
    const { library } = await seeded();
    renderWith(<Popup />, library);
    await waitFor(() => expect(titlesIn(savedList())).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'Note and reading status of “Alpha: scaling laws”' }));
    const field = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Note on “Alpha: scaling laws”' });
    expect(field.maxLength).toBe(20_000);
    // Past the field's limit (a script, or a browser that ignores maxlength): the library refuses it.
    fireEvent.input(field, { target: { value: 'x'.repeat(20_001) } });
    fireEvent.blur(field);
    const editor = screen.getByRole('group', { name: 'Note and reading status of “Alpha: scaling laws”' });
    expect((await within(editor).findByRole('alert')).textContent).toMatch(/A note can hold 20,000 characters/);
    expect(field.value).toHaveLength(20_001);
    expect(await library.db.notes.count()).toBe(0);
  });
});

describe('LibraryPage: notes and status', () => {
  it('filters and sorts by status, edits a note from the keyboard ("n"), and searches notes', async () => {
    const { library, a, b } = await seeded();
    await library.setStatus(b.id, 'reading', NOW);
    renderWith(<LibraryPage />, library);
    await waitFor(() => expect(titlesIn(listbox())).toHaveLength(3));
    const status = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Status' });
    await waitFor(() => expect(within(status).getByRole('option', { name: 'Reading (1)' })).toBeTruthy());
    fireEvent.change(status, { target: { value: 'reading' } });
    await waitFor(() => expect(titlesIn(listbox())).toEqual(['Beta: robot hands']));
    expect(listbox().textContent).toContain('Reading');
    fireEvent.change(status, { target: { value: 'none' } });
    await waitFor(() => expect(titlesIn(listbox()).sort()).toEqual(['Alpha: scaling laws', 'Gamma: protein folding']));
    fireEvent.change(status, { target: { value: '' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), { target: { value: 'status' } });
    await waitFor(() => expect(titlesIn(listbox())[0]).toBe('Beta: robot hands'));

    // "n" on the active row (Alpha, after sorting: Beta first, then the others by date seen).
    const list = listbox();
    list.focus();
    const activeTitle = () => list.querySelector('.pd-vrow.pd-active .pd-title')?.textContent;
    while (activeTitle() !== 'Alpha: scaling laws') fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'n' });
    const panel = await screen.findByRole('group', { name: 'Note and reading status of “Alpha: scaling laws”' });
    const field = within(panel).getByRole('textbox', { name: 'Note on “Alpha: scaling laws”' });
    expect(document.activeElement).toBe(field);
    fireEvent.input(field, { target: { value: 'zymurgy matters here' } });
    fireEvent.change(within(panel).getByRole('combobox', { name: 'Reading status of “Alpha: scaling laws”' }), {
      target: { value: 'read' },
    });
    fireEvent.keyDown(field, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('group', { name: /Note and reading status/ })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(listbox()));
    const stored = await library.db.notes.get(a.id);
    expect(stored).toMatchObject({ text: 'zymurgy matters here', status: 'read' });

    fireEvent.input(screen.getByRole('searchbox', { name: 'Search the library' }), { target: { value: 'zymurgy' } });
    await waitFor(() => expect(titlesIn(listbox())).toEqual(['Alpha: scaling laws']));
  });

  it('sets and clears the status of every selected paper', async () => {
    const { library, a, b, c } = await seeded();
    renderWith(<LibraryPage />, library);
    await waitFor(() => expect(titlesIn(listbox())).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: /^Select all/ }));
    await screen.findByText('3 papers selected');
    fireEvent.change(screen.getByRole('combobox', { name: 'Reading status for the selected papers' }), { target: { value: 'to-read' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set' }));
    expect(await screen.findByText('Marked 3 papers “To read”.')).toBeTruthy();
    expect((await library.db.notes.bulkGet([a.id, b.id, c.id])).map((n) => n?.status)).toEqual(['to-read', 'to-read', 'to-read']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Reading status for the selected papers' }), { target: { value: 'none' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set' }));
    expect(await screen.findByText('Cleared the status of 3 papers.')).toBeTruthy();
    expect(await library.db.notes.count()).toBe(0);
  });
});
