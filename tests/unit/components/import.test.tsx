import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { ImportPanel } from '../../../components/ImportPanel';
import { freshLibrary, NOW, record, renderWith } from './helpers';

/** Importing BibTeX, RIS and lists of arXiv ids: a dry-run preview, then only on confirm a write (issue 9). */

const KNOWN_ID = '2411.20001';

/** A library holding one paper (with no abstract), starred; and a BibTeX file about it and two more. */
async function setup() {
  const library = freshLibrary();
  await library.recordSeen([record({ id: KNOWN_ID, title: 'Known paper', authors: ['Ann Known'] })], NOW);
  await library.star(KNOWN_ID, NOW);
  const bib = [
    '@misc{known, title={Another title for it}, eprint={2411.20001}, archivePrefix={arXiv}, abstract={An abstract the library lacks.}}',
    '@misc{fresh, title={Fresh from {BibTeX}}, author={Doe, Jane and Roe, Sam}, eprint={2412.30001}, archivePrefix={arXiv}, keywords={survey}, annote={Read the appendix first}}',
    '@article{nope, title={A journal paper}, journal={Nature}, year={2020}}',
    '@misc{stub, eprint={2412.30002}, archivePrefix={arXiv}}',
  ].join('\n\n');
  return { library, bib };
}

const fileInput = () => screen.getByLabelText<HTMLInputElement>(/^File to import/);
const preview = () => screen.findByRole('group', { name: 'Import preview' });

async function snapshotCounts(library: ReturnType<typeof freshLibrary>) {
  const s = await library.exportSnapshot();
  return { papers: s.papers.length, stars: s.stars.length, tags: s.tags.length, links: s.paperTags.length, notes: s.notes?.length ?? 0 };
}

