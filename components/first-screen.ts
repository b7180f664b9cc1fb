// How many rows each list reads and draws before anything else. A module of its own: each page's
// entry (entrypoints/<page>/main.tsx) starts that read before the components load, and its
// app.tsx gives the same list to deferredLibrary, which takes the read under way.

/**
 * The popup and side panel: the popup shows 5–7 rows, a side panel about 10 on a 1080p screen;
 * more load right after. Each row read and drawn before the first paint costs time: 12 instead of
 * 20 had the popup's rows painted ~24 ms sooner (tests/bench/first-rows.mjs, load 5–7).
 */
export const FIRST_ROWS = 12;

/** The library page (and the store's default): a screenful and some. */
export const FIRST_SCREEN = 60;

/** The first read of the popup and side panel: their starred papers, newest first. */
export const POPUP_FIRST_READ = { scope: 'starred', limit: FIRST_ROWS } as const;

/** The first read of the library page: every paper, last seen first. */
export const LIBRARY_FIRST_READ = { scope: 'all', limit: FIRST_SCREEN } as const;
