import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Popup } from '../../../components/Popup';
import { UPDATE_NOTE_KEY } from '../../../lib/background/updates';
import { t } from '../../../lib/i18n';
import { freshLibrary, renderWith } from './helpers';

const running = (version: string) => vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ version } as never);

describe("the popup's note after an update", () => {
  it('says what is new in the version running, until dismissed for good', async () => {
    running('0.2.0');
    await fakeBrowser.storage.local.set({ [UPDATE_NOTE_KEY]: { from: '0.1.0', to: '0.2.0', at: 1 } });
    renderWith(<Popup />, freshLibrary());
    const note = await screen.findByRole('complementary', { name: 'Paperdeck was updated to 0.2.0' });
    expect(note.textContent).toContain(t('whatsNewSummary'));
    await screen.findByRole('tab', { name: 'Saved' });
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByRole('complementary')).toBeNull());
    expect(document.activeElement?.getAttribute('role')).toBe('tab');
    expect(await fakeBrowser.storage.local.get(UPDATE_NOTE_KEY)).toEqual({});
  });

  it('is not shown without an update, nor for another version than the one running', async () => {
    renderWith(<Popup />, freshLibrary());
    await screen.findByText('No saved papers yet.');
    expect(screen.queryByRole('complementary')).toBeNull();

    running('0.3.0');
    await fakeBrowser.storage.local.set({ [UPDATE_NOTE_KEY]: { from: '0.1.0', to: '0.2.0', at: 1 } });
    renderWith(<Popup />, freshLibrary());
    await waitFor(() => expect(screen.getAllByText('No saved papers yet.')).toHaveLength(2));
    expect(screen.queryByRole('complementary')).toBeNull();
  });
});

describe('the note and an update that lands while the popup is open', () => {
  it('appears when the background writes it after the popup opened', async () => {
    running('0.2.0');
    renderWith(<Popup />, freshLibrary());
    await screen.findByText('No saved papers yet.');
    expect(screen.queryByRole('complementary')).toBeNull();
    await fakeBrowser.storage.local.set({ [UPDATE_NOTE_KEY]: { from: '0.1.0', to: '0.2.0', at: 1 } });
    expect(await screen.findByRole('complementary', { name: 'Paperdeck was updated to 0.2.0' })).toBeTruthy();
  });
});
