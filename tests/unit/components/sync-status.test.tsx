import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SyncStatus } from '../../../components/SyncStatus';
import { Popup } from '../../../components/Popup';
import { SYNC_DECISION_KEY, SYNC_STATUS_KEY, type SyncStatus as Status } from '../../../lib/sync/status';
import { freshLibrary, NOW, renderWith } from './helpers';

const MIN = 60_000;

describe('SyncStatus (popup)', () => {
  it('says when it last synced, and follows the background live', async () => {
    const library = freshLibrary();
    await fakeBrowser.storage.local.set({
      [SYNC_STATUS_KEY]: { state: 'ok', at: NOW - 5 * MIN, lastSyncedAt: NOW - 5 * MIN } satisfies Status,
    });
    renderWith(<SyncStatus />, library);
    expect((await screen.findByRole('status')).textContent).toBe("Synced 5 min ago through your browser's sync.");
    await fakeBrowser.storage.local.set({
      [SYNC_STATUS_KEY]: {
        state: 'partial',
        at: NOW,
        lastSyncedAt: NOW,
        left: { stars: 1234, links: 56, tags: 0, rules: 0 },
      } satisfies Status,
    });
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toMatch(
        /^Synced just now, but browser sync holds only 100 KB: 1,234 starred papers and 56 tag links \(the oldest\) did not fit\. .*Export → JSON backup/,
      ),
    );
  });

  it('says why not, and the switch turns sync off and on in the settings', async () => {
    const library = freshLibrary();
    await fakeBrowser.storage.local.set({
      [SYNC_STATUS_KEY]: {
        state: 'error',
        at: NOW,
        lastSyncedAt: NOW - 2 * 3_600_000,
        message: 'browser sync is not available (x)',
      } satisfies Status,
    });
    renderWith(<SyncStatus />, library);
    expect((await screen.findByRole('status')).textContent).toMatch(
      /^Sync failed: browser sync is not available \(x\) \(last synced 2 h ago\)/,
    );
    const box = screen.getByRole<HTMLInputElement>('checkbox', { name: /sync stars, tags and hidden topics/i });
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Sync is off/));
    expect((await library.getSettings()).sync).toBe(false);
    fireEvent.click(box);
    // Back on: the last status stands until the background has synced again.
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Sync failed/));
    expect((await library.getSettings()).sync).toBe(true);
  });

  it('when removals are held back, says what and offers the choice, which the background reads (issue 17)', async () => {
    const library = freshLibrary();
    await fakeBrowser.storage.local.set({
      [SYNC_STATUS_KEY]: { state: 'held', at: NOW, lastSyncedAt: NOW, held: { stars: 50, links: 1, tags: 2, rules: 0 } } satisfies Status,
    });
    renderWith(<SyncStatus />, library);
    expect((await screen.findByRole('status')).textContent).toBe(
      'This browser no longer has 50 starred papers, 1 tag link and 2 tags that your other devices keep. Nothing was removed anywhere: choose whether to bring them back here or remove them everywhere.',
    );
    expect(screen.getByRole('button', { name: 'Remove them everywhere' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Bring them back here' }));
    await waitFor(async () =>
      expect((await fakeBrowser.storage.local.get(SYNC_DECISION_KEY))[SYNC_DECISION_KEY]).toMatchObject({ choice: 'restore' }),
    );
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Done: it takes effect at the next sync, in a few seconds.'));
    expect(screen.queryByRole('button', { name: 'Bring them back here' })).toBeNull();
  });

  it('sits at the foot of the popup', async () => {
    const { container } = renderWith(<Popup />, freshLibrary());
    await screen.findByText('Sync is on; not synced yet.');
    expect(container.querySelector('.pd-popup > :last-child')!.textContent).toMatch(/^Sync is on; not synced yet\./);
  });
});
