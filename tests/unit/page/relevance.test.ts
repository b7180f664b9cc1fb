import { readFileSync } from 'node:fs';
import { pageLibraryOf } from './page-library';
import path from 'node:path';
import { Window } from 'happy-dom';
import { PaperdeckDB } from '../../../lib/db/database';
import { Library } from '../../../lib/db/library';
import { PageApp } from '../../../lib/page/app';
import { describeScore } from '../../../lib/page/relevance';
import type { PageChange } from '../../../lib/page/types';
import { RankService } from '../../../lib/rank/service';

const fixture = (name: string) => readFileSync(path.resolve('tests/fixtures', name), 'utf8');
type Expected = {
  url: string;
  today: string;
  records: Array<{ id: string; title: string; abstract?: string; authors?: string[]; organization?: { slug: string; name?: string } }>;
};
const expected = (name: string) => JSON.parse(fixture(name.replace('.html', '.expected.json'))) as Expected;

import { showSearchResults } from '../hf/fixtures';
import { probedFeatures, until } from './wait';

let dbCount = 0;

/**
 * A search page decorated by a PageApp whose ranking is a real RankService over the same
 * Library (fake-indexeddb); the service's `rank` announcements reach the page like the
 * storage.local broadcast does in the extension.
 */
async function setup(name = 'search-b.html') {
  const exp = expected(name);
  const win = new Window({ url: exp.url });
  const doc = win.document as unknown as Document;
  doc.write(fixture(name));
  // Every card decorated at once, as where there is no IntersectionObserver: happy-dom's never
  // reports, so cards past the first screen (lib/page/nearby.ts) would never be.
  Object.assign(win, { IntersectionObserver: undefined });
  const db = new PaperdeckDB(`relevance-test-${++dbCount}`);
  const library = new Library(db);
  const listeners = new Set<(c: PageChange) => void>();
  library.onChange((c) => listeners.forEach((l) => l(c)));
  const service = new RankService(library, { debounceMs: 5, announce: (ids) => listeners.forEach((l) => l({ ids, what: ['rank'] })) });
  const unwatch = service.watch((l) => library.onChange(l));
  const controller = new AbortController();
  const now = new Date(`${exp.today}T12:00:00`).getTime();
  const app = new PageApp({
    doc,
    features: probedFeatures().features,
    library: pageLibraryOf(library, now),
    rank: service,
    onChange: (l) => (listeners.add(l), () => listeners.delete(l)),
    getUrl: () => new URL(win.location.href),
    signal: controller.signal,
    now: () => now,
  });
  await app.ready;
  // The search results arrive after the page (the site renders them client-side over the default listing).
  showSearchResults(doc);
  const cleanup = async () => {
    controller.abort();
    unwatch();
    service.stop();
    await service.flush(); // a training under way ends before its database closes
    db.close();
    await win.happyDOM.close();
  };
  const order = () => [...doc.querySelectorAll('[data-pd-id]')].map((c) => c.getAttribute('data-pd-id')!);
  const card = (id: string) => doc.querySelector<HTMLElement>(`[data-pd-id="${id}"]`)!;
  const label = (id: string) => card(id).querySelector<HTMLElement>('.pd-rel')!;
  const pill = () => doc.querySelector<HTMLElement>('.pd-pill')!;
  const starred = (id: string) => card(id).hasAttribute('data-pd-starred');
  /**
   * Every training asked for is over, and every card shows what the model says of it: a score on
   * each card neither starred nor folded, the pill's "Sort by relevance".
   */
  const ranked = () =>
    until(async () => {
      await service.flush();
      for (const r of exp.records) {
        if (starred(r.id) || card(r.id).hasAttribute('data-pd-hidden')) continue;
        expect(label(r.id).hidden).toBe(false);
        expect(label(r.id).textContent).toMatch(/^for you (0|1)\.\d\d$/);
      }
      expect(pill().querySelector('.pd-sort')).toBeTruthy();
    });
  // Every card read and marked (a mark waiting for its score), and the ranking's state in the pill.
  await until(() => {
    for (const r of exp.records) expect(doc.querySelector(`[data-pd-id="${r.id}"] .pd-rel`)).toBeTruthy();
    expect(doc.querySelector('.pd-pill .pd-rel-note, .pd-pill .pd-sort')).toBeTruthy();
  });
  const starFirst = async (n: number) => {
    for (const [i, r] of exp.records.slice(0, n).entries()) {
      card(r.id).querySelector<HTMLButtonElement>('.pd-star')!.click();
      // Busy from the press until the star is stored and read back.
      await until(() => expect(card(r.id).querySelector('.pd-star')!.hasAttribute('aria-busy')).toBe(false));
      expect(await db.stars.count()).toBe(i + 1);
    }
  };
  return { win, doc, app, db, library, service, exp, ranked, cleanup, order, card, label, pill, starFirst };
}

