import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import messages from '../../../components/public/_locales/en/messages.json';
import { localiseDocument } from '../../../components/document';
import { clearMessageCache, format, statusLabel, t, tn, tParts } from '../../../lib/i18n';

const root = join(__dirname, '../../..');
const english = messages as Record<string, { message: string; description?: string; placeholders?: Record<string, { content: string }> }>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'public' ? [] : sources(path);
    return /\.(ts|tsx|html)$/.test(name) ? [path] : [];
  });
}

const files = [
  ...sources(join(root, 'lib')),
  ...sources(join(root, 'components')),
  ...sources(join(root, 'entrypoints')),
  join(root, 'wxt.config.ts'),
];
const text = new Map(files.map((f) => [relative(root, f), readFileSync(f, 'utf8')]));

/** Keys used in code: first argument of t() and tParts(), the 2nd and 3rd of tn() and counted(), keys of a `…_KEYS` table, and __MSG_key__. */
function usedKeys(): Map<string, string> {
  const used = new Map<string, string>();
  for (const [file, src] of text) {
    for (const m of src.matchAll(/\b(?:t|tParts)\(\s*'([A-Za-z0-9_@]+)'/g)) used.set(m[1]!, file);
    for (const m of src.matchAll(/\bt\(\s*[^,()]+\?\s*'([A-Za-z0-9_@]+)'\s*:\s*'([A-Za-z0-9_@]+)'/g)) {
      used.set(m[1]!, file);
      used.set(m[2]!, file);
    }
    for (const m of src.matchAll(/\b(?:tn|counted)\(\s*[^,]+,\s*'([A-Za-z0-9_@]+)',\s*'([A-Za-z0-9_@]+)'/g)) {
      used.set(m[1]!, file);
      used.set(m[2]!, file);
    }
    for (const m of src.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) used.set(m[1]!, file);
    for (const m of src.matchAll(/_KEYS\s*=\s*\{([^}]*)\}/g)) {
      for (const k of m[1]!.matchAll(/:\s*'([A-Za-z0-9_@]+)'/g)) used.set(k[1]!, file);
    }
  }
  return used;
}

describe('messages.json (en)', () => {
  it('has every key used in lib/ and components/', () => {
    const missing = [...usedKeys()].filter(([key]) => !(key in english)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it('has no unused key', () => {
    const used = usedKeys();
    expect(Object.keys(english).filter((key) => !used.has(key))).toEqual([]);
  });

  it('gives the places that show text to the user no literal text (errors, import problems, titles)', () => {
    // The sinks whose text reaches the user: errors shown where the user acted, import problem
    // lines and notices, backup problems, text set on a page or its title. A literal there is
    // English that a translation cannot reach.
    const sink =
      /(?:new (?:LibraryError|EntryError)\([^,()]*,\s*|(?<!\.\.\.)\binvalid\(|\.problem\(|\b(?:notices|problems)\.push\(|\.textContent\s*=\s*|document\.title\s*=\s*|\bsetTitle\(\{\s*title:\s*)['"`][A-Za-z]/g;
    const found: string[] = [];
    for (const [file, src] of text) {
      for (const m of src.matchAll(sink)) found.push(`${file}:${src.slice(0, m.index).split('\n').length}: ${m[0]}`);
    }
    expect(found).toEqual([]);
  });

  it('finds keys in the sources at all', () => {
    expect(usedKeys().size).toBeGreaterThan(20);
  });

  it('gives every message a description and a valid key', () => {
    for (const [key, entry] of Object.entries(english)) {
      expect(key, key).toMatch(/^[A-Za-z0-9_@]+$/);
      expect(entry.message, key).not.toBe('');
      expect(entry.description?.trim(), key).toBeTruthy();
    }
  });

  it('has no two keys that differ only in case (the browser reads message names case-insensitively)', () => {
    const lower = Object.keys(english).map((key) => key.toLowerCase());
    expect(lower.filter((key, i) => lower.indexOf(key) !== i)).toEqual([]);
  });

  it('declares every placeholder it uses, and uses every one it declares', () => {
    for (const [key, entry] of Object.entries(english)) {
      const used = new Set([...entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()));
      const declared = Object.keys(entry.placeholders ?? {});
      expect([...used].sort(), key).toEqual([...declared].sort());
      for (const ph of Object.values(entry.placeholders ?? {})) expect(ph.content, key).toMatch(/^\$[1-9]$/);
    }
  });

  it('has no bare $ that the browser would read as a placeholder', () => {
    for (const [key, entry] of Object.entries(english)) {
      expect(entry.message.replace(/\$\$|\$[A-Za-z0-9_@]+\$/g, ''), key).not.toContain('$');
    }
  });
});

describe('t()', () => {
  beforeEach(() => clearMessageCache());

  it('falls back to the English text when getMessage returns an empty string', () => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('');
    expect(t('starPaper')).toBe('Star paper');
    expect(t('foldHidden', 'keyword: diffusion', 'A paper')).toBe('Hidden by keyword: diffusion: A paper');
  });

  it('falls back to English when getMessage throws', () => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(() => {
      throw new Error('not implemented');
    });
    expect(t('show')).toBe('Show');
  });

  it('uses what the browser answers', () => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('Afficher');
    expect(t('show')).toBe('Afficher');
  });

  it('substitutes into what the browser answers, asking the browser once per message', () => {
    // What Chrome and Firefox do: $1…$9 replaced by the substitutions given.
    const spy = vi
      .spyOn(fakeBrowser.i18n, 'getMessage')
      .mockImplementation(((key: string, subs?: string[]) =>
        key === 'selectPaper' ? `Choisir « $1 »`.replace('$1', subs?.[0] ?? '') : '') as never);
    expect(t('selectPaper', 'T')).toBe('Choisir « T »');
    expect(t('selectPaper', 42)).toBe('Choisir « 42 »');
    expect(t('selectPaper', 'a $1 b')).toBe('Choisir « a $1 b »');
    expect(spy.mock.calls.filter(([k]) => k === 'selectPaper')).toHaveLength(1);
  });

  it('asks the browser only when a shipped translation could match its language', () => {
    const getMessage = vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('Afficher');
    const ui = vi.spyOn(fakeBrowser.i18n, 'getUILanguage');
    try {
      vi.stubGlobal('__PD_LOCALES__', ['en']); // English only: the bundled text is the answer
      ui.mockReturnValue('fr-FR');
      expect(t('show')).toBe('Show');
      expect(getMessage).not.toHaveBeenCalled();

      clearMessageCache();
      vi.stubGlobal('__PD_LOCALES__', ['en', 'fr']);
      ui.mockReturnValue('de-DE'); // no German: the browser would answer English too
      expect(t('show')).toBe('Show');
      expect(getMessage).not.toHaveBeenCalled();

      clearMessageCache();
      ui.mockReturnValue('fr-CA'); // Chrome tries fr_CA, then fr
      expect(t('show')).toBe('Afficher');
      expect(getMessage).toHaveBeenCalledTimes(1);

      // A message this bundle left out (the content script keeps only those it names): the
      // browser's copy is read, whatever the language.
      clearMessageCache();
      vi.stubGlobal('__PD_LOCALES__', ['en']);
      ui.mockReturnValue('en-US');
      expect(t('builtAtRunTime' as 'show')).toBe('Afficher');
      expect(getMessage).toHaveBeenCalledTimes(2);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('gives the bundled English, made into a template once, exactly as formatting each message would', () => {
    const getMessage = vi.spyOn(fakeBrowser.i18n, 'getMessage');
    try {
      vi.stubGlobal('__PD_LOCALES__', ['en']);
      // Substitutions that look like markers or placeholders stay as they are.
      const subs = ['one', '$2', 'a $1 b', '\uE0001\uE001', '5', '6', '7', '8', '9'];
      for (const [key, message] of Object.entries(messages)) {
        expect(t(key as 'show', ...subs), key).toBe(format(message, subs));
        expect(t(key as 'show', 'x'), key).toBe(format(message, ['x']));
      }
      expect(getMessage).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('labels reading statuses', () => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('');
    expect(['to-read', 'reading', 'read'].map((s) => statusLabel(s as 'read'))).toEqual(['To read', 'Reading', 'Read']);
  });

  it('tn picks one or other by count', () => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('');
    const keys = Object.keys(english);
    const pair = keys.find((k) => k.endsWith('One') && keys.includes(k.replace(/One$/, 'Other')));
    if (!pair) return;
    const other = pair.replace(/One$/, 'Other') as 'show';
    expect(tn(1, pair as 'show', other)).toBe(format(english[pair], ['1']));
    expect(tn(2, pair as 'show', other)).toBe(format(english[other], ['2']));
  });

  it('tParts puts elements where the translation places them', () => {
    const link = { link: true };
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('');
    expect(tParts('noSavedHint', link)).toEqual(['Star papers on ', link, ' (press s on a card) and they appear here.']);
    // A translation that moves the element to the start, as word order in another language may.
    clearMessageCache();
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((_key, subs) => `${[subs].flat()[0]} : ajoutez des étoiles`);
    expect(tParts('noSavedHint', link)).toEqual([link, ' : ajoutez des étoiles']);
  });

  it('tParts keeps text substitutions as text', () => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('');
    const words = { words: true };
    expect(tParts('ruleWithUnless', 'keyword: x\uE0020\uE002', words)).toEqual(['keyword: x0 unless it mentions ', words]);
  });

  it("sets the page's title and language from the translation", () => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(
      (key) => ({ libraryTitle: 'Bibliothèque Paperdeck', htmlLang: 'fr' })[key] ?? '',
    );
    localiseDocument('libraryTitle');
    expect(document.title).toBe('Bibliothèque Paperdeck');
    expect(document.documentElement.lang).toBe('fr');
  });

  it('formats like the browser: placeholders, $$', () => {
    expect(
      format({ message: 'a $X$ b $Y$ $$5', description: '', placeholders: { x: { content: '$2' }, y: { content: '$1' } } }, ['1', '2']),
    ).toBe('a 2 b 1 $5');
  });
});
