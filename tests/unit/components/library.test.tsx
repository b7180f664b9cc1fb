import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LibraryPage } from '../../../components/LibraryPage';
import { PaperList, ROW_HEIGHT } from '../../../components/PaperList';
import type { PaperSummary } from '../../../components/store';
import { serializeBackup } from '../../../lib/export/index';
import { freshLibrary, HOUR, NOW, record, renderWith, titlesIn } from './helpers';

const DAY = 24 * HOUR;

async function seeded() {
  const library = freshLibrary();
  const old = record({ title: 'Old but popular', publishedAt: '2026-01-05', upvotes: 500, abstract: 'graph neural networks' });
  const mid = record({ title: 'Middle paper', publishedAt: '2026-11-01', upvotes: 3 });
  const fresh = record({
    title: 'Fresh paper',
    publishedAt: '2026-10-01',
    upvotes: 40,
    aiSummary: 'Calibrated retrieval for long documents.',
  });
  await library.recordSeen([old], NOW - 40 * DAY);
  await library.recordSeen([mid], NOW - 3 * DAY);
  await library.recordSeen([fresh], NOW - HOUR);
  await library.star(mid.id, NOW - HOUR);
  return { library, old, mid, fresh };
}

const listbox = () => screen.getByRole('grid', { name: /^Papers/ });
const shown = () => titlesIn(listbox());
const select = (name: string, value: string) => fireEvent.change(screen.getByRole('combobox', { name }), { target: { value } });

