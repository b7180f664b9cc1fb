import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Tag } from '../lib/model/library';
import { useServices } from './context';
import { Counts } from './Counts';
import { EmptyState, LoadingState, PapersLink } from './EmptyState';
import { ErrorBanner } from './ErrorBanner';
import { formatCount, papersCount } from './format';
import { useAction, useLiveQuery, usePaperStore, useSearch } from './hooks';
import { RulesPanel, ShortcutsList } from './sections';
import { PaperRow } from './PaperRow';
import { markFirstRows, markSearchUpdated } from './perf';
import { SearchBox } from './SearchBox';
import type { PaperStore } from './store';
import { SyncStatus } from './SyncStatus';
import { DigestSwitch } from './DigestSwitch';
import { TabPanel, Tabs } from './Tabs';
import { TagFilter } from './TagFilter';
import { visibleRows } from './view';
import { WhatsNew } from './WhatsNew';
import { FIRST_ROWS } from './first-screen';
import { t, tParts } from '../lib/i18n';

/** Rows drawn per "page" of the list (more as it scrolls, or with "Show more"). */
const PAGE = 40;
type PopupTab = 'saved' | 'rules' | 'keys';

// The other tabs' code is loaded when they are first opened (components/sections.ts): the popup opens on "Saved".

/**
 * The toolbar popup: counts, the saved (starred) papers newest first with search, tag filter,
 * un-star and tag editing, the hidden-topic rules, the page shortcuts, and a way to the library.
 */
export function Popup({ libraryUrl = 'library.html' }: { libraryUrl?: string }) {
  const { library, now } = useServices();
  const [tab, setTab] = useState<PopupTab>('saved');
  const store = usePaperStore(library, 'starred', { firstScreen: FIRST_ROWS });
  // The counts wait for the first rows: both read the database, and the rows matter more.
  const [counts] = useLiveQuery(() => library.headerCounts(now()), [library], store.ready);

  return (
    <div class="pd-popup">
      <header class="pd-header">
        <h1 class="pd-brand">{t('extName')}</h1>
        <a class="pd-link" href={libraryUrl} target="_blank" rel="noopener">
          {t('openLibrary')}
        </a>
      </header>
      <main class="pd-main">
        <WhatsNew />
        <Counts counts={counts} />
        <Tabs
          idBase="pd-popup"
          label={t('extName')}
          current={tab}
          onChange={setTab}
          tabs={[
            { key: 'saved', label: t('tabSaved') },
            { key: 'rules', label: t('tabHiddenTopics') },
            { key: 'keys', label: t('tabShortcuts') },
          ]}
        />
        {tab === 'saved' && (
          <TabPanel idBase="pd-popup" tab="saved" class="pd-tabpanel pd-saved-panel">
            <SavedPapers store={store} />
          </TabPanel>
        )}
        {tab === 'rules' && (
          <TabPanel idBase="pd-popup" tab="rules">
            <RulesPanel headingLevel={2} />
          </TabPanel>
        )}
        {tab === 'keys' && (
          <TabPanel idBase="pd-popup" tab="keys">
            <ShortcutsList />
          </TabPanel>
        )}
        <DigestSwitch libraryUrl={libraryUrl} />
      </main>
      {/* A <footer> of its own: the page's contentinfo, after the main landmark. */}
      <SyncStatus />
    </div>
  );
}

