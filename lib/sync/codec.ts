/**
 * The compact text that stars, tags and hide rules take in `browser.storage.sync` (format 1).
 *
 * Chrome gives an extension 102,400 bytes of sync storage, so every byte of a star counts.
 * Three kinds of entries, each a string of fixed-width fields (base-62, no escaping in JSON):
 *
 * - **Papers**, many per item, concatenated: `<id><fields>` where `<id>` is the arXiv id, or
 *   only its digits after the `YYMM.` (or `archive/`) prefix when the previous entry shares it
 *   (entries are sorted by id). Fields: `*T` starred at T, `!T` unstarred at T, `+SSSSST` tagged
 *   with tag S at T, `~SSSSST` untagged at T. A starred, untagged paper of the same month as
 *   the one before it: `01234*0b3Kq` — 11 bytes.
 * - **Tags**, one string each in an array item: `SSSSS` `T` `+` colour digit, name; or `SSSSS` `T` `~`.
 * - **Rules**, one string each: `RRRRR` `T` `+` kind letter, `1`/`0` enabled, flags, then the
 *   mode when not the default fold (`d` dim, `h` hide), then the exceptions when there are any
 *   (`=`, their length as 2 base-62 digits, the text), `/`, pattern; or `RRRRR` `T` `~`. A rule
 *   with neither mode nor exceptions is written as before they existed, so versions that predate
 *   them still read it; one with either has a letter before the `/` that such versions refuse as
 *   a flag, so they skip it rather than misread it (as for any entry they cannot read).
 *   A follow rule has `f` there (after the flags; it has no mode): versions before follows
 *   skip it the same way, never reading it as a hide rule.
 *
 * T is a time in seconds since 2024-01-01 UTC, 5 base-62 digits (good until 2053). S and R are
 * 5-digit short ids (below). Every entry is a last-writer-wins register: `+`/`*` say "present
 * as of T", `~`/`!` say "removed at T" (a tombstone).
 */
import { ARXIV_ID_RE } from '../model/paper';
import { TAG_COLOURS, type HideMode, type HideRuleKind, type RuleAction } from '../model/library';
import { MAX_RULE_TEXT } from '../model/limits';

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const VALUE = new Map([...DIGITS].map((c, i) => [c, i]));
export const WIDTH = 5;
const SPACE = 62 ** WIDTH;

/** Time zero of the encoding. Earlier times (never real here) encode as 0. */
export const EPOCH_MS = Date.UTC(2024, 0, 1);

