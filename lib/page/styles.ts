/**
 * The one stylesheet the content script adds. Every selector is namespaced (`.pd-*`,
 * `[data-pd-*]`), so nothing here can restyle the site; our own elements start from `all: revert`
 * inside `.pd-ui` so the site's utility classes and resets cannot restyle them either.
 * Theme: huggingface.co puts `class="dark"` on <html> in dark mode; we follow that, not the OS.
 */
export const STYLE_ID = 'pd-styles';

/**
 * The elements that use our colours: our own (and what they hold, which inherits them) and the card
 * attributes styled with them. The colours were custom properties of `:root`: inherited by every
 * element, so putting the stylesheet in restyled the whole page (a 1,000-card page: every node of
 * it) for colours only our few elements read. Declared here, putting it in restyles nothing that
 * is not ours, and a theme switch restyles only these.
 */
const THEMED = ['.pd-ui', '[data-pd-focused]', '[data-pd-selected]', '[data-pd-top]'];

const CSS = `
${THEMED.join(', ')} {
  --pd-bg: #ffffff; --pd-fg: #1f2937; --pd-muted: #6b7280; --pd-border: #e5e7eb;
  --pd-accent: #b45309; --pd-accent-bg: #fef3c7; --pd-new: #1d4ed8; --pd-new-bg: #dbeafe;
  --pd-danger: #b91c1c; --pd-shadow: 0 2px 10px rgb(0 0 0 / 0.12); --pd-focus: #2563eb;
  --pd-rel: #0f766e; --pd-rel-bg: #ccfbf1;
}
${THEMED.map((sel) => `:root.dark ${sel}`).join(', ')} {
  --pd-bg: #111827; --pd-fg: #e5e7eb; --pd-muted: #9ca3af; --pd-border: #374151;
  --pd-accent: #fbbf24; --pd-accent-bg: #451a03; --pd-new: #93c5fd; --pd-new-bg: #1e3a8a;
  --pd-danger: #fca5a5; --pd-shadow: 0 2px 10px rgb(0 0 0 / 0.5); --pd-focus: #93c5fd;
  --pd-rel: #5eead4; --pd-rel-bg: #134e4a;
}
.pd-ui, .pd-ui * { all: revert; box-sizing: border-box; font-family: inherit; }
.pd-ui { font-size: 12px; line-height: 1.4; color: var(--pd-fg); }
.pd-ui button { cursor: pointer; font: inherit; color: inherit; }
/* \`all: revert\` above must not bring back a display that shows what the \`hidden\` attribute hides. */
.pd-ui[hidden], .pd-ui [hidden] { display: none !important; }
/* The focus ring survives the site's resets (\`outline: none\`, Tailwind's ring utilities). */
.pd-ui :focus-visible, .pd-ui:focus-visible {
  outline: 2px solid var(--pd-focus) !important; outline-offset: 1px !important; box-shadow: 0 0 0 4px var(--pd-bg) !important;
}
/* Read by screen readers only (the page's live region). */
.pd-ui.pd-live {
  position: fixed !important; width: 1px !important; height: 1px !important; margin: -1px !important; padding: 0 !important;
  overflow: hidden !important; clip-path: inset(50%) !important; white-space: nowrap !important; border: 0 !important;
}

[data-pd-focused] { outline: 2px solid var(--pd-focus) !important; outline-offset: 3px; border-radius: 6px; }
:root[data-pd-dim-seen] [data-pd-seen]:not([data-pd-starred]):not(:hover):not(:focus-within) { opacity: 0.55; }

/* The toolbar is a row of the card, right after its title (lib/page/card-view.ts): never over the
   site's own controls, which hold the card's top right corner. Its height is fixed, so painting a
   state (a star, tags, the new badge) never moves the card's content; its box hugs what it holds
   (the status pill rises only off what is really there). */
.pd-toolbar {
  position: relative; display: flex; flex-wrap: nowrap; align-items: center; gap: 4px;
  width: fit-content; min-width: 0; max-width: 100%; height: 2.2em; margin: 2px 0; padding: 0;
}
.pd-star {
  display: inline-flex; flex: none; align-items: center; justify-content: center; width: 1.5em; height: 1.5em; margin: 0; padding: 0;
  border: 1px solid var(--pd-border); border-radius: 6px; background: var(--pd-bg); color: var(--pd-muted); font-size: 16px; line-height: 1;
}
.pd-star:hover { color: var(--pd-accent); border-color: var(--pd-accent); }
.pd-star[aria-pressed="true"] { color: var(--pd-accent); background: var(--pd-accent-bg); border-color: var(--pd-accent); }
.pd-star[aria-busy="true"] { opacity: 0.6; }
.pd-star[data-pd-error] { border-color: var(--pd-danger); color: var(--pd-danger); }
.pd-new {
  padding: 1px 6px; border-radius: 999px; background: var(--pd-new-bg); color: var(--pd-new); font-size: 11px; font-weight: 600;
  text-transform: uppercase; letter-spacing: 0.03em;
}
.pd-chips { display: flex; gap: 3px; min-width: 0; overflow: hidden; flex-wrap: nowrap; }
.pd-chip, .pd-chip-add {
  display: inline-flex; align-items: center; max-width: 120px; margin: 0; padding: 1px 7px; border-radius: 999px;
  border: 1px solid var(--pd-border); background: var(--pd-bg); color: var(--pd-fg); font-size: 11px; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis;
}
.pd-chip-add { color: var(--pd-muted); }
.pd-chip[data-colour="red"] { border-color: #ef4444; } .pd-chip[data-colour="orange"] { border-color: #f97316; }
.pd-chip[data-colour="amber"] { border-color: #f59e0b; } .pd-chip[data-colour="green"] { border-color: #22c55e; }
.pd-chip[data-colour="teal"] { border-color: #14b8a6; } .pd-chip[data-colour="blue"] { border-color: #3b82f6; }
.pd-chip[data-colour="violet"] { border-color: #8b5cf6; } .pd-chip[data-colour="pink"] { border-color: #ec4899; }
.pd-chip[data-colour="slate"] { border-color: #64748b; }

.pd-editor {
  position: absolute; top: calc(100% + 4px); left: 0; z-index: 20; width: 260px; max-width: calc(100vw - 16px); padding: 8px; border: 1px solid var(--pd-border);
  border-radius: 8px; background: var(--pd-bg); box-shadow: var(--pd-shadow); display: flex; flex-direction: column; gap: 6px;
}
.pd-editor-tags { display: flex; flex-wrap: wrap; gap: 4px; }
.pd-editor-tag { display: inline-flex; align-items: center; gap: 2px; padding: 1px 2px 1px 7px; border: 1px solid var(--pd-border); border-radius: 999px; }
.pd-editor-tag button { border: 0; background: none; padding: 0 4px; color: var(--pd-muted); }
.pd-editor input {
  width: 100%; margin: 0; padding: 4px 6px; border: 1px solid var(--pd-border); border-radius: 6px; background: var(--pd-bg);
  color: var(--pd-fg); font-size: 12px;
}
.pd-suggestions { list-style: none; margin: 0; padding: 0; max-height: 140px; overflow: auto; }
.pd-suggestions li { padding: 3px 6px; border-radius: 4px; cursor: pointer; }
.pd-suggestions li[aria-selected="true"] { background: var(--pd-new-bg); }
.pd-editor-hint, .pd-editor-error { color: var(--pd-muted); font-size: 11px; }
.pd-marks { display: inline-flex; gap: 4px; }
.pd-status, .pd-note-mark {
  margin: 0; padding: 1px 6px; border: 1px solid var(--pd-border); border-radius: 999px; background: var(--pd-bg);
  color: var(--pd-fg); font-size: 11px; white-space: nowrap;
}
.pd-status[data-status="to-read"] { border-color: var(--pd-new); color: var(--pd-new); }
.pd-status[data-status="reading"] { border-color: var(--pd-accent); color: var(--pd-accent); }
.pd-status[data-status="read"] { color: var(--pd-muted); }
.pd-status-group { display: flex; gap: 4px; margin: 6px 0 4px; }
.pd-status-option {
  flex: 1; margin: 0; padding: 3px 6px; border: 1px solid var(--pd-border); border-radius: 6px; background: var(--pd-bg); color: var(--pd-fg);
}
.pd-status-option[aria-pressed="true"] { border-color: var(--pd-accent); background: var(--pd-accent-bg); }
.pd-note-field {
  display: block; width: 100%; margin: 4px 0; padding: 4px 6px; resize: vertical; min-height: 3.5em;
  border: 1px solid var(--pd-border); border-radius: 6px; background: var(--pd-bg); color: var(--pd-fg); font: inherit;
}
.pd-editor-error { color: var(--pd-danger); }

/* "For you" (lib/page/relevance): a quiet mark, a ring on the best cards, dimmed "not interested" ones. */
.pd-slot { display: inline-flex; align-items: center; gap: 4px; }
.pd-slot:empty { display: none; }
.pd-rel-mark { display: inline-flex; align-items: center; gap: 2px; }
.pd-rel-mark[hidden], .pd-rel[hidden] { display: none !important; }
.pd-rel {
  padding: 1px 6px; border: 1px solid var(--pd-border); border-radius: 999px; background: var(--pd-bg); color: var(--pd-muted);
  font-size: 11px; white-space: nowrap; font-variant-numeric: tabular-nums; cursor: help;
}
.pd-rel[data-pd-level="mid"] { color: var(--pd-fg); }
.pd-rel[data-pd-level="top"] { color: var(--pd-rel); border-color: var(--pd-rel); background: var(--pd-rel-bg); font-weight: 600; }
.pd-ni {
  display: inline-flex; align-items: center; justify-content: center; width: 22px; height: 22px; margin: 0; padding: 0;
  border: 1px solid transparent; border-radius: 6px; background: none; color: var(--pd-muted); font-size: 13px; line-height: 1;
  opacity: 0;
}
[data-pd-id]:hover .pd-ni, .pd-ni:focus-visible, .pd-ni[aria-pressed="true"] { opacity: 1; }
.pd-ni:hover { border-color: var(--pd-border); color: var(--pd-danger); }
.pd-ni[aria-pressed="true"] { color: var(--pd-danger); border-color: var(--pd-danger); }
[data-pd-top] { box-shadow: 0 0 0 2px color-mix(in srgb, var(--pd-rel) 60%, transparent); border-radius: 8px; }
[data-pd-not-interested]:not(:hover):not(:focus-within) { opacity: 0.45; }
.pd-pill .pd-sort[aria-pressed="true"] { border-color: var(--pd-rel); color: var(--pd-rel); }
.pd-rel-note { color: var(--pd-muted); cursor: help; }

/* Follow (features/follow) and Hugging Face's signals (features/signals): quiet chips in the toolbar,
   a small menu under the button that opened it, the pill's filters. */
.pd-follow-mark, .pd-follow, .pd-kw, .pd-code {
  display: inline-flex; align-items: center; max-width: 140px; margin: 0; padding: 1px 7px; border-radius: 999px;
  border: 1px solid var(--pd-border); background: var(--pd-bg); color: var(--pd-fg); font-size: 11px; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; text-decoration: none;
}
.pd-follow-mark { color: var(--pd-new); border-color: var(--pd-new); background: var(--pd-new-bg); font-weight: 600; }
.pd-follow-mark[hidden] { display: none !important; }
.pd-follow { color: var(--pd-muted); opacity: 0; }
[data-pd-id]:hover .pd-follow, .pd-follow:focus-visible, .pd-follow[aria-expanded="true"] { opacity: 1; }
.pd-follow:hover, .pd-kw:hover, .pd-code:hover { border-color: var(--pd-focus); }
.pd-code { color: var(--pd-fg); font-variant-numeric: tabular-nums; }
.pd-kw { color: var(--pd-muted); max-width: 120px; }
.pd-signals { display: inline-flex; align-items: center; gap: 3px; min-width: 0; overflow: hidden; }
.pd-menu {
  position: absolute; top: calc(100% + 4px); left: 0; z-index: 20; display: flex; flex-direction: column; gap: 2px; min-width: 160px;
  max-width: calc(100vw - 16px); padding: 4px; border: 1px solid var(--pd-border); border-radius: 8px; background: var(--pd-bg);
  box-shadow: var(--pd-shadow);
}
.pd-menu-item {
  margin: 0; padding: 4px 8px; border: 0; border-radius: 4px; background: none; color: var(--pd-fg); text-align: left;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
}
.pd-menu-item:hover, .pd-menu-item:focus-visible { background: var(--pd-new-bg); }
.pd-pill .pd-filter[aria-pressed="true"] { border-color: var(--pd-new); color: var(--pd-new); font-weight: 600; }
.pd-pill .pd-filter-select { font: inherit; color: var(--pd-fg); background: var(--pd-bg); border: 1px solid var(--pd-border); border-radius: 6px; }

/* Hidden topics: one attribute, one rule (no per-card styling). */
[data-pd-hidden] > :not(.pd-fold) { display: none !important; }
[data-pd-removed] { display: none !important; }
[data-pd-dimmed] > :not(.pd-fold) { opacity: 0.35; }
/* The toolbar sits inside the card's content: a dimmed card comes back while it is pointed at or focused. */
[data-pd-dimmed]:is(:hover, :focus-within) > :not(.pd-fold) { opacity: 1; }
.pd-ui .pd-select { width: 16px; height: 16px; margin: 0 2px; accent-color: var(--pd-accent); cursor: pointer; }
[data-pd-selected] { outline: 2px solid var(--pd-accent) !important; outline-offset: 3px; border-radius: 6px; }
.pd-pill[data-pd-warning] { border-color: var(--pd-danger); color: var(--pd-danger); }
[data-pd-hidden] { min-height: 0 !important; }
.pd-fold {
  display: flex; align-items: center; gap: 8px; padding: 6px 10px; border: 1px dashed var(--pd-border); border-radius: 8px;
  color: var(--pd-muted); background: var(--pd-bg);
}
.pd-fold-text { flex: 1; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.pd-fold button, .pd-pill button, .pd-hide-selection {
  margin: 0; padding: 2px 8px; border: 1px solid var(--pd-border); border-radius: 6px; background: var(--pd-bg); color: var(--pd-fg);
}

/* Status pill and toasts are fixed: they never push the page's content. The toast sits above the
   pill's row, so a wide pill is never covered by it. */
.pd-pill {
  position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; display: flex; align-items: center; gap: 8px;
  padding: 6px 10px; border: 1px solid var(--pd-border); border-radius: 999px; background: var(--pd-bg); box-shadow: var(--pd-shadow);
}
.pd-pill[hidden] { display: none; }
/* Room at the page's end for the pill's corner (lib/page/pill-dodge.ts): empty, never in the way. */
.pd-ui.pd-pill-room { display: block; flex: none; margin: 0; padding: 0; border: 0; pointer-events: none; }
/* Lifted off a card's toolbar passing under it (lib/page/pill-dodge.ts). */
.pd-pill { transition: transform 0.12s ease-out; }
@media (prefers-reduced-motion: reduce) { .pd-pill { transition: none; } }
.pd-toast {
  position: fixed; left: 50%; bottom: 60px; transform: translateX(-50%); z-index: 2147483001; max-width: 480px; padding: 8px 12px;
  border-radius: 8px; background: var(--pd-fg); color: var(--pd-bg); box-shadow: var(--pd-shadow);
}
.pd-toast[hidden] { display: none; }
.pd-toast button {
  margin: 0 0 0 8px; padding: 2px 8px; border: 1px solid currentColor; border-radius: 6px; background: transparent; color: inherit;
}
.pd-hide-selection { position: fixed; z-index: 2147483000; box-shadow: var(--pd-shadow); font-size: 12px; }
.pd-toast[data-pd-hint]::after { content: attr(data-pd-hint); margin-left: 8px; font-size: 11px; opacity: 0.85; }

/* Motion only where the user has not asked for less. */
@media (prefers-reduced-motion: reduce) {
  .pd-ui, .pd-ui * { transition: none !important; animation: none !important; scroll-behavior: auto !important; }
}
/* Windows high contrast and other forced colours: our colours are replaced by the system's, so
   every control keeps a visible border, states are told by system colours, and focus by Highlight. */
@media (forced-colors: active) {
  .pd-ui button, .pd-ui input, .pd-ui textarea, .pd-new, .pd-rel, .pd-fold, .pd-pill, .pd-toast, .pd-editor {
    border: 1px solid CanvasText !important;
  }
  .pd-star[aria-pressed="true"], .pd-status-option[aria-pressed="true"], .pd-ni[aria-pressed="true"],
  .pd-suggestions li[aria-selected="true"] { background: Highlight !important; color: HighlightText !important; forced-color-adjust: none; }
  .pd-ni { opacity: 1; }
  .pd-ui :focus-visible, .pd-ui:focus-visible { outline-color: Highlight !important; }
  [data-pd-focused], [data-pd-selected] { outline-color: Highlight !important; }
}
`;

export function injectStyles(doc: Document): HTMLStyleElement {
  doc.getElementById(STYLE_ID)?.remove();
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  (doc.head ?? doc.documentElement).appendChild(style);
  return style;
}
