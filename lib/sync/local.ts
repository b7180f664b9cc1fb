/**
 * The library as sync sees it, and the two steps between it and the shared state:
 *
 * 1. `recordLocalChanges`: the library keeps no tombstones and no edit times, so what changed
 *    here since the last sync is found by comparing the library with `base` — what it held right
 *    after that sync. Each difference becomes a register: an add at its own time (starredAt,
 *    taggedAt, createdAt), a removal or an edit at `now`.
 * 2. `planPatch`: what the library must do to hold the merged state.
 */
import type { HideRule, Tag } from '../model/library';
import { encodeRule, fromTick, ruleSid, tagSid, toTick, type Reg, type RuleReg, type TagColour, type TagReg } from './codec';
import { linkKey, splitLinkKey, type SyncState } from './state';

export interface LocalTag {
  id: string;
  name: string;
  colour: TagColour;
  createdAt: number;
}

/** The synced part of the library, keyed by sync ids. */
export interface LocalView {
  /** paperId → starredAt. */
  stars: Map<string, number>;
  /** tag sync id → tag. */
  tags: Map<string, LocalTag>;
  /** linkKey(paperId, tag sync id) → taggedAt. */
  links: Map<string, number>;
  /** rule sync id → the rules with that content (normally one). */
  rules: Map<string, HideRule[]>;
}

export function localView(
  stars: readonly { paperId: string; starredAt: number }[],
  tags: readonly Tag[],
  links: readonly { paperId: string; tagId: string; taggedAt: number }[],
  rules: readonly HideRule[],
): LocalView {
  const view: LocalView = { stars: new Map(), tags: new Map(), links: new Map(), rules: new Map() };
  for (const s of stars) view.stars.set(s.paperId, s.starredAt);
  const sidOf = new Map<string, string>();
  for (const t of tags) {
    const sid = tagSid(t.id);
    sidOf.set(t.id, sid);
    view.tags.set(sid, { id: t.id, name: t.name, colour: t.colour, createdAt: t.createdAt });
  }
  for (const l of links) {
    const sid = sidOf.get(l.tagId);
    if (sid) view.links.set(linkKey(l.paperId, sid), l.taggedAt);
  }
  for (const r of rules) {
    const sid = ruleSid(r.kind, r.pattern, r.flags, r.action);
    const list = view.rules.get(sid);
    if (list) list.push(r);
    else view.rules.set(sid, [r]);
  }
  return view;
}

/** What the library held after the last sync (stored in storage.local between syncs). */
export interface Base {
  stars: string[];
  links: string[];
  /** tag sync id → [name, colour]. */
  tags: Record<string, [string, TagColour]>;
  /** rule sync id → its encoded content (kind, enabled, flags, pattern). */
  rules: Record<string, string>;
}

export const EMPTY_BASE: Base = { stars: [], links: [], tags: {}, rules: {} };

function ruleReg(rule: HideRule, t: number): RuleReg & { on: true } {
  const reg: RuleReg & { on: true } = {
    t,
    on: true,
    kind: rule.kind,
    pattern: rule.pattern,
    flags: rule.flags ?? '',
    enabled: rule.enabled,
  };
  if (rule.action === 'follow') reg.action = 'follow';
  else if (rule.mode && rule.mode !== 'fold') reg.mode = rule.mode;
  if (rule.unless) reg.unless = rule.unless;
  return reg;
}

/**
 * A rule's content as compared between syncs (the time left out): kind, pattern, flags, enabled,
 * mode and exceptions, so an edit of any of them is a change that gets a new time and spreads.
 */
const ruleContent = (rule: HideRule) => encodeRule('', ruleReg(rule, 0));

/** The rule that speaks for its content when several local rules share it: an enabled one. */
const representative = (rules: HideRule[]) => rules.find((r) => r.enabled) ?? rules[0]!;

export function baseOf(view: LocalView): Base {
  const tags: Base['tags'] = {};
  for (const [sid, t] of view.tags) tags[sid] = [t.name, t.colour];
  const rules: Base['rules'] = {};
  for (const [sid, list] of view.rules) rules[sid] = ruleContent(representative(list));
  return { stars: [...view.stars.keys()], links: [...view.links.keys()], tags, rules };
}

