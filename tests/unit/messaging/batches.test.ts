import { createLibraryClient } from '../../../lib/messaging/client';
import { MAX_BATCH, type LibraryRequest } from '../../../lib/messaging/protocol';
import { serveLibrary } from '../../../lib/messaging/server';
import type { CardScores, RankApi } from '../../../lib/rank/types';
import type { Library } from '../../../lib/db/library';
import type { PaperRecord } from '../../../lib/model/paper';
import { arxivId, records } from '../db/helpers';
import { contentScript, sendFrom } from './senders';

/**
 * A page with more cards than one message may carry (MAX_BATCH, issue 17 item 4): the client
 * sends several messages and joins their answers, so the page works as a whole.
 */
describe('lists longer than MAX_BATCH', () => {
  const N = MAX_BATCH + 1_001;

  it('are split into messages of at most MAX_BATCH, and the answers joined', async () => {
    // The server as it runs (zod checks every message); behind it, an in-memory stand-in for
    // the library (the real one takes tens of seconds to store 6,000 papers in fake-indexeddb).
    const seen = new Set<string>();
    const stars = new Set<string>();
    /** The text hash each record arrived with: each record's own, whatever the message. */
    const hashOf = new Map<string, string | null>();
    const backend = {
      recordRead: async (list: [PaperRecord, string | null][]) => (
        list.forEach(([r, hash]) => (seen.add(r.id), hashOf.set(r.id, hash))),
        { logged: list.length }
      ),
      staleTexts: async (pairs: [string, string][]) => pairs.filter(([id]) => !seen.has(id)).map(([id]) => id),
      starMany: async (list: string[]) => list.filter((id) => seen.has(id) && !stars.has(id) && stars.add(id)).length,
      unstarMany: async (list: string[]) => list.filter((id) => stars.delete(id)).length,
      getState: async (list: string[]) =>
        Object.fromEntries(list.map((id) => [id, { starred: stars.has(id), tags: [], seenBefore: seen.has(id) }])),
      onChange: () => () => {},
    } as unknown as Library;
    const scored: string[][] = [];
    const rank: RankApi = {
      async scoreCards(ids) {
        scored.push(ids);
        const scores: CardScores['scores'] = {};
        for (const id of ids) scores[id] = { score: 0.5, raw: 0, top: false, terms: [] };
        return { state: 'ready', starred: 9, needed: 5, trainedAt: 1, scores, notInterested: ids.slice(0, 1) };
      },
      notInterested: async () => false,
      moreLikeTag: async () => ({ state: 'cold', tagged: 0, needed: 5, about: [], papers: [] }),
    };
    serveLibrary(backend, rank);
    const sent: LibraryRequest[] = [];
    const send = sendFrom(contentScript());
    const client = createLibraryClient({ backoffMs: 1, send: (m) => (sent.push(m as LibraryRequest), send(m)) });
    const ids = Array.from({ length: N }, (_, i) => arxivId(i));

    expect(await client.staleTexts(ids.map((id) => [id, 'h']))).toEqual(ids);
    const hashes = ids.map((_, i) => (i % 3 ? `h${i}` : null));
    expect(await client.recordRead(records(N).map((r, i) => [r, hashes[i]!]))).toEqual({ logged: N });
    expect(ids.every((id, i) => hashOf.get(id) === hashes[i])).toBe(true);
    expect(await client.staleTexts(ids.map((id) => [id, 'h']))).toEqual([]);
    expect(await client.starMany(ids)).toBe(N);
    const state = await client.getState(ids);
    expect(Object.keys(state)).toHaveLength(N);
    expect(Object.values(state).every((s) => s.starred)).toBe(true);
    const scores = await client.scoreCards(ids);
    expect(Object.keys(scores.scores)).toHaveLength(N);
    expect(scores).toMatchObject({ state: 'ready', starred: 9, needed: 5, trainedAt: 1 });
    expect(scores.notInterested).toEqual(scored.map((batch) => batch[0]));
    expect(await client.unstarMany(ids)).toBe(N);

    // Every message was accepted by the server's own limit, and the lists went in two parts.
    for (const m of sent) expect((m.args[0] as unknown[]).length).toBeLessThanOrEqual(MAX_BATCH);
    expect(sent.filter((m) => m.method === 'recordRead')).toHaveLength(2);
    expect(sent.filter((m) => m.method === 'staleTexts')).toHaveLength(4);
    expect(sent.filter((m) => m.method === 'getState')).toHaveLength(2);
  }, 60_000);

  it('keeps a short list in one message, and splits records by size too', async () => {
    const sent: LibraryRequest[] = [];
    const client = createLibraryClient({
      send: async (m) => {
        sent.push(m as LibraryRequest);
        return { ok: true, value: { logged: ((m as LibraryRequest).args[0] as unknown[]).length } };
      },
    });
    expect(await client.recordSeen(records(10))).toEqual({ logged: 10 });
    expect(sent).toHaveLength(1);
    // 400 records of 40,000 characters each: 16 M characters, over what one message should carry.
    sent.length = 0;
    const heavy = records(400, 0, {
      abstract: 'a'.repeat(20_000),
      title: 't'.repeat(1_000),
      authors: Array.from({ length: 60 }, () => 'n'.repeat(300)),
    });
    expect(await client.recordSeen(heavy)).toEqual({ logged: 400 });
    expect(sent.length).toBeGreaterThan(1);
    // A page's read is weighed by its records the same way.
    sent.length = 0;
    expect(await client.recordRead(heavy.map((r) => [r, null]))).toEqual({ logged: 400 });
    expect(sent.length).toBeGreaterThan(1);
  });
});
