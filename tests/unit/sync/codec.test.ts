import fc from 'fast-check';
import {
  base62,
  decodePapers,
  decodeRule,
  decodeTag,
  encodePapers,
  encodeRule,
  encodeTag,
  fromTick,
  parseBase62,
  ruleSid,
  tagSid,
  toTick,
  type PaperEntry,
} from '../../../lib/sync/codec';
import { budgetBeside, CHROME_SYNC_QUOTA, itemBytes, layout } from '../../../lib/sync/layout';
import { decodeState, emptyState, encodeState, foldDuplicateTags, join, linkKey, prune, type SyncState } from '../../../lib/sync/state';
import { decodeItems } from '../../../lib/sync/engine';

const T = toTick(Date.UTC(2025, 5, 1, 12, 0, 0));

describe('codec', () => {
  it('base-62 times: seconds since 2024, five digits', () => {
    expect(base62(0)).toBe('00000');
    expect(parseBase62(base62(916_132_831))).toBe(916_132_831);
    expect(parseBase62('0a-00')).toBeNaN();
    const ms = Date.UTC(2025, 0, 15, 12, 34, 56);
    expect(fromTick(toTick(ms))).toBe(ms);
    expect(fromTick(toTick(ms + 999))).toBe(ms);
    expect(toTick(0)).toBe(0);
  });

  it('papers: ids share their month prefix; stars, tombstones and links round-trip', () => {
    const entries: PaperEntry[] = [
      { id: '2501.01234', star: { t: T, on: true }, links: [] },
      { id: '2501.05678', star: { t: T + 1, on: false }, links: [['AbC12', { t: T + 2, on: true }]] },
      { id: '2502.0001', links: [['zzzzz', { t: T, on: false }]] },
      { id: 'hep-th/9901001', star: { t: T, on: true }, links: [] },
      { id: 'hep-th/9901002', star: { t: T, on: true }, links: [] },
      { id: 'math.GT/0309136', star: { t: T, on: true }, links: [] },
    ];
    const text = encodePapers(entries);
    expect(text.startsWith(`2501.01234*${base62(T)}05678!${base62(T + 1)}+AbC12${base62(T + 2)}2502.0001~zzzzz`)).toBe(true);
    expect(text).toContain('hep-th/9901001*');
    expect(text).toContain(`9901002*`);
    expect(text).not.toContain('hep-th/9901002');
    expect(decodePapers(text)).toEqual(entries);
  });

  it('refuses malformed papers text rather than guessing', () => {
    expect(() => decodePapers('2501.01234')).toThrow();
    expect(() => decodePapers('2501.01234*0b3')).toThrow();
    expect(() => decodePapers('2501.01234+ab*00000')).toThrow();
    // An entry that is not an arXiv id is skipped, the rest kept.
    expect(decodePapers(`notanid.x*${base62(T)}2501.00001*${base62(T)}`).map((e) => e.id)).toEqual(['2501.00001']);
  });

  it('tags and rules: any name or pattern, unicode and quotes included', () => {
    const tag = { t: T, on: true as const, name: 'Ünïcode "quoted" / tag', colour: 'teal' as const };
    expect(decodeTag(encodeTag('Ab123', tag))).toEqual(['Ab123', tag]);
    expect(decodeTag(encodeTag('Ab123', { t: T, on: false }))).toEqual(['Ab123', { t: T, on: false }]);
    expect(decodeTag('Ab123' + base62(T) + '+9x')).toBeNull();
    const rule = { t: T, on: true as const, kind: 'regex' as const, pattern: 'a/b\\s+"c"', flags: 'iu', enabled: false };
    expect(decodeRule(encodeRule('Zz999', rule))).toEqual(['Zz999', rule]);
    expect(decodeRule('Zz999' + base62(T) + '+q1/x')).toBeNull();
    // The quota counts the JSON (quotes escaped) in UTF-8 bytes: Ü and ï take two each.
    expect(itemBytes('k', [encodeTag('Ab123', tag)])).toBe(1 + JSON.stringify([encodeTag('Ab123', tag)]).length + 2);
  });

  it('rules carry their mode and exceptions; a rule with neither is written as before they existed', () => {
    const plain = { t: T, on: true as const, kind: 'keyword' as const, pattern: 'diffusion', flags: '', enabled: true };
    const old = 'Zz999' + base62(T) + '+k1/diffusion'; // format 1 before modes and exceptions
    expect(encodeRule('Zz999', plain)).toBe(old);
    const [, decoded] = decodeRule(old)!;
    expect(decoded).toEqual(plain);
    expect(decoded).not.toHaveProperty('mode');
    expect(decoded).not.toHaveProperty('unless');

    const full = { ...plain, kind: 'regex' as const, pattern: 'a/b', flags: 'i', mode: 'dim' as const, unless: 'protein, RNA/DNA' };
    const entry = encodeRule('Zz999', full);
    expect(decodeRule(entry)).toEqual(['Zz999', full]);
    expect(decodeRule(encodeRule('Zz999', { ...plain, mode: 'hide' }))).toEqual(['Zz999', { ...plain, mode: 'hide' }]);
    // Compact: the mode is one letter, the exceptions their text and three more bytes.
    expect(entry.length).toBe(encodeRule('Zz999', { ...full, mode: undefined, unless: undefined }).length + 1 + 3 + full.unless.length);
    // What a version before modes reads as flags (up to the first "/") is not flags: it skips
    // the entry instead of taking "RNA" and the rest for the pattern.
    expect(entry.slice(12, entry.indexOf('/', 12))).not.toMatch(/^[imsu]*$/);
    expect(encodeRule('Zz999', { ...plain, mode: 'dim' }).slice(12, -'/diffusion'.length)).not.toMatch(/^[imsu]*$/);
  });

  it('follow rules: an "f" where the mode goes, which versions before follows skip; a sync id of their own', () => {
    const follow = {
      t: T,
      on: true as const,
      kind: 'author' as const,
      pattern: 'Jane Doe',
      flags: '',
      enabled: true,
      action: 'follow' as const,
    };
    const entry = encodeRule('Zz999', follow);
    expect(entry).toBe('Zz999' + base62(T) + '+a1f/Jane Doe');
    expect(decodeRule(entry)).toEqual(['Zz999', follow]);
    const withUnless = { ...follow, kind: 'keyword' as const, pattern: 'agents', unless: 'robots' };
    expect(decodeRule(encodeRule('Zz999', withUnless))).toEqual(['Zz999', withUnless]);
    // A reader before follows reads flags, then a mode letter (d/h), then expects "/": it skips the entry.
    expect(entry.slice(12, entry.indexOf('/', 12))).not.toMatch(/^[imsu]*[dh]?$/);
    // Following a name and hiding it are two rules; a hide rule's id is as it always was.
    expect(ruleSid('author', 'Jane Doe', '', 'follow')).not.toBe(ruleSid('author', 'Jane Doe', ''));
    expect(ruleSid('author', 'Jane Doe', '', 'hide')).toBe(ruleSid('author', 'Jane Doe', ''));
  });

  it('refuses a rule entry whose exceptions are cut short or malformed', () => {
    const head = 'Zz999' + base62(T) + '+k1';
    expect(decodeRule(`${head}=05abc/x`)).toBeNull(); // says 5 characters, "abc/x" leaves no pattern
    expect(decodeRule(`${head}=03abc`)).toBeNull(); // no "/" and pattern
    expect(decodeRule(`${head}=00/x`)).toBeNull();
    expect(decodeRule(`${head}=04 abc/x`)).toBeNull(); // not trimmed as the library stores it
    expect(decodeRule(`${head}x/x`)).toBeNull(); // an unknown letter
    expect(decodeRule(`${head}dd/x`)).toBeNull();
    expect(decodeRule(`${head}h=03a/b/x`)).toEqual([
      'Zz999',
      { t: T, on: true, kind: 'keyword', pattern: 'x', flags: '', enabled: true, mode: 'hide', unless: 'a/b' },
    ]);
  });

  it('the largest rule still fits one sync item', () => {
    const long = '\\"é'.repeat(125); // 500 characters, each one escaped or two bytes
    const rule = {
      t: T,
      on: true as const,
      kind: 'regex' as const,
      pattern: long,
      flags: 'imsu',
      enabled: true,
      mode: 'hide' as const,
      unless: long,
    };
    expect(decodeRule(encodeRule('Zz999', rule))).toEqual(['Zz999', rule]);
    expect(itemBytes('pd1:r0', [encodeRule('Zz999', rule)])).toBeLessThan(CHROME_SYNC_QUOTA.QUOTA_BYTES_PER_ITEM);
  });

  it('short ids: tags by their local id (identity for ids that came from sync), rules by content', () => {
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(tagSid(uuid)).toMatch(/^[0-9A-Za-z]{5}$/);
    expect(tagSid(uuid)).toBe(tagSid(uuid));
    expect(tagSid(tagSid(uuid))).toBe(tagSid(uuid));
    expect(ruleSid('keyword', 'Diffusion')).toBe(ruleSid('keyword', 'diffusion'));
    expect(ruleSid('keyword', 'diffusion')).not.toBe(ruleSid('author', 'diffusion'));
    expect(ruleSid('regex', 'x', 'i')).not.toBe(ruleSid('regex', 'x', ''));
  });

  it('figures: 1,000 starred papers take about 11 KB; about 9,000 fit in 100 KB', () => {
    const state = emptyState();
    for (let i = 0; i < 20_000; i++)
      state.stars.set(`25${String(1 + (i % 12)).padStart(2, '0')}.${String(i).padStart(5, '0')}`, { t: T - i, on: true });
    const thousand = emptyState();
    [...state.stars].slice(0, 1000).forEach(([id, r]) => thousand.stars.set(id, r));
    const small = layout(thousand, budgetBeside({}));
    expect(small.bytes).toBeLessThan(11_200);
    const full = layout(state, budgetBeside({}));
    expect(full.bytes).toBeLessThanOrEqual(CHROME_SYNC_QUOTA.QUOTA_BYTES);
    expect(20_000 - full.left.stars).toBeGreaterThan(9_000);
    for (const [key, value] of Object.entries(full.items)) expect(itemBytes(key, value)).toBeLessThanOrEqual(8_192);
    // What was written reads back as the newest stars.
    expect(decodeItems(full.items).stars.size).toBe(20_000 - full.left.stars);
    expect(decodeItems(full.items).stars.has('2501.00000')).toBe(true);
  });
});