function SavedPapers({ store }: { store: PaperStore }) {
  const { library, now } = useServices();
  const [query, setQuery] = useState('');
  const [tagId, setTagId] = useState('');
  const [limit, setLimit] = useState(PAGE);
  // One editor open at a time: a paper's tags or its note and status.
  const [editing, setEditing] = useState<{ id: string; what: 'tags' | 'note' } | null>(null);
  const [undo, setUndo] = useState<{ id: string; title: string } | null>(null);
  // Where keyboard focus goes once the list has re-rendered (a control it was on went away).
  const [focusNext, setFocusNext] = useState<string | null>(null);
  const undoButton = useRef<HTMLButtonElement>(null);
  const action = useAction();
  const search = useSearch(store, query);

  const allTags = useMemo(
    () => [...store.tags.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the store is mutable: store.version changes with every change to what it holds
    [store.version],
  );
  const rows = useMemo(
    () => visibleRows(store, search, { sort: 'starred', show: 'all', seenWithin: 'any', tagId, now: now() }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the store is mutable: store.version changes with every change to what it holds; now() is read when the rows are made
    [store.version, search, tagId],
  );
  const shown = rows.slice(0, limit);

  useLayoutEffect(() => {
    markFirstRows(shown.length);
  });
  useLayoutEffect(() => markSearchUpdated(!search || search.complete), [rows, search]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- runs after each render until the element to focus exists (it may mount a render later)
  useLayoutEffect(() => {
    if (!focusNext) return;
    const target = document.querySelector<HTMLElement>(focusNext);
    if (target) {
      target.focus();
      setFocusNext(null);
    }
  });

  const unstar = (id: string, title: string) =>
    action.run(async () => {
      // Un-starring removes the row and its button: keep the keyboard on the Undo that replaces it.
      const hadFocus = !!document.activeElement?.closest(`[data-paper-id="${CSS.escape(id)}"]`);
      await library.unstar(id);
      setUndo({ id, title });
      if (hadFocus) setFocusNext('.pd-undo button');
    });

  let body;
  if (store.error && store.rows.size === 0) body = <ErrorBanner error={store.error} />;
  else if (!store.ready) body = <LoadingState label={t('loadingSaved')} />;
  else if (store.progress.total === 0 && store.rows.size === 0)
    body = <EmptyState title={t('noSavedYet')}>{tParts('noSavedHint', <PapersLink />)}</EmptyState>;
  else if (search?.pending) body = <LoadingState label={t('preparingSearch')} />;
  else if (rows.length === 0 && store.progress.done)
    body = <EmptyState title={query ? t('noSavedMatch', query) : t('noSavedWithTag')}>{t('tryFewerWords')}</EmptyState>;
  else
    body = (
      <>
        <ul
          class="pd-rows"
          aria-label={t('savedListLabel')}
          data-ready={store.ready ? 'true' : undefined}
          onScroll={(e) => {
            const el = e.currentTarget as HTMLElement;
            if (el.scrollTop + el.clientHeight > el.scrollHeight - 200 && limit < rows.length) setLimit((l) => l + PAGE);
          }}
        >
          {shown.map((row) => (
            <PaperRow
              key={row.id}
              row={row}
              starred={store.stars.has(row.id)}
              starredAt={store.stars.get(row.id)}
              tags={store.tagsFor(row.id)}
              allTags={allTags}
              editing={editing?.id === row.id && editing.what === 'tags'}
              onEditTags={(open) => setEditing(open ? { id: row.id, what: 'tags' } : null)}
              onToggleStar={() => void unstar(row.id, row.title)}
              onAddTag={(name) => library.tag(row.id, name)}
              onRemoveTag={(tag: Tag) => library.untag(row.id, tag.id)}
              note={store.notes.get(row.id)}
              editingNote={editing?.id === row.id && editing.what === 'note'}
              onEditNote={(open) => setEditing(open ? { id: row.id, what: 'note' } : null)}
              onSaveNote={(text) => library.setNote(row.id, text)}
              onSetStatus={(status) => library.setStatus(row.id, status)}
            />
          ))}
          {rows.length > shown.length && (
            <li class="pd-more">
              <button type="button" class="pd-button pd-quiet" onClick={() => setLimit((l) => l + PAGE * 5)}>
                {t('showMore', papersCount(rows.length - shown.length))}
              </button>
            </li>
          )}
        </ul>
      </>
    );

  const status = !store.ready
    ? undefined
    : search?.pending
      ? store.indexError
        ? t('searchUnavailable')
        : t('preparingSearch')
      : query
        ? matchesText(rows.length, Boolean(search && !search.complete))
        : store.progress.done || store.progress.total <= store.progress.loaded
          ? undefined
          : t('loadingProgress', store.progress.loaded, store.progress.total);

  return (
    <>
      <div class="pd-toolbar" data-state={!store.ready || !store.progress.done ? 'loading' : store.indexPending > 0 ? 'indexing' : 'ready'}>
        <SearchBox
          label={t('searchSaved')}
          placeholder={t('searchSavedPlaceholder')}
          value={query}
          onInput={(q) => {
            setQuery(q);
            setLimit(PAGE);
          }}
          status={status}
        />
        <TagFilter
          id="pd-popup-tag-filter"
          compact
          tags={allTags}
          value={tagId}
          onChange={(id) => {
            setTagId(id);
            setLimit(PAGE);
          }}
        />
      </div>
      <ErrorBanner error={action.error} onDismiss={action.clear} />
      {undo && (
        <div class="pd-undo" role="status">
          <span>{t('unstarredTitle', undo.title)}</span>
          <button
            ref={undoButton}
            type="button"
            class="pd-button pd-quiet pd-small"
            onClick={() => {
              const { id } = undo;
              const hadFocus = document.activeElement === undoButton.current;
              setUndo(null);
              void action.run(async () => {
                await library.star(id);
                // Back to the paper's star once its row is listed again.
                if (hadFocus) setFocusNext(`[data-paper-id="${CSS.escape(id)}"] .pd-star`);
              });
            }}
          >
            {t('undo')}
          </button>
        </div>
      )}
      {body}
    </>
  );
}

/** "3 matches", "1 match so far" (the search still running). */
function matchesText(n: number, soFar: boolean): string {
  const matches = t(n === 1 ? 'matchCountOne' : 'matchCountOther', formatCount(n));
  return soFar ? t('matchesSoFar', matches) : matches;
}
