import { browser } from 'wxt/browser';
import messages from '../components/public/_locales/en/messages.json';

/**
 * Every user-visible string goes through here, so a translation is one file:
 * components/public/_locales/<lang>/messages.json (WXT copies components/public to the extension
 * root). The English file is also bundled: when the browser answers '' (no i18n API, as in unit
 * tests, or a key missing from a partial translation) the English text is used, so no label is
 * ever empty. (The content script bundles only the messages its code names: wxt.config.ts.)
 *
 * Chrome's i18n has no plural rules: a plural is two keys, `…One` and `…Other`, picked by `tn`.
 */

interface Placeholder {
  content: string;
}
interface Message {
  message: string;
  description?: string;
  placeholders?: Record<string, Placeholder>;
}

export type MessageKey = keyof typeof messages;

const english: Record<string, Message> = messages;

type Substitution = string | number;

/**
 * Each message's text as the browser gives it, with markers where the substitutions go: one
 * getMessage call per key for the life of the page. (In a Chromium content script getMessage
 * costs tens of microseconds; a page of cards asks for a few labels per card.)
 */
const templates = new Map<string, string>();
/** Marker for substitution n (1-9): private-use characters no message contains. */
const SLOTS = Array.from({ length: 9 }, (_, i) => `\uE000${i + 1}\uE001`);
const SLOT = /\uE000([1-9])\uE001/g;

/** Locales in components/public/_locales, set at build time (wxt.config.ts); absent in tests. */
declare const __PD_LOCALES__: string[] | undefined;
let translated: boolean | undefined;

/**
 * Can the browser answer anything but our English? Only if a shipped locale other than English
 * could be the one it picked for its UI language (Chrome: `pt_BR`, then `pt`, then the default).
 * When not, the bundled English is exactly what it would answer, and it is not asked at all.
 */
function browserTranslates(): boolean {
  if (translated !== undefined) return translated;
  const shipped = typeof __PD_LOCALES__ === 'undefined' ? null : __PD_LOCALES__.filter((l) => l !== 'en');
  if (shipped === null) return (translated = true);
  if (!shipped.length) return (translated = false);
  let ui: string;
  try {
    ui = browser?.i18n?.getUILanguage?.() ?? '';
  } catch {
    ui = '';
  }
  const lang = ui.replace(/-/g, '_').split('_')[0]!.toLowerCase();
  return (translated = !lang || shipped.some((l) => l.split('_')[0]!.toLowerCase() === lang));
}

function browserTemplate(key: string): string {
  let text = templates.get(key);
  // The bundled English answers, unless this bundle left the message out (the content script
  // keeps only those its code names: wxt.config.ts), where the browser's copy is the one to read.
  // Made into a template once, as the browser's answer is: a page of cards asks for a few labels
  // per card, and formatting each afresh (two regular expressions) cost a real-weight page ~8 ms.
  if (text === undefined && !browserTranslates() && key in english) templates.set(key, (text = format(english[key], SLOTS)));
  if (text === undefined) {
    try {
      // Cast: WXT types getMessage from its own generated list of keys, which only `wxt prepare` refreshes.
      const i18n = browser?.i18n as { getMessage(key: string, substitutions?: string[]): string } | undefined;
      text = i18n?.getMessage(key, SLOTS) ?? '';
    } catch {
      text = '';
    }
    templates.set(key, text);
  }
  return text;
}

/** Forgets the browser's answers (tests that change what getMessage answers). */
export function clearMessageCache(): void {
  templates.clear();
  translated = undefined;
}

export function t(key: MessageKey, ...substitutions: Substitution[]): string {
  const subs = substitutions.map(String);
  const template = browserTemplate(key);
  if (template) return template.includes('\uE000') ? template.replace(SLOT, (_, n: string) => subs[Number(n) - 1] ?? '') : template;
  return format(english[key], subs);
}

/** Marks where an element goes in a message: a private-use character (not t's own markers), taken out of text substitutions. */
const ELEMENT = '\uE002';
const ELEMENTS = new RegExp(`${ELEMENT}(\\d+)${ELEMENT}`);

/**
 * A sentence with elements inside it (a link, a button), as text and elements in the order the
 * translation puts them: the translator gets the whole sentence with a placeholder where each
 * element goes, never fragments to glue around it. Objects among the substitutions are the
 * elements (Preact nodes in components/, DOM nodes on the page); empty text parts are dropped.
 */
export function tParts<T extends object>(key: MessageKey, ...substitutions: Array<Substitution | T>): Array<string | T> {
  const elements: T[] = [];
  const subs = substitutions.map((s) =>
    typeof s === 'object' ? `${ELEMENT}${elements.push(s) - 1}${ELEMENT}` : String(s).replaceAll(ELEMENT, ''),
  );
  return t(key, ...subs)
    .split(ELEMENTS)
    .map((part, i) => (i % 2 ? elements[Number(part)]! : part))
    .filter((part) => part !== '');
}

/** `oneKey` when count is 1, else `otherKey`; the count is the first substitution ($1). */
export function tn(count: number, oneKey: MessageKey, otherKey: MessageKey, ...rest: Substitution[]): string {
  return t(count === 1 ? oneKey : otherKey, count, ...rest);
}

/** What the browser does with a message: $NAME$ → its placeholder's content, $1…$9 → substitutions, $$ → $. */
export function format(message: Message | undefined, subs: readonly string[]): string {
  if (!message) return '';
  const placeholders = message.placeholders ?? {};
  const positional = (s: string) => s.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  return message.message.replace(/\$\$|\$([A-Za-z0-9_@]+)\$/g, (match, name: string | undefined) => {
    if (name === undefined) return '$';
    const ph = placeholders[name.toLowerCase()];
    return ph ? positional(ph.content) : match;
  });
}

// Number formats are made on first use: each costs the page's main thread a moment (ICU data),
// and most pages format no number at all.
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(fractionDigits?: number): Intl.NumberFormat {
  const key = String(fractionDigits);
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(
      undefined,
      fractionDigits === undefined ? {} : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits },
    );
    formats.set(key, f);
  }
  return f;
}

/** "1,234" in English, "1 234" in French: a count in the user's locale, for a substitution. */
export const formatCount = (n: number): string => numberFormat().format(n);

/** "20.0 MB" (1 MB = 2^20 bytes), number and unit as the translation writes them. */
export const formatMegabytes = (bytes: number): string => t('sizeMegabytes', numberFormat(1).format(bytes / (1024 * 1024)));

/** A relevance score, 0.85 in English and 0,85 in French. */
export const formatScore = (score: number): string => numberFormat(2).format(score);

const STATUS_KEYS = { 'to-read': 'statusToRead', reading: 'statusReading', read: 'statusRead' } as const satisfies Record<
  string,
  MessageKey
>;

/** "To read", "Reading", "Read". */
export function statusLabel(status: keyof typeof STATUS_KEYS): string {
  return t(STATUS_KEYS[status]);
}
