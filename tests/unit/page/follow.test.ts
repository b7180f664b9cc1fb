import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Window } from 'happy-dom';
import { PaperdeckDB } from '../../../lib/db/database';
import { Library } from '../../../lib/db/library';
import { PageApp } from '../../../lib/page/app';
import type { PageChange } from '../../../lib/page/types';
import { pageLibraryOf } from './page-library';
import { probedFeatures, until } from './wait';

/**
 * Follow rules and Hugging Face's signals on a papers page (lib/page/features/follow.ts and
 * signals.ts), over the daily fixture and a real Library (fake-indexeddb). The daily fixture's
 * records (daily.expected.json): 2503.16419 (Ana Costa, keywords "test-time compute", "agents",
 * 56 upvotes), 2503.18878 (Interp Lab, code with 87 stars, 12 upvotes), 2503.19385 (Kim Lee, 7
 * upvotes), 2503.14456 (FuriosaAI, 31 upvotes).
 */
const fixture = (name: string) => readFileSync(path.resolve('tests/fixtures', name), 'utf8');
const exp = JSON.parse(fixture('daily.expected.json')) as { url: string; today: string };

const KEYWORDS = '2503.16419';
const INTERP = '2503.18878';
const KIM = '2503.19385';
const FURIOSA = '2503.14456';

let dbCount = 0;

async function setup(opts: { seed?: (library: Library, now: number) => Promise<unknown>; html?: (html: string) => string } = {}) {
  const win = new Window({ url: exp.url });
  const doc = win.document as unknown as Document;
  doc.write((opts.html ?? ((h) => h))(fixture('daily.html')));
  const db = new PaperdeckDB(`follow-test-${++dbCount}`);
  const library = new Library(db);
  const listeners = new Set<(c: PageChange) => void>();
  library.onChange((c) => listeners.forEach((l) => l(c)));
  const controller = new AbortController();
  const now = new Date(`${exp.today}T12:00:00`).getTime();
  await opts.seed?.(library, now);
  const probe = probedFeatures();
  const firstBatch = probe.nextBatch();
  const app = new PageApp({
    doc,
    features: probe.features,
    library: pageLibraryOf(library, now),
    onChange: (l) => (listeners.add(l), () => listeners.delete(l)),
    getUrl: () => new URL(win.location.href),
    signal: controller.signal,
    now: () => now,
  });
  await app.ready;
  // The page's cards read, painted, and every feature done with them.
  await firstBatch;
  const card = (id: string) => doc.querySelector<HTMLElement>(`[data-pd-id="${id}"]`)!;
  const pill = () => doc.querySelector<HTMLElement>('.pd-pill')!;
  const button = (root: ParentNode, re: RegExp) =>
    [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => re.test(b.textContent ?? ''));
  const cleanup = async () => {
    controller.abort();
    db.close();
    await win.happyDOM.close();
  };
  return { win, doc, app, library, card, pill, button, cleanup };
}

