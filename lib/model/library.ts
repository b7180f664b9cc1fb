import { z } from './zod';
import { ArxivId, IsoDate, PaperRecord, ViewKind } from './paper';
import { MAX_RULE_TEXT } from './limits';
import { TEXT_HASH_MAX } from './record-texts';
import { HIDE_MODES, NOTE_MAX, READING_STATUSES, RULE_ACTIONS, TAG_COLOURS, tagKey } from './values';

export { HIDE_MODES, NOTE_MAX, READING_STATUSES, RULE_ACTIONS, TAG_COLOURS, tagKey };

/** Epoch milliseconds. */
const Millis = z.number().int().nonnegative();

/**
 * A paper as kept in the library: the latest fields read off the page (merged, never
 * emptied), plus when and where it was seen.
 */
export const StoredPaper = PaperRecord.omit({ seenOn: true }).extend({
  firstSeenAt: Millis,
  lastSeenAt: Millis,
  /** Local calendar day of firstSeenAt (YYYY-MM-DD), indexed for "new today" and per-day queries. */
  firstSeenDay: IsoDate,
  /** How many distinct page reads included this paper. */
  seenCount: z.number().int().positive(),
  /** Listings it was seen on (view kind + URL path), most recent last, capped. */
  seenOn: z.array(z.object({ view: ViewKind, path: z.string(), at: Millis })),
  /**
   * When the row was last written (the store stamps it on every write, lib/db/updated-at.ts; rows
   * older than schema v6 lack it). Bookkeeping: exports and backups leave it out.
   */
  updatedAt: Millis.optional(),
  /**
   * The hash of the long texts of the last page read that sent them (lib/model/record-texts.ts): a
   * page sends a paper's texts again only when they differ. Bookkeeping: exports and backups leave it out.
   */
  textHash: z.string().max(TEXT_HASH_MAX).optional(),
});
export type StoredPaper = z.infer<typeof StoredPaper>;

export const Star = z.object({ paperId: ArxivId, starredAt: Millis });
export type Star = z.infer<typeof Star>;

export const TagColour = z.enum(TAG_COLOURS);

export const Tag = z.object({
  id: z.string().min(1),
  /** Display name, trimmed, 1–40 chars; unique case-insensitively. */
  name: z.string().trim().min(1).max(40),
  colour: TagColour,
  createdAt: Millis,
});
export type Tag = z.infer<typeof Tag>;

export const PaperTag = z.object({ paperId: ArxivId, tagId: z.string().min(1), taggedAt: Millis });
export type PaperTag = z.infer<typeof PaperTag>;

/** Where the user is with a paper (READING_STATUSES). Set by the user only, never automatically. */
export const ReadingStatus = z.enum(READING_STATUSES);
export type ReadingStatus = z.infer<typeof ReadingStatus>;

/** The user's own words on a paper, and its reading status (either may be absent, not both). */
export const PaperNote = z.object({
  paperId: ArxivId,
  text: z.string().max(NOTE_MAX).default(''),
  status: ReadingStatus.optional(),
  updatedAt: Millis,
});
export type PaperNote = z.infer<typeof PaperNote>;

/**
 * A paper the user marked "not interested": the "for you" ranking (lib/rank) takes it as a strong
 * negative. The paper itself may be missing (deleted, or never kept): the mark still counts when
 * the paper is seen again.
 */
export const NotInterested = z.object({ paperId: ArxivId, at: Millis });
export type NotInterested = z.infer<typeof NotInterested>;

/**
 * A rule: hides (a hidden topic) or follows (see RuleAction). `keyword`: word or phrase, case-insensitive, whole words, over title,
 * abstract, authors and organization. `regex`: a JavaScript regular expression (source + flags)
 * over the same text. `author` / `organization`: exact names (case-insensitive); an organization
 * matches its slug or its display name.
 */
export const HideRuleKind = z.enum(['keyword', 'regex', 'author', 'organization']);
export type HideRuleKind = z.infer<typeof HideRuleKind>;

export const HideMode = z.enum(HIDE_MODES);
export type HideMode = z.infer<typeof HideMode>;

/**
 * Why Paperdeck itself turned a rule off: `slow`, matching it against one paper took `ms`
 * (lib/topics/matcher SLOW_REGEX_MS) and would have slowed the page.
 */
/** What a rule does with the papers it matches (RULE_ACTIONS, values.ts). */
export const RuleAction = z.enum(RULE_ACTIONS);
export type RuleAction = z.infer<typeof RuleAction>;

export const RuleStop = z.object({ reason: z.literal('slow'), ms: z.number().int().nonnegative().max(3_600_000) });
export type RuleStop = z.infer<typeof RuleStop>;

export const HideRule = z.object({
  id: z.string().min(1),
  kind: HideRuleKind,
  pattern: z.string().trim().min(1).max(MAX_RULE_TEXT),
  /** Only for `regex`: flags, e.g. "i". */
  flags: z
    .string()
    .regex(/^[imsu]*$/)
    .optional(),
  enabled: z.boolean(),
  createdAt: Millis,
  /** Absent: a hide rule (every rule before follows existed). `follow`: see RuleAction. */
  action: RuleAction.optional(),
  /** What a match does: fold the card to a stub (absent = fold), dim it, or hide it entirely. Hide rules only. */
  mode: HideMode.optional(),
  /**
   * Exceptions: words or phrases, comma-separated; a paper that mentions any of them (whole words,
   * anywhere a rule looks) is not hidden by this rule. E.g. hide "diffusion" unless "protein".
   */
  unless: z.string().trim().min(1).max(MAX_RULE_TEXT).optional(),
  /** Set while the rule is off because Paperdeck stopped it; cleared when the user turns it on or edits it. */
  stopped: RuleStop.optional(),
});
export type HideRule = z.infer<typeof HideRule>;

export const Settings = z.object({
  /** Dim cards of papers seen on an earlier visit. */
  dimSeen: z.boolean().default(false),
  /** Keyboard shortcuts on papers pages. */
  shortcuts: z.boolean().default(true),
  /**
   * Share stars, tags and hidden-topic rules with the user's other devices through the
   * browser's own sync (`storage.sync`: Chrome Sync, Firefox Sync). Seen papers never sync.
   */
  sync: z.boolean().default(true),
  /** Every hide rule paused at once (the rules are kept). */
  pauseRules: z.boolean().default(false),
});
export type Settings = z.infer<typeof Settings>;

/** What the content script needs to know about a paper on the page. */
export const PaperState = z.object({
  starred: z.boolean(),
  tags: z.array(Tag),
  /** First seen before the current visit (so not "new"). */
  seenBefore: z.boolean(),
  firstSeenAt: Millis.optional(),
  status: ReadingStatus.optional(),
  /** The user's note, when there is one. */
  note: z.string().optional(),
});
export type PaperState = z.infer<typeof PaperState>;

/** Everything the library holds, as exported to and imported from a JSON backup. */
export const LibrarySnapshot = z.object({
  papers: z.array(StoredPaper),
  stars: z.array(Star),
  tags: z.array(Tag),
  paperTags: z.array(PaperTag),
  rules: z.array(HideRule),
  settings: Settings,
  /** Notes and reading statuses (absent in backups made before they existed). */
  notes: z.array(PaperNote).optional(),
  /** "Not interested" marks (absent in backups made before they travelled with the library). */
  notInterested: z.array(NotInterested).optional(),
});
export type LibrarySnapshot = z.infer<typeof LibrarySnapshot>;
