import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LibraryError, MESSAGES } from '../../../lib/db/errors';
import { PaperdeckDB } from '../../../lib/db/database';
import { Library } from '../../../lib/db/library';
import { RELOAD_MESSAGE, createLibraryClient } from '../../../lib/messaging/client';
import { CHANGE_KEY, heldLibraryChanges, onLibraryChange, type LibraryChangeMessage } from '../../../lib/messaging/changes';
import { LIBRARY_NS, makeRequest } from '../../../lib/messaging/protocol';
import { handleLibraryRequest, serveLibrary } from '../../../lib/messaging/server';
import { arxivId, freshLibrary, record, records, uniqueName } from '../db/helpers';
import { extensionPage, sendAllFrom } from './senders';

// These tests speak for the extension's own pages; what a content script may ask is in senders.test.ts.
beforeEach(() => sendAllFrom(extensionPage()));

const fast = { backoffMs: 1 };

describe('client → server → Library through fakeBrowser', () => {
  it('round-trips every kind of call', async () => {
    const { library: backend, db } = freshLibrary();
    const stop = serveLibrary(backend);
    const client = createLibraryClient(fast);

    expect(await client.recordSeen(records(3))).toEqual({ logged: 3 });
    expect(await backend.settle()).toEqual({ added: 3, updated: 0 });
    const star = await client.star(record(arxivId(1), { upvotes: 5 }));
    expect(star.paperId).toBe(arxivId(1));
    const tag = await client.tag(arxivId(1), 'Robotics');
    expect(await client.listTags()).toEqual([tag]);
    const state = await client.getState([arxivId(0), arxivId(1)], Date.now() + 1000);
    expect(state[arxivId(1)]).toMatchObject({ starred: true, tags: [tag], seenBefore: true });
    expect(state[arxivId(0)]!.starred).toBe(false);
    // Trailing optional argument left out.
    expect(Object.keys(await client.getState([arxivId(2)]))).toEqual([arxivId(2)]);

    const rule = await client.addRule({ kind: 'keyword', pattern: 'robot' });
    expect(await client.listRules()).toEqual([rule]);
    expect((await client.updateRule(rule.id, { enabled: false })).enabled).toBe(false);
    expect(await client.removeRule(rule.id)).toBe(true);

    expect(await client.setSettings({ dimSeen: true })).toMatchObject({ dimSeen: true });
    expect(await client.getSettings()).toMatchObject({ dimSeen: true });
    expect(await client.counts()).toMatchObject({ papers: 3, starred: 1, tags: 1 });

    expect(await client.untag(arxivId(1), tag.id)).toBe(true);
    expect(await client.unstar(arxivId(1))).toBe(true);
    expect(await db.stars.count()).toBe(0);
    stop();
  });

  it('turns a library failure into a LibraryError with its user message', async () => {
    const { library: backend } = freshLibrary();
    serveLibrary(backend);
    const client = createLibraryClient(fast);
    const error = await client.addRule({ kind: 'regex', pattern: '[a-' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibraryError);
    expect(error).toMatchObject({ code: 'invalid' });
    expect((error as LibraryError).userMessage).toMatch(/regular expression/);
  });
});

describe('server validation', () => {
  it('rejects invalid requests with code "invalid" and runs nothing', async () => {
    const { library: backend, db } = freshLibrary();
    serveLibrary(backend);
    const send = (m: unknown) => fakeBrowser.runtime.sendMessage(m);
    const bad = [
      { ns: LIBRARY_NS, method: 'star', args: ['not-an-arxiv-id'] },
      { ns: LIBRARY_NS, method: 'recordSeen', args: [[{ id: arxivId(1), title: '' }]] },
      { ns: LIBRARY_NS, method: 'wipe', args: [] },
      { ns: LIBRARY_NS, method: 'getState', args: 'nope' },
      { ns: LIBRARY_NS, method: 'setSettings', args: [{ dimSeen: 'yes' }] },
    ];
    for (const message of bad) {
      const reply = (await send(message)) as { ok: boolean; error: { code: string; message: string } };
      expect(reply.ok).toBe(false);
      expect(reply.error.code).toBe('invalid');
      expect(reply.error.message.length).toBeGreaterThan(10);
    }
    expect(await db.papers.count()).toBe(0);
    const client = createLibraryClient(fast);
    await expect(client.star('nope')).rejects.toMatchObject({ code: 'invalid' });
  });

  it('ignores messages that are not in its namespace', async () => {
    const { library: backend } = freshLibrary();
    serveLibrary(backend);
    let otherAnswered = false;
    fakeBrowser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse) => {
      if ((message as { type?: string }).type !== 'other') return undefined;
      otherAnswered = true;
      sendResponse('theirs');
      return true;
    });
    expect(await fakeBrowser.runtime.sendMessage({ type: 'other' })).toBe('theirs');
    expect(otherAnswered).toBe(true);
  });

  it('handleLibraryRequest never throws', async () => {
    const { library: backend } = freshLibrary();
    expect(await handleLibraryRequest(backend, null)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await handleLibraryRequest(backend, makeRequest('counts', []))).toMatchObject({ ok: true });
  });
});