export function readBase(value: unknown): Base {
  if (typeof value !== 'object' || value === null) return EMPTY_BASE;
  const v = value as Partial<Base>;
  const strings = (a: unknown) => (Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : []);
  const record = (o: unknown) => (typeof o === 'object' && o !== null && !Array.isArray(o) ? o : {});
  return {
    stars: strings(v.stars),
    links: strings(v.links),
    tags: record(v.tags) as Base['tags'],
    rules: record(v.rules) as Base['rules'],
  };
}

/** A time after both `t` and the register it replaces (so a local edit always wins over it). */
const after = (t: number, prev: Reg | undefined) => Math.max(t, prev ? prev.t + 1 : 0);

/**
 * A star or link the library holds, added at tick `t`. The library stamps a new add with the
 * time it happens, so a `t` later than the register is an add since then — even one the base
 * cannot show (un-starred and starred again between two syncs).
 */
function present(map: Map<string, Reg>, key: string, t: number, inBase: boolean): void {
  const prev = map.get(key);
  if (!inBase && prev && !prev.on) {
    // Removed when we last synced, here now: added again since.
    map.set(key, { t: after(t, prev), on: true });
  } else if (!prev || t > prev.t) {
    map.set(key, { t, on: true });
  }
}

/** A star or link the library held at the last sync and no longer holds: removed at `now`. */
function removed(map: Map<string, Reg>, key: string, now: number): void {
  const prev = map.get(key);
  if (prev && !prev.on) return;
  map.set(key, { t: after(now, prev), on: false });
}

/**
 * When a removal or an edit found by comparison happened, in ticks. The library keeps no such
 * times; the sync engine notes them as the library announces its writes (`paper` for a paper's
 * star or tags, `other` for tags and rules). Without a note: the time of the sync.
 */
export interface ChangeClock {
  paper(id: string): number;
  other(): number;
}

export const clockAt = (now: number): ChangeClock => ({ paper: () => now, other: () => now });

/**
 * Writes into `state` (the merged state of the last sync) a register for every change made in
 * the library since `base`.
 */
export function recordLocalChanges(state: SyncState, view: LocalView, base: Base, clock: ChangeClock): void {
  const now = clock.other();
  const baseStars = new Set(base.stars);
  for (const [id, starredAt] of view.stars) present(state.stars, id, toTick(starredAt), baseStars.has(id));
  for (const id of baseStars) if (!view.stars.has(id)) removed(state.stars, id, clock.paper(id));

  for (const [sid, tag] of view.tags) {
    const was = base.tags[sid];
    const prev = state.tags.get(sid);
    if (was && was[0] === tag.name && was[1] === tag.colour) continue;
    if (!was && prev?.on && prev.name === tag.name && prev.colour === tag.colour) continue;
    // New here: its creation time; renamed or recoloured (or new but differing from what sync
    // holds for that id): now.
    const t = !was && !prev?.on ? after(toTick(tag.createdAt), prev) : after(now, prev);
    state.tags.set(sid, { t, on: true, name: tag.name, colour: tag.colour });
  }
  for (const sid of Object.keys(base.tags)) {
    if (view.tags.has(sid)) continue;
    const prev = state.tags.get(sid);
    if (prev && !prev.on) continue;
    state.tags.set(sid, { t: after(now, prev), on: false });
  }

  const baseLinks = new Set(base.links);
  for (const [key, taggedAt] of view.links) present(state.links, key, toTick(taggedAt), baseLinks.has(key));
  for (const key of baseLinks) {
    // A link that went with its tag needs no tombstone of its own: the tag's says it.
    const [paperId, sid] = splitLinkKey(key);
    if (!view.links.has(key) && view.tags.has(sid)) removed(state.links, key, clock.paper(paperId));
  }

  for (const [sid, list] of view.rules) {
    const rule = representative(list);
    const was = base.rules[sid];
    const prev = state.rules.get(sid);
    const content = ruleContent(rule);
    const created = toTick(rule.createdAt);
    // Same content as at the last sync, unless it was removed and typed again since (new createdAt).
    if (was === content && !(prev && created > prev.t)) continue;
    if (was === undefined && prev?.on && encodeRule('', { ...prev, t: 0 }) === content) continue;
    const t = was === content ? created : was === undefined && !prev?.on ? after(created, prev) : after(now, prev);
    state.rules.set(sid, ruleReg(rule, t));
  }
  for (const sid of Object.keys(base.rules)) {
    if (view.rules.has(sid)) continue;
    const prev = state.rules.get(sid);
    if (prev && !prev.on) continue;
    state.rules.set(sid, { t: after(now, prev), on: false });
  }
}

