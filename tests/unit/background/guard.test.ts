import { readFileSync } from 'node:fs';
import { GUARD_CSS, GUARD_SCRIPT_ID, followRules, guardSwitch } from '../../../lib/background/guard';
import { freshLibrary, T0 } from '../db/helpers';

function fakeScripting() {
  const ids = new Set<string>();
  const calls: string[] = [];
  return {
    ids,
    calls,
    api: {
      async registerContentScripts(s: Array<{ id: string; css: string[]; runAt: string; matches: string[] }>) {
        for (const x of s) {
          if (ids.has(x.id)) throw new Error(`Duplicate script ID '${x.id}'`);
          expect(x).toMatchObject({ css: [GUARD_CSS], runAt: 'document_start', matches: ['https://huggingface.co/papers*'] });
          ids.add(x.id);
        }
        calls.push('register');
      },
      async unregisterContentScripts(f?: { ids?: string[] }) {
        for (const id of f?.ids ?? []) ids.delete(id);
        calls.push('unregister');
      },
      async getRegisteredContentScripts(f?: { ids?: string[] }) {
        return [...ids].filter((id) => !f?.ids || f.ids.includes(id)).map((id) => ({ id }));
      },
    },
  };
}

describe('no-flash stylesheet registration', () => {
  it('the stylesheet hides cards until the page is ready, and lets go by itself after 3 s', () => {
    const css = readFileSync('components/public/guard.css', 'utf8');
    expect(css).toContain('html:not([data-pd-ready]) article');
    expect(css).toMatch(/animation: pd-guard-timeout 0s linear 3s forwards/);
  });

  it('is registered exactly while a rule is in force (enabled, not paused), once', async () => {
    const { library } = freshLibrary();
    const s = fakeScripting();
    const stop = followRules(library, guardSwitch({ scripting: s.api }));
    await vi.waitFor(() => expect(s.calls.length).toBe(0)); // no rule: nothing registered
    await new Promise((r) => setTimeout(r, 20));
    expect(s.ids.size).toBe(0);
    const rule = await library.addRule({ kind: 'keyword', pattern: 'diffusion' }, T0);
    await vi.waitFor(() => expect(s.ids.has(GUARD_SCRIPT_ID)).toBe(true));
    await library.addRule({ kind: 'keyword', pattern: 'robotics' }, T0);
    await library.setSettings({ pauseRules: true });
    await vi.waitFor(() => expect(s.ids.size).toBe(0));
    await library.setSettings({ pauseRules: false });
    await vi.waitFor(() => expect(s.ids.size).toBe(1));
    await library.updateRule(rule.id, { enabled: false });
    expect(s.ids.size).toBe(1); // the other rule is still on
    stop();
    expect(s.calls.filter((c) => c === 'register')).toHaveLength(2);
  });

  it('follows changes announced by other pages too, and uses contentScripts.register in Firefox', async () => {
    const { library } = freshLibrary();
    let external: ((c: { what: readonly string[] }) => void) | undefined;
    const handles: string[] = [];
    const firefox = {
      async register() {
        handles.push('on');
        return { unregister: async () => void handles.push('off') };
      },
    };
    followRules(library, guardSwitch({ contentScripts: firefox }), [(l) => ((external = l), () => {})]);
    // A rule written by another connection (the popup): the background hears only the announcement.
    await library.db.rules.add({ id: 'r1', kind: 'keyword', pattern: 'x', enabled: true, createdAt: T0 });
    external!({ what: ['rules'] });
    await vi.waitFor(() => expect(handles).toEqual(['on']));
    await library.db.rules.clear();
    external!({ what: ['rules'] });
    await vi.waitFor(() => expect(handles).toEqual(['on', 'off']));
  });
});