describe('follow rules on the page', () => {
  it('marks a followed card "following: <rule>", and follow beats hide', async () => {
    const t = await setup({
      seed: async (library, now) => {
        await library.addRule({ action: 'follow', kind: 'organization', pattern: 'Interp Lab' }, now);
        // Hides Interp Lab's paper and Kim Lee's: the follow wins for the first only.
        await library.addRule({ kind: 'author', pattern: 'Iris Novak' }, now);
        await library.addRule({ kind: 'author', pattern: 'Kim Lee' }, now);
      },
    });
    try {
      const mark = t.card(INTERP).querySelector<HTMLButtonElement>('.pd-follow-mark')!;
      expect(mark.hidden).toBe(false);
      expect(mark.textContent).toBe('following: Interp Lab');
      expect(mark.getAttribute('aria-label')).toBe('Following Organization Interp Lab: open to unfollow');
      expect(t.card(INTERP).hasAttribute('data-pd-hidden')).toBe(false);
      expect(t.card(KIM).hasAttribute('data-pd-hidden')).toBe(true);
      expect(t.card(KIM).querySelector('.pd-follow-mark')).toBeNull();
      expect(t.pill().textContent).toContain('1 followed');
      expect(t.pill().textContent).toContain('1 paper hidden');
    } finally {
      await t.cleanup();
    }
  });

  it('reads the rules once per change for hide and follow together (features/rules)', async () => {
    const t = await setup({
      seed: async (library, now) => {
        await library.addRule({ action: 'follow', kind: 'organization', pattern: 'Interp Lab' }, now);
        await library.addRule({ kind: 'author', pattern: 'Kim Lee' }, now);
      },
    });
    try {
      const reads = vi.spyOn(t.library, 'listRules');
      // A rule added elsewhere (the popup): one request, then both actions' marks are painted.
      await t.library.addRule({ kind: 'author', pattern: 'Ana Costa' });
      await t.library.addRule({ action: 'follow', kind: 'author', pattern: 'Kim Lee' });
      // Both changes painted (each needs its rules read first): then count the reads.
      await until(() => {
        expect(t.card(KEYWORDS).hasAttribute('data-pd-hidden')).toBe(true);
        expect(t.card(KIM).querySelector('.pd-follow-mark')?.textContent).toBe('following: Kim Lee');
      });
      expect(reads).toHaveBeenCalledTimes(2);
      // Followed now: the follow beats the hide rule on the same card.
      expect(t.card(KIM).hasAttribute('data-pd-hidden')).toBe(false);
      expect(t.card(INTERP).querySelector('.pd-follow-mark')!.textContent).toBe('following: Interp Lab');
    } finally {
      await t.cleanup();
    }
  });

  it('follows a card\'s organization or first author in one press from "+ Follow", with Undo; unfollows from the mark', async () => {
    const t = await setup();
    try {
      const open = t.card(FURIOSA).querySelector<HTMLButtonElement>('.pd-follow')!;
      expect(open.getAttribute('aria-label')).toMatch(/^Follow the organization or first author of /);
      expect(open.getAttribute('aria-expanded')).toBe('false');
      open.click();
      expect(open.getAttribute('aria-expanded')).toBe('true');
      const menu = t.card(FURIOSA).querySelector<HTMLElement>('.pd-menu')!;
      expect(menu.getAttribute('role')).toBe('group');
      const items = [...menu.querySelectorAll('button')].map((b) => [b.textContent, b.getAttribute('aria-label')]);
      expect(items).toEqual([
        ['Follow FuriosaAI', 'Follow the organization FuriosaAI'],
        ['Follow Wonjun Kang', 'Follow the first author, Wonjun Kang'],
      ]);
      // The focus went into the menu; Escape closes it and gives the focus back.
      expect(t.doc.activeElement).toBe(menu.querySelector('button'));
      menu.dispatchEvent(new t.win.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }) as unknown as Event);
      expect(t.card(FURIOSA).querySelector('.pd-menu')).toBeNull();
      expect(t.doc.activeElement).toBe(open);

      open.click();
      t.button(t.card(FURIOSA), /^Follow Wonjun Kang$/)!.click();
      const toast = t.doc.querySelector('.pd-toast')!;
      await until(async () => {
        const rules = await t.library.listRules();
        expect(rules).toMatchObject([{ action: 'follow', kind: 'author', pattern: 'Wonjun Kang', enabled: true }]);
        expect(t.card(FURIOSA).querySelector('.pd-follow-mark')?.textContent).toBe('following: Wonjun Kang');
        expect(toast.textContent).toContain('Following Wonjun Kang');
      });
      t.button(toast, /^Undo$/)!.click();
      await until(async () => {
        expect(await t.library.listRules()).toEqual([]);
        expect(t.card(FURIOSA).querySelector<HTMLElement>('.pd-follow-mark')!.hidden).toBe(true);
      });

      // Follow again, then unfollow from the mark's own menu.
      t.card(FURIOSA).querySelector<HTMLButtonElement>('.pd-follow')!.click();
      t.button(t.card(FURIOSA), /^Follow FuriosaAI$/)!.click();
      const mark = await until(async () => {
        expect(await t.library.listRules()).toHaveLength(1);
        const shown = t.card(FURIOSA).querySelector<HTMLButtonElement>('.pd-follow-mark:not([hidden])');
        expect(shown).toBeTruthy();
        return shown!;
      });
      mark.click();
      t.button(t.card(FURIOSA), /^Unfollow FuriosaAI$/)!.click();
      await until(async () => {
        expect(await t.library.listRules()).toEqual([]);
        expect(mark.hidden).toBe(true);
      });
    } finally {
      await t.cleanup();
    }
  });

  it('ignores a page script pressing "+ Follow"', async () => {
    const t = await setup();
    try {
      const open = t.card(FURIOSA).querySelector<HTMLButtonElement>('.pd-follow')!;
      // happy-dom marks dispatched events untrusted only when told: an event a script made.
      const untrusted = new t.win.MouseEvent('click', { bubbles: true }) as unknown as Event;
      Object.defineProperty(untrusted, 'isTrusted', { value: false });
      open.dispatchEvent(untrusted);
      expect(t.card(FURIOSA).querySelector('.pd-menu')).toBeNull();
      expect(open.getAttribute('aria-expanded')).toBe('false');
    } finally {
      await t.cleanup();
    }
  });
});

