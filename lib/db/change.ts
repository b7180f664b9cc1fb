/**
 * What a library write touched, as its change announcement names it. Kept apart (no zod, no
 * Dexie) so the content script's message layer (lib/messaging/wire.ts) can check announcements
 * without bundling the database.
 *
 * Content scripts refresh the cards a change names (`ids: []` = any card). `rank`: the "for you"
 * scores of those cards may have changed — the model was retrained (lib/rank announces that) or a
 * paper was marked "not interested" (the library's write).
 */
export const CHANGE_KINDS = ['stars', 'tags', 'rules', 'settings', 'papers', 'notes', 'rank'] as const;
