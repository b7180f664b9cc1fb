import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { Popup } from '../../../components/Popup';
import { PAGE_SHORTCUTS, SHORTCUT_LABEL_KEYS } from '../../../lib/page/shortcut-keys';
import { t } from '../../../lib/i18n';
import { freshLibrary, HOUR, NOW, record, renderWith, titlesIn } from './helpers';

async function seedStarred() {
  const library = freshLibrary();
  const a = record({ title: 'Alpha: scaling laws', abstract: 'We measure compute budgets.', upvotes: 12, publishedAt: '2026-11-20' });
  const b = record({
    title: 'Beta: robot hands',
    abstract: 'Dexterous manipulation with tactile sensors.',
    organization: { slug: 'acme', name: 'Acme Labs' },
    aiSummary: 'A glove of sensors teaches robot hands to grasp.',
  });
  const c = record({ title: 'Gamma: protein folding', abstract: 'Structures from sequences.' });
  const unstarred = record({ title: 'Delta: never starred', abstract: 'tactile too' });
  await library.recordSeen([a, b, c, unstarred], NOW - 5 * HOUR);
  await library.star(b.id, NOW - 3 * HOUR);
  await library.star(a.id, NOW - 2 * HOUR);
  await library.star(c.id, NOW - 1 * HOUR);
  return { library, a, b, c };
}

const list = () => screen.getByRole('list', { name: /saved papers/i });