describe("Hugging Face's signals on the page", () => {
  it('shows AI keywords as chips, and a chip hides or follows its keyword in one press', async () => {
    const t = await setup();
    try {
      const chips = [...t.card(KEYWORDS).querySelectorAll<HTMLButtonElement>('.pd-kw')];
      expect(chips.map((c) => c.textContent)).toEqual(['test-time compute', 'agents']);
      expect(chips[0]!.getAttribute('aria-label')).toBe('AI keyword test-time compute: follow or hide');
      chips[1]!.click();
      expect([...t.card(KEYWORDS).querySelectorAll('.pd-menu button')].map((b) => b.textContent)).toEqual([
        'Follow “agents”',
        'Hide “agents”',
      ]);
      t.button(t.card(KEYWORDS), /^Hide “agents”$/)!.click();
      await until(async () => {
        expect(await t.library.listRules()).toMatchObject([{ kind: 'keyword', pattern: 'agents' }]);
        expect(t.card(KEYWORDS).hasAttribute('data-pd-hidden')).toBe(true);
      });
      expect((await t.library.listRules())[0]!.action).toBeUndefined();
    } finally {
      await t.cleanup();
    }
  });

  it('shows "code ★ 87" only where the card has no GitHub button of the site\'s', async () => {
    const withSite = await setup();
    try {
      expect(withSite.card(INTERP).querySelector('a[href^="https://github.com/"]')).not.toBeNull();
      expect(withSite.card(INTERP).querySelector('.pd-code')).toBeNull();
    } finally {
      await withSite.cleanup();
    }
    // The same card without the site's GitHub button (as on a search result): the badge, a link to the repository.
    const without = await setup({ html: (h) => h.replace(/<a[^>]*href="https:\/\/github\.com\/[^"]*"[^>]*>[\s\S]*?<\/a>/g, '') });
    try {
      const badge = without.card(INTERP).querySelector<HTMLAnchorElement>('.pd-code')!;
      expect(badge.textContent).toBe('code ★ 87');
      expect(badge.getAttribute('href')).toBe('https://github.com/interp-lab/sae-revisited');
      expect(badge.getAttribute('rel')).toBe('noopener noreferrer');
      expect(badge.title).toBe('Code on GitHub: 87 stars');
      expect(without.card(KIM).querySelector('.pd-code')).toBeNull();
    } finally {
      await without.cleanup();
    }
  });

  it('"with code only" and "≥ N upvotes" fold the other cards with the reason, and give them back', async () => {
    const t = await setup();
    try {
      // Folded to one button until opened.
      expect(t.button(t.pill(), /^with code only$/)).toBeUndefined();
      t.button(t.pill(), /^Filters$/)!.click();
      const codeOnly = t.button(t.pill(), /^with code only$/)!;
      expect(codeOnly.getAttribute('aria-pressed')).toBe('false');
      codeOnly.click();
      expect(codeOnly.getAttribute('aria-pressed')).toBe('true');
      expect(t.card(INTERP).hasAttribute('data-pd-hidden')).toBe(false);
      for (const id of [KEYWORDS, KIM, FURIOSA]) {
        expect(t.card(id).hasAttribute('data-pd-hidden')).toBe(true);
        expect(t.card(id).querySelector('.pd-fold-text')!.textContent).toMatch(/^Hidden by the filter “with code only”: /);
      }
      expect(t.pill().textContent).toContain('3 folded by filters');
      // Rules did not hide them: the pill does not count them as hidden papers.
      expect(t.pill().textContent).not.toContain('papers hidden');
      t.button(t.pill(), /^with code only$/)!.click();
      for (const id of [KEYWORDS, INTERP, KIM, FURIOSA]) expect(t.card(id).hasAttribute('data-pd-hidden')).toBe(false);

      const select = t.pill().querySelector<HTMLSelectElement>('select')!;
      expect(select.getAttribute('aria-label')).toBe('Minimum upvotes');
      select.value = '25';
      select.dispatchEvent(new t.win.Event('change', { bubbles: true }) as unknown as Event);
      expect(t.card(KEYWORDS).hasAttribute('data-pd-hidden')).toBe(false); // 56
      expect(t.card(FURIOSA).hasAttribute('data-pd-hidden')).toBe(false); // 31
      expect(t.card(INTERP).hasAttribute('data-pd-hidden')).toBe(true); // 12
      expect(t.card(KIM).querySelector('.pd-fold-text')!.textContent).toMatch(/^Hidden by the filter “at least 25 upvotes”/);
      // "Show" on one card brings it back.
      t.card(KIM).querySelector<HTMLButtonElement>('.pd-fold button')!.click();
      expect(t.card(KIM).hasAttribute('data-pd-hidden')).toBe(false);
      select.value = '0';
      select.dispatchEvent(new t.win.Event('change', { bubbles: true }) as unknown as Event);
      expect(t.card(INTERP).hasAttribute('data-pd-hidden')).toBe(false);
    } finally {
      await t.cleanup();
    }
  });
});
