/**
 * The library's message protocol: what a content script (or any extension page) may ask the
 * background's Library, validated with zod on arrival. One entry per callable method; the
 * argument tuples mirror the Library's signatures minus the `now` test parameters (the
 * background's clock is the one that counts).
 */
import { z } from '../model/zod';
import { ArxivId, PaperRecord } from '../model/paper';
import { TEXT_HASH_MAX } from '../model/record-texts';
import { NOTE_MAX, ReadingStatus, RuleStop } from '../model/library';
import type { Library } from '../db/library';
import { RuleInput, RulePatch, SettingsPatch } from '../db/schemas';
import { LIBRARY_METHODS, LIBRARY_NS, MAX_BATCH, makeRequest as makeWireRequest, type LibraryMethod } from './wire';
import type { RankApi } from '../rank/types';

export { LIBRARY_METHODS, LIBRARY_NS, MAX_BATCH, isLibraryMessage, type LibraryMethod, type LibraryResponse } from './wire';

const Millis = z.number().int().nonnegative();
const TagId = z.string().min(1).max(100);
const RuleId = z.string().min(1).max(100);
const TextHash = z.string().min(1).max(TEXT_HASH_MAX);

export const REQUEST_ARGS = {
  recordSeen: z.tuple([z.array(PaperRecord).max(MAX_BATCH)]),
  // A page's read: each record, with the hash of its long texts when it is sent with them (null: a
  // light record; lib/model/record-texts.ts).
  recordRead: z.tuple([z.array(z.tuple([PaperRecord, TextHash.nullable()])).max(MAX_BATCH)]),
  staleTexts: z.tuple([z.array(z.tuple([ArxivId, TextHash])).max(MAX_BATCH)]),
  star: z.tuple([z.union([PaperRecord, ArxivId])]),
  unstar: z.tuple([ArxivId]),
  tag: z.tuple([ArxivId, z.string().max(200)]),
  untag: z.tuple([ArxivId, TagId]),
  listTags: z.tuple([]),
  getState: z.tuple([z.array(ArxivId).max(MAX_BATCH), Millis.optional()]),
  listRules: z.tuple([]),
  addRule: z.tuple([RuleInput]),
  updateRule: z.tuple([RuleId, RulePatch]),
  removeRule: z.tuple([RuleId]),
  getSettings: z.tuple([]),
  setSettings: z.tuple([SettingsPatch]),
  counts: z.tuple([]),
  setNote: z.tuple([ArxivId, z.string().max(NOTE_MAX + 1000)]),
  setStatus: z.tuple([ArxivId, ReadingStatus.nullable()]),
  starMany: z.tuple([z.array(ArxivId).max(MAX_BATCH)]),
  unstarMany: z.tuple([z.array(ArxivId).max(MAX_BATCH)]),
  // The "for you" ranking (lib/rank/service), served by the background next to the library.
  scoreCards: z.tuple([z.array(ArxivId).max(MAX_BATCH)]),
  notInterested: z.tuple([ArxivId, z.boolean().optional()]),
  moreLikeTag: z.tuple([TagId, z.number().int().min(1).max(200).optional()]),
} satisfies Record<LibraryMethod, z.ZodType<unknown[]>>;

/**
 * What a content script may ask (issue 17): the page is not trusted, and a script that a hostile
 * page (or a compromised renderer) drives must not reach the whole library. So it reaches only
 * what the page features call (lib/page: PageLibrary, and the ranking's RelevanceSource), some
 * with narrower arguments: a rule can only be turned off, for being too slow. Everything else —
 * settings, editing rules, counts, "more like this tag" — is for the extension's own
 * pages (popup, side panel, library page).
 */
export const CONTENT_SCRIPT_ARGS: Partial<Record<LibraryMethod, z.ZodType<unknown[]>>> = {
  recordRead: REQUEST_ARGS.recordRead,
  staleTexts: REQUEST_ARGS.staleTexts,
  getState: REQUEST_ARGS.getState,
  star: REQUEST_ARGS.star,
  unstar: REQUEST_ARGS.unstar,
  tag: REQUEST_ARGS.tag,
  untag: REQUEST_ARGS.untag,
  listTags: REQUEST_ARGS.listTags,
  listRules: REQUEST_ARGS.listRules,
  addRule: REQUEST_ARGS.addRule,
  removeRule: REQUEST_ARGS.removeRule,
  updateRule: z.tuple([RuleId, z.strictObject({ enabled: z.literal(false), stopped: RuleStop })]),
  getSettings: REQUEST_ARGS.getSettings,
  setNote: REQUEST_ARGS.setNote,
  setStatus: REQUEST_ARGS.setStatus,
  starMany: REQUEST_ARGS.starMany,
  unstarMany: REQUEST_ARGS.unstarMany,
  scoreCards: REQUEST_ARGS.scoreCards,
  notInterested: REQUEST_ARGS.notInterested,
};

/** The methods answered by the ranking rather than the Library. */
export const RANK_METHODS = ['scoreCards', 'notInterested', 'moreLikeTag'] as const satisfies readonly LibraryMethod[];
export type RankMethod = (typeof RANK_METHODS)[number];

/** Everything the background serves: the Library's methods and the ranking's. */
type Served = Library & RankApi;

/** The arguments a caller passes for each method. */
export type LibraryArgs<M extends LibraryMethod> = z.input<(typeof REQUEST_ARGS)[M]>;
/** What each method resolves to: exactly what the Library (or ranking) method returns. */
export type LibraryResult<M extends LibraryMethod> = Awaited<ReturnType<Served[M]>>;

/** The envelope on the wire. */
export const LibraryRequest = z.object({
  ns: z.literal(LIBRARY_NS),
  method: z.enum(LIBRARY_METHODS),
  args: z.array(z.unknown()),
});
export type LibraryRequest = z.infer<typeof LibraryRequest>;

/** A request for `method`, its arguments typed. */
export function makeRequest<M extends LibraryMethod>(method: M, args: LibraryArgs<M>): LibraryRequest {
  return makeWireRequest(method, args as unknown[]);
}

// Compile-time check: every method here exists on Library and accepts these arguments
// (a mismatch names the method in a type error here).
type Mismatch<M extends LibraryMethod> = z.output<(typeof REQUEST_ARGS)[M]> extends Parameters<Served[M]> ? never : M;
type Mismatches = { [M in LibraryMethod]: Mismatch<M> }[LibraryMethod];
const _noMismatch: [Mismatches] extends [never] ? true : Mismatches = true;
void _noMismatch;