// ---- removals nobody announced ----------------------------------------------------------------------

/** What the library held at the last sync and holds no more, by kind (sync ids; links as linkKey). */
export interface Gone {
  stars: string[];
  links: string[];
  tags: string[];
  rules: string[];
}

export const goneCount = (g: Gone): number => g.stars.length + g.links.length + g.tags.length + g.rules.length;

/**
 * The removals found since `base` that the library did not announce paper by paper: stars and
 * tag links of papers `announced` knows nothing of (an un-star from the popup or the page is
 * announced with its paper), and every tag and rule removed (the library announces those without
 * ids). A link that went with its tag is the tag's removal, not one more.
 */
export function removedSince(view: LocalView, base: Base, announced: (paperId: string) => boolean): Gone {
  const tags = Object.keys(base.tags).filter((sid) => !view.tags.has(sid));
  const stars = base.stars.filter((id) => !view.stars.has(id) && !announced(id));
  const links = base.links.filter((key) => {
    if (view.links.has(key)) return false;
    const [paperId, sid] = splitLinkKey(key);
    return view.tags.has(sid) && !announced(paperId);
  });
  const rules = Object.keys(base.rules).filter((sid) => !view.rules.has(sid));
  return { stars, links, tags, rules };
}

/** `gone` without what `state` no longer holds (removed elsewhere meanwhile: nothing to keep). */
export function stillShared(gone: Gone, base: Base, state: SyncState): Gone {
  const on = (reg: Reg | undefined) => reg?.on === true;
  const tags = gone.tags.filter((sid) => on(state.tags.get(sid)));
  const heldTags = new Set(tags);
  // The links of a tag held back are held with it.
  const links = [...new Set([...gone.links, ...base.links.filter((key) => heldTags.has(splitLinkKey(key)[1]))])];
  return {
    stars: gone.stars.filter((id) => on(state.stars.get(id))),
    links: links.filter((key) => on(state.links.get(key))),
    tags,
    rules: gone.rules.filter((sid) => on(state.rules.get(sid))),
  };
}

/**
 * `view` as if it still held `held` (with their shared content and times): what is held back is
 * neither removed everywhere nor put back here until the user says which (lib/sync/apply).
 * Held tags and rules take their sync id as their local id; nothing is written under it.
 */
export function withHeld(view: LocalView, held: Gone, state: SyncState): LocalView {
  const out: LocalView = { stars: new Map(view.stars), tags: new Map(view.tags), links: new Map(view.links), rules: new Map(view.rules) };
  for (const id of held.stars) out.stars.set(id, fromTick(state.stars.get(id)!.t));
  for (const sid of held.tags) {
    const reg = state.tags.get(sid)!;
    if (reg.on) out.tags.set(sid, { id: sid, name: reg.name, colour: reg.colour, createdAt: fromTick(reg.t) });
  }
  for (const key of held.links) out.links.set(key, fromTick(state.links.get(key)!.t));
  for (const sid of held.rules) {
    const reg = state.rules.get(sid)!;
    if (!reg.on) continue;
    const rule: HideRule = { id: sid, kind: reg.kind, pattern: reg.pattern, enabled: reg.enabled, createdAt: fromTick(reg.t) };
    if (reg.flags) rule.flags = reg.flags;
    if (reg.action) rule.action = reg.action;
    if (reg.mode) rule.mode = reg.mode;
    if (reg.unless) rule.unless = reg.unless;
    out.rules.set(sid, [rule]);
  }
  return out;
}

/** `base` without `gone`: what the library no longer holds is then not taken as removed, and comes back. */
export function baseWithout(base: Base, gone: Gone): Base {
  const drop = (list: string[]) => new Set(list);
  const stars = drop(gone.stars);
  const links = drop(gone.links);
  const tags = drop(gone.tags);
  const rules = drop(gone.rules);
  return {
    stars: base.stars.filter((id) => !stars.has(id)),
    links: base.links.filter((key) => !links.has(key) && !tags.has(splitLinkKey(key)[1])),
    tags: Object.fromEntries(Object.entries(base.tags).filter(([sid]) => !tags.has(sid))),
    rules: Object.fromEntries(Object.entries(base.rules).filter(([sid]) => !rules.has(sid))),
  };
}

