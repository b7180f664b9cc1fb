/**
 * The context menu on links to papers: "Paperdeck ▸ Star this paper" and "▸ Tag with ▸ <tag>"
 * on any link to a Hugging Face paper page or an arXiv abstract/PDF (and the mirrors people
 * share, and arXiv DOIs): the links the importer reads too (lib/model/arxiv.ts). Runs in the background. A paper the library has never seen is saved as a stub (its id,
 * the link's text as a provisional title); the first time it is seen on a papers page, the page's
 * fields replace the stub's (merge rules: the newer read wins).
 *
 * Feedback: the toolbar button's badge on that tab shows ★ (or ! with the reason in its tooltip)
 * for a few seconds. No notification permission is needed.
 */
import { browser } from 'wxt/browser';
import type { Library } from '../db/library';
import type { ChangeSource } from './guard';
import { LibraryError } from '../db/library-error';
import { ARXIV_LINK_SITES, arxivIdFromUrl } from '../model/arxiv';
import type { Tag } from '../model/library';
import type { PaperRecord } from '../model/paper';
import { t } from '../i18n';

/**
 * Where the menu shows: every link arxivIdFromUrl reads (lib/model/arxiv.ts ARXIV_LINK_SITES, the
 * importer's list too), as match patterns, host by host and path by path. A match pattern's path
 * is case-sensitive, as arxivIdFromUrl's path prefixes are.
 */
export const LINK_PATTERNS: string[] = ARXIV_LINK_SITES.flatMap((site) =>
  site.hosts.flatMap((host) => site.paths.map((path) => `*://${host}${path}*`)),
);

export const MENU_ROOT = 'pd-menu';
export const MENU_STAR = 'pd-menu-star';
export const MENU_TAG = 'pd-menu-tag';
const TAG_PREFIX = 'pd-menu-tag:';
/** A context menu is no place for a long list: the most recently created tags, by name. */
export const MENU_MAX_TAGS = 15;

type CreateProps = {
  id: string;
  parentId?: string;
  title: string;
  contexts?: ['link'];
  targetUrlPatterns?: string[];
};

/** The part of browser.contextMenus (Firefox: menus) this module uses, injectable for tests. */
export interface MenusApi {
  create(props: CreateProps): unknown;
  removeAll(): Promise<void>;
  onClicked: {
    addListener(cb: (info: ClickInfo, tab?: { id?: number }) => void): void;
    removeListener(cb: (info: ClickInfo, tab?: { id?: number }) => void): void;
  };
}
export interface ClickInfo {
  menuItemId: string | number;
  linkUrl?: string;
  /** Firefox and recent Chrome give the link's text. */
  linkText?: string;
}

/** The menu items for these tags (ids and titles), in the order they are created. */
export function menuItems(tags: readonly Tag[]): CreateProps[] {
  const shown = [...tags]
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, MENU_MAX_TAGS)
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  const items: CreateProps[] = [
    { id: MENU_ROOT, title: t('extName'), contexts: ['link'], targetUrlPatterns: LINK_PATTERNS },
    { id: MENU_STAR, parentId: MENU_ROOT, title: t('menuStar'), contexts: ['link'], targetUrlPatterns: LINK_PATTERNS },
  ];
  if (shown.length) {
    items.push({ id: MENU_TAG, parentId: MENU_ROOT, title: t('menuStarAndTag'), contexts: ['link'], targetUrlPatterns: LINK_PATTERNS });
    for (const tag of shown) {
      // "&" is an access-key marker in menu titles: double it to show it.
      items.push({
        id: TAG_PREFIX + tag.id,
        parentId: MENU_TAG,
        title: tag.name.replace(/&/g, '&&'),
        contexts: ['link'],
        targetUrlPatterns: LINK_PATTERNS,
      });
    }
  }
  return items;
}

/** A paper known only by a link: its id, and the link's text as a provisional title. */
export function stubRecord(id: string, linkText?: string): PaperRecord {
  const text = linkText?.replace(/\s+/g, ' ').trim().slice(0, 300);
  return {
    id,
    title: text && text.length > 2 && !/^https?:/i.test(text) ? text : `arXiv:${id}`,
    seenOn: { view: 'paper', url: `https://huggingface.co/papers/${id}` },
  };
}

