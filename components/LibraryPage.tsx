import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ReadingStatus, Tag } from '../lib/model/library';
import { useServices } from './context';
import { Counts } from './Counts';
import { EmptyState, LoadingState, PapersLink } from './EmptyState';
import { ErrorBanner } from './ErrorBanner';
import { formatCount, paperUrl, papersCount } from './format';
import { useAction, useLiveQuery, usePaperStore, useSearch } from './hooks';
import { BackupsPanel, DigestView, ExportPanel, ImportPanel, RulesPanel, ShortcutsList, TagManager } from './sections';
import { LiveRegion, announce } from './LiveRegion';
import { MoreLikeTag } from './MoreLikeTag';
import { PaperList } from './PaperList';
import { NoteBadges, NoteEditor } from './NoteEditor';
import { PaperMeta, Tldr } from './PaperRow';
import { markFirstRows, markSearchUpdated } from './perf';
import { SearchBox } from './SearchBox';
import { NO_SIGNAL_FILTER, SignalFilters, type SignalFilter } from './SignalFilters';
import { useFollowed } from './follow-filter';
import type { ShortcutEntry } from './ShortcutsList';
import type { PaperSummary, PaperStore } from './store';
import { TabPanel, Tabs } from './Tabs';
import { TagChips } from './TagChips';
import { TagFilter } from './TagFilter';
import {
  READING_STATUSES,
  SORT_LABELS,
  STATUS_LABELS,
  visibleRows,
  type SeenWithin,
  type ShowFilter,
  type SortKey,
  type StatusFilter,
} from './view';
import { t, tParts } from '../lib/i18n';

// Sections other than the paper list load their code when first opened (components/sections.ts).

type Section = 'papers' | 'digest' | 'tags' | 'rules' | 'transfer' | 'keys';

/** `library.html#digest` (the digest notification's link) opens on the Digest tab. */
const initialSection = (): Section => (typeof location !== 'undefined' && location.hash === '#digest' ? 'digest' : 'papers');

// Key caps by the names printed on keyboards, which differ by language (Strg, Umschalt, Entrée…).
export const LIST_SHORTCUTS: readonly ShortcutEntry[] = [
  { keys: ['↑', '↓'], label: t('listMove') },
  { keys: [t('keySpace')], label: t('listSelect') },
  { keys: [`${t('keyShift')}+↑`, `${t('keyShift')}+↓`], label: t('listExtend') },
  { keys: [`${t('keyCtrl')}+A`], label: t('listSelectAll') },
  { keys: [t('keyEnter')], label: t('listOpen') },
  { keys: ['s'], label: t('listStar') },
  { keys: ['t'], label: t('listTag') },
  { keys: ['n'], label: t('listNote') },
  { keys: ['/'], label: t('listSearch') },
];

/**
 * The full library page: every paper ever seen, filtered (starred / not, when seen, tag, reading
 * status), sorted (date seen, date published, upvotes, date starred, reading status, best match),
 * searched with the full-text index (notes included), in a virtual list; a note and a reading
 * status per paper; multi-select to star, tag or delete; tag management; hidden topics; export,
 * import and local backups.
 */
