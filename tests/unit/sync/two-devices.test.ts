/**
 * Two devices (each its own library, storage.local and sync area), joined by a fake sync
 * service: what each does offline, and what both hold once they have exchanged.
 */
import { SyncNetwork } from './fake-sync';
import { makeDevice, settle, type Device } from './devices';
import { arxivId, records } from '../db/helpers';
import { base62, ruleSid, toTick } from '../../../lib/sync/codec';

const MIN = 60_000;
const T0 = Date.UTC(2025, 2, 3, 9, 0, 0);

let network: SyncNetwork;
let a: Device;
let b: Device;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(T0);
  network = new SyncNetwork();
  a = makeDevice(network, 'laptop');
  b = makeDevice(network, 'desktop');
  // Both have read today's list (stars need the paper here; sync itself only carries ids).
  await a.library.recordSeen(records(10));
  await b.library.recordSeen(records(10));
  await settle(network, [a, b]);
});

afterEach(() => {
  a.stop();
  b.stop();
  vi.useRealTimers();
});

const offline = (...devices: Device[]) => devices.forEach((d) => (d.sync.online = false));
const online = (...devices: Device[]) => devices.forEach((d) => (d.sync.online = true));
const later = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe('two devices', () => {
  it('a star and a tag made on one device reach the other', async () => {
    await a.library.star(arxivId(1));
    await a.library.tag(arxivId(1), 'LLM');
    await settle(network, [a, b]);
    expect(await b.starred()).toEqual([arxivId(1)]);
    expect(await b.tagged()).toEqual({ [arxivId(1)]: ['LLM'] });
    expect((await b.status())?.state).toBe('ok');
  });

  it('stars and tags made offline on both devices are all kept', async () => {
    offline(a, b);
    await a.library.star(arxivId(1));
    await a.library.tag(arxivId(1), 'LLM');
    await a.library.tag(arxivId(3), 'Agents');
    later(5 * MIN);
    await b.library.star(arxivId(2));
    await b.library.tag(arxivId(2), 'Vision');
    await b.library.tag(arxivId(3), 'Robotics');
    // Each syncs alone (writing to its own copy of the area) while offline.
    await settle(network, [a, b]);
    expect(await a.starred()).toEqual([arxivId(1)]);

    online(a, b);
    await settle(network, [a, b]);
    for (const d of [a, b]) {
      expect(await d.starred()).toEqual([arxivId(1), arxivId(2)]);
      expect(await d.tagged()).toEqual({
        [arxivId(1)]: ['LLM'],
        [arxivId(2)]: ['Vision'],
        [arxivId(3)]: ['Agents', 'Robotics'],
      });
    }
  });

  it('a removal wins over an older add', async () => {
    await a.library.star(arxivId(1));
    await a.library.tag(arxivId(1), 'LLM');
    await settle(network, [a, b]);
    offline(a, b);
    // Laptop: un-stars and stars again at 9:10 (its add is 9:10).
    later(10 * MIN);
    await a.library.unstar(arxivId(1));
    await a.library.star(arxivId(1));
    // Desktop: un-stars and untags at 9:20, later than the laptop's add.
    later(10 * MIN);
    await b.library.unstar(arxivId(1));
    const llm = (await b.library.listTags())[0]!;
    await b.library.untag(arxivId(1), llm.id);
    await settle(network, [a, b]);
    online(a, b);
    await settle(network, [a, b]);
    for (const d of [a, b]) {
      expect(await d.starred()).toEqual([]);
      expect(await d.tagged()).toEqual({});
      // The tag itself stays: only its link to the paper was removed.
      expect(await d.tagNames()).toEqual(['LLM']);
    }
  });

  it('a newer add wins over an older removal', async () => {
    await a.library.star(arxivId(1));
    await a.library.tag(arxivId(1), 'LLM');
    await settle(network, [a, b]);
    offline(a, b);
    // Desktop removes at 9:10.
    later(10 * MIN);
    await b.library.unstar(arxivId(1));
    const llm = (await b.library.listTags())[0]!;
    await b.library.untag(arxivId(1), llm.id);
    // Laptop toggles both off and on again at 9:20: its adds are newer.
    later(10 * MIN);
    await a.library.unstar(arxivId(1));
    await a.library.star(arxivId(1));
    await a.library.untag(arxivId(1), (await a.library.listTags())[0]!.id);
    await a.library.tag(arxivId(1), 'LLM');
    await settle(network, [a, b]);
    online(a, b);
    await settle(network, [a, b]);
    for (const d of [a, b]) {
      expect(await d.starred()).toEqual([arxivId(1)]);
      expect(await d.tagged()).toEqual({ [arxivId(1)]: ['LLM'] });
    }
  });

  it('a tag renamed on both devices offline ends with the later name everywhere, links intact', async () => {
    await a.library.tag(arxivId(1), 'llm');
    await a.library.tag(arxivId(2), 'llm');
    await settle(network, [a, b]);
    const tagId = (await b.library.listTags())[0]!.id;
    offline(a, b);
    later(10 * MIN);
    await a.library.renameTag((await a.library.listTags())[0]!.id, 'LLMs');
    later(10 * MIN);
    await b.library.renameTag(tagId, 'Language models');
    await b.library.tag(arxivId(3), 'Language models');
    await settle(network, [a, b]);
    online(a, b);
    await settle(network, [a, b]);
    for (const d of [a, b]) {
      expect(await d.tagNames()).toEqual(['Language models']);
      expect(await d.tagged()).toEqual({
        [arxivId(1)]: ['Language models'],
        [arxivId(2)]: ['Language models'],
        [arxivId(3)]: ['Language models'],
      });
    }
  });

  it('the same tag name created on both devices offline becomes one tag with both papers', async () => {
    offline(a, b);
    await a.library.tag(arxivId(1), 'Diffusion');
    later(MIN);
    await b.library.tag(arxivId(2), 'diffusion');
    await settle(network, [a, b]);
    online(a, b);
    await settle(network, [a, b]);
    const names = [await a.tagNames(), await b.tagNames()];
    expect(names[0]).toHaveLength(1);
    expect(names[1]).toEqual(names[0]);
    for (const d of [a, b]) {
      const tagged = await d.tagged();
      expect(Object.keys(tagged).sort()).toEqual([arxivId(1), arxivId(2)]);
      expect(tagged[arxivId(1)]).toEqual(names[0]);
    }
  });

  it('a tag deleted on one device after the other tagged with it is deleted on both', async () => {
    await a.library.tag(arxivId(1), 'Old');
    await settle(network, [a, b]);
    offline(a, b);
    later(MIN);
    await b.library.tag(arxivId(2), 'Old');
    later(MIN);
    await a.library.deleteTag((await a.library.listTags())[0]!.id);
    await settle(network, [a, b]);
    online(a, b);
    await settle(network, [a, b]);
    for (const d of [a, b]) {
      expect(await d.tagNames()).toEqual([]);
      expect(await d.tagged()).toEqual({});
    }
  });

  it('hidden-topic rules: added on both, disabled on one, removed on the other', async () => {
    const diffusion = await a.library.addRule({ kind: 'keyword', pattern: 'diffusion' });
    await b.library.addRule({ kind: 'regex', pattern: '\\bNFT\\b' });
    await settle(network, [a, b]);
    for (const d of [a, b]) expect((await d.library.listRules()).map((r) => r.pattern).sort()).toEqual(['\\bNFT\\b', 'diffusion']);

    later(MIN);
    await a.library.updateRule(diffusion.id, { enabled: false });
    const nft = (await a.library.listRules()).find((r) => r.kind === 'regex')!;
    later(MIN);
    await a.library.removeRule(nft.id);
    await settle(network, [a, b]);
    const rules = await b.library.listRules();
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ kind: 'keyword', pattern: 'diffusion', enabled: false });
  });

  it("a rule's mode and exceptions arrive intact, and so do later edits of them", async () => {
    const rule = await a.library.addRule({ kind: 'keyword', pattern: 'diffusion', mode: 'dim', unless: 'protein,  RNA' });
    await settle(network, [a, b]);
    const [arrived] = await b.library.listRules();
    expect(arrived).toMatchObject({ kind: 'keyword', pattern: 'diffusion', enabled: true, mode: 'dim', unless: 'protein, RNA' });

    // Only the mode and the exceptions change: still an edit that spreads, back the other way.
    later(MIN);
    await b.library.updateRule(arrived!.id, { mode: 'hide', unless: 'protein' });
    await settle(network, [a, b]);
    expect(await a.library.listRules()).toEqual([{ ...rule, mode: 'hide', unless: 'protein' }]);

    // Back to the defaults: fold, no exceptions.
    later(MIN);
    await a.library.updateRule(rule.id, { mode: 'fold', unless: '' });
    await settle(network, [a, b]);
    for (const d of [a, b]) {
      const [r] = await d.library.listRules();
      expect(r).toMatchObject({ pattern: 'diffusion' });
      expect(r).not.toHaveProperty('unless');
      expect(r?.mode ?? 'fold').toBe('fold');
    }
  });

  it('follow rules sync like hide rules, and stay follow rules beside a hide rule of the same name', async () => {
    const follow = await a.library.addRule({ action: 'follow', kind: 'organization', pattern: 'Meta', unless: 'robots' });
    await b.library.addRule({ kind: 'organization', pattern: 'Meta' });
    await settle(network, [a, b]);
    for (const d of [a, b]) {
      const rules = await d.library.listRules();
      expect(rules).toHaveLength(2);
      expect(rules.filter((r) => r.action === 'follow')).toMatchObject([{ kind: 'organization', pattern: 'Meta', unless: 'robots' }]);
      expect(rules.filter((r) => r.action === undefined)).toMatchObject([{ kind: 'organization', pattern: 'Meta' }]);
    }
    later(MIN);
    await a.library.removeRule(follow.id);
    await settle(network, [a, b]);
    for (const d of [a, b]) expect((await d.library.listRules()).map((r) => r.action)).toEqual([undefined]);
  });

  it('a rule written by a version before modes and exceptions arrives with the defaults', async () => {
    const old = network.area('older-version');
    await old.set({ 'pd1:r9': [`${ruleSid('keyword', 'crypto')}${base62(toTick(Date.now()))}+k1/crypto`] });
    await settle(network, [a, b]);
    for (const d of [a, b]) {
      const rules = await d.library.listRules();
      expect(rules).toHaveLength(1);
      expect(rules[0]).toMatchObject({ kind: 'keyword', pattern: 'crypto', enabled: true });
      expect(rules[0]?.mode ?? 'fold').toBe('fold');
      expect(rules[0]).not.toHaveProperty('unless');
    }
  });

  it('the same rule typed on both devices is one rule', async () => {
    offline(a, b);
    await a.library.addRule({ kind: 'keyword', pattern: 'Crypto' });
    await b.library.addRule({ kind: 'keyword', pattern: 'crypto' });
    await settle(network, [a, b]);
    online(a, b);
    await settle(network, [a, b]);
    expect(await a.library.listRules()).toHaveLength(1);
    expect(await b.library.listRules()).toHaveLength(1);
  });

  it('a star for a paper the other device never saw arrives as a star (the page shows it)', async () => {
    await a.library.recordSeen(records(1, 500));
    await a.library.star(arxivId(500));
    await settle(network, [a, b]);
    expect(await b.db.papers.get(arxivId(500))).toBeUndefined();
    expect((await b.library.getState([arxivId(500)]))[arxivId(500)]).toMatchObject({ starred: true });
  });

  it('seen papers do not sync', async () => {
    await a.library.recordSeen(records(5, 100));
    await settle(network, [a, b]);
    expect(await b.db.papers.count()).toBe(10);
    expect(JSON.stringify([...network.server.values()])).not.toContain('00100');
  });

  it('applying the other device’s changes writes nothing back (no echo), and both go quiet', async () => {
    const syncsA = vi.spyOn(a.library, 'applySync');
    const syncsB = vi.spyOn(b.library, 'applySync');
    await a.library.star(arxivId(1));
    await a.library.tag(arxivId(1), 'LLM');
    const writesA = a.sync.writeOps;
    const writesB = b.sync.writeOps;
    await settle(network, [a, b]);
    expect(a.sync.writeOps - writesA).toBe(1);
    expect(b.sync.writeOps - writesB).toBe(0);
    // The writer ignores the echo of its own write; the receiver syncs once for the items and
    // once more for the library change that applying them made, which finds nothing to do.
    expect(syncsA).toHaveBeenCalledTimes(1);
    expect(syncsB).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(0);
    // Nothing more happens however long we wait.
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(a.sync.writeOps - writesA).toBe(1);
    expect(b.sync.writeOps - writesB).toBe(0);
  });

  it('a burst of changes is one write', async () => {
    const before = a.sync.writeOps;
    for (let i = 0; i < 10; i++) await a.library.star(arxivId(i));
    await a.library.tag(arxivId(0), 'LLM');
    await settle(network, [a, b]);
    expect(a.sync.writeOps - before).toBe(1);
    expect(await b.starred()).toHaveLength(10);
  });

  it('a change survives the service worker being stopped before its sync ran', async () => {
    await a.library.star(arxivId(4));
    // Stopped during the debounce: no sync ran, but the change is marked as waiting.
    a.stop();
    await vi.advanceTimersByTimeAsync(MIN);
    expect(a.sync.writeOps).toBe(0);
    a.restart();
    await settle(network, [a, b]);
    expect(await b.starred()).toEqual([arxivId(4)]);
  });

  it('with sync off nothing is shared; back on, what changed meanwhile (removals too) is', async () => {
    await a.library.star(arxivId(1));
    await a.library.star(arxivId(2));
    await settle(network, [a, b]);
    await a.library.setSettings({ sync: false, pauseRules: false });
    later(MIN);
    await a.library.unstar(arxivId(1));
    await a.library.star(arxivId(3));
    await settle(network, [a, b]);
    expect((await a.status())?.state).toBe('off');
    expect(await b.starred()).toEqual([arxivId(1), arxivId(2)]);

    await a.library.setSettings({ sync: true, pauseRules: false });
    await settle(network, [a, b]);
    expect(await b.starred()).toEqual([arxivId(2), arxivId(3)]);
    expect((await a.status())?.state).toBe('ok');
  });
});
