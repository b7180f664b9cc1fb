/**
 * What sync shares, as last-writer-wins registers with tombstones, and how two copies merge.
 *
 * The merge (`join`) is per element: the register with the later time wins, a removal wins a
 * tie. It is commutative, associative and idempotent, so devices that exchange their states in
 * any order, any number of times, end up equal — and nothing one device added is lost unless a
 * device removed it later. "Missing" is not "removed": an element absent from one copy (it was
 * added elsewhere, or did not fit in the quota) is kept from the other.
 */
import { tagKey } from '../model/library';
import {
  decodePapers,
  decodeRule,
  decodeTag,
  encodePapers,
  encodeRule,
  encodeTag,
  type PaperEntry,
  type Reg,
  type RuleReg,
  type TagReg,
} from './codec';

export interface SyncState {
  stars: Map<string, Reg>;
  /** Key: `${paperId} ${tagSid}`. */
  links: Map<string, Reg>;
  tags: Map<string, TagReg>;
  rules: Map<string, RuleReg>;
}

export function emptyState(): SyncState {
  return { stars: new Map(), links: new Map(), tags: new Map(), rules: new Map() };
}

export function cloneState(s: SyncState): SyncState {
  return { stars: new Map(s.stars), links: new Map(s.links), tags: new Map(s.tags), rules: new Map(s.rules) };
}

export const linkKey = (paperId: string, sid: string): string => `${paperId} ${sid}`;
export function splitLinkKey(key: string): [paperId: string, sid: string] {
  const at = key.indexOf(' ');
  return [key.slice(0, at), key.slice(at + 1)];
}

/** The winner of two registers of one element. Ties: removal first, then the larger encoding. */
export function pick<R extends Reg>(a: R | undefined, b: R | undefined, encode: (r: R) => string): R | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.t !== b.t) return a.t > b.t ? a : b;
  if (a.on !== b.on) return a.on ? b : a;
  return encode(a) >= encode(b) ? a : b;
}

const encReg = (r: Reg) => (r.on ? '1' : '0');
const encTagReg = (r: TagReg) => encodeTag('', r);
const encRuleReg = (r: RuleReg) => encodeRule('', r);

function joinMap<R extends Reg>(into: Map<string, R>, from: Map<string, R>, encode: (r: R) => string): void {
  for (const [key, theirs] of from) {
    const winner = pick(into.get(key), theirs, encode)!;
    into.set(key, winner);
  }
}

/** `a` merged with `b` (a new state; neither is changed). */
export function join(a: SyncState, b: SyncState): SyncState {
  const out = cloneState(a);
  joinMap(out.stars, b.stars, encReg);
  joinMap(out.links, b.links, encReg);
  joinMap(out.tags, b.tags, encTagReg);
  joinMap(out.rules, b.rules, encRuleReg);
  return out;
}

/** Two live tags whose names differ only in case are one tag to the library (tagKey). */
const tagNameKey = tagKey;

/**
 * Makes live tag names unique (the library's rule), in place: of the live tags sharing a name
 * case-insensitively — two devices that each created "LLM" offline — the one with the smallest
 * sync id stays, the others are removed at `now` and their links move onto it. Every device
 * picks the same survivor. Returns the sync ids folded away.
 */
export function foldDuplicateTags(state: SyncState, now: number): string[] {
  const survivor = new Map<string, string>();
  const folded = new Map<string, string>();
  const live = [...state.tags].filter((e): e is [string, TagReg & { on: true }] => e[1].on).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (const [sid, reg] of live) {
    const key = tagNameKey(reg.name);
    const keep = survivor.get(key);
    if (keep === undefined) survivor.set(key, sid);
    else folded.set(sid, keep);
  }
  if (folded.size === 0) return [];
  for (const [sid] of folded) {
    const reg = state.tags.get(sid)!;
    state.tags.set(sid, { t: Math.max(now, reg.t + 1), on: false });
  }
  for (const [key, reg] of [...state.links]) {
    const [paperId, sid] = splitLinkKey(key);
    const keep = folded.get(sid);
    if (keep === undefined || !reg.on) continue;
    const target = linkKey(paperId, keep);
    state.links.set(target, pick(state.links.get(target), reg, encReg)!);
  }
  return [...folded.keys()];
}

