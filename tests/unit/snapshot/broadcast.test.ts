import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CHANGE_KEY, broadcastLibraryChanges, isChangeMessage } from '../../../lib/messaging/changes';
import { SEEN_KEY, USER_KEY, readSnapshot } from '../../../lib/snapshot/snapshot';
import { writeSnapshotsAtStart } from '../../../lib/snapshot/writer';
import { arxivId, freshLibrary, records } from '../db/helpers';

const stored = async () => fakeBrowser.storage.local.get([USER_KEY, SEEN_KEY, CHANGE_KEY]);

describe('the page snapshot, kept by the writing page', () => {
  it('is written with the change announcement: a page that hears of a star also finds it in the snapshot', async () => {
    const { library } = freshLibrary();
    await library.recordSeen(records(3));
    await library.settle();
    const stop = broadcastLibraryChanges(library);
    const heard: unknown[] = [];
    fakeBrowser.storage.onChanged.addListener((changes) => {
      if (CHANGE_KEY in changes) heard.push({ change: changes[CHANGE_KEY].newValue, snapshot: changes[USER_KEY]?.newValue });
    });
    await library.star(arxivId(1));
    await vi.waitFor(() => expect(heard).toHaveLength(1));
    const first = heard[0] as { change: unknown; snapshot: unknown };
    expect(isChangeMessage(first.change)).toBe(true);
    expect(readSnapshot(first.snapshot, undefined, Date.now())!.stateOf(arxivId(1)).starred).toBe(true);
    stop();
  });

  it('announces a burst of writes in order, the last snapshot holding all of them', async () => {
    const { library } = freshLibrary();
    await library.recordSeen(records(3));
    const stop = broadcastLibraryChanges(library);
    await Promise.all([library.star(arxivId(1)), library.star(arxivId(2)), library.addRule({ kind: 'keyword', pattern: 'diffusion' })]);
    await library.tag(arxivId(2), 'later');
    await vi.waitFor(async () => {
      const snap = readSnapshot((await stored())[USER_KEY], undefined, Date.now())!;
      expect(snap.stateOf(arxivId(1)).starred).toBe(true);
      expect(snap.stateOf(arxivId(2)).tags.map((t) => t.name)).toEqual(['later']);
      expect(snap.rules.map((r) => r.pattern)).toEqual(['diffusion']);
    });
    stop();
  });

  it("follows page reads in the seen part, and is written whole at the background's start", async () => {
    const { library } = freshLibrary();
    const now = Date.now();
    await library.recordSeen(records(3), now - 3 * 86_400_000);
    await library.star(arxivId(0));
    await writeSnapshotsAtStart(library);
    const all = await stored();
    const snap = readSnapshot(all[USER_KEY], all[SEEN_KEY], now)!;
    expect(snap.stateOf(arxivId(0)).starred).toBe(true);
    for (let i = 0; i < 3; i++) expect(snap.stateOf(arxivId(i)).seenBefore).toBe(true);
    expect(snap.stateOf(arxivId(3)).seenBefore).toBe(false);
    // A page read later: the seen part follows a moment after the reads are merged.
    const stop = broadcastLibraryChanges(library);
    await library.recordSeen(records(1, 5), now);
    await library.settle();
    await vi.waitFor(
      async () => {
        const later = await stored();
        expect(readSnapshot(later[USER_KEY], later[SEEN_KEY], now)!.stateOf(arxivId(5)).seenBefore).toBe(true);
      },
      { timeout: 5000 },
    );
    stop();
  });
});
