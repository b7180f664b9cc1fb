import { parseDailyPapers } from '../../../lib/digest/api';
import { notificationText } from '../../../lib/digest/notify';
import { FOR_YOU_MIN, scoreDigest } from '../../../lib/digest/score';
import { DAYS_KEPT, DAYS_KEY, listDigestDates, readDigestDay, writeDigestDay } from '../../../lib/digest/store';
import type { DigestDay, DigestReason } from '../../../lib/digest/types';
import type { HideRule } from '../../../lib/model/library';
import type { CardScore, CardScores } from '../../../lib/rank/types';
import { compileRules } from '../../../lib/topics/rules';
import { reasonText } from '../../../components/DigestView';
import { MemoryStorage, apiItems } from './helpers';

const records = parseDailyPapers(apiItems(), '2026-12-06');
const card = (score: number, raw: number, terms: string[], tag?: CardScore['tag']): CardScore => ({
  score,
  raw,
  top: score >= 0.9,
  terms,
  ...(tag ? { tag } : {}),
});
const ready = (scores: Record<string, CardScore>, notInterested: string[] = []): CardScores => ({
  state: 'ready',
  starred: 6,
  needed: 5,
  trainedAt: 1,
  scores,
  notInterested,
});
const cold: CardScores = { state: 'cold', starred: 0, needed: 5, trainedAt: 0, scores: {}, notInterested: [] };
const rule = (id: string, kind: HideRule['kind'], pattern: string): HideRule => ({ id, kind, pattern, enabled: true, createdAt: 0 });

describe('digest scoring and reasons (lib/digest/score.ts)', () => {
  it('ranks by "for you" with the words that drove it, a starred tag, then the rest by upvotes', () => {
    const scores = ready({
      '2612.01001': card(0.95, 2.0, ['diffusion', 'sparse', 'transformers', 'image']),
      '2612.01005': card(0.8, 1.2, ['diffusion', 'video'], { id: 't1', name: 'generative', score: 0.93 }),
      '2612.01002': card(0.3, -0.5, ['robot']),
      '2612.01003': card(0.5, 0.1, ['speech']),
      '2612.01004': card(0.1, -1.5, ['blockchain']),
    });
    const entries = scoreDigest(records, { hide: null, follow: null, forYou: scores });
    expect(entries).toEqual([
      { id: '2612.01001', reasons: [{ kind: 'for-you', score: 0.95, words: ['diffusion', 'sparse', 'transformers'] }] },
      {
        id: '2612.01005',
        reasons: [
          { kind: 'for-you', score: 0.8, words: ['diffusion', 'video'] },
          { kind: 'starred-tag', tag: { id: 't1', name: 'generative' }, score: 0.93 },
        ],
      },
      // Below FOR_YOU_MIN: not "for you", ordered by the model's margin, each with its upvotes.
      { id: '2612.01003', reasons: [{ kind: 'popular', upvotes: 88 }] },
      { id: '2612.01002', reasons: [{ kind: 'popular', upvotes: 17 }] },
      { id: '2612.01004', reasons: [{ kind: 'popular', upvotes: 3 }] },
    ]);
    expect(FOR_YOU_MIN).toBe(0.75);
  });

  it('lists papers a hide rule matches last, with the rule, and "not interested" ones before them', () => {
    const hide = compileRules([rule('r1', 'keyword', 'blockchain'), rule('r2', 'organization', 'meta')]);
    const entries = scoreDigest(records, { hide, follow: null, forYou: { ...cold, notInterested: ['2612.01001'] } });
    expect(entries.map((e) => e.id)).toEqual(['2612.01005', '2612.01002', '2612.01001', '2612.01003', '2612.01004']);
    expect(entries.at(-2)!.reasons).toEqual([{ kind: 'hidden', rule: { id: 'r2', label: 'Organization meta' } }]);
    expect(entries.at(-1)!.reasons).toEqual([{ kind: 'hidden', rule: { id: 'r1', label: 'Topic "blockchain"' } }]);
  });

  it('puts followed papers first with the follow rule, before "for you", and never hides them (follow beats hide)', () => {
    const rules = [
      { ...rule('f1', 'organization', 'deepmind'), action: 'follow' as const },
      { ...rule('f2', 'author', 'Katherine Johnson'), action: 'follow' as const },
      rule('h1', 'keyword', 'video'),
      rule('h2', 'keyword', 'crypto'),
    ];
    const follow = compileRules(rules, { action: 'follow' });
    const hide = compileRules(rules);
    // The model puts the speech paper far above both followed ones: a follow still comes first.
    const scores = ready({ '2612.01003': card(0.99, 3.0, ['speech', 'tokenizers']), '2612.01005': card(0.9, 1.0, ['video']) });
    const entries = scoreDigest(records, { hide, follow, forYou: scores });
    expect(entries.map((e) => e.id)).toEqual(['2612.01005', '2612.01001', '2612.01003', '2612.01002', '2612.01004']);
    // Followed and "for you": both reasons, the follow first. The hide rule on "video" does not apply.
    expect(entries[0]!.reasons).toEqual([
      { kind: 'follow', rule: { id: 'f2', label: 'Author Katherine Johnson' } },
      { kind: 'for-you', score: 0.9, words: ['video'] },
    ]);
    expect(entries[1]!.reasons).toEqual([{ kind: 'follow', rule: { id: 'f1', label: 'Organization deepmind' } }]);
    expect(entries[4]!.reasons).toEqual([{ kind: 'hidden', rule: { id: 'h2', label: 'Topic "crypto"' } }]);
    // A hide matcher never follows, a follow matcher never hides: one engine, one action each.
    expect(scoreDigest(records, { hide: follow, follow: null, forYou: cold }).at(-1)!.reasons[0]!.kind).toBe('hidden');
    // Three for the user (two followed, one the model likes), two of them by a follow.
    expect(notificationText({ date: '2026-12-06', fetchedAt: 0, rank: 'ready', entries })).toBe(
      '3 papers for you today — 2 from labs you follow',
    );
  });

  it('orders by upvotes while the model is cold', () => {
    expect(scoreDigest(records, { hide: null, follow: null, forYou: cold }).map((e) => e.id)).toEqual([
      '2612.01003',
      '2612.01001',
      '2612.01005',
      '2612.01002',
      '2612.01004',
    ]);
  });

  it('writes each reason in words', () => {
    expect(reasonText({ kind: 'for-you', score: 0.95, words: ['diffusion', 'sparse'] })).toBe('for you 95%: diffusion, sparse');
    expect(reasonText({ kind: 'starred-tag', tag: { id: 't', name: 'generative' }, score: 0.9 })).toBe('like your tag “generative”');
    expect(reasonText({ kind: 'follow', rule: { id: 'f', label: 'Organization deepmind' } })).toBe('following: Organization deepmind');
    expect(reasonText({ kind: 'popular', upvotes: 1234 })).toBe('▲ 1,234 upvotes today');
    expect(reasonText({ kind: 'hidden', rule: { id: 'r', label: 'Topic "blockchain"' } })).toBe('hidden by Topic "blockchain"');
  });
});