export function base62(n: number, width = WIDTH): string {
  let out = '';
  let v = Math.floor(n);
  for (let i = 0; i < width; i++) {
    out = DIGITS[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out;
}

/** NaN if `s` holds anything but base-62 digits. */
export function parseBase62(s: string): number {
  let n = 0;
  for (const c of s) {
    const d = VALUE.get(c);
    if (d === undefined) return NaN;
    n = n * 62 + d;
  }
  return s.length ? n : NaN;
}

/** Epoch milliseconds → the encoding's tick (whole seconds since EPOCH_MS). */
export function toTick(ms: number): number {
  return Math.min(SPACE - 1, Math.max(0, Math.floor((ms - EPOCH_MS) / 1000)));
}

export function fromTick(tick: number): number {
  return EPOCH_MS + tick * 1000;
}

/** 32-bit FNV-1a over UTF-16 code units: the same on every device and browser. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export const SHORT_ID_RE = /^[0-9A-Za-z]{5}$/;

function shortId(s: string): string {
  return base62(fnv1a(s) % SPACE);
}

/**
 * A tag's id in sync. Tags created here have UUIDs (36 characters, far too long to repeat on
 * every tagged paper): their sync id is a 5-digit hash of it. A tag that arrived from another
 * device is created here with its sync id as its id, so the mapping is the identity for it.
 * (Two of a user's tags would share a hash with odds of about 1 in 10^5 for 300 tags.)
 */
export function tagSid(localId: string): string {
  return SHORT_ID_RE.test(localId) ? localId : shortId(`tag:${localId}`);
}

/**
 * A rule's id in sync is its content (kind, pattern case-insensitively, flags), the same test
 * the library uses for "the same rule": two devices that hide the same word hold one rule.
 */
export function ruleSid(kind: HideRuleKind, pattern: string, flags?: string, action?: RuleAction): string {
  // A hide rule's id is as before follows existed; a follow rule of the same text is another rule.
  return shortId(`${action === 'follow' ? 'follow' : 'rule'}:${kind}\n${pattern.toLowerCase()}\n${flags ?? ''}`);
}

// ---- registers ------------------------------------------------------------------------------

/** A last-writer-wins register: present (`on`) or removed, as of tick `t`. */
export interface Reg {
  t: number;
  on: boolean;
}
export type TagColour = (typeof TAG_COLOURS)[number];
export type TagReg = { t: number; on: false } | { t: number; on: true; name: string; colour: TagColour };
export type RuleReg =
  | { t: number; on: false }
  | {
      t: number;
      on: true;
      kind: HideRuleKind;
      pattern: string;
      flags: string;
      enabled: boolean;
      /** Absent: a hide rule. */
      action?: 'follow';
      /** Absent: fold, the default. */
      mode?: Exclude<HideMode, 'fold'>;
      /** The exceptions as the library stores them ("a, b"); absent when none. */
      unless?: string;
    };

// ---- papers ---------------------------------------------------------------------------------

/** One paper's registers: its star and its tag links (by tag sync id). */
export interface PaperEntry {
  id: string;
  star?: Reg;
  links: [sid: string, reg: Reg][];
}

const PAPER_MARKS = new Set(['*', '!', '+', '~']);

function idPrefix(id: string): string {
  const cut = id.includes('/') ? id.lastIndexOf('/') : id.lastIndexOf('.');
  return id.slice(0, cut + 1);
}

/** The fields of one paper entry, without its id. */
export function paperFields(entry: PaperEntry): string {
  let out = '';
  if (entry.star) out += (entry.star.on ? '*' : '!') + base62(entry.star.t);
  for (const [sid, reg] of entry.links) out += (reg.on ? '+' : '~') + sid + base62(reg.t);
  return out;
}

/** Encodes entries sorted by id (the caller sorts), sharing id prefixes between neighbours. */
export function encodePapers(entries: readonly PaperEntry[]): string {
  let out = '';
  let prefix = '';
  for (const entry of entries) {
    const p = idPrefix(entry.id);
    out += (p === prefix && p !== '' ? entry.id.slice(p.length) : entry.id) + paperFields(entry);
    prefix = p;
  }
  return out;
}

/**
 * Decodes a papers item. Entries whose id is not an arXiv id are skipped; text that does not
 * follow the grammar throws (the caller ignores that item: never guess).
 */
export function decodePapers(text: string): PaperEntry[] {
  const out: PaperEntry[] = [];
  let i = 0;
  let prefix = '';
  while (i < text.length) {
    let j = i;
    while (j < text.length && !PAPER_MARKS.has(text[j]!)) j++;
    const part = text.slice(i, j);
    if (part === '' || j === text.length) throw new Error(`malformed paper entry at ${i}`);
    const id = /[./]/.test(part) ? part : prefix + part;
    prefix = idPrefix(id);
    const entry: PaperEntry = { id, links: [] };
    while (j < text.length && PAPER_MARKS.has(text[j]!)) {
      const mark = text[j]!;
      if (mark === '*' || mark === '!') {
        const t = parseBase62(text.slice(j + 1, j + 1 + WIDTH));
        if (Number.isNaN(t) || j + 1 + WIDTH > text.length) throw new Error(`malformed star at ${j}`);
        entry.star = { t, on: mark === '*' };
        j += 1 + WIDTH;
      } else {
        const sid = text.slice(j + 1, j + 1 + WIDTH);
        const t = parseBase62(text.slice(j + 1 + WIDTH, j + 1 + 2 * WIDTH));
        if (!SHORT_ID_RE.test(sid) || Number.isNaN(t) || j + 1 + 2 * WIDTH > text.length) {
          throw new Error(`malformed tag link at ${j}`);
        }
        entry.links.push([sid, { t, on: mark === '+' }]);
        j += 1 + 2 * WIDTH;
      }
    }
    if (ARXIV_ID_RE.test(id)) out.push(entry);
    i = j;
  }
  return out;
}

// ---- tags -----------------------------------------------------------------------------------

export function encodeTag(sid: string, reg: TagReg): string {
  const head = sid + base62(reg.t);
  if (!reg.on) return `${head}~`;
  return `${head}+${TAG_COLOURS.indexOf(reg.colour)}${reg.name}`;
}

/**
 * What a tag or rule entry starts with: its short id, its time, then "~" (removed, nothing
 * follows) or "+" (the value follows). null for a head this version cannot read.
 */
function readHead(entry: string): { sid: string; t: number; removed: boolean } | null {
  const sid = entry.slice(0, WIDTH);
  const t = parseBase62(entry.slice(WIDTH, 2 * WIDTH));
  const mark = entry[2 * WIDTH];
  if (!SHORT_ID_RE.test(sid) || Number.isNaN(t)) return null;
  if (mark === '~' && entry.length === 2 * WIDTH + 1) return { sid, t, removed: true };
  if (mark !== '+') return null;
  return { sid, t, removed: false };
}

/** null for an entry this version cannot read. */
export function decodeTag(entry: string): [string, TagReg] | null {
  const head = readHead(entry);
  if (!head) return null;
  if (head.removed) return [head.sid, { t: head.t, on: false }];
  const { sid, t } = head;
  const colour = TAG_COLOURS[Number(entry[2 * WIDTH + 1])];
  const name = entry.slice(2 * WIDTH + 2).trim();
  if (!colour || name.length === 0 || name.length > 40) return null;
  return [sid, { t, on: true, name, colour }];
}

// ---- rules ----------------------------------------------------------------------------------

const KIND_LETTER: Record<HideRuleKind, string> = { keyword: 'k', regex: 'r', author: 'a', organization: 'o' };
const LETTER_KIND = new Map(Object.entries(KIND_LETTER).map(([k, v]) => [v, k as HideRuleKind]));

const MODE_LETTER: Record<Exclude<HideMode, 'fold'>, string> = { dim: 'd', hide: 'h' };
const LETTER_MODE = new Map(Object.entries(MODE_LETTER).map(([k, v]) => [v, k as Exclude<HideMode, 'fold'>]));
/** In the mode's place: a follow rule (it has no mode). */
const FOLLOW_LETTER = 'f';
const UNLESS_WIDTH = 2;
const FLAGS = /[imsu]*/y;

export function encodeRule(sid: string, reg: RuleReg): string {
  const head = sid + base62(reg.t);
  if (!reg.on) return `${head}~`;
  const mode = reg.action === 'follow' ? FOLLOW_LETTER : reg.mode ? MODE_LETTER[reg.mode] : '';
  const unless = reg.unless ? `=${base62(reg.unless.length, UNLESS_WIDTH)}${reg.unless}` : '';
  return `${head}+${KIND_LETTER[reg.kind]}${reg.enabled ? 1 : 0}${reg.flags}${mode}${unless}/${reg.pattern}`;
}

export function decodeRule(entry: string): [string, RuleReg] | null {
  const head = readHead(entry);
  if (!head) return null;
  if (head.removed) return [head.sid, { t: head.t, on: false }];
  const { sid, t } = head;
  const kind = LETTER_KIND.get(entry[2 * WIDTH + 1] ?? '');
  const enabled = entry[2 * WIDTH + 2];
  if (!kind || (enabled !== '0' && enabled !== '1')) return null;
  FLAGS.lastIndex = 2 * WIDTH + 3;
  const flags = FLAGS.exec(entry)![0];
  let i = FLAGS.lastIndex;
  const follow = entry[i] === FOLLOW_LETTER;
  const mode = follow ? undefined : LETTER_MODE.get(entry[i] ?? '');
  if (mode || follow) i++;
  let unless: string | undefined;
  if (entry[i] === '=') {
    const length = parseBase62(entry.slice(i + 1, i + 1 + UNLESS_WIDTH));
    if (!(length > 0 && length <= MAX_RULE_TEXT)) return null;
    unless = entry.slice(i + 1 + UNLESS_WIDTH, i + 1 + UNLESS_WIDTH + length);
    i += 1 + UNLESS_WIDTH + length;
    if (unless.length !== length || unless.trim() !== unless) return null;
  }
  if (entry[i] !== '/') return null;
  const pattern = entry.slice(i + 1);
  if (pattern.trim().length === 0 || pattern.length > MAX_RULE_TEXT) return null;
  const reg: RuleReg = { t, on: true, kind, pattern, flags, enabled: enabled === '1' };
  if (follow) reg.action = 'follow';
  if (mode) reg.mode = mode;
  if (unless) reg.unless = unless;
  return [sid, reg];
}
