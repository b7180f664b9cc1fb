/**
 * The plain values of the record types in library.ts (palettes, enums, limits), without zod:
 * the extension pages' first screen loads no zod (lib/db/deferred.ts), and the content script
 * none at all. library.ts builds its schemas from these and exports them again.
 */

/** Tag colours are picked from a fixed palette so they read in light and dark themes. */
export const TAG_COLOURS = ['slate', 'red', 'orange', 'amber', 'green', 'teal', 'blue', 'violet', 'pink'] as const;

/** What makes two tag names the same tag: "LLM" and " llm" are one (the store's unique index, merges, sync). */
export function tagKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Where the user is with a paper. Set by the user only, never automatically. */
export const READING_STATUSES = ['to-read', 'reading', 'read'] as const;
export const NOTE_MAX = 20_000;

export const HIDE_MODES = ['fold', 'dim', 'hide'] as const;

/**
 * What a rule does with the papers it matches: `hide` them (fold, dim or hide: `mode`), or `follow`
 * them (a "following" mark, first when sorted by relevance, never hidden by a hide rule). Absent
 * means hide: every rule stored before follows existed is a hide rule, unchanged.
 */
export const RULE_ACTIONS = ['hide', 'follow'] as const;