describe('the digest notification (lib/digest/notify.ts)', () => {
  const day = (entries: DigestDay['entries']): DigestDay => ({ date: '2026-12-06', fetchedAt: 0, rank: 'ready', entries });
  const forYou: DigestReason = { kind: 'for-you', score: 0.9, words: [] };
  const follow: DigestReason = { kind: 'follow', rule: { id: 'f', label: 'Organization deepmind' } };
  const hidden: DigestReason = { kind: 'hidden', rule: { id: 'h', label: 'x' } };

  it('counts the papers for you, and those from follows only when there are some', () => {
    const ids = ['2612.01001', '2612.01002', '2612.01003', '2612.01004', '2612.01005', '2612.01006', '2612.01007', '2612.01008'];
    const seven = ids.slice(0, 7).map((id, i) => ({ id, reasons: i < 2 ? [follow, forYou] : [forYou] }));
    expect(notificationText(day(seven))).toBe('7 papers for you today — 2 from labs you follow');
    expect(notificationText(day(seven.map((e) => ({ ...e, reasons: [forYou] }))))).toBe('7 papers for you today');
    expect(
      notificationText(
        day([
          { id: ids[0]!, reasons: [forYou] },
          { id: ids[7]!, reasons: [hidden] },
        ]),
      ),
    ).toBe('1 paper for you today');
  });

  it('counts the day when nothing is for you yet, and says nothing of a day that is empty or all hidden', () => {
    expect(
      notificationText(
        day([
          { id: '2612.01001', reasons: [] },
          { id: '2612.01002', reasons: [] },
        ]),
      ),
    ).toBe('2 new papers today');
    expect(notificationText(day([]))).toBeNull();
    expect(notificationText(day([{ id: '2612.01001', reasons: [hidden] }]))).toBeNull();
  });
});

describe('the store of digest days (lib/digest/store.ts)', () => {
  it(`keeps the last ${DAYS_KEPT} days, newest first, and reads them back checked`, async () => {
    const storage = new MemoryStorage();
    for (let d = 1; d <= DAYS_KEPT + 5; d++) {
      const date = new Date(Date.UTC(2026, 10, d)).toISOString().slice(0, 10);
      await writeDigestDay(storage, {
        date,
        fetchedAt: d,
        rank: 'cold',
        entries: [{ id: '2612.01001', reasons: [{ kind: 'popular', upvotes: d }] }],
      });
    }
    const dates = await listDigestDates(storage);
    expect(dates).toHaveLength(DAYS_KEPT);
    expect(dates[0]).toBe('2026-12-05');
    expect(dates.at(-1)).toBe('2026-11-06');
    expect([...storage.data.keys()].filter((k) => k.startsWith('digest:day:'))).toHaveLength(DAYS_KEPT);
    expect(await readDigestDay(storage, '2026-11-01')).toBeNull();
    expect((await readDigestDay(storage, '2026-12-05'))?.entries[0]?.reasons).toEqual([{ kind: 'popular', upvotes: 35 }]);
    // A day edited into something else is not shown as a day.
    await storage.set({ 'digest:day:2026-12-05': { date: '2026-12-05', entries: 'nope' }, [DAYS_KEY]: dates });
    expect(await readDigestDay(storage, '2026-12-05')).toBeNull();
  });
});
