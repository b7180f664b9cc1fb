/**
 * Registers the no-flash guard stylesheet (components/public/guard.css) for papers pages while the
 * user has an active hide rule, and removes it when there is none (or the rules are paused): a
 * user without rules pays nothing at all, not even a round trip before the first paint.
 *
 * Chrome (MV3): scripting.registerContentScripts (persists across service-worker restarts).
 * Firefox (MV2): contentScripts.register (lives as long as the background page, so it is set
 * again at each start).
 */
import { browser } from 'wxt/browser';
import type { Library } from '../db/library';
import { rulesInForce } from '../topics/rules';

export const GUARD_CSS = 'guard.css';
export const GUARD_SCRIPT_ID = 'pd-guard';
const MATCHES = ['https://huggingface.co/papers*'];

interface ScriptingApi {
  registerContentScripts(
    s: Array<{ id: string; matches: string[]; css: string[]; runAt: 'document_start'; persistAcrossSessions?: boolean }>,
  ): Promise<void>;
  unregisterContentScripts(f?: { ids?: string[] }): Promise<void>;
  getRegisteredContentScripts(f?: { ids?: string[] }): Promise<Array<{ id: string }>>;
}
interface FirefoxContentScriptsApi {
  register(o: { matches: string[]; css: Array<{ file: string }>; runAt: 'document_start' }): Promise<{ unregister(): Promise<void> }>;
}

/** Turns the guard on or off; the returned function is idempotent for the same state. */
export interface GuardSwitch {
  set(on: boolean): Promise<void>;
}

export function guardSwitch(apis: { scripting?: ScriptingApi; contentScripts?: FirefoxContentScriptsApi } = browser): GuardSwitch {
  let firefoxHandle: { unregister(): Promise<void> } | null = null;
  let chain = Promise.resolve();
  const apply = async (on: boolean) => {
    if (apis.scripting) {
      const registered = (await apis.scripting.getRegisteredContentScripts({ ids: [GUARD_SCRIPT_ID] })).length > 0;
      if (on && !registered) {
        await apis.scripting.registerContentScripts([
          { id: GUARD_SCRIPT_ID, matches: MATCHES, css: [GUARD_CSS], runAt: 'document_start', persistAcrossSessions: true },
        ]);
      } else if (!on && registered) {
        await apis.scripting.unregisterContentScripts({ ids: [GUARD_SCRIPT_ID] });
      }
    } else if (apis.contentScripts) {
      if (on && !firefoxHandle)
        firefoxHandle = await apis.contentScripts.register({ matches: MATCHES, css: [{ file: GUARD_CSS }], runAt: 'document_start' });
      else if (!on && firefoxHandle) {
        await firefoxHandle.unregister();
        firefoxHandle = null;
      }
    }
  };
  return {
    set(on) {
      // One change at a time: a rule added and removed quickly ends in the last state.
      chain = chain.then(() => apply(on)).catch((e) => console.warn('[paperdeck] no-flash guard not updated', e));
      return chain;
    },
  };
}

/** Is any hide rule in force? */
export async function rulesActive(library: Library): Promise<boolean> {
  const [rules, settings] = await Promise.all([library.listRules(), library.getSettings()]);
  return rulesInForce(rules, settings);
}

/** Something that announces library writes: Library.onChange, or onLibraryChange (other pages). */
export type ChangeSource = (listener: (change: { what: readonly string[] }) => void) => () => void;

/**
 * Keeps the guard registered exactly while rules are in force, following the library's own
 * writes and any other change source (the announcements of the popup and library page, which
 * write through their own connection). Returns a function that stops following.
 */
export function followRules(library: Library, guard: GuardSwitch = guardSwitch(), others: ChangeSource[] = []): () => void {
  const update = () =>
    void rulesActive(library).then(
      (on) => guard.set(on),
      () => undefined,
    );
  const onChange = (change: { what: readonly string[] }) => {
    if (change.what.includes('rules') || change.what.includes('settings')) update();
  };
  update();
  const stops = [library.onChange(onChange), ...others.map((source) => source(onChange))];
  return () => stops.forEach((stop) => stop());
}