describe('an MV3 background that stops and restarts', () => {
  it('retries while the service worker restarts, and finds everything stored before', async () => {
    const name = uniqueName('sw');
    const first = new Library(new PaperdeckDB(name));
    serveLibrary(first);
    const client = createLibraryClient({ backoffMs: 5 });
    await client.star(record(arxivId(1)));

    // The worker is stopped: no listener, its connection gone.
    fakeBrowser.runtime.onMessage.removeAllListeners();
    first.db.close();
    // It comes back 30 ms later as a new instance with a new connection.
    setTimeout(() => serveLibrary(new Library(new PaperdeckDB(name))), 30);

    await client.star(record(arxivId(2)));
    const state = await client.getState([arxivId(1), arxivId(2)]);
    expect(state[arxivId(1)]!.starred && state[arxivId(2)]!.starred).toBe(true);
  });

  it('retries on "Receiving end does not exist" and then succeeds', async () => {
    const { library: backend } = freshLibrary();
    serveLibrary(backend);
    let calls = 0;
    const client = createLibraryClient({
      backoffMs: 1,
      send: async (message) => {
        if (++calls <= 2) throw new Error('Could not establish connection. Receiving end does not exist.');
        return fakeBrowser.runtime.sendMessage(message);
      },
    });
    expect(await client.counts()).toMatchObject({ papers: 0 });
    expect(calls).toBe(3);
  });

  it('gives up after bounded retries with a clear "unavailable" error', async () => {
    let calls = 0;
    const client = createLibraryClient({
      retries: 3,
      backoffMs: 1,
      send: async () => {
        calls++;
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
    });
    await expect(client.counts()).rejects.toMatchObject({ code: 'unavailable' });
    expect(calls).toBe(4);
  });

  it('after an extension reload asks the user to reload the page, without retrying', async () => {
    let calls = 0;
    const client = createLibraryClient({
      backoffMs: 1,
      send: async () => {
        calls++;
        throw new Error('Extension context invalidated.');
      },
    });
    await expect(client.star(arxivId(1))).rejects.toMatchObject({ code: 'unavailable', userMessage: RELOAD_MESSAGE });
    expect(calls).toBe(1);
    const orphan = createLibraryClient({ connected: () => false });
    await expect(orphan.counts()).rejects.toMatchObject({ code: 'unavailable', userMessage: RELOAD_MESSAGE });
  });

  it('passes a storage fault through as the user will see it', async () => {
    const client = createLibraryClient({
      send: async () => ({ ok: false, error: { code: 'quota', message: MESSAGES.quota } }),
    });
    await expect(client.star(arxivId(1))).rejects.toMatchObject({ code: 'quota', userMessage: MESSAGES.quota });
  });
});

describe('change broadcast to content scripts', () => {
  it('announces each write in storage.local and onLibraryChange delivers it', async () => {
    const { library: backend } = freshLibrary();
    serveLibrary(backend);
    const client = createLibraryClient(fast);
    const seen: LibraryChangeMessage[] = [];
    const stop = onLibraryChange((c) => seen.push(c));

    await client.star(record(arxivId(4)));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toMatchObject({ ids: [arxivId(4)], what: ['stars', 'papers'] });
    const tag = await client.tag(arxivId(4), 'Later');
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]).toMatchObject({ ids: [arxivId(4)], what: ['tags'] });
    expect(seen[1]!.seq).toBeGreaterThan(seen[0]!.seq);
    expect((await fakeBrowser.storage.local.get(CHANGE_KEY))[CHANGE_KEY]).toEqual(seen[1]);

    // A write made directly on the Library (e.g. from the library page) is announced too.
    await backend.untag(arxivId(4), tag.id);
    await vi.waitFor(() => expect(seen).toHaveLength(3));

    // Big batches are announced as "anything may have changed".
    // (A page read is announced when it is merged into papers.)
    await client.recordSeen(records(600, 100));
    await backend.settle();
    await vi.waitFor(() => expect(seen).toHaveLength(4));
    expect(seen[3]).toMatchObject({ ids: [], what: ['papers'] });

    stop();
    await client.unstar(arxivId(4));
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toHaveLength(4);
  });

  it('heldLibraryChanges keeps what is announced before its listener comes, joined, then passes each change on', async () => {
    const announce = (seq: number, ids: string[], what: LibraryChangeMessage['what']) =>
      fakeBrowser.storage.local.set({ [CHANGE_KEY]: { seq, at: seq, ids, what } });
    const controller = new AbortController();
    const subscribe = heldLibraryChanges(controller.signal);
    await announce(1, [arxivId(1)], ['stars']);
    await announce(2, [arxivId(2)], ['tags']);
    const seen: LibraryChangeMessage[] = [];
    const stop = subscribe((c) => seen.push(c));
    expect(seen).toEqual([{ seq: 2, at: 2, ids: [arxivId(1), arxivId(2)], what: ['stars', 'tags'] }]);
    await announce(3, [arxivId(3)], ['notes']);
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]).toEqual({ seq: 3, at: 3, ids: [arxivId(3)], what: ['notes'] });
    stop();
    await announce(4, [], ['stars']);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toHaveLength(2);

    // Nothing announced before the listener: nothing told at once; an aborted page hears nothing.
    const quiet = new AbortController();
    const later = heldLibraryChanges(quiet.signal);
    const none: LibraryChangeMessage[] = [];
    later((c) => none.push(c));
    expect(none).toEqual([]);
    quiet.abort();
    await announce(5, [], ['stars']);
    await new Promise((r) => setTimeout(r, 10));
    expect(none).toEqual([]);
    controller.abort();
  });

  it('ignores unrelated storage changes and malformed announcements', async () => {
    const seen: unknown[] = [];
    onLibraryChange((c) => seen.push(c));
    await fakeBrowser.storage.local.set({ other: 1 });
    await fakeBrowser.storage.local.set({ [CHANGE_KEY]: { nonsense: true } });
    await fakeBrowser.storage.session.set({ [CHANGE_KEY]: { seq: 1, at: 1, ids: [], what: ['stars'] } });
    expect(seen).toEqual([]);
  });
});