describe('Popup', () => {
  it('shows a loading state, then the starred papers, newest first, linking to their pages', async () => {
    const { library, a, c } = await seedStarred();
    renderWith(<Popup />, library);
    expect(screen.getByText(/loading your saved papers/i)).toBeTruthy();
    await waitFor(() => expect(titlesIn(list())).toEqual(['Gamma: protein folding', 'Alpha: scaling laws', 'Beta: robot hands']));
    const link = screen.getByRole('link', { name: 'Gamma: protein folding' });
    expect(link.getAttribute('href')).toBe(`https://huggingface.co/papers/${c.id}`);
    expect(link.getAttribute('target')).toBe('_blank');
    const alpha = list().querySelector(`[data-paper-id="${a.id}"]`)!;
    expect(alpha.textContent).toContain('▲ 12');
    expect(alpha.textContent).toMatch(/2026/);
    expect(list().textContent).toContain('Acme Labs');
  });

  it('shows the AI summary as a TL;DR line, and finds a paper by it', async () => {
    const { library, a, b } = await seedStarred();
    renderWith(<Popup />, library);
    await waitFor(() => expect(titlesIn(list())).toHaveLength(3));
    const beta = list().querySelector(`[data-paper-id="${b.id}"]`)!;
    const tldr = beta.querySelector('.pd-tldr')!;
    expect(tldr.textContent).toBe('TL;DR A glove of sensors teaches robot hands to grasp.');
    expect(tldr.querySelector('abbr')!.getAttribute('title')).toBe("Hugging Face's AI-generated summary of the paper");
    expect(list().querySelector(`[data-paper-id="${a.id}"] .pd-tldr`)).toBeNull(); // none without one
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search saved papers' }), { target: { value: 'glove' } });
    await waitFor(() => expect(titlesIn(list())).toEqual(['Beta: robot hands']));
  });

  it('shows the counts', async () => {
    const { library } = await seedStarred();
    renderWith(<Popup />, library);
    const counts = await screen.findByText('Saved', { selector: 'dt' });
    await waitFor(() => expect(counts.parentElement!.textContent).toBe('Saved3'));
    expect(screen.getByText('Seen today').parentElement!.textContent).toBe('Seen today4');
    expect(screen.getByText('New').parentElement!.textContent).toBe('New4');
  });

  it('shows an empty state when nothing is starred', async () => {
    const library = freshLibrary();
    renderWith(<Popup />, library);
    expect(await screen.findByText('No saved papers yet.')).toBeTruthy();
  });

  it('filters as you type, by a word of the abstract (starred papers only)', async () => {
    const { library } = await seedStarred();
    renderWith(<Popup />, library);
    await waitFor(() => expect(titlesIn(list())).toHaveLength(3));
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search saved papers' }), { target: { value: 'tactile' } });
    await waitFor(() => expect(titlesIn(list())).toEqual(['Beta: robot hands']));
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'zebra' } });
    expect(await screen.findByText(/No saved paper matches “zebra”/)).toBeTruthy();
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: '' } });
    await waitFor(() => expect(titlesIn(list())).toHaveLength(3));
  });

  it('filters by tag', async () => {
    const { library, a } = await seedStarred();
    const tag = await library.tag(a.id, 'scaling');
    renderWith(<Popup />, library);
    await waitFor(() => expect(titlesIn(list())).toHaveLength(3));
    const select = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Tag' });
    await waitFor(() => expect(within(select).getByRole('option', { name: 'scaling' })).toBeTruthy());
    fireEvent.change(select, { target: { value: tag.id } });
    await waitFor(() => expect(titlesIn(list())).toEqual(['Alpha: scaling laws']));
  });

  it('un-star removes the paper from the list, and Undo brings it back', async () => {
    const { library, a } = await seedStarred();
    renderWith(<Popup />, library);
    await waitFor(() => expect(titlesIn(list())).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'Unstar “Alpha: scaling laws”' }));
    await waitFor(() => expect(titlesIn(list())).toEqual(['Gamma: protein folding', 'Beta: robot hands']));
    expect(await library.db.stars.get(a.id)).toBeUndefined();
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(titlesIn(list())).toHaveLength(3));
  });

  it('adds a tag from the keyboard, suggests existing tags, and removes with Backspace', async () => {
    const { library, a, b } = await seedStarred();
    await library.tag(b.id, 'robotics');
    renderWith(<Popup />, library);
    await waitFor(() => expect(titlesIn(list())).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'Edit tags of “Alpha: scaling laws”' }));
    const input = screen.getByRole('combobox', { name: 'Add a tag to “Alpha: scaling laws”' });
    expect(document.activeElement).toBe(input);
    fireEvent.input(input, { target: { value: 'to-read' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(async () => expect((await library.getState([a.id]))[a.id]!.tags.map((t) => t.name)).toEqual(['to-read']));
    // A suggestion from the existing tags, picked with ↓ and Enter.
    fireEvent.input(input, { target: { value: 'rob' } });
    expect(within(screen.getByRole('listbox', { name: 'Existing tags' })).getByRole('option', { name: 'robotics' })).toBeTruthy();
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(async () => expect((await library.getState([a.id]))[a.id]!.tags.map((t) => t.name)).toEqual(['robotics', 'to-read']));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Remove tag to-read' })).toBeTruthy());
    fireEvent.keyDown(input, { key: 'Backspace' });
    await waitFor(async () => expect((await library.getState([a.id]))[a.id]!.tags).toHaveLength(1));
    fireEvent.keyDown(input, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('combobox', { name: /Add a tag/ })).toBeNull());
  });

  it('shows a star made elsewhere (live update)', async () => {
    const { library } = await seedStarred();
    renderWith(<Popup />, library);
    await waitFor(() => expect(titlesIn(list())).toHaveLength(3));
    const fresh = record({ title: 'Epsilon: just starred on the page' });
    await library.star(fresh, NOW);
    await waitFor(() => expect(titlesIn(list())[0]).toBe('Epsilon: just starred on the page'));
  });

  it('renders page text as text, never as markup', async () => {
    const library = freshLibrary();
    const evil = record({ title: '<img src=x onerror="window.__pwned=1"> <b>bold</b>' });
    await library.recordSeen([evil], NOW);
    await library.star(evil.id, NOW);
    renderWith(<Popup />, library);
    const link = await screen.findByRole('link', { name: /<img src=x/ });
    expect(link.querySelector('img, b')).toBeNull();
    expect(link.textContent).toBe('<img src=x onerror="window.__pwned=1"> <b>bold</b>');
  });

  it('lists the page shortcuts and links to the library', async () => {
    const library = freshLibrary();
    renderWith(<Popup libraryUrl="chrome-extension://x/library.html" />, library);
    expect(screen.getByRole('link', { name: /open library/i }).getAttribute('href')).toBe('chrome-extension://x/library.html');
    fireEvent.click(screen.getByRole('tab', { name: 'Shortcuts' }));
    // The tab's code is loaded when it is first opened.
    await screen.findByText(t(SHORTCUT_LABEL_KEYS[PAGE_SHORTCUTS[0].action]));
    for (const s of PAGE_SHORTCUTS) {
      expect(screen.getByText(t(SHORTCUT_LABEL_KEYS[s.action]))).toBeTruthy();
      expect(screen.getAllByText(s.key, { selector: 'kbd' }).length).toBeGreaterThan(0);
    }
  });
});
