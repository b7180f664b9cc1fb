import {
  LINK_PATTERNS,
  MENU_MAX_TAGS,
  MENU_STAR,
  installLinkMenus,
  menuItems,
  saveFromLink,
  stubRecord,
  type ClickInfo,
  type MenusApi,
} from '../../../lib/background/menus';
import { arxivIdFromUrl } from '../../../lib/model/arxiv';
import { PaperRecord } from '../../../lib/model/paper';
import { freshLibrary, record, T0 } from '../db/helpers';

function fakeMenus() {
  const items = new Map<string, { title: string; parentId?: string }>();
  const listeners = new Set<(info: ClickInfo, tab?: { id?: number }) => void>();
  const api: MenusApi = {
    create: (p) => {
      if (items.has(p.id)) throw new Error(`duplicate id ${p.id}`);
      items.set(p.id, { title: p.title, parentId: p.parentId });
    },
    removeAll: async () => items.clear(),
    onClicked: { addListener: (cb) => listeners.add(cb), removeListener: (cb) => listeners.delete(cb) },
  };
  const click = (info: ClickInfo) => listeners.forEach((l) => l(info, { id: 1 }));
  return { api, items, click, listeners };
}

describe('context menu on links to papers', () => {
  it('offers star, and tag with each recent tag, only on links the id reader understands', async () => {
    const items = menuItems(
      Array.from({ length: 20 }, (_, i) => ({
        id: `t${i}`,
        name: `Tag ${String(i).padStart(2, '0')} & co`,
        colour: 'blue' as const,
        createdAt: i,
      })),
    );
    expect(items[1]).toMatchObject({ id: MENU_STAR, title: 'Star this paper', contexts: ['link'] });
    const tagItems = items.filter((i) => i.id.startsWith('pd-menu-tag:'));
    expect(tagItems).toHaveLength(MENU_MAX_TAGS);
    // The most recent ones, by name, with "&" escaped.
    expect(tagItems[0]!.title).toBe('Tag 05 && co');
    for (const item of items) expect(item.targetUrlPatterns).toBe(LINK_PATTERNS);
    // Every pattern's sample link is one arxivIdFromUrl reads.
    for (const pattern of LINK_PATTERNS) {
      const sample = pattern.replace('*://', 'https://').replace(/\*$/, '2401.01234');
      expect(arxivIdFromUrl(sample), sample).toBe('2401.01234');
    }
    expect(menuItems([]).map((i) => i.id)).toEqual(['pd-menu', MENU_STAR]);
  });

  it('stars a paper never seen as a valid stub that a later page read completes', async () => {
    const { library, db } = freshLibrary();
    expect(PaperRecord.safeParse(stubRecord('2401.01234', '  Attention   Is All You Need ')).success).toBe(true);
    const id = await saveFromLink(library, {
      menuItemId: MENU_STAR,
      linkUrl: 'https://arxiv.org/abs/2401.01234v2',
      linkText: 'Attention Is All You Need',
    });
    expect(id).toBe('2401.01234');
    expect(await db.stars.get(id)).toBeTruthy();
    expect((await db.papers.get(id))?.title).toBe('Attention Is All You Need');
    expect(stubRecord('2401.01234', 'https://arxiv.org/abs/2401.01234').title).toBe('arXiv:2401.01234');
    // Seen later on a papers page: the page's fields win.
    await library.recordSeen([record(id, { title: 'The real title', abstract: 'Real abstract.' })], Date.now() + 1000);
    await library.settle();
    expect(await db.papers.get(id)).toMatchObject({ title: 'The real title', abstract: 'Real abstract.' });
  });

  it('stars a known paper as it is and tags it from a tag item; refuses links that are not papers', async () => {
    const { library, db } = freshLibrary();
    await library.recordSeen([record('2501.00007', { title: 'Known paper' })], T0);
    const tag = await library.tag('2501.00007', 'Later');
    await library.unstar('2501.00007');
    await saveFromLink(library, { menuItemId: `pd-menu-tag:${tag.id}`, linkUrl: 'https://huggingface.co/papers/2501.00007' });
    expect(await db.stars.get('2501.00007')).toBeTruthy();
    expect((await db.papers.get('2501.00007'))?.title).toBe('Known paper');
    await expect(saveFromLink(library, { menuItemId: MENU_STAR, linkUrl: 'https://huggingface.co/papers' })).rejects.toMatchObject({
      code: 'invalid',
    });
    expect(await db.stars.count()).toBe(1);
  });

  it('builds the menu at start, rebuilds it when tags change, and handles clicks', async () => {
    const { library, db } = freshLibrary();
    const menus = fakeMenus();
    const stop = installLinkMenus(library, menus.api);
    await vi.waitFor(() => expect(menus.items.has(MENU_STAR)).toBe(true));
    expect([...menus.items.keys()].some((k) => k.startsWith('pd-menu-tag:'))).toBe(false);
    await library.recordSeen([record('2501.00008')], T0);
    await library.tag('2501.00008', 'Robots');
    await vi.waitFor(() => expect([...menus.items.values()].map((i) => i.title)).toContain('Robots'));
    menus.click({ menuItemId: MENU_STAR, linkUrl: 'https://arxiv.org/pdf/2502.00001.pdf' });
    await vi.waitFor(async () => expect(await db.stars.get('2502.00001')).toBeTruthy());
    // A tag made in the popup (its own connection) reaches the menu through its announcement.
    let announce: ((c: { what: readonly string[] }) => void) | undefined;
    stop();
    expect(menus.listeners.size).toBe(0);
    const stop2 = installLinkMenus(library, menus.api, [(l) => ((announce = l), () => {})]);
    await db.tags.add({ id: 'popup-tag', name: 'From the popup', key: 'from the popup', colour: 'teal', createdAt: T0 });
    announce!({ what: ['tags'] });
    await vi.waitFor(() => expect([...menus.items.values()].map((i) => i.title)).toContain('From the popup'));
    stop2();
  });
});