// ---- the merge ------------------------------------------------------------------------------

const sids = ['aaaaa', 'bbbbb', 'ccccc'];
const ids = ['2501.00001', '2501.00002', '2502.00003', 'cs/0101001'];
const reg = fc.record({ t: fc.integer({ min: 0, max: 20 }), on: fc.boolean() });
const tagReg = fc.oneof(
  fc.record({ t: fc.integer({ min: 0, max: 20 }), on: fc.constant(false as const) }),
  fc.record({
    t: fc.integer({ min: 0, max: 20 }),
    on: fc.constant(true as const),
    name: fc.constantFrom('llm', 'LLM', 'vision', 'agents'),
    colour: fc.constantFrom('red' as const, 'blue' as const),
  }),
);
const stateArb: fc.Arbitrary<SyncState> = fc
  .record({
    stars: fc.array(fc.tuple(fc.constantFrom(...ids), reg)),
    links: fc.array(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...sids), reg)),
    tags: fc.array(fc.tuple(fc.constantFrom(...sids), tagReg)),
  })
  .map(({ stars, links, tags }) => {
    const s = emptyState();
    for (const [id, r] of stars) s.stars.set(id, r);
    for (const [id, sid, r] of links) s.links.set(linkKey(id, sid), r);
    for (const [sid, r] of tags) s.tags.set(sid, r);
    return s;
  });
