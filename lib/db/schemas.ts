/**
 * The inputs the library accepts and the change notes it emits, as zod schemas. Kept apart from
 * library.ts (no Dexie here) so the content script's message layer can validate and type them
 * without bundling the database.
 */
import { z } from '../model/zod';
import { HideMode, HideRuleKind, RuleAction, RuleStop, Settings } from '../model/library';
import { CHANGE_KINDS } from './change';

/** What a write touched (see change.ts). */
export const ChangeKind = z.enum(CHANGE_KINDS);
export type ChangeKind = z.infer<typeof ChangeKind>;
export type LibraryChange = { ids: string[]; what: ChangeKind[] };

/** A hide or follow rule as the user enters it; id and createdAt are the library's. */
export const RuleInput = z.object({
  /** Absent: hide. */
  action: RuleAction.optional(),
  kind: HideRuleKind,
  pattern: z.string(),
  flags: z.string().optional(),
  enabled: z.boolean().optional(),
  mode: HideMode.optional(),
  /** Exceptions; "" removes them (in a patch). */
  unless: z.string().max(500).optional(),
});
export type RuleInput = z.infer<typeof RuleInput>;
/** A change to a rule; `stopped` is how the page turns off a rule that was too slow (with `enabled: false`). */
/** What a rule does (hide or follow) is never patched: it is another rule. */
export const RulePatch = RuleInput.omit({ action: true }).partial().extend({ stopped: RuleStop.optional() });
export type RulePatch = z.infer<typeof RulePatch>;

/**
 * A change to some settings. Not `Settings.partial()`: zod 4 applies defaults inside optional,
 * so that would reset every setting the patch leaves out.
 */
export const SettingsPatch = z.strictObject(
  Object.fromEntries(Object.entries(Settings.shape).map(([k, s]) => [k, (s instanceof z.ZodDefault ? s.unwrap() : s).optional()])),
) as unknown as z.ZodType<Partial<Settings>>;