export function LibraryPage() {
  const { library, now } = useServices();
  const store = usePaperStore(library, 'all');
  const [section, setSection] = useState<Section>(initialSection);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // The counts wait for the first rows: both read the database, and the rows matter more.
  const [counts] = useLiveQuery(() => library.headerCounts(now()), [library], store.ready);
  const tagCounts = useMemo(() => {
    const m = new Map<string, number>();
    for (const ids of store.tagsOf.values()) for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
    return m;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the store is mutable: store.version changes with every change to what it holds
  }, [store.version]);
  const allTags = useMemo(
    () => [...store.tags.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the store is mutable: store.version changes with every change to what it holds
    [store.version],
  );
  const [shownIds, setShownIds] = useState<readonly string[]>([]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the store is mutable: store.version changes with every change to what it holds
  const selectedIds = useMemo(() => [...selected].filter((id) => store.rows.has(id)), [selected, store.version]);

  return (
    <div class="pd-library">
      <header class="pd-header pd-library-header">
        <h1 class="pd-brand">{t('libraryTitle')}</h1>
        <Counts counts={counts} />
      </header>
      <main class="pd-main">
        <LiveRegion />
        <Tabs
          idBase="pd-lib"
          label={t('librarySections')}
          current={section}
          onChange={setSection}
          tabs={[
            { key: 'papers', label: t('tabPapers') },
            { key: 'digest', label: t('tabDigest') },
            { key: 'tags', label: t('tabTags', allTags.length) },
            { key: 'rules', label: t('tabHiddenTopics') },
            { key: 'transfer', label: t('tabTransfer') },
            { key: 'keys', label: t('tabShortcuts') },
          ]}
        />
        {section === 'papers' && (
          <TabPanel idBase="pd-lib" tab="papers" class="pd-tabpanel pd-papers-panel">
            <PapersSection
              store={store}
              allTags={allTags}
              tagCounts={tagCounts}
              selected={selected}
              setSelected={setSelected}
              onShown={setShownIds}
            />
          </TabPanel>
        )}
        {section === 'digest' && (
          <TabPanel idBase="pd-lib" tab="digest">
            <DigestView store={store} allTags={allTags} />
          </TabPanel>
        )}
        {section === 'tags' && (
          <TabPanel idBase="pd-lib" tab="tags">
            <TagManager tags={allTags} counts={tagCounts} />
          </TabPanel>
        )}
        {section === 'rules' && (
          <TabPanel idBase="pd-lib" tab="rules">
            <RulesPanel />
          </TabPanel>
        )}
        {section === 'transfer' && (
          <TabPanel idBase="pd-lib" tab="transfer" class="pd-tabpanel pd-columns">
            <ExportPanel selectedIds={selectedIds} shownIds={shownIds} shownLabel="list" />
            <ImportPanel />
            <BackupsPanel />
          </TabPanel>
        )}
        {section === 'keys' && (
          <TabPanel idBase="pd-lib" tab="keys">
            <ShortcutsList extra={LIST_SHORTCUTS} />
          </TabPanel>
        )}
      </main>
      <footer class="pd-footnote">{t('libraryFootnote')}</footer>
    </div>
  );
}

function PapersSection({
  store,
  allTags,
  tagCounts,
  selected,
  setSelected,
  onShown,
}: {
  store: PaperStore;
  allTags: readonly Tag[];
  tagCounts: ReadonlyMap<string, number>;
  selected: ReadonlySet<string>;
  setSelected: (s: ReadonlySet<string>) => void;
  onShown: (ids: readonly string[]) => void;
}) {
  const { library, now } = useServices();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortKey>('seen');
  const [sortBeforeSearch, setSortBeforeSearch] = useState<SortKey | null>(null);
  const [show, setShow] = useState<ShowFilter>('all');
  const [seenWithin, setSeenWithin] = useState<SeenWithin>('any');
  const [tagId, setTagId] = useState('');
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('');
  const [signals, setSignals] = useState<SignalFilter>(NO_SIGNAL_FILTER);
  const followed = useFollowed(library, show === 'followed');
  // The paper whose note and status are being edited (in a panel above the list).
  const [noteFor, setNoteFor] = useState<string | null>(null);
  const [focusList, setFocusList] = useState(false);
  const action = useAction();
  const tagInput = useRef<HTMLInputElement>(null);
  const search = useSearch(store, query);
  const chosenTag = allTags.find((t) => t.id === tagId);

  const rows = useMemo(
    () => visibleRows(store, search, { sort, show, seenWithin, tagId, status: statusFilter, now: now(), followed, ...signals }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the store is mutable: store.version changes with every change to what it holds; now() is read when the rows are made
    [store.version, search, sort, show, seenWithin, tagId, statusFilter, followed, signals],
  );
  const statusCounts = useMemo(() => {
    const m = new Map<StatusFilter, number>();
    for (const [id, n] of store.notes) if (n.status && store.rows.has(id)) m.set(n.status, (m.get(n.status) ?? 0) + 1);
    return m;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the store is mutable: store.version changes with every change to what it holds
  }, [store.version]);
  const noteRow = noteFor ? store.rows.get(noteFor) : undefined;
  // Closing the note panel removes the field that had the focus: back to the list.
  useLayoutEffect(() => {
    if (!focusList) return;
    document.querySelector<HTMLElement>('.pd-vlist')?.focus();
    setFocusList(false);
  }, [focusList]);
  useLayoutEffect(() => markSearchUpdated(!search || search.complete), [rows, search]);
  useLayoutEffect(() => {
    onShown(rows.map((r) => r.id));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- onShown is a new function each render; the rows are what changed
  }, [rows]);

  const onQuery = (q: string) => {
    // Searching orders by best match; clearing the search restores the order chosen before.
    if (q && !query && sort !== 'relevance') {
      setSortBeforeSearch(sort);
      setSort('relevance');
    } else if (!q && query) {
      if (sort === 'relevance') setSort(sortBeforeSearch ?? 'seen');
      setSortBeforeSearch(null);
    }
    setQuery(q);
  };

  const select = (ids: string[], mode: 'toggle' | 'add' | 'set') => {
    const next = new Set(mode === 'set' ? [] : selected);
    if (mode === 'toggle') {
      for (const id of ids) {
        if (next.has(id)) next.delete(id);
        else next.add(id);
      }
    } else for (const id of ids) next.add(id);
    setSelected(next);
  };

  const toggleStar = (row: PaperSummary) => {
    const starring = !store.stars.has(row.id);
    return action.run<unknown>(async () => {
      await (starring ? library.star(row.id) : library.unstar(row.id));
      announce(t(starring ? 'announceStarred' : 'announceUnstarred', row.title));
    });
  };

  const status = !store.ready
    ? ''
    : !store.progress.done
      ? t('libraryLoadingSoFar', formatCount(store.progress.loaded))
      : search?.pending
        ? store.indexError
          ? t('searchUnavailableReload')
          : t('preparingSearch')
        : query && store.indexPending > 0
          ? t('stillIndexing', papersCount(rows.length), formatCount(store.indexPending))
          : rows.length !== store.rows.size
            ? t('papersOfTotal', papersCount(rows.length), formatCount(store.rows.size))
            : papersCount(rows.length);

  return (
    <>
      <div
        class="pd-toolbar pd-library-toolbar"
        data-state={!store.ready || !store.progress.done ? 'loading' : store.indexPending > 0 ? 'indexing' : 'ready'}
      >
        <SearchBox label={t('searchLibrary')} placeholder={t('searchLibraryPlaceholder')} value={query} onInput={onQuery} status={status} />
        <div class="pd-field">
          <label for="pd-show">{t('filterShow')}</label>
          <select id="pd-show" class="pd-select" value={show} onChange={(e) => setShow(e.currentTarget.value as ShowFilter)}>
            <option value="all">{t('filterAllPapers')}</option>
            <option value="starred">{t('filterStarred')}</option>
            <option value="unstarred">{t('filterUnstarred')}</option>
            <option value="followed">{t('filterFollowed')}</option>
          </select>
        </div>
        <div class="pd-field">
          <label for="pd-seen">{t('filterSeen')}</label>
          <select id="pd-seen" class="pd-select" value={seenWithin} onChange={(e) => setSeenWithin(e.currentTarget.value as SeenWithin)}>
            <option value="any">{t('filterAnyTime')}</option>
            <option value="today">{t('filterToday')}</option>
            <option value="week">{t('filterWeek')}</option>
            <option value="month">{t('filterMonth')}</option>
          </select>
        </div>
        <TagFilter tags={allTags} value={tagId} onChange={setTagId} counts={tagCounts} />
        <SignalFilters store={store} value={signals} onChange={setSignals} />
        <div class="pd-field">
          <label for="pd-status">{t('statusLabel')}</label>
          <select
            id="pd-status"
            class="pd-select"
            value={statusFilter}
            onChange={(e) => setStatusFilter(e.currentTarget.value as StatusFilter)}
          >
            <option value="">{t('filterAnyStatus')}</option>
            {READING_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t('statusWithCount', STATUS_LABELS[s], formatCount(statusCounts.get(s) ?? 0))}
              </option>
            ))}
            <option value="none">{t('noStatus')}</option>
          </select>
        </div>
        <div class="pd-field">
          <label for="pd-sort">{t('sortBy')}</label>
          <select id="pd-sort" class="pd-select" value={sort} onChange={(e) => setSort(e.currentTarget.value as SortKey)}>
            {query && <option value="relevance">{SORT_LABELS.relevance}</option>}
            <option value="seen">{SORT_LABELS.seen}</option>
            <option value="published">{SORT_LABELS.published}</option>
            <option value="upvotes">{SORT_LABELS.upvotes}</option>
            <option value="starred">{SORT_LABELS.starred}</option>
            <option value="status">{SORT_LABELS.status}</option>
          </select>
        </div>
      </div>
      <BulkBar rows={rows} selected={selected} setSelected={setSelected} allTags={allTags} tagInput={tagInput} store={store} />
      <ErrorBanner error={action.error ?? store.error} onDismiss={action.clear} />
      {noteRow && (
        <section class="pd-note-panel" aria-labelledby="pd-note-panel-title">
          <p id="pd-note-panel-title" class="pd-note-panel-title">
            {noteRow.title}
          </p>
          <NoteEditor
            key={noteRow.id}
            paperTitle={noteRow.title}
            note={store.notes.get(noteRow.id)}
            onSaveNote={(text) => library.setNote(noteRow.id, text)}
            onSetStatus={(status) => library.setStatus(noteRow.id, status)}
            onClose={() => {
              setNoteFor(null);
              setFocusList(true);
            }}
          />
        </section>
      )}
      {chosenTag && <MoreLikeTag tag={chosenTag} />}
      <p id="pd-list-keys" class="pd-visually-hidden">
        {t('listKeysHint')}
      </p>
      {!store.ready ? (
        <LoadingState label={t('loadingLibrary')} />
      ) : store.rows.size === 0 && store.progress.done ? (
        <EmptyState title={t('libraryEmpty')}>{tParts('libraryEmptyHint', <PapersLink />)}</EmptyState>
      ) : search?.pending ? (
        <LoadingState label={t('preparingSearch')} />
      ) : rows.length === 0 ? (
        <EmptyState title={query ? t('nothingMatches', query) : t('noPaperMatchesFilters')}>
          {store.progress.done ? t('tryFewerWordsFilters') : t('stillLoadingMore')}
        </EmptyState>
      ) : (
        <PaperList
          rows={rows}
          label={t('papersListLabel', SORT_LABELS[sort].toLowerCase())}
          selected={selected}
          onSelect={select}
          onOpen={(row) => window.open(paperUrl(row.id), '_blank', 'noopener')}
          onRendered={() => markFirstRows(rows.length)}
          onKey={(e, row) => {
            if (e.ctrlKey || e.metaKey || e.altKey) return false;
            if (e.key === 's') {
              void toggleStar(row);
              return true;
            }
            if (e.key === 't') {
              if (!selected.has(row.id)) setSelected(new Set([...selected, row.id]));
              setTimeout(() => tagInput.current?.focus());
              return true;
            }
            if (e.key === 'n') {
              setNoteFor(row.id);
              return true;
            }
            return false;
          }}
          columns={3}
          openColumn={1}
          renderRow={(row, _i, { selected: isSelected, cell }) => {
            const starred = store.stars.has(row.id);
            // Three cells: the star, the paper (selection mark, title, meta, TL;DR), the note button.
            return (
              <div class="pd-vrow-inner">
                <div {...cell(0)} class="pd-cell pd-cell-star">
                  <button
                    type="button"
                    tabIndex={-1}
                    class={`pd-icon-button pd-star${starred ? ' pd-on' : ''}`}
                    aria-pressed={starred}
                    aria-label={starred ? t('unstarTitled', row.title) : t('starTitled', row.title)}
                    onClick={() => void toggleStar(row)}
                  >
                    {starred ? '★' : '☆'}
                  </button>
                </div>
                <div {...cell(1)} class="pd-cell pd-vrow-text">
                  <span class={`pd-checkbox${isSelected ? ' pd-on' : ''}`} aria-hidden="true">
                    {isSelected ? '✓' : ''}
                  </span>
                  <div class="pd-vrow-body">
                    <a class="pd-title pd-one-line" href={paperUrl(row.id)} target="_blank" rel="noopener noreferrer" tabIndex={-1}>
                      {row.title}
                    </a>
                    <div class="pd-vrow-meta">
                      <PaperMeta row={row} />
                      <NoteBadges note={store.notes.get(row.id)} />
                      <TagChips tags={store.tagsFor(row.id)} focusable={false} />
                    </div>
                    <Tldr text={row.aiSummary} oneLine />
                  </div>
                </div>
                <div {...cell(2)} class="pd-cell pd-cell-note">
                  <button
                    type="button"
                    tabIndex={-1}
                    class={`pd-icon-button pd-note-button${store.notes.has(row.id) ? ' pd-on' : ''}`}
                    aria-expanded={noteFor === row.id}
                    aria-label={t('noteAndStatusOf', row.title)}
                    title={t('noteAndStatusTitle')}
                    onClick={() => setNoteFor(noteFor === row.id ? null : row.id)}
                  >
                    ✎
                  </button>
                </div>
              </div>
            );
          }}
        />
      )}
    </>
  );
}

