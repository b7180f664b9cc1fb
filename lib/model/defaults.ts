import type { Settings } from './library';

/**
 * The settings a new library starts with. Plain data (the zod schema in library.ts has the same
 * defaults; a unit test keeps them equal) so the content script does not bundle zod.
 */
export const DEFAULT_SETTINGS: Settings = { dimSeen: false, shortcuts: true, sync: true, pauseRules: false };