// Each test parses a search page, shows its 61 results and trains the real ranking service: seconds
// on a loaded 2-core machine, past vitest's 5 s default. The tests wait for effects, never for time.
describe('relevance marks on a papers page', { timeout: 20_000 }, () => {
  it('says how many stars it needs instead of guessing, then marks every unstarred card', async () => {
    const t = await setup();
    try {
      expect(t.pill().textContent).toContain('For you: star 5 more papers to rank this page');
      await t.starFirst(4);
      await until(() => expect(t.pill().textContent).toContain('star 1 more paper to rank'));
      expect(t.doc.querySelectorAll('.pd-rel:not([hidden])')).toHaveLength(0);

      t.card(t.exp.records[4]!.id).querySelector<HTMLButtonElement>('.pd-star')!.click();
      await until(async () => expect(await t.db.stars.count()).toBe(5));
      await t.ranked();
      const starred = new Set(t.exp.records.slice(0, 5).map((r) => r.id));
      for (const r of t.exp.records) {
        const label = t.label(r.id);
        if (starred.has(r.id)) {
          expect(label.closest('.pd-rel-mark')!.hasAttribute('hidden')).toBe(true);
          continue;
        }
        expect(label.hidden).toBe(false);
        expect(label.textContent).toMatch(/^for you (0|1)\.\d\d$/);
        expect(label.title).toMatch(/ranks above \d+% of the papers you have seen/);
      }
      expect(t.doc.querySelectorAll('[data-pd-top]').length).toBeGreaterThan(0);
      expect(t.pill().textContent).toContain('Sort by relevance');
      expect(t.pill().textContent).not.toContain('star');
    } finally {
      await t.cleanup();
    }
  });

  it('sorts the cards by relevance inside their container, hidden topics last, and restores the order', async () => {
    const t = await setup();
    try {
      const container = t.card(t.exp.records[0]!.id).parentElement!;
      const childrenBefore = [...container.childNodes];
      const original = t.order();
      for (const r of t.exp.records.slice(0, 5)) await t.library.star(r.id);
      await t.ranked();
      // Hide one topic: its card must end up last whatever its score.
      const hiddenId = t.exp.records[10]!.id;
      const word = t.exp.records[10]!.title.split(/\s+/).find((w) => /^[A-Za-z]{7,}$/.test(w))!;
      await t.library.addRule({ kind: 'keyword', pattern: `${word}` });
      await until(() => {
        expect(t.card(hiddenId).hasAttribute('data-pd-hidden')).toBe(true);
        expect(t.label(hiddenId).closest('.pd-rel-mark')!.hasAttribute('hidden')).toBe(true);
      });
      await t.ranked();

      const sortButton = [...t.pill().querySelectorAll('button')].find((b) => b.textContent === 'Sort by relevance')!;
      sortButton.click();
      const sorted = t.order();
      expect(new Set(sorted)).toEqual(new Set(original));
      expect(sorted).not.toEqual(original);
      const scores = await t.service.scoreCards(sorted);
      const visible = sorted.filter((id) => !t.card(id).hasAttribute('data-pd-hidden'));
      const raws = visible.map((id) => scores.scores[id]!.raw);
      expect(raws).toEqual([...raws].sort((a, b) => b - a));
      expect(sorted.indexOf(hiddenId)).toBeGreaterThanOrEqual(visible.length);
      expect(container.hasAttribute('data-pd-sorted')).toBe(true);
      // Every card is still in its own container.
      for (const id of sorted) expect(t.card(id).parentElement).toBe(container);

      const back = [...t.pill().querySelectorAll('button')].find((b) => b.textContent === 'Original order')!;
      expect(back.getAttribute('aria-pressed')).toBe('true');
      back.click();
      expect(t.order()).toEqual(original);
      expect([...container.childNodes]).toEqual(childrenBefore);
      expect(container.hasAttribute('data-pd-sorted')).toBe(false);
    } finally {
      await t.cleanup();
    }
  });

  it('puts followed papers first when sorted by relevance (features/follow), each group by score', async () => {
    const t = await setup();
    try {
      for (const r of t.exp.records.slice(0, 5)) await t.library.star(r.id);
      await t.ranked();
      const followedId = t.exp.records[12]!.id;
      const word = t.exp.records[12]!.title.split(/\s+/).find((w) => /^[A-Za-z]{7,}$/.test(w))!;
      await t.library.addRule({ action: 'follow', kind: 'keyword', pattern: word });
      await until(() => expect(t.card(followedId).querySelector('.pd-follow-mark:not([hidden])')).toBeTruthy());
      await t.ranked();
      const followed = t.order().filter((id) => t.card(id).querySelector('.pd-follow-mark:not([hidden])'));
      expect(followed).toContain(followedId);
      [...t.pill().querySelectorAll('button')].find((b) => b.textContent === 'Sort by relevance')!.click();
      const sorted = t.order();
      expect(sorted.slice(0, followed.length).sort()).toEqual([...followed].sort());
      expect(sorted.indexOf(followedId)).toBeLessThan(followed.length);
    } finally {
      await t.cleanup();
    }
  });

  it('"not interested" dims the card, is stored, and can be undone', async () => {
    const t = await setup();
    try {
      for (const r of t.exp.records.slice(0, 5)) await t.library.star(r.id);
      await t.ranked();
      const id = t.exp.records[7]!.id;
      const button = t.card(id).querySelector<HTMLButtonElement>('.pd-ni')!;
      expect(button.getAttribute('aria-label')).toBe('Not interested');
      button.click();
      expect(t.card(id).hasAttribute('data-pd-not-interested')).toBe(true); // at once
      await until(async () => {
        expect(await t.db.notInterested.get(id)).toBeTruthy();
        expect(button.getAttribute('aria-pressed')).toBe('true');
        expect(t.label(id).textContent).toBe('not interested');
      });
      button.click();
      await until(async () => {
        expect(await t.db.notInterested.get(id)).toBeUndefined();
        expect(t.card(id).hasAttribute('data-pd-not-interested')).toBe(false);
        expect(t.label(id).textContent).toMatch(/^for you/);
      });
    } finally {
      await t.cleanup();
    }
  });

  it('"not interested" offers hide rules for the paper\'s first author and organization, with Undo', async () => {
    // The daily list: its cards name authors and an organization (no stars needed: the mark's
    // "not interested" button is there in cold start too).
    const t = await setup('daily.html');
    try {
      const target = t.exp.records.find((r) => r.authors?.length && r.organization)!;
      const author = target.authors![0]!;
      const org = target.organization!.name ?? target.organization!.slug;
      t.card(target.id).querySelector<HTMLButtonElement>('.pd-ni')!.click();
      const toast = t.doc.querySelector<HTMLElement>('.pd-toast')!;
      await until(() => expect(toast.textContent).toContain('Noted: fewer papers like this. Hide them outright?'));
      expect(await t.db.notInterested.get(target.id)).toBeTruthy();
      const offers = [...toast.querySelectorAll('button')].map((b) => [b.textContent, b.getAttribute('aria-label')]);
      expect(offers).toEqual([
        [`From ${org}`, `Hide papers from the organization ${org}`],
        [`By ${author}`, `Hide papers by the author ${author}`],
      ]);
      [...toast.querySelectorAll('button')][1]!.click();
      await until(() => expect(toast.textContent).toContain(`Hiding papers by ${author}.`));
      expect(await t.db.rules.toArray()).toEqual([expect.objectContaining({ kind: 'author', pattern: author })]);
      // Folded by its author now, the reason named.
      expect(t.card(target.id).hasAttribute('data-pd-hidden')).toBe(true);
      expect(t.card(target.id).querySelector('.pd-fold')?.textContent).toContain(author);
      [...toast.querySelectorAll('button')].find((b) => b.textContent === 'Undo')!.click();
      await until(() => expect(t.card(target.id).hasAttribute('data-pd-hidden')).toBe(false));
      expect(await t.db.rules.count()).toBe(0);
    } finally {
      await t.cleanup();
    }
    // A paper with neither (the day list's cards the island does not describe): the mark is noted,
    // nothing offered.
    const d = await setup('date.html');
    try {
      const bare = d.exp.records.find((r) => !r.authors?.length && !r.organization)!;
      d.card(bare.id).querySelector<HTMLButtonElement>('.pd-ni')!.click();
      const toast = d.doc.querySelector<HTMLElement>('.pd-toast')!;
      await until(() => expect(toast.textContent).toBe('Noted: fewer papers like this.'));
      expect(toast.querySelectorAll('button')).toHaveLength(0);
    } finally {
      await d.cleanup();
    }
  });

  it('a rule offered from the page that the user already has is said so, and never undone', async () => {
    const t = await setup('daily.html');
    try {
      const target = t.exp.records.find((r) => r.authors?.length)!;
      const author = target.authors![0]!;
      t.card(target.id).querySelector<HTMLButtonElement>('.pd-ni')!.click();
      const toast = t.doc.querySelector<HTMLElement>('.pd-toast')!;
      await until(() => expect(toast.querySelectorAll('button').length).toBeGreaterThan(0));
      // The same rule is made elsewhere (the popup, another tab) before the offer is taken.
      const existing = await t.library.addRule({ kind: 'author', pattern: author });
      await until(() => expect(t.card(target.id).hasAttribute('data-pd-hidden')).toBe(true));
      [...toast.querySelectorAll('button')].find((b) => b.textContent === `By ${author}`)!.click();
      await until(() => expect(toast.textContent).toBe(`Already hidden: Author ${author}.`));
      expect(toast.querySelectorAll('button')).toHaveLength(0); // no Undo that would remove the user's rule
      expect(await t.db.rules.toArray()).toEqual([expect.objectContaining({ id: existing.id })]);
    } finally {
      await t.cleanup();
    }
  });

  it('leaves the page as it was when the extension goes away', async () => {
    const t = await setup();
    try {
      for (const r of t.exp.records.slice(0, 5)) await t.library.star(r.id);
      await t.ranked();
      const original = t.order();
      [...t.pill().querySelectorAll('button')].find((b) => b.textContent === 'Sort by relevance')!.click();
      expect(t.order()).not.toEqual(original);
      t.app.destroy();
      expect(t.order()).toEqual(original);
      expect(t.doc.querySelectorAll('.pd-rel, [data-pd-top], [data-pd-sorted]')).toHaveLength(0);
    } finally {
      await t.cleanup();
    }
  });
});

describe('describeScore', () => {
  it('says what the number means, which words drove it and the closest tag', () => {
    const text = describeScore({
      score: 0.823,
      raw: 0.4,
      top: false,
      terms: ['diffusion', 'image generation'],
      tag: { id: 't', name: 'Vision', score: 0.95 },
    });
    expect(text).toContain('For you: 0.82 — ranks above 82% of the papers you have seen.');
    expect(text).toContain('Words that drove it: diffusion, image generation.');
    expect(text).toContain('Closest tag: Vision (0.95).');
    expect(describeScore({ score: 0.1, raw: -1, top: false, terms: [] })).toContain('Nothing in it matches what you starred.');
  });
});