function BulkBar({
  rows,
  selected,
  setSelected,
  allTags,
  tagInput,
  store,
}: {
  rows: readonly PaperSummary[];
  selected: ReadonlySet<string>;
  setSelected: (s: ReadonlySet<string>) => void;
  allTags: readonly Tag[];
  tagInput: { current: HTMLInputElement | null };
  store: PaperStore;
}) {
  const { library } = useServices();
  const action = useAction();
  const [tagName, setTagName] = useState('');
  const [removeTagId, setRemoveTagId] = useState('');
  const [bulkStatus, setBulkStatus] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // The confirm step replaces the "Delete…" button and goes away after it: keep the keyboard
  // somewhere sensible (Cancel, the safe choice; "Delete…" again; or the list once the rows are gone).
  const [focusNext, setFocusNext] = useState<'confirm' | 'delete' | 'list' | null>(null);
  useLayoutEffect(() => {
    if (!focusNext) return;
    const target =
      focusNext === 'list'
        ? document.querySelector<HTMLElement>('.pd-vlist')
        : document.querySelector<HTMLElement>(focusNext === 'confirm' ? '.pd-confirm-inline .pd-quiet' : '.pd-bulk-delete');
    target?.focus();
    setFocusNext(null);
  }, [focusNext]);
  const ids = [...selected].filter((id) => store.rows.has(id));
  const n = ids.length;

  const run = (label: string, op: () => Promise<unknown>) =>
    action.run(async () => {
      setDone(null);
      await op();
      setDone(label);
    });

  return (
    <div class="pd-bulk" role="region" aria-label={t('selectedPapers')}>
      <span class="pd-bulk-count" aria-live="polite">
        {n === 0 ? t('noPaperSelected') : t('papersSelected', papersCount(n))}
      </span>
      <button
        type="button"
        class="pd-button pd-quiet pd-small"
        onClick={() => setSelected(new Set(rows.map((r) => r.id)))}
        disabled={rows.length === 0}
      >
        {t('selectAll')} {rows.length ? `(${formatCount(rows.length)})` : ''}
      </button>
      {n > 0 && (
        <>
          <button type="button" class="pd-button pd-quiet pd-small" onClick={() => setSelected(new Set())}>
            {t('clearSelection')}
          </button>
          <span class="pd-bulk-sep" aria-hidden="true" />
          <button
            type="button"
            class="pd-button pd-small"
            disabled={action.busy}
            onClick={() => run(t('bulkStarred', papersCount(n)), () => library.starMany(ids))}
          >
            {t('starSelected')}
          </button>
          <button
            type="button"
            class="pd-button pd-small"
            disabled={action.busy}
            onClick={() => run(t('bulkUnstarred', papersCount(n)), () => library.unstarMany(ids))}
          >
            {t('unstarSelected')}
          </button>
          <form
            class="pd-inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              const name = tagName.trim();
              if (!name) return;
              void run(t('bulkTagged', papersCount(n), name), async () => {
                await library.tagMany(ids, name);
                setTagName('');
              });
            }}
          >
            <label for="pd-bulk-tag" class="pd-visually-hidden">
              {t('listTag')}
            </label>
            <input
              ref={tagInput}
              id="pd-bulk-tag"
              class="pd-input pd-small"
              list="pd-bulk-tag-names"
              placeholder={t('tagName')}
              maxLength={40}
              value={tagName}
              onInput={(e) => setTagName(e.currentTarget.value)}
            />
            <datalist id="pd-bulk-tag-names">
              {allTags.map((tag) => (
                <option key={tag.id} value={tag.name} />
              ))}
            </datalist>
            <button type="submit" class="pd-button pd-small" disabled={action.busy || !tagName.trim()}>
              {t('addTag')}
            </button>
          </form>
          {allTags.length > 0 && (
            <form
              class="pd-inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                const tag = allTags.find((candidate) => candidate.id === removeTagId);
                if (!tag) return;
                void run(t('bulkUntagged', tag.name, papersCount(n)), () => library.untagMany(ids, tag.id));
              }}
            >
              <label for="pd-bulk-untag" class="pd-visually-hidden">
                {t('tagToRemove')}
              </label>
              <select
                id="pd-bulk-untag"
                class="pd-select pd-small"
                value={removeTagId}
                onChange={(e) => setRemoveTagId(e.currentTarget.value)}
              >
                <option value="">{t('removeTagMenu')}</option>
                {allTags.map((tag) => (
                  <option key={tag.id} value={tag.id}>
                    {tag.name}
                  </option>
                ))}
              </select>
              <button type="submit" class="pd-button pd-small" disabled={action.busy || !removeTagId}>
                {t('remove')}
              </button>
            </form>
          )}
          <form
            class="pd-inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!bulkStatus) return;
              const status = bulkStatus === 'none' ? null : (bulkStatus as ReadingStatus);
              void run(
                status ? t('bulkMarked', papersCount(n), STATUS_LABELS[status]) : t('bulkStatusCleared', papersCount(n)),
                async () => {
                  await library.setStatusMany(ids, status);
                  setBulkStatus('');
                },
              );
            }}
          >
            <label for="pd-bulk-status" class="pd-visually-hidden">
              {t('statusForSelected')}
            </label>
            <select
              id="pd-bulk-status"
              class="pd-select pd-small"
              value={bulkStatus}
              onChange={(e) => setBulkStatus(e.currentTarget.value)}
            >
              <option value="">{t('setStatusMenu')}</option>
              {READING_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
              <option value="none">{t('noStatus')}</option>
            </select>
            <button type="submit" class="pd-button pd-small" disabled={action.busy || !bulkStatus}>
              {t('setButton')}
            </button>
          </form>
          {confirmDelete ? (
            <span class="pd-confirm-inline" role="group" aria-label={t('confirmDelete')}>
              {t('deletePapersQuestion', papersCount(n))}
              <button
                type="button"
                class="pd-button pd-danger pd-small"
                onClick={() =>
                  void run(t('bulkDeleted', papersCount(n)), async () => {
                    await library.deletePapers(ids);
                    setSelected(new Set());
                    setConfirmDelete(false);
                    setFocusNext('list');
                  })
                }
              >
                {t('delete')}
              </button>
              <button
                type="button"
                class="pd-button pd-quiet pd-small"
                onClick={() => {
                  setConfirmDelete(false);
                  setFocusNext('delete');
                }}
              >
                {t('cancel')}
              </button>
            </span>
          ) : (
            <button
              type="button"
              class="pd-button pd-danger pd-small pd-bulk-delete"
              onClick={() => {
                setConfirmDelete(true);
                setFocusNext('confirm');
              }}
            >
              {t('deleteEllipsis')}
            </button>
          )}
        </>
      )}
      {done && !action.error && (
        <span class="pd-ok" role="status">
          {done}
        </span>
      )}
      <ErrorBanner error={action.error} onDismiss={action.clear} />
    </div>
  );
}
