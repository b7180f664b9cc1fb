import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LibraryPage } from '../../../components/LibraryPage';
import { parseDailyPapers } from '../../../lib/digest/api';
import { runDigestDay } from '../../../lib/digest/run';
import { ENABLED_KEY } from '../../../lib/digest/schedule';
import type { CardScores } from '../../../lib/rank/types';
import { apiItems, answering } from '../digest/helpers';
import { freshLibrary, renderWith, titlesIn } from './helpers';

const DATE = '2026-12-06';
const card = (score: number, raw: number, terms: string[]) => ({ score, raw, top: score >= 0.9, terms });
const READY: CardScores = {
  state: 'ready',
  starred: 5,
  needed: 5,
  trainedAt: 1,
  notInterested: [],
  scores: {
    '2612.01005': card(0.97, 2.5, ['diffusion', 'video']),
    '2612.01001': card(0.9, 1.5, ['diffusion', 'sparse']),
    '2612.01002': card(0.4, 0.2, ['robot']),
    '2612.01003': card(0.2, -0.3, ['speech']),
    '2612.01004': card(0.1, -1, ['blockchain']),
  },
};

describe('the Digest tab (components/DigestView.tsx)', () => {
  it('says how to get a digest when there is none', async () => {
    location.hash = '#digest';
    renderWith(<LibraryPage />, freshLibrary());
    expect(await screen.findByText('No digest yet', undefined, { timeout: 5_000 })).toBeTruthy();
  });

  it('opens on #digest and lists the day the background ranked, in its order, each with why, and hidden ones folded', async () => {
    const library = freshLibrary();
    await fakeBrowser.storage.local.set({ [ENABLED_KEY]: true });
    await library.addRule({ kind: 'keyword', pattern: 'blockchain' });
    // What the background does with the API's answer (lib/digest/run.ts), into the browser's storage.
    await runDigestDay(DATE, {
      library,
      rank: { scoreCards: () => Promise.resolve(READY) },
      storage: fakeBrowser.storage.local,
      fetchFn: answering(apiItems()).fetchFn,
    });
    expect(parseDailyPapers(apiItems(), DATE)).toHaveLength(5);

    location.hash = '#digest';
    const { container } = renderWith(<LibraryPage />, library);
    await waitFor(() => expect(container.querySelector('.pd-digest-list .pd-title')).toBeTruthy(), { timeout: 5_000 });
    expect(screen.getByRole('tab', { selected: true }).textContent).toBe('Digest');
    expect(titlesIn(container, '.pd-digest-list .pd-digest-item .pd-title')).toEqual([
      'Latent Diffusion for Video with Temporal Attention',
      'Sparse Diffusion Transformers for Fast Image Synthesis',
      'Robot Grasping from a Single Demonstration',
      'Speech Tokenizers at Scale',
    ]);
    expect(container.querySelector('.pd-digest-item .pd-digest-reasons')?.textContent).toBe('for you 97%: diffusion, video');
    // The paper a hide rule matches is folded under a button, with the rule.
    const folded = screen.getByRole('button', { name: '1 paper hidden by your rules' });
    fireEvent.click(folded);
    expect(await screen.findByText('hidden by Topic "blockchain"')).toBeTruthy();
  });
});