describe('LibraryPage', () => {
  it('lists every paper seen, sorted by date seen, date published or upvotes', async () => {
    const { library } = await seeded();
    renderWith(<LibraryPage />, library);
    expect(screen.getByText(/loading your library/i)).toBeTruthy();
    await waitFor(() => expect(shown()).toEqual(['Fresh paper', 'Middle paper', 'Old but popular']));
    select('Sort by', 'published');
    await waitFor(() => expect(shown()).toEqual(['Middle paper', 'Fresh paper', 'Old but popular']));
    select('Sort by', 'upvotes');
    await waitFor(() => expect(shown()).toEqual(['Old but popular', 'Fresh paper', 'Middle paper']));
  });

  it('filters starred / not starred and by when they were seen', async () => {
    const { library } = await seeded();
    renderWith(<LibraryPage />, library);
    await waitFor(() => expect(shown()).toHaveLength(3));
    select('Show', 'starred');
    await waitFor(() => expect(shown()).toEqual(['Middle paper']));
    select('Show', 'unstarred');
    await waitFor(() => expect(shown()).toEqual(['Fresh paper', 'Old but popular']));
    select('Show', 'all');
    select('Seen', 'today');
    await waitFor(() => expect(shown()).toEqual(['Fresh paper']));
    select('Seen', 'week');
    await waitFor(() => expect(shown()).toEqual(['Fresh paper', 'Middle paper']));
  });

  it("filters by Hugging Face's signals (code, upvotes, an AI keyword) and by what the user follows", async () => {
    const library = freshLibrary();
    const coded = record({
      title: 'With code',
      upvotes: 80,
      github: { repo: 'https://github.com/a/b', stars: 1700 },
      keywords: ['agents', 'robots'],
    });
    const popular = record({ title: 'Popular', upvotes: 300, keywords: ['agents'], authors: ['Jane Doe'] });
    const quiet = record({ title: 'Quiet', upvotes: 2, abstract: 'We study diffusion.' });
    await library.recordSeen([coded, popular, quiet], NOW);
    await library.addRule({ action: 'follow', kind: 'author', pattern: 'jane doe' }, NOW);
    await library.addRule({ action: 'follow', kind: 'keyword', pattern: 'diffusion' }, NOW);
    renderWith(<LibraryPage />, library);
    await waitFor(() => expect(shown()).toHaveLength(3));
    fireEvent.click(screen.getByRole('checkbox', { name: 'with code only' }));
    await waitFor(() => expect(shown()).toEqual(['With code']));
    fireEvent.click(screen.getByRole('checkbox', { name: 'with code only' }));
    select('Minimum upvotes', '100');
    await waitFor(() => expect(shown()).toEqual(['Popular']));
    select('Minimum upvotes', '0');
    // The facet: each keyword with its count, the most frequent first.
    const facet = screen.getByRole('combobox', { name: 'AI keyword' });
    expect([...facet.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Any keyword', 'agents (2)', 'robots (1)']);
    select('AI keyword', 'robots');
    await waitFor(() => expect(shown()).toEqual(['With code']));
    select('AI keyword', '');
    // Following: the follow rules matched over every paper (an author, a word of the abstract).
    select('Show', 'followed');
    await waitFor(() => expect(shown().sort()).toEqual(['Popular', 'Quiet']));
  });

  it('searches the full-text index and orders by best match', async () => {
    const { library } = await seeded();
    renderWith(<LibraryPage />, library);
    await waitFor(() => expect(shown()).toHaveLength(3));
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search the library' }), { target: { value: 'neural netw' } });
    await waitFor(() => expect(shown()).toEqual(['Old but popular']));
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Sort by' }).value).toBe('relevance');
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: '' } });
    await waitFor(() => expect(shown()).toHaveLength(3));
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Sort by' }).value).toBe('seen');
  });

  it("shows a row's AI summary as a TL;DR line and finds the paper by it", async () => {
    const { library, fresh } = await seeded();
    renderWith(<LibraryPage />, library);
    await waitFor(() => expect(shown()).toHaveLength(3));
    const rows = [...listbox().querySelectorAll('.pd-tldr')];
    expect(rows.map((r) => r.textContent)).toEqual(['TL;DR Calibrated retrieval for long documents.']);
    expect(rows[0]!.getAttribute('title')).toBe(fresh.aiSummary);
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search the library' }), { target: { value: 'calibrated' } });
    await waitFor(() => expect(shown()).toEqual(['Fresh paper']));
  });

  it('multi-selects from the keyboard to tag, star and delete many', async () => {
    const { library, old, fresh, mid } = await seeded();
    renderWith(<LibraryPage />, library);
    await waitFor(() => expect(shown()).toHaveLength(3));
    const list = listbox();
    list.focus();
    fireEvent.keyDown(list, { key: ' ' }); // select "Fresh paper"
    fireEvent.keyDown(list, { key: 'ArrowDown', shiftKey: true });
    fireEvent.keyDown(list, { key: 'ArrowDown', shiftKey: true });
    await waitFor(() => expect(screen.getByText('3 papers selected')).toBeTruthy());
    expect(
      within(list)
        .getAllByRole('row')
        .filter((o) => o.getAttribute('aria-selected') === 'true'),
    ).toHaveLength(3);

    fireEvent.input(screen.getByRole('combobox', { name: 'Tag the selected papers' }), { target: { value: 'survey' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    await waitFor(async () => {
      const state = await library.getState([old.id, mid.id, fresh.id]);
      expect(Object.values(state).map((s) => s.tags.map((t) => t.name))).toEqual([['survey'], ['survey'], ['survey']]);
    });

    fireEvent.click(screen.getByRole('button', { name: '★ Star' }));
    await waitFor(async () => expect(await library.db.stars.count()).toBe(3));

    // Keep only two selected, then delete them.
    fireEvent.keyDown(list, { key: ' ' }); // the active row (the last one) off
    await waitFor(() => expect(screen.getByText('2 papers selected')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Delete…' }));
    fireEvent.click(within(screen.getByRole('group', { name: 'Confirm delete' })).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(shown()).toEqual(['Old but popular']));
    expect(await library.db.papers.count()).toBe(1);
    expect(await library.db.stars.count()).toBe(1);
    expect(await library.db.paperTags.count()).toBe(1);
  });

  it('acts on a selection in one write: one transaction and one announcement per action', async () => {
    const { library, old, fresh, mid } = await seeded();
    renderWith(<LibraryPage />, library);
    await waitFor(() => expect(shown()).toHaveLength(3));
    const list = listbox();
    list.focus();
    fireEvent.keyDown(list, { key: ' ' });
    fireEvent.keyDown(list, { key: 'ArrowDown', shiftKey: true });
    fireEvent.keyDown(list, { key: 'ArrowDown', shiftKey: true });
    await waitFor(() => expect(screen.getByText('3 papers selected')).toBeTruthy());

    const announced: { ids: string[]; what: string[] }[] = [];
    library.onChange((change) => announced.push(change));
    const transaction = vi.spyOn(library.db, 'transaction');
    const writes = () => transaction.mock.calls.filter((args) => args[0] === 'rw').length;
    const all = [old.id, mid.id, fresh.id].sort();
    const once = async (act: () => void, what: string, ids: string[]) => {
      const [calls, seen] = [writes(), announced.length];
      act();
      await waitFor(() => expect(announced.length).toBeGreaterThan(seen));
      await new Promise((resolve) => setTimeout(resolve, 20)); // a loop would announce again meanwhile
      expect(announced.slice(seen)).toEqual([{ ids: expect.arrayContaining(ids), what: [what] }]);
      expect(announced[seen]!.ids).toHaveLength(ids.length);
      expect(writes() - calls).toBe(1);
    };

    await once(() => fireEvent.click(screen.getByRole('button', { name: '★ Star' })), 'stars', [old.id, fresh.id]); // mid was starred
    expect((await library.allStars()).map((s) => s.paperId).sort()).toEqual(all);
    fireEvent.input(screen.getByRole('combobox', { name: 'Tag the selected papers' }), { target: { value: 'survey' } });
    await once(() => fireEvent.click(screen.getByRole('button', { name: 'Add tag' })), 'tags', all);
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Tag to remove from the selected papers' })).toBeTruthy());
    fireEvent.change(screen.getByRole('combobox', { name: 'Reading status for the selected papers' }), { target: { value: 'to-read' } });
    await once(() => fireEvent.click(screen.getByRole('button', { name: 'Set' })), 'notes', all);
    expect(Object.values(await library.getState(all)).map((s) => s.status)).toEqual(['to-read', 'to-read', 'to-read']);
    await once(() => fireEvent.click(screen.getByRole('button', { name: '☆ Unstar' })), 'stars', all);
    expect(await library.allStars()).toEqual([]);
    transaction.mockRestore();
  });

  it('stars the active row with "s"', async () => {
    const { library, fresh } = await seeded();
    renderWith(<LibraryPage />, library);
    await waitFor(() => expect(shown()).toHaveLength(3));
    fireEvent.keyDown(listbox(), { key: 's' });
    await waitFor(async () => expect(await library.db.stars.get(fresh.id)).toBeTruthy());
    await waitFor(() => expect(screen.getByRole('button', { name: 'Unstar “Fresh paper”' })).toBeTruthy());
  });

  it('renames and merges tags', async () => {
    const { library, old, mid } = await seeded();
    await library.tag(old.id, 'llm');
    await library.tag(mid.id, 'LLMs');
    renderWith(<LibraryPage />, library);
    await waitFor(() => expect(shown()).toHaveLength(3));
    fireEvent.click(screen.getByRole('tab', { name: /Tags/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Rename tag llm' }));
    const input = screen.getByRole('textbox', { name: 'New name for tag llm' });
    // A clash is refused where the user acted.
    fireEvent.input(input, { target: { value: 'llms' } });
    fireEvent.submit(input.closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toMatch(/already exists/);
    fireEvent.input(input, { target: { value: 'Language models' } });
    fireEvent.submit(input.closest('form')!);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Rename tag Language models' })).toBeTruthy());

    fireEvent.click(screen.getByRole('button', { name: 'Merge tag LLMs into another tag' }));
    fireEvent.click(screen.getByRole('button', { name: 'Merge' }));
    await waitFor(async () => expect((await library.listTags()).map((t) => t.name)).toEqual(['Language models']));
    await waitFor(() => expect(screen.getByText('2 papers')).toBeTruthy());
  });

  it('imports a valid backup and reports what was added', async () => {
    const source = freshLibrary();
    const p = record({ title: 'From the backup' });
    await source.recordSeen([p], NOW);
    await source.star(p.id, NOW);
    await source.tag(p.id, 'imported');
    const text = serializeBackup(await source.exportSnapshot(), new Date(NOW));

    const { library } = await seeded();
    renderWith(<LibraryPage />, library);
    fireEvent.click(screen.getByRole('tab', { name: 'Export & import' }));
    fireEvent.change(await screen.findByLabelText(/^File to import/), {
      target: { files: [new File([text], 'backup.json', { type: 'application/json' })] },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Import' }));
    const report = await screen.findByText('Imported:');
    expect(report.parentElement!.textContent).toContain('1 paper added');
    expect(report.parentElement!.textContent).toContain('1 star added');
    expect(report.parentElement!.textContent).toContain('1 tag added');
    expect(await library.db.papers.count()).toBe(4);
  });

  it('imports a backup holding a hide rule that cannot work without that rule, and says so', async () => {
    const source = freshLibrary();
    const p = record({ title: 'From the backup' });
    await source.recordSeen([p], NOW);
    await source.star(p.id, NOW);
    const snapshot = await source.exportSnapshot();
    const everything = { id: 'r1', kind: 'regex' as const, pattern: 'a*', flags: 'i', enabled: true, createdAt: NOW };
    const text = serializeBackup({ ...snapshot, rules: [everything] }, new Date(NOW));

    const { library } = await seeded();
    renderWith(<LibraryPage />, library);
    fireEvent.click(screen.getByRole('tab', { name: 'Export & import' }));
    fireEvent.change(await screen.findByLabelText(/^File to import/), {
      target: { files: [new File([text], 'backup.json', { type: 'application/json' })] },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Import' }));
    const report = (await screen.findByText('Imported:')).parentElement!.textContent;
    expect(report).toContain('1 star added');
    expect(report).toContain('0 hide rules added');
    expect(report).toContain(
      'Hide rules left out, as they cannot work: “a*” (This pattern matches empty text, so it would hide every paper.)',
    );
    expect(await library.listRules()).toEqual([]);
  });

  it('refuses a hostile backup with a clear message and writes nothing', async () => {
    const { library } = await seeded();
    const before = await library.exportSnapshot();
    renderWith(<LibraryPage />, library);
    fireEvent.click(screen.getByRole('tab', { name: 'Export & import' }));
    const hostile = JSON.stringify({
      format: 'paperdeck-backup',
      version: 1,
      exportedAt: new Date(NOW).toISOString(),
      app: { name: 'Paperdeck', version: '1' },
      library: {
        papers: [{ id: '../../etc/passwd', title: '<script>alert(1)</script>' }],
        stars: [],
        tags: [],
        paperTags: [],
        rules: [],
        settings: {},
      },
    }).replace('"library"', '"__proto__":{"polluted":true},"library"');
    fireEvent.change(await screen.findByLabelText(/^File to import/), { target: { files: [new File([hostile], 'evil.json')] } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent.length).toBeGreaterThan(10);
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await library.exportSnapshot()).toEqual(before);
    expect(document.querySelector('script')).toBeNull();
  });

  it('exports through a Blob download named by exportLibrary', async () => {
    const { library } = await seeded();
    const created: Blob[] = [];
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:paperdeck-test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicks: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this);
    });
    renderWith(<LibraryPage />, library);
    await waitFor(() => expect(shown()).toHaveLength(3));
    fireEvent.click(screen.getByRole('tab', { name: 'Export & import' }));
    fireEvent.click(await screen.findByRole('radio', { name: /BibTeX/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(clicks).toHaveLength(1));
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(clicks[0]!.download).toBe('paperdeck-2026-11-23.bib');
    expect(clicks[0]!.href).toBe('blob:paperdeck-test');
    const text = await created[0]!.text();
    expect(text).toContain('@');
    expect(text).toContain('Fresh paper');
    expect(await screen.findByText('Saved 3 papers to paperdeck-2026-11-23.bib.')).toBeTruthy();
  });

  it('shows an empty state for an empty library', async () => {
    renderWith(<LibraryPage />, freshLibrary());
    expect(await screen.findByText('Your library is empty.')).toBeTruthy();
  });
});

describe('PaperList', () => {
  it('renders only a window of 50,000 rows, and moves it as the list scrolls', () => {
    const rows: PaperSummary[] = Array.from({ length: 50_000 }, (_, i) => ({
      id: `2401.${String(i).padStart(5, '0')}`,
      title: `Row ${i}`,
      firstSeenAt: i,
      lastSeenAt: i,
    }));
    const { container } = render(
      <PaperList
        rows={rows}
        label="Papers"
        selected={new Set()}
        onSelect={() => {}}
        onOpen={() => {}}
        renderRow={(row, _i, { cell }) => (
          <span {...cell(0)} class="t">
            {row.title}
          </span>
        )}
      />,
    );
    const list = screen.getByRole('grid', { name: 'Papers' });
    const options = within(list).getAllByRole('row');
    expect(options.length).toBeGreaterThan(5);
    expect(options.length).toBeLessThan(40);
    expect(list.getAttribute('aria-rowcount')).toBe('50000');
    expect(options[0]!.getAttribute('aria-rowindex')).toBe('1');
    expect((container.querySelector('.pd-vspacer') as HTMLElement).style.height).toBe(`${50_000 * ROW_HEIGHT}px`);
    list.scrollTop = 25_000 * ROW_HEIGHT;
    fireEvent.scroll(list);
    const after = within(list).getAllByRole('row');
    expect(after.length).toBeLessThan(40);
    expect(after.map((o) => o.textContent)).toContain('Row 25000');
    expect(after.map((o) => o.textContent)).not.toContain('Row 0');
    // The keyboard reaches the end without rendering what is in between.
    fireEvent.keyDown(list, { key: 'End' });
    expect(list.getAttribute('aria-activedescendant')).toBe('pd-paper-list-row-49999-c0');
    expect(within(list).getAllByRole('row').length).toBeLessThan(40);
  });
});
