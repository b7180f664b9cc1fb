/**
 * The page's state without waking the background: what a papers page needs to decorate its cards
 * (starred ids, tags and their links, reading statuses and notes, hide rules, settings, and which
 * papers were seen before), kept in `storage.local` by every extension page that writes to the
 * library (lib/snapshot/writer.ts) and read by the content script at document_start. An MV3
 * service worker sleeps after ~30 s idle; before this, every page load waited for it to wake.
 *
 * Two keys: the user's part changes with each star, tag or rule and is small; the seen part (tens
 * of thousands of ids, lib/snapshot/ids.ts) changes only when pages record new papers.
 * The shapes are checked by hand where they are read (no zod in the content script).
 */
import type { HideRule, PaperState, ReadingStatus, Settings, Tag } from '../model/library';
import { DEFAULT_SETTINGS } from '../model/defaults';
import { decodeIds, type IdSet } from './ids';

export const USER_KEY = 'pd:page';
export const SEEN_KEY = 'pd:seen';
export const SNAPSHOT_VERSION = 1;
/** A note is shown on the card as a tooltip of this many characters at most. */
export const NOTE_EXCERPT = 400;

export interface UserSnapshot {
  v: typeof SNAPSHOT_VERSION;
  /** When it was written (ms): a page compares it with later ones. */
  at: number;
  /** Starred paper ids, encoded (ids.ts). */
  starred: string;
  tags: Tag[];
  /** Paper id → the ids of its tags. */
  links: Record<string, string[]>;
  /** Paper id → [reading status or '', the note's first NOTE_EXCERPT characters or '']. */
  notes: Record<string, [string, string]>;
  rules: HideRule[];
  settings: Settings;
}

export interface SeenSnapshot {
  v: typeof SNAPSHOT_VERSION;
  /** The local day it was made (YYYY-MM-DD). */
  day: string;
  /** Papers first seen before that day, and on it (encoded, ids.ts). */
  before: string;
  today: string;
}

/** What the content script makes of the two parts. */
export interface PageSnapshot {
  rules: HideRule[];
  settings: Settings;
  tags: Tag[];
  /** When the user part was written (0 without one). */
  at: number;
  /** The card state of one paper, as the background's getState would answer it. */
  stateOf(id: string): PaperState;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const STATUSES: readonly string[] = ['to-read', 'reading', 'read'];

/** The local calendar day of a time, YYYY-MM-DD. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function startOfDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).getTime();
}

/**
 * Reads the two parts (as `storage.local.get` returned them) into a PageSnapshot; null when the
 * user part is missing or not ours (a new install: the page asks the background instead).
 * `now` decides which papers are new: those first seen today.
 */
export function readSnapshot(user: unknown, seen: unknown, now: number): PageSnapshot | null {
  if (!isObj(user) || user.v !== SNAPSHOT_VERSION || typeof user.starred !== 'string') return null;
  const starred = decodeIds(user.starred);
  const tags = Array.isArray(user.tags) ? (user.tags as unknown[]).filter(isTag) : [];
  const tagById = new Map(tags.map((t) => [t.id, t]));
  const links = isObj(user.links) ? user.links : {};
  const notes = isObj(user.notes) ? user.notes : {};
  const rules = Array.isArray(user.rules) ? (user.rules as unknown[]).filter(isRule) : [];
  const settings = isObj(user.settings) ? { ...DEFAULT_SETTINGS, ...pickSettings(user.settings) } : DEFAULT_SETTINGS;
  const firstSeen = seenLookup(seen, now);
  return {
    rules,
    settings,
    tags,
    at: typeof user.at === 'number' ? user.at : 0,
    stateOf(id) {
      const own = Object.hasOwn(links, id) ? links[id] : undefined;
      const paperTags = Array.isArray(own) ? own.map((tid) => tagById.get(String(tid))).filter((t): t is Tag => t !== undefined) : [];
      const state: PaperState = { starred: starred.has(id), tags: paperTags.sort(byName), seenBefore: false };
      const first = firstSeen(id);
      if (first !== undefined) {
        state.firstSeenAt = first;
        state.seenBefore = true;
      }
      const note = Object.hasOwn(notes, id) ? notes[id] : undefined;
      if (Array.isArray(note)) {
        const [status, text] = note as unknown[];
        if (typeof status === 'string' && STATUSES.includes(status)) state.status = status as ReadingStatus;
        if (typeof text === 'string' && text) state.note = text;
      }
      return state;
    },
  };
}

/**
 * When each paper was first seen, as precisely as the card needs it: papers of the snapshot's day
 * at that day's start, earlier ones a day before it. A paper the snapshot does not know is unseen.
 */
function seenLookup(seen: unknown, now: number): (id: string) => number | undefined {
  if (!isObj(seen) || seen.v !== SNAPSHOT_VERSION || typeof seen.day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(seen.day))
    return () => undefined;
  const day = startOfDay(seen.day);
  if (day > now) return () => undefined; // written with a clock ahead of ours: trust none of it
  const before: IdSet = decodeIds(seen.before);
  const today: IdSet = decodeIds(seen.today);
  return (id) => (today.has(id) ? day : before.has(id) ? day - 86_400_000 : undefined);
}

function byName(a: Tag, b: Tag): number {
  return a.name.localeCompare(b.name);
}

function isTag(v: unknown): v is Tag {
  return (
    isObj(v) && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.colour === 'string' && typeof v.createdAt === 'number'
  );
}

function isRule(v: unknown): v is HideRule {
  if (!isObj(v)) return false;
  return (
    typeof v.id === 'string' &&
    typeof v.pattern === 'string' &&
    ['keyword', 'regex', 'author', 'organization'].includes(v.kind as string) &&
    typeof v.enabled === 'boolean' &&
    typeof v.createdAt === 'number' &&
    (v.flags === undefined || typeof v.flags === 'string') &&
    (v.action === undefined || ['hide', 'follow'].includes(v.action as string)) &&
    (v.mode === undefined || ['fold', 'dim', 'hide'].includes(v.mode as string)) &&
    (v.unless === undefined || typeof v.unless === 'string')
  );
}

function pickSettings(v: Obj): Partial<Settings> {
  const out: Partial<Settings> = {};
  for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) if (typeof v[key] === 'boolean') out[key] = v[key];
  return out;
}
