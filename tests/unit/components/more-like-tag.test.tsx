import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { LibraryPage } from '../../../components/LibraryPage';
import { MoreLikeTag, RankContext } from '../../../components/MoreLikeTag';
import type { Library } from '../../../lib/db/library';
import { RankService } from '../../../lib/rank/service';
import { ALL, SPEECH } from '../rank/papers';
import { freshLibrary, NOW, renderWith } from './helpers';

/** A library holding the hand-made papers, and the background's ranking over it. */
async function seeded(tagged: number) {
  const library = freshLibrary();
  await library.recordSeen(
    ALL.map((p) => ({
      id: p.id,
      title: p.title,
      abstract: p.abstract!,
      seenOn: { view: 'daily' as const, url: 'https://huggingface.co/papers' },
    })),
    NOW,
  );
  let tag = await library.tag(SPEECH[0]!.id, 'Speech', NOW);
  for (const p of SPEECH.slice(1, tagged)) tag = await library.tag(p.id, 'Speech', NOW);
  const rank = new RankService(library, { debounceMs: 5 });
  rank.watch((l) => library.onChange(l));
  return { library, rank, tag };
}

/**
 * The list comes after the ranking's first training (RankService), 0.7-1.6 s measured on this
 * shared 2-core machine: longer than testing-library's 1 s default wait. Wait for the list itself.
 */
const TRAINED = { timeout: 10_000 };

function renderPanel(library: Library, rank: RankService, ui: preact.ComponentChildren) {
  return renderWith(<RankContext.Provider value={rank}>{ui}</RankContext.Provider>, library);
}

describe('MoreLikeTag', () => {
  it('lists the seen papers most like the tagged ones, with their words, and tags one on click', async () => {
    const { library, rank, tag } = await seeded(3);
    renderPanel(library, rank, <MoreLikeTag tag={tag} />);
    const list = await screen.findByRole('list', { name: /papers like “Speech”/ }, TRAINED);
    const titles = within(list)
      .getAllByRole('link')
      .map((a) => a.textContent);
    // The three untagged speech papers come first; tagged ones never appear.
    expect(new Set(titles.slice(0, 3))).toEqual(new Set(SPEECH.slice(3).map((p) => p.title)));
    for (const p of SPEECH.slice(0, 3)) expect(titles).not.toContain(p.title);
    expect(screen.getByText(/Papers tagged “Speech” are about: .*speech/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: `Tag “${SPEECH[3]!.title}” as “Speech”` }));
    await waitFor(async () =>
      expect((await library.getState([SPEECH[3]!.id]))[SPEECH[3]!.id]!.tags.map((t) => t.name)).toEqual(['Speech']),
    );
    await waitFor(() => expect(within(list).queryByText(SPEECH[3]!.title)).toBeNull());
    rank.stop();
  });

  it('says how many more papers the tag needs', async () => {
    const { library, rank, tag } = await seeded(2);
    renderPanel(library, rank, <MoreLikeTag tag={tag} />);
    expect(await screen.findByText('Tag at least 3 papers “Speech” to get suggestions (2 so far).')).toBeTruthy();
    rank.stop();
  });

  it('appears on the library page when a tag is chosen, and only with a ranking to ask', async () => {
    const { library, rank, tag } = await seeded(3);
    renderPanel(library, rank, <LibraryPage />);
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Tag' }).textContent).toContain('Speech'));
    expect(screen.queryByText(/More like/)).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'Tag' }), { target: { value: tag.id } });
    expect(await screen.findByText('More like “Speech”')).toBeTruthy();
    await screen.findByRole('list', { name: /papers like “Speech”/ }, TRAINED);
    rank.stop();
  });
});