/**
 * Registers stamped later than `max` brought down to it, in place (returns how many). A device
 * whose clock is years ahead — or a tampered item: `removed at zzzzz`, the last tick there is —
 * would otherwise win over every later change, and the next change after the last tick wraps to
 * tick 0: the element would be locked forever. Brought down, the entry is written back so, and
 * what the user does next wins over it again.
 */
export function clampTimes(state: SyncState, max: number): number {
  let clamped = 0;
  for (const map of [state.stars, state.links, state.tags, state.rules] as Map<string, Reg>[]) {
    for (const [key, reg] of map) {
      if (reg.t > max) {
        map.set(key, { ...reg, t: max });
        clamped++;
      }
    }
  }
  return clamped;
}

/**
 * Drops, in place, what no device needs any more: tombstones older than `ttl` ticks (a device
 * offline longer than that may bring back something removed elsewhere — the price of not
 * keeping every removal forever in 100 KB), and links whose tag is removed (the tag's own
 * tombstone says enough).
 */
export function prune(state: SyncState, now: number, ttl: number): void {
  const cutoff = now - ttl;
  for (const map of [state.stars, state.links, state.tags, state.rules] as Map<string, Reg>[]) {
    for (const [key, reg] of map) if (!reg.on && reg.t < cutoff) map.delete(key);
  }
  for (const key of state.links.keys()) {
    const tag = state.tags.get(splitLinkKey(key)[1]);
    if (tag && !tag.on) state.links.delete(key);
  }
}

// ---- whole-state encoding (papers grouped, sorted) --------------------------------------------

/** Stars and links grouped by paper, sorted by id (links by tag id): the order the codec wants. */
export function paperEntries(state: SyncState): PaperEntry[] {
  const byId = new Map<string, PaperEntry>();
  const entry = (id: string) => {
    let e = byId.get(id);
    if (!e) byId.set(id, (e = { id, links: [] }));
    return e;
  };
  for (const [id, reg] of state.stars) entry(id).star = reg;
  for (const [key, reg] of state.links) {
    const [paperId, sid] = splitLinkKey(key);
    entry(paperId).links.push([sid, reg]);
  }
  const out = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const e of out) e.links.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return out;
}

export function tagEntries(state: SyncState): string[] {
  return [...state.tags].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([sid, reg]) => encodeTag(sid, reg));
}

export function ruleEntries(state: SyncState): string[] {
  return [...state.rules].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([sid, reg]) => encodeRule(sid, reg));
}

/** Adds decoded entries to `state`, joining registers for elements it already holds. */
export function addPapers(state: SyncState, entries: readonly PaperEntry[]): void {
  for (const e of entries) {
    if (e.star) state.stars.set(e.id, pick(state.stars.get(e.id), e.star, encReg)!);
    for (const [sid, reg] of e.links) {
      const key = linkKey(e.id, sid);
      state.links.set(key, pick(state.links.get(key), reg, encReg)!);
    }
  }
}

export function addTags(state: SyncState, entries: readonly string[]): void {
  for (const text of entries) {
    const decoded = typeof text === 'string' ? decodeTag(text) : null;
    if (decoded) state.tags.set(decoded[0], pick(state.tags.get(decoded[0]), decoded[1], encTagReg)!);
  }
}

export function addRules(state: SyncState, entries: readonly string[]): void {
  for (const text of entries) {
    const decoded = typeof text === 'string' ? decodeRule(text) : null;
    if (decoded) state.rules.set(decoded[0], pick(state.rules.get(decoded[0]), decoded[1], encRuleReg)!);
  }
}

/** The whole state as three values (for storage.local, where there is no quota to fit). */
export function encodeState(state: SyncState): { p: string; t: string[]; r: string[] } {
  return { p: encodePapers(paperEntries(state)), t: tagEntries(state), r: ruleEntries(state) };
}

export function decodeState(value: unknown): SyncState {
  const state = emptyState();
  if (typeof value !== 'object' || value === null) return state;
  const { p, t, r } = value as { p?: unknown; t?: unknown; r?: unknown };
  if (typeof p === 'string') addPapers(state, decodePapers(p));
  if (Array.isArray(t)) addTags(state, t);
  if (Array.isArray(r)) addRules(state, r);
  return state;
}