const canon = (s: SyncState) => JSON.stringify(encodeState(s));

describe('merge', () => {
  it('is commutative, associative and idempotent: devices agree whatever the order of exchange', () => {
    fc.assert(
      fc.property(stateArb, stateArb, stateArb, (x, y, z) => {
        expect(canon(join(x, y))).toBe(canon(join(y, x)));
        expect(canon(join(join(x, y), z))).toBe(canon(join(x, join(y, z))));
        expect(canon(join(x, x))).toBe(canon(x));
      }),
      { numRuns: 300 },
    );
  });

  it('never loses an element one side holds and the other does not mention', () => {
    fc.assert(
      fc.property(stateArb, stateArb, (x, y) => {
        const m = join(x, y);
        for (const [id, r] of x.stars) if (!y.stars.has(id)) expect(m.stars.get(id)).toEqual(r);
      }),
    );
  });

  it('the later register wins; a removal wins a tie', () => {
    const x = emptyState();
    const y = emptyState();
    x.stars.set(ids[0]!, { t: 5, on: true });
    y.stars.set(ids[0]!, { t: 6, on: false });
    x.stars.set(ids[1]!, { t: 7, on: true });
    y.stars.set(ids[1]!, { t: 6, on: false });
    x.stars.set(ids[2]!, { t: 6, on: true });
    y.stars.set(ids[2]!, { t: 6, on: false });
    const m = join(x, y);
    expect(m.stars.get(ids[0]!)!.on).toBe(false);
    expect(m.stars.get(ids[1]!)!.on).toBe(true);
    expect(m.stars.get(ids[2]!)!.on).toBe(false);
  });

  it('folds live tags that share a name into the smallest id, links moved', () => {
    const s = emptyState();
    s.tags.set('bbbbb', { t: 1, on: true, name: 'LLM', colour: 'red' });
    s.tags.set('aaaaa', { t: 2, on: true, name: 'llm', colour: 'blue' });
    s.links.set(linkKey(ids[0]!, 'bbbbb'), { t: 3, on: true });
    expect(foldDuplicateTags(s, 10)).toEqual(['bbbbb']);
    prune(s, 10, 1000);
    expect(s.tags.get('bbbbb')).toEqual({ t: 10, on: false });
    expect(s.links.get(linkKey(ids[0]!, 'aaaaa'))).toEqual({ t: 3, on: true });
    expect(s.links.has(linkKey(ids[0]!, 'bbbbb'))).toBe(false);
  });

  it('forgets tombstones after the time to live, never live elements', () => {
    const s = emptyState();
    s.stars.set(ids[0]!, { t: 1, on: false });
    s.stars.set(ids[1]!, { t: 1, on: true });
    s.stars.set(ids[2]!, { t: 90, on: false });
    prune(s, 100, 50);
    expect([...s.stars.keys()]).toEqual([ids[1], ids[2]]);
  });

  it('the whole state round-trips through its storage.local form', () => {
    fc.assert(
      fc.property(stateArb, (x) => {
        expect(canon(decodeState(JSON.parse(JSON.stringify(encodeState(x)))))).toBe(canon(x));
      }),
    );
  });
});