describe('ImportPanel: other tools', () => {
  it('previews a BibTeX file exactly, writes nothing on cancel, and imports on confirm', async () => {
    const { library, bib } = await setup();
    const before = await library.exportSnapshot();
    renderWith(<ImportPanel />, library);
    fireEvent.change(fileInput(), { target: { files: [new File([bib], 'refs.bib', { type: 'application/x-bibtex' })] } });
    const group = await preview();
    const text = group.textContent;
    expect(text).toContain('“refs.bib” (BibTeX): 3 entries read.');
    const counts = within(within(group).getByRole('list', { name: 'What would change' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(counts).toEqual([
      '2 new papers (1 known only by its arXiv id until you see its page)',
      '1 paper already in your library (1 with missing details filled in; nothing of yours is overwritten)',
      '2 stars to add (1 already starred)',
      '1 new tag: survey',
      '1 tag link to add',
    ]);
    expect(text).toContain('Fresh from BibTeX');
    expect(text).toContain('arXiv:2412.30002');
    expect(text).toContain('adds abstract');
    expect(text).toContain('keeps your title');
    // The journal paper has no arXiv id: the reader says so.
    expect(within(group).getByText('Problems while reading')).toBeTruthy();
    expect(text).toMatch(/no arXiv id/);

    fireEvent.click(within(group).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Import preview' })).toBeNull());
    expect(await library.exportSnapshot()).toEqual(before);

    fireEvent.change(fileInput(), { target: { files: [new File([bib], 'refs.bib')] } });
    fireEvent.click(within(await preview()).getByRole('button', { name: 'Import' }));
    const report = await screen.findByText('Imported from “refs.bib”:');
    expect(report.parentElement!.textContent).toContain('2 papers added');
    expect(report.parentElement!.textContent).toContain('2 stars added');
    expect(report.parentElement!.textContent).toContain('1 tag added');
    expect(report.parentElement!.textContent).toContain('1 note added');
    expect(await snapshotCounts(library)).toEqual({ papers: 3, stars: 3, tags: 1, links: 1, notes: 1 });
    const known = await library.db.papers.get(KNOWN_ID);
    expect(known).toMatchObject({ title: 'Known paper', abstract: 'An abstract the library lacks.' });
    expect(await library.db.stars.get('2412.30001')).toBeTruthy();
    expect((await library.db.notes.get('2412.30001'))?.text).toBe('Read the appendix first');
  });

  it('previews pasted ids and links, and can import them without stars', async () => {
    const { library } = await setup();
    renderWith(<ImportPanel />, library);
    fireEvent.input(screen.getByRole('textbox', { name: /Or paste BibTeX, RIS/ }), {
      target: { value: `2501.00001\nhttps://arxiv.org/abs/2501.00002v3\nhttps://huggingface.co/papers/${KNOWN_ID}\nnot an id` },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Preview import' }));
    const group = await preview();
    expect(group.textContent).toContain('The pasted text (a list of arXiv ids and links): 3 entries read.');
    expect(group.textContent).toContain('2 new papers (2 known only by their arXiv id until you see their pages)');
    expect(group.textContent).toContain('2 stars to add (1 already starred)');
    fireEvent.click(within(group).getByRole('checkbox', { name: 'Star the imported papers' }));
    await waitFor(() => expect(group.textContent).toContain('No stars: the papers are added without one'));
    fireEvent.click(within(group).getByRole('button', { name: 'Import' }));
    await screen.findByText('Imported from the pasted text:');
    expect(await snapshotCounts(library)).toMatchObject({ papers: 3, stars: 1 });
    expect((await library.db.papers.get('2501.00002'))?.title).toBe('arXiv:2501.00002');
  });

  it('previews RIS, and says when nothing would change', async () => {
    const { library } = await setup();
    renderWith(<ImportPanel />, library);
    const ris = `TY  - ELEC\nTI  - Known paper\nUR  - https://arxiv.org/abs/${KNOWN_ID}\nER  - \n`;
    fireEvent.change(fileInput(), { target: { files: [new File([ris], 'one.ris')] } });
    const group = await preview();
    expect(group.textContent).toContain('“one.ris” (RIS): 1 entry read.');
    expect(group.textContent).toContain('Nothing would change');
    expect(within(group).queryByRole('button', { name: 'Import' })).toBeNull();
    fireEvent.click(within(group).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Import preview' })).toBeNull());
  });

  it('refuses a file with no arXiv paper, and an oversized one, and writes nothing', async () => {
    const { library } = await setup();
    const before = await library.exportSnapshot();
    renderWith(<ImportPanel />, library);
    fireEvent.change(fileInput(), {
      target: { files: [new File(['@article{x, title={<script>alert(1)</script>}, journal={J}}'], 'journal.bib')] },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/No paper found in “journal.bib”.*Nothing was imported/);
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
    expect(document.querySelector('script')).toBeNull();

    const huge = new File(['x'], 'huge.bib');
    Object.defineProperty(huge, 'size', { value: 200 * 1024 * 1024 });
    fireEvent.change(fileInput(), { target: { files: [huge] } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/too large \(200\.0 MB\)/));
    expect(await library.exportSnapshot()).toEqual(before);
  });

  it('takes a JSON backup through the same input, by its content', async () => {
    const { library } = await setup();
    const source = freshLibrary();
    await source.recordSeen([record({ id: '2412.40001', title: 'From a backup' })], NOW);
    const { serializeBackup } = await import('../../../lib/export/index');
    const text = serializeBackup(
      { ...(await source.exportSnapshot()), notInterested: [{ paperId: '2412.40001', at: NOW }] },
      new Date(NOW),
    );
    renderWith(<ImportPanel />, library);
    // Named .txt: recognised as a backup by what it holds.
    fireEvent.change(fileInput(), { target: { files: [new File([text], 'backup.txt')] } });
    const group = await screen.findByRole('group', { name: 'Backup checked' });
    expect(group.textContent).toContain('1 paper, 0 stars, 0 tags, 0 hide rules');
    fireEvent.click(within(group).getByRole('button', { name: 'Import' }));
    const report = await screen.findByText('Imported:');
    expect(report.parentElement!.textContent).toContain('1 “not interested” mark added');
    expect(await library.db.papers.get('2412.40001')).toBeTruthy();
    expect(await library.db.notInterested.get('2412.40001')).toBeTruthy();
  });
});