/**
 * Stars the paper a link points at (saving a stub if the library has never seen it) and, for a
 * tag item, tags it. Returns the paper id.
 */
export async function saveFromLink(library: Library, info: ClickInfo): Promise<string> {
  const id = info.linkUrl ? arxivIdFromUrl(info.linkUrl) : null;
  if (!id) throw new LibraryError('invalid', t('menuLinkNotPaper'));
  const state = (await library.getState([id]))[id];
  if (state?.firstSeenAt !== undefined) await library.star(id);
  else await library.star(stubRecord(id, info.linkText));
  const item = String(info.menuItemId);
  if (item.startsWith(TAG_PREFIX)) {
    const tagId = item.slice(TAG_PREFIX.length);
    const tag = (await library.listTags()).find((t) => t.id === tagId);
    if (!tag) throw new LibraryError('invalid', t('tagGone'));
    await library.tag(id, tag.name);
  }
  return id;
}

async function rebuild(menus: MenusApi, library: Library): Promise<void> {
  await menus.removeAll();
  for (const item of menuItems(await library.listTags())) menus.create(item);
}

/** The toolbar button's API: `action` in MV3, `browserAction` in Firefox MV2. */
function actionApi() {
  const b = browser as unknown as { action?: BadgeApi; browserAction?: BadgeApi };
  return b.action ?? b.browserAction;
}
interface BadgeApi {
  setBadgeText(d: { text: string; tabId?: number }): Promise<void>;
  setTitle(d: { title: string; tabId?: number }): Promise<void>;
}

async function flashBadge(tabId: number | undefined, text: string, title: string): Promise<void> {
  const action = actionApi();
  if (!action || tabId === undefined) return;
  try {
    await action.setBadgeText({ text, tabId });
    await action.setTitle({ title, tabId });
    setTimeout(() => {
      void action.setBadgeText({ text: '', tabId }).catch(() => {});
      void action.setTitle({ title: t('actionTitle'), tabId }).catch(() => {});
    }, 4000);
  } catch {
    /* the tab is gone */
  }
}

/**
 * Creates the menu (again on each start: MV3 keeps menus across worker restarts, so remove first),
 * rebuilds its tag list when tags change, and handles clicks. Returns a function that stops it.
 */
export function installLinkMenus(library: Library, menus: MenusApi | undefined = defaultMenus(), others: ChangeSource[] = []): () => void {
  if (!menus) return () => {};
  // One rebuild at a time: two interleaved (removeAll, create…) would create an id twice.
  let chain = Promise.resolve();
  const refresh = () => {
    chain = chain.then(() => rebuild(menus, library)).catch((e) => console.warn('[paperdeck] context menu not built', e));
  };
  refresh();
  // Tags change through the background's library and through the popup and library page, which
  // write with their own connection and announce it (others).
  const onChange = (change: { what: readonly string[] }) => {
    if (change.what.includes('tags')) refresh();
  };
  const stops = [library.onChange(onChange), ...others.map((source) => source(onChange))];
  const stopChanges = () => stops.forEach((stop) => stop());
  const onClicked = (info: ClickInfo, tab?: { id?: number }) => {
    const item = String(info.menuItemId);
    if (item !== MENU_STAR && !item.startsWith(TAG_PREFIX)) return;
    saveFromLink(library, info).then(
      (id) => flashBadge(tab?.id, '★', t('badgeSaved', id)),
      (e: unknown) => {
        const message = e instanceof LibraryError ? e.userMessage : t('menuSaveFailed');
        console.warn('[paperdeck] context menu', e);
        return flashBadge(tab?.id, '!', t('badgeFailed', message));
      },
    );
  };
  menus.onClicked.addListener(onClicked);
  return () => {
    stopChanges();
    menus.onClicked.removeListener(onClicked);
  };
}

function defaultMenus(): MenusApi | undefined {
  const b = browser as unknown as { menus?: MenusApi; contextMenus?: MenusApi };
  return b.menus ?? b.contextMenus;
}
