/**
 * Element builder for everything the content script adds to the page. Text always goes in as
 * text nodes (never HTML), so a paper title, a tag name or a rule cannot inject markup, and every
 * listener acts on the user's own input only (`byUser`).
 */
export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Attributes, set with setAttribute; `false`/`undefined` values are skipped. */
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (props.class) node.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === false || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, listener] of Object.entries(props.on ?? {})) {
    node.addEventListener(type, onlyByUser(listener as EventListener));
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : parent.ownerDocument!.createTextNode(String(child)));
  }
}

/** Replaces all children (text-safe). */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.textContent = '';
  append(parent, ...children);
}

/**
 * replaceChildren for a container of controls a keyboard user may be on (a card's chips, the pill):
 * the focus stays on the control it was on when that one is kept, else goes to the new one with the
 * same text, else to the one in its place (the last one when there are fewer) — never back to the
 * page's start. False when the focus was inside and no control is left to take it.
 */
export function replaceKeepingFocus(parent: Element, children: Child[]): boolean {
  const doc = parent.ownerDocument;
  const active = doc.activeElement;
  const was = active && active !== parent && parent.contains(active) ? (active as HTMLElement) : null;
  const place = was ? controlsIn(parent).indexOf(was) : -1;
  const text = was?.textContent ?? '';
  replaceChildren(parent, ...children);
  if (!was) return true;
  const controls = controlsIn(parent);
  const next = was.isConnected ? was : (controls.find((c) => c.textContent === text) ?? controls[Math.min(place, controls.length - 1)]);
  if (next && next !== doc.activeElement) next.focus({ preventScroll: true });
  return next !== undefined;
}

function controlsIn(parent: Element): HTMLElement[] {
  return [...parent.querySelectorAll<HTMLElement>('button, select, input, a[href]')];
}

/**
 * Whether the user made this event. The page is not trusted: a script on it can call `.click()`
 * on our star or dispatch a keydown, and what the user stars, hides or tags then syncs to every
 * device. Browsers mark such events `isTrusted: false`; only those are refused. (An engine without
 * the flag, such as the unit tests' DOM, leaves it undefined: there every event is the test's.)
 */
export function byUser(event: Event): boolean {
  return event.isTrusted !== false;
}

/** `listener`, called only for events the user made (byUser). */
export function onlyByUser<E extends Event>(listener: (event: E) => void): (event: E) => void {
  return (event) => {
    if (byUser(event)) listener(event);
  };
}

/**
 * Runs `run` once the document has a <body>: at once, or — a content script started at
 * document_start, before the parser got there — as soon as the parser adds it.
 */
export function whenBody(doc: Document, run: () => void, signal: AbortSignal): void {
  if (doc.body) return run();
  const MO = doc.defaultView?.MutationObserver ?? MutationObserver;
  const observer = new MO(() => {
    if (!doc.body) return;
    observer.disconnect();
    if (!signal.aborted) run();
  });
  observer.observe(doc, { childList: true, subtree: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}

/** Resolves once the document is parsed (DOMContentLoaded), at once when it already is. */
export function whenParsed(doc: Document): Promise<void> {
  if (doc.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

/** A task of its own once the document is parsed: the cards read at its end are painted by then. */
export async function afterParsed(doc: Document): Promise<void> {
  await whenParsed(doc);
  await new Promise<void>((resolve) => (doc.defaultView ?? globalThis).setTimeout(resolve, 0));
}
