// How many rows each list reads and draws before anything else. A module of its own: each page's
// entry (entrypoints/<page>/main.tsx) starts that read before the components load, and its
// app.tsx gives the same list to deferredLibrary, which takes the read under way.

/** The popup and side panel: the popup shows about 7 rows; more load right after. */
export const FIRST_ROWS = 20;

/** The library page (and the store's default): a screenful and some. */
export const FIRST_SCREEN = 60;

/** The first read of the popup and side panel: their starred papers, newest first. */
export const POPUP_FIRST_READ = { scope: 'starred', limit: FIRST_ROWS } as const;

/** The first read of the library page: every paper, last seen first. */
export const LIBRARY_FIRST_READ = { scope: 'all', limit: FIRST_SCREEN } as const;
