import { fakeBrowser } from 'wxt/testing/fake-browser';
import { UPDATE_NOTE_KEY, noteUpdates, readUpdateNote } from '../../../lib/background/updates';

const stored = async () => (await fakeBrowser.storage.local.get(UPDATE_NOTE_KEY))[UPDATE_NOTE_KEY];

describe('noteUpdates (runtime.onInstalled)', () => {
  it('keeps a note of an update, from and to which version', async () => {
    noteUpdates({ version: () => '0.2.0', now: () => 1234 });
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.1.0' });
    expect(await stored()).toEqual({ from: '0.1.0', to: '0.2.0', at: 1234 });
  });

  it('says nothing on a first install, a browser update, or a reload at the same version', async () => {
    noteUpdates({ version: () => '0.2.0' });
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'chrome_update' });
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.2.0' });
    expect(await stored()).toBeUndefined();
  });

  it('opens no tab', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    noteUpdates({ version: () => '0.2.0' });
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.1.0' });
    expect(create).not.toHaveBeenCalled();
  });

  it('reads only a well-formed note back', () => {
    expect(readUpdateNote({ from: '0.1.0', to: '0.2.0', at: 1 })).toEqual({ from: '0.1.0', to: '0.2.0', at: 1 });
    for (const bad of [undefined, null, 'x', {}, { from: 1, to: '0.2.0', at: 1 }, { from: '0.1.0', to: '0.2.0' }]) {
      expect(readUpdateNote(bad)).toBeNull();
    }
  });
});
