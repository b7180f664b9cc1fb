import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createLibraryClient } from '../../../lib/messaging/client';
import { CONTENT_SCRIPT_ARGS, LIBRARY_METHODS, LIBRARY_NS } from '../../../lib/messaging/protocol';
import { callerOf, serveLibrary } from '../../../lib/messaging/server';
import type { PageLibrary } from '../../../lib/page/types';
import type { RelevanceSource } from '../../../lib/page/relevance';
import type { RankApi } from '../../../lib/rank/types';
import { arxivId, freshLibrary, record } from '../db/helpers';
import { contentScript, extensionPage, sendFrom } from './senders';

/**
 * Issue 17, item 11: the background answered every method to any content script. Now the page's
 * script reaches only what the page features call, checked by who sent the message.
 */

const rank: RankApi = {
  scoreCards: async () => ({ state: 'cold', starred: 0, needed: 5, trainedAt: 0, scores: {}, notInterested: [] }),
  notInterested: async () => false,
  moreLikeTag: async () => ({ state: 'cold', tagged: 0, needed: 5, about: [], papers: [] }),
};

describe('callerOf', () => {
  const id = fakeBrowser.runtime.id;
  const base = fakeBrowser.runtime.getURL('/');

  it('tells the extension’s pages, its content script and anyone else apart', () => {
    expect(callerOf({ id, url: `${base}popup.html` })).toBe('extension');
    // The library page open in a tab is still an extension page.
    expect(callerOf({ id, url: `${base}library.html#tags`, tab: { id: 3 } })).toBe('extension');
    expect(callerOf({ id, url: 'https://huggingface.co/papers?q=llm', tab: { id: 3 } })).toBe('content');
    // The site navigates without reloading: the script may find itself on another page of it.
    expect(callerOf({ id, url: 'https://huggingface.co/models', tab: { id: 3 } })).toBe('content');
    expect(callerOf({ id, url: 'https://huggingface.co.evil.example/papers', tab: { id: 3 } })).toBe('none');
    expect(callerOf({ id, url: 'https://example.org/', tab: { id: 3 } })).toBe('none');
    expect(callerOf({ id, url: 'https://huggingface.co/papers' })).toBe('none'); // no tab: not a content script
    expect(callerOf({ id: 'another-extension', url: `${base}popup.html` })).toBe('none');
    expect(callerOf({ id })).toBe('none');
    expect(callerOf({})).toBe('none');
    expect(callerOf(undefined)).toBe('none');
  });
});

describe('what a content script may ask', () => {
  it('covers exactly what the page features call', () => {
    // Fails to compile when PageLibrary or RelevanceSource gains a method this list lacks.
    const pageMethods = {
      recordRead: true,
      staleTexts: true,
      getState: true,
      star: true,
      unstar: true,
      tag: true,
      untag: true,
      listTags: true,
      listRules: true,
      addRule: true,
      removeRule: true,
      updateRule: true,
      getSettings: true,
      setNote: true,
      setStatus: true,
      starMany: true,
      unstarMany: true,
      scoreCards: true,
      notInterested: true,
    } satisfies Record<keyof PageLibrary | keyof RelevanceSource, true>;
    expect(Object.keys(CONTENT_SCRIPT_ARGS).sort()).toEqual(Object.keys(pageMethods).sort());
    expect(LIBRARY_METHODS.filter((m) => !(m in CONTENT_SCRIPT_ARGS)).sort()).toEqual([
      'counts',
      'moreLikeTag',
      'recordSeen',
      'setSettings',
    ]);
  });

  it('serves the page features, refuses the rest, and changes nothing it refuses', async () => {
    const { library: backend } = freshLibrary();
    serveLibrary(backend, rank);
    const page = createLibraryClient({ backoffMs: 1, send: sendFrom(contentScript()) });
    const ours = createLibraryClient({ backoffMs: 1, send: sendFrom(extensionPage('library.html')) });

    await page.recordRead([[record(arxivId(1)), null]]);
    await backend.settle();
    await page.star(arxivId(1));
    await page.tag(arxivId(1), 'LLM');
    expect((await page.getState([arxivId(1)]))[arxivId(1)]).toMatchObject({ starred: true });
    const rule = await page.addRule({ kind: 'keyword', pattern: 'crypto' });
    expect(await page.getSettings()).toMatchObject({ sync: true });
    expect(await page.scoreCards([arxivId(1)])).toMatchObject({ state: 'cold' });

    for (const refused of [
      () => page.setSettings({ sync: false }),
      () => page.counts(),
      () => page.moreLikeTag('x'),
      // A rule may be turned off from the page (too slow there), not edited or turned on.
      () => page.updateRule(rule.id, { pattern: 'x' }),
      () => page.updateRule(rule.id, { enabled: true }),
      () => page.updateRule(rule.id, { enabled: false }),
      () => page.updateRule(rule.id, { enabled: false, stopped: { reason: 'slow', ms: 60 }, pattern: 'x' } as never),
    ]) {
      await expect(refused()).rejects.toMatchObject({ code: 'invalid' });
    }
    expect((await backend.getSettings()).sync).toBe(true);
    expect((await backend.listRules())[0]).toMatchObject({ pattern: 'crypto', enabled: true });
    await expect(page.setSettings({ sync: false })).rejects.toMatchObject({
      userMessage: 'Paperdeck refused “setSettings” from the Hugging Face page: only its own pages may ask that.',
    });

    expect(await page.updateRule(rule.id, { enabled: false, stopped: { reason: 'slow', ms: 60 } })).toMatchObject({ enabled: false });
    // The extension's own pages may do everything.
    expect(await ours.setSettings({ sync: false })).toMatchObject({ sync: false });
    expect(await ours.counts()).toMatchObject({ starred: 1 });
    expect(await ours.updateRule(rule.id, { enabled: true })).toMatchObject({ enabled: true });
  });

  it('refuses everything to a sender that is neither', async () => {
    const { library: backend } = freshLibrary();
    serveLibrary(backend, rank);
    const send = sendFrom({ id: fakeBrowser.runtime.id, url: 'https://example.org/', tab: { id: 9 } });
    for (const method of ['listTags', 'star', 'recordSeen'] as const) {
      const reply = (await send({
        ns: LIBRARY_NS,
        method,
        args: method === 'star' ? [arxivId(1)] : method === 'recordSeen' ? [[]] : [],
      })) as {
        ok: boolean;
        error: { code: string; message: string };
      };
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringContaining('from an unknown sender') } });
    }
    expect(await backend.listRules()).toEqual([]);
  });
});
