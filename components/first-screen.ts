// How many rows each list reads and draws before anything else. A module of its own: the pages'
// first scripts (entrypoints/*/early.ts) start that read before the components load.

/** The popup and side panel: the popup shows about 7 rows; more load right after. */
export const FIRST_ROWS = 20;

/** The library page (and the store's default): a screenful and some. */
export const FIRST_SCREEN = 60;