/** What the library must change to hold a merged state. Local ids, ready for Dexie. */
export interface Patch {
  starsAdd: { paperId: string; starredAt: number }[];
  starsRemove: string[];
  tagsCreate: LocalTag[];
  tagsUpdate: { id: string; name: string; colour: TagColour }[];
  tagsDelete: string[];
  linksAdd: { paperId: string; tagId: string; taggedAt: number }[];
  linksRemove: [paperId: string, tagId: string][];
  rulesPut: HideRule[];
  rulesDelete: string[];
}

export function isEmptyPatch(p: Patch): boolean {
  return Object.values(p).every((list: unknown[]) => list.length === 0);
}

export type RuleCheck = (rule: HideRule) => HideRule | null;

/**
 * The changes that make the library hold `state`. Only explicit removals remove: an element
 * the state does not mention at all is left alone. `checkRule` validates a rule from another
 * device as the library would (null = skip it: it will be offered again on the next sync).
 */
export function planPatch(view: LocalView, state: SyncState, checkRule: RuleCheck): Patch {
  const patch: Patch = {
    starsAdd: [],
    starsRemove: [],
    tagsCreate: [],
    tagsUpdate: [],
    tagsDelete: [],
    linksAdd: [],
    linksRemove: [],
    rulesPut: [],
    rulesDelete: [],
  };

  for (const [id, reg] of state.stars) {
    if (reg.on && !view.stars.has(id)) patch.starsAdd.push({ paperId: id, starredAt: fromTick(reg.t) });
    if (!reg.on && view.stars.has(id)) patch.starsRemove.push(id);
  }

  const liveTag = (sid: string): (TagReg & { on: true }) | undefined => {
    const reg = state.tags.get(sid);
    return reg?.on ? reg : undefined;
  };
  const localTagId = (sid: string) => view.tags.get(sid)?.id ?? sid;
  for (const [sid, reg] of state.tags) {
    const mine = view.tags.get(sid);
    if (!reg.on) {
      if (mine) patch.tagsDelete.push(mine.id);
    } else if (!mine) {
      patch.tagsCreate.push({ id: sid, name: reg.name, colour: reg.colour, createdAt: fromTick(reg.t) });
    } else if (mine.name !== reg.name || mine.colour !== reg.colour) {
      patch.tagsUpdate.push({ id: mine.id, name: reg.name, colour: reg.colour });
    }
  }

  for (const [key, reg] of state.links) {
    const [paperId, sid] = splitLinkKey(key);
    const have = view.links.has(key);
    const tag = state.tags.get(sid);
    if (reg.on && !have && liveTag(sid)) {
      patch.linksAdd.push({ paperId, tagId: localTagId(sid), taggedAt: fromTick(reg.t) });
    } else if (have && (!reg.on || (tag && !tag.on))) {
      patch.linksRemove.push([paperId, localTagId(sid)]);
    }
  }
  // Links of a tag being deleted go with it, even those the state no longer mentions.
  const deleting = new Set(patch.tagsDelete);
  for (const key of view.links.keys()) {
    const [paperId, sid] = splitLinkKey(key);
    const id = localTagId(sid);
    if (deleting.has(id) && !patch.linksRemove.some(([p, t]) => p === paperId && t === id)) patch.linksRemove.push([paperId, id]);
  }

  const takenIds = new Set([...view.rules.values()].flat().map((r) => r.id));
  for (const [sid, reg] of state.rules) {
    const mine = view.rules.get(sid);
    if (!reg.on) {
      for (const r of mine ?? []) patch.rulesDelete.push(r.id);
      continue;
    }
    const rep = mine ? representative(mine) : undefined;
    if (rep && ruleContent(rep) === encodeRule('', { ...reg, t: 0 })) continue;
    let id = rep?.id ?? sid;
    for (let n = 2; !rep && takenIds.has(id); n++) id = `${sid}-${n}`;
    const candidate: HideRule = {
      id,
      kind: reg.kind,
      pattern: reg.pattern,
      enabled: reg.enabled,
      createdAt: rep?.createdAt ?? fromTick(reg.t),
      ...(reg.action ? { action: reg.action } : {}),
      ...(reg.flags ? { flags: reg.flags } : {}),
      ...(reg.mode ? { mode: reg.mode } : {}),
      ...(reg.unless ? { unless: reg.unless } : {}),
    };
    const checked = checkRule(candidate);
    if (checked) {
      patch.rulesPut.push(checked);
      takenIds.add(id);
    }
  }
  return patch;
}
