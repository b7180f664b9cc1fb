import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Tag } from '../lib/model/library';
import { deletePapers, forEachPaper } from './actions';
import { useServices } from './context';
import { Counts } from './Counts';
import { readCounts } from './header-counts';
import { EmptyState, LoadingState } from './EmptyState';
import { ErrorBanner } from './ErrorBanner';
import { ExportPanel } from './ExportPanel';
import { formatCount, paperUrl, plural } from './format';
import { useAction, useLiveQuery, usePaperStore, useSearch } from './hooks';
import { ImportPanel } from './ImportPanel';
import { MoreLikeTag } from './MoreLikeTag';
import { PaperList } from './PaperList';
import { PaperMeta } from './PaperRow';
import { markFirstRows, markSearchUpdated } from './perf';
import { RulesPanel } from './RulesPanel';
import { SearchBox } from './SearchBox';
import { ShortcutsList, type ShortcutEntry } from './ShortcutsList';
import type { PaperSummary, PaperStore } from './store';
import { TabPanel, Tabs } from './Tabs';
import { TagChips } from './TagChips';
import { TagFilter } from './TagFilter';
import { TagManager } from './TagManager';
import { SORT_LABELS, visibleRows, type SeenWithin, type ShowFilter, type SortKey } from './view';

type Section = 'papers' | 'tags' | 'rules' | 'transfer' | 'keys';

export const LIST_SHORTCUTS: readonly ShortcutEntry[] = [
  { key: '↑ ↓', label: 'Move through the list (Page Up / Page Down, Home / End)' },
  { key: 'Space', label: 'Select or unselect the paper' },
  { key: 'Shift+↑ Shift+↓', label: 'Extend the selection' },
  { key: 'Ctrl+A', label: 'Select every paper in the list' },
  { key: 'Enter', label: 'Open the paper on Hugging Face' },
  { key: 's', label: 'Star or unstar the paper' },
  { key: 't', label: 'Tag the selected papers' },
  { key: '/', label: 'Search' },
];

/**
 * The full library page: every paper ever seen, filtered (starred / not, when seen, tag), sorted
 * (date seen, date published, upvotes, best match), searched with the full-text index, in a
 * virtual list; multi-select to star, tag or delete; tag management; hidden topics; export and
 * import.
 */
export function LibraryPage() {
  const { db, now } = useServices();
  const store = usePaperStore(db, 'all');
  const [section, setSection] = useState<Section>('papers');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [counts] = useLiveQuery(() => readCounts(db, now()), [db]);
  const tagCounts = useMemo(() => {
    const m = new Map<string, number>();
    for (const ids of store.tagsOf.values()) for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
    return m;
  }, [store.version]);
  const allTags = useMemo(
    () => [...store.tags.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' })),
    [store.version],
  );
  const [shownIds, setShownIds] = useState<readonly string[]>([]);
  const selectedIds = useMemo(() => [...selected].filter((id) => store.rows.has(id)), [selected, store.version]);

  return (
    <div class="pd-library">
      <header class="pd-header pd-library-header">
        <h1 class="pd-brand">Paperdeck library</h1>
        <Counts counts={counts} />
      </header>
      <Tabs
        idBase="pd-lib"
        label="Library sections"
        current={section}
        onChange={setSection}
        tabs={[
          { key: 'papers', label: 'Papers' },
          { key: 'tags', label: `Tags (${allTags.length})` },
          { key: 'rules', label: 'Hidden topics' },
          { key: 'transfer', label: 'Export & import' },
          { key: 'keys', label: 'Shortcuts' },
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
        </TabPanel>
      )}
      {section === 'keys' && (
        <TabPanel idBase="pd-lib" tab="keys">
          <ShortcutsList extra={LIST_SHORTCUTS} />
        </TabPanel>
      )}
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
  const action = useAction();
  const tagInput = useRef<HTMLInputElement>(null);
  const search = useSearch(store, query);
  const chosenTag = allTags.find((t) => t.id === tagId);

  const rows = useMemo(
    () => visibleRows(store, search, { sort, show, seenWithin, tagId, now: now() }),
    [store.version, search, sort, show, seenWithin, tagId],
  );
  useLayoutEffect(() => markSearchUpdated(!search || search.complete), [rows]);
  useLayoutEffect(() => {
    onShown(rows.map((r) => r.id));
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
    if (mode === 'toggle') for (const id of ids) next.has(id) ? next.delete(id) : next.add(id);
    else for (const id of ids) next.add(id);
    setSelected(next);
  };

  const toggleStar = (row: PaperSummary) =>
    action.run<unknown>(() => (store.stars.has(row.id) ? library.unstar(row.id) : library.star(row.id)));

  const status = !store.ready
    ? ''
    : !store.progress.done
      ? `Loading… ${formatCount(store.progress.loaded)} papers so far`
      : query && store.index.pendingCount > 0
        ? `${plural(rows.length, 'paper')} — still indexing ${formatCount(store.index.pendingCount)} abstracts…`
        : `${plural(rows.length, 'paper')}${rows.length !== store.rows.size ? ` of ${formatCount(store.rows.size)}` : ''}`;

  return (
    <>
      <div
        class="pd-toolbar pd-library-toolbar"
        data-state={!store.ready || !store.progress.done ? 'loading' : store.index.pendingCount > 0 ? 'indexing' : 'ready'}
      >
        <SearchBox
          label="Search the library"
          placeholder="Search title, abstract, authors, organization, tags…  ( / )"
          value={query}
          onInput={onQuery}
          status={status}
        />
        <div class="pd-field">
          <label for="pd-show">Show</label>
          <select id="pd-show" class="pd-select" value={show} onChange={(e) => setShow((e.currentTarget as HTMLSelectElement).value as ShowFilter)}>
            <option value="all">All papers</option>
            <option value="starred">Starred</option>
            <option value="unstarred">Seen, not starred</option>
          </select>
        </div>
        <div class="pd-field">
          <label for="pd-seen">Seen</label>
          <select id="pd-seen" class="pd-select" value={seenWithin} onChange={(e) => setSeenWithin((e.currentTarget as HTMLSelectElement).value as SeenWithin)}>
            <option value="any">Any time</option>
            <option value="today">Today</option>
            <option value="week">Last 7 days</option>
            <option value="month">Last 30 days</option>
          </select>
        </div>
        <TagFilter tags={allTags} value={tagId} onChange={setTagId} counts={tagCounts} />
        <div class="pd-field">
          <label for="pd-sort">Sort by</label>
          <select id="pd-sort" class="pd-select" value={sort} onChange={(e) => setSort((e.currentTarget as HTMLSelectElement).value as SortKey)}>
            {query && <option value="relevance">{SORT_LABELS.relevance}</option>}
            <option value="seen">{SORT_LABELS.seen}</option>
            <option value="published">{SORT_LABELS.published}</option>
            <option value="upvotes">{SORT_LABELS.upvotes}</option>
            <option value="starred">{SORT_LABELS.starred}</option>
          </select>
        </div>
      </div>
      <BulkBar
        rows={rows}
        selected={selected}
        setSelected={setSelected}
        allTags={allTags}
        tagInput={tagInput}
        store={store}
      />
      <ErrorBanner error={action.error ?? store.error} onDismiss={action.clear} />
      {chosenTag && <MoreLikeTag tag={chosenTag} />}
      <p id="pd-list-keys" class="pd-visually-hidden">
        Arrow keys move, Space selects, Enter opens the paper, s stars it, t tags the selection.
      </p>
      {!store.ready ? (
        <LoadingState label="Loading your library…" />
      ) : store.rows.size === 0 && store.progress.done ? (
        <EmptyState title="Your library is empty.">
          Papers appear here once you open <a href="https://huggingface.co/papers" target="_blank" rel="noopener noreferrer">huggingface.co/papers</a>{' '}
          with Paperdeck installed — or import a backup under “Export &amp; import”.
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title={query ? `Nothing matches “${query}”.` : 'No paper matches these filters.'}>
          {store.progress.done ? 'Try fewer words or other filters.' : 'Still loading — more may appear.'}
        </EmptyState>
      ) : (
        <PaperList
          rows={rows}
          label={`Papers, ${SORT_LABELS[sort].toLowerCase()}`}
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
            return false;
          }}
          renderRow={(row, _i, { selected: isSelected }) => {
            const starred = store.stars.has(row.id);
            return (
              <div class="pd-vrow-inner">
                <span class={`pd-checkbox${isSelected ? ' pd-on' : ''}`} aria-hidden="true">
                  {isSelected ? '✓' : ''}
                </span>
                <button
                  type="button"
                  tabIndex={-1}
                  class={`pd-icon-button pd-star${starred ? ' pd-on' : ''}`}
                  aria-pressed={starred}
                  aria-label={starred ? `Unstar “${row.title}”` : `Star “${row.title}”`}
                  onClick={() => void toggleStar(row)}
                >
                  {starred ? '★' : '☆'}
                </button>
                <div class="pd-vrow-text">
                  <a class="pd-title pd-one-line" href={paperUrl(row.id)} target="_blank" rel="noopener noreferrer" tabIndex={-1}>
                    {row.title}
                  </a>
                  <div class="pd-vrow-meta">
                    <PaperMeta row={row} />
                    <TagChips tags={store.tagsFor(row.id)} focusable={false} />
                  </div>
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
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const ids = [...selected].filter((id) => store.rows.has(id));
  const n = ids.length;

  const run = (label: string, op: () => Promise<unknown>) =>
    action.run(async () => {
      setDone(null);
      await op();
      setDone(label);
    });

  return (
    <div class="pd-bulk" role="region" aria-label="Selected papers">
      <span class="pd-bulk-count" aria-live="polite">
        {n === 0 ? 'No paper selected' : `${plural(n, 'paper')} selected`}
      </span>
      <button type="button" class="pd-button pd-quiet pd-small" onClick={() => setSelected(new Set(rows.map((r) => r.id)))} disabled={rows.length === 0}>
        Select all {rows.length ? `(${formatCount(rows.length)})` : ''}
      </button>
      {n > 0 && (
        <>
          <button type="button" class="pd-button pd-quiet pd-small" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
          <span class="pd-bulk-sep" aria-hidden="true" />
          <button
            type="button"
            class="pd-button pd-small"
            disabled={action.busy}
            onClick={() => run(`Starred ${plural(n, 'paper')}.`, () => forEachPaper(ids, (id) => library.star(id)))}
          >
            ★ Star
          </button>
          <button
            type="button"
            class="pd-button pd-small"
            disabled={action.busy}
            onClick={() => run(`Unstarred ${plural(n, 'paper')}.`, () => forEachPaper(ids, (id) => library.unstar(id)))}
          >
            ☆ Unstar
          </button>
          <form
            class="pd-inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              const name = tagName.trim();
              if (!name) return;
              void run(`Tagged ${plural(n, 'paper')} “${name}”.`, async () => {
                await forEachPaper(ids, (id) => library.tag(id, name));
                setTagName('');
              });
            }}
          >
            <label for="pd-bulk-tag" class="pd-visually-hidden">
              Tag the selected papers
            </label>
            <input
              ref={tagInput}
              id="pd-bulk-tag"
              class="pd-input pd-small"
              list="pd-bulk-tag-names"
              placeholder="Tag name"
              maxLength={40}
              value={tagName}
              onInput={(e) => setTagName((e.currentTarget as HTMLInputElement).value)}
            />
            <datalist id="pd-bulk-tag-names">
              {allTags.map((t) => (
                <option key={t.id} value={t.name} />
              ))}
            </datalist>
            <button type="submit" class="pd-button pd-small" disabled={action.busy || !tagName.trim()}>
              Add tag
            </button>
          </form>
          {allTags.length > 0 && (
            <form
              class="pd-inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                const tag = allTags.find((t) => t.id === removeTagId);
                if (!tag) return;
                void run(`Removed “${tag.name}” from ${plural(n, 'paper')}.`, () => forEachPaper(ids, (id) => library.untag(id, tag.id)));
              }}
            >
              <label for="pd-bulk-untag" class="pd-visually-hidden">
                Tag to remove from the selected papers
              </label>
              <select id="pd-bulk-untag" class="pd-select pd-small" value={removeTagId} onChange={(e) => setRemoveTagId((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">Remove tag…</option>
                {allTags.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
              <button type="submit" class="pd-button pd-small" disabled={action.busy || !removeTagId}>
                Remove
              </button>
            </form>
          )}
          {confirmDelete ? (
            <span class="pd-confirm-inline" role="group" aria-label="Confirm delete">
              Delete {plural(n, 'paper')} with their stars and tags?
              <button
                type="button"
                class="pd-button pd-danger pd-small"
                onClick={() =>
                  void run(`Deleted ${plural(n, 'paper')}.`, async () => {
                    await deletePapers(library, ids);
                    setSelected(new Set());
                    setConfirmDelete(false);
                  })
                }
              >
                Delete
              </button>
              <button type="button" class="pd-button pd-quiet pd-small" onClick={() => setConfirmDelete(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" class="pd-button pd-danger pd-small" onClick={() => setConfirmDelete(true)}>
              Delete…
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
