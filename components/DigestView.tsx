import { browser } from 'wxt/browser';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Tag } from '../lib/model/library';
import { exportLibrary } from '../lib/export/index';
import { listDigestDates, readDigestDay, DAYS_KEY, DAY_PREFIX } from '../lib/digest/store';
import { isHidden, type DigestDay, type DigestEntry, type DigestReason } from '../lib/digest/types';
import { useServices } from './context';
import { downloadText } from './download';
import { EmptyState, LoadingState } from './EmptyState';
import { ErrorBanner } from './ErrorBanner';
import { formatCount, formatDate, papersCount } from './format';
import { useAction, useLiveQuery } from './hooks';
import { PaperRow } from './PaperRow';
import type { PaperStore } from './store';
import { toRow } from './store';
import { t, tn } from '../lib/i18n';

/** Why a paper is in the digest, in words (one line per reason). */
export function reasonText(reason: DigestReason): string {
  switch (reason.kind) {
    case 'for-you':
      return reason.words.length
        ? t('digestReasonForYouWords', Math.round(reason.score * 100), reason.words.join(', '))
        : t('digestReasonForYou', Math.round(reason.score * 100));
    case 'starred-tag':
      return t('digestReasonTag', reason.tag.name);
    case 'follow':
      return t('digestReasonFollow', reason.rule.label);
    case 'popular':
      return t('digestReasonPopular', formatCount(reason.upvotes));
    case 'hidden':
      return t('digestReasonHidden', reason.rule.label);
  }
}

/** The digest days kept in storage.local, following every write (the background adds a day). */
function useDigestDays(): { dates: string[] | undefined; error: string | null } {
  const [state, setState] = useState<{ dates: string[] | undefined; error: string | null }>({ dates: undefined, error: null });
  useEffect(() => {
    let live = true;
    const load = () =>
      listDigestDates(browser.storage.local).then(
        (dates) => live && setState({ dates, error: null }),
        () => live && setState((s) => ({ dates: s.dates ?? [], error: t('digestReadError') })),
      );
    void load();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && (DAYS_KEY in changes || Object.keys(changes).some((k) => k.startsWith(DAY_PREFIX)))) void load();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  return state;
}

/**
 * The Digest tab of the library page (issue 16): the day's papers as the background ranked them,
 * each with why it is there, star, tags and "not interested" in place; the days before it; and
 * the day as an Atom feed or a Markdown list.
 */
export function DigestView({ store, allTags }: { store: PaperStore; allTags: readonly Tag[] }) {
  const { dates, error } = useDigestDays();
  const [chosen, setChosen] = useState<string | null>(null);
  const date = chosen && dates?.includes(chosen) ? chosen : (dates?.[0] ?? null);

  if (error && !dates?.length) return <ErrorBanner error={error} />;
  if (!dates) return <LoadingState label={t('digestLoading')} />;
  if (!dates.length || !date)
    return (
      <EmptyState title={t('digestEmptyTitle')}>
        <p>{t('digestEmptyHint')}</p>
      </EmptyState>
    );
  return (
    <section class="pd-digest" aria-labelledby="pd-digest-heading">
      <div class="pd-digest-head">
        <h2 id="pd-digest-heading" class="pd-heading">
          {t('digestHeading', formatDate(date))}
        </h2>
        <label class="pd-digest-day">
          <span>{t('digestDayLabel')}</span>
          <select value={date} onChange={(e) => setChosen(e.currentTarget.value)}>
            {dates.map((d) => (
              <option key={d} value={d}>
                {formatDate(d)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <DigestDayList key={date} date={date} store={store} allTags={allTags} />
    </section>
  );
}

function DigestDayList({ date, store, allTags }: { date: string; store: PaperStore; allTags: readonly Tag[] }) {
  const { library, now } = useServices();
  const [day, setDay] = useState<DigestDay | null | undefined>(undefined);
  const [editing, setEditing] = useState<string | null>(null);
  const [showHidden, setShowHidden] = useState(false);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const action = useAction();
  useEffect(() => {
    let live = true;
    readDigestDay(browser.storage.local, date).then(
      (d) => live && setDay(d),
      () => live && setDay(null),
    );
    return () => {
      live = false;
    };
  }, [date]);
  const ids = useMemo(() => day?.entries.map((e) => e.id) ?? [], [day]);
  const [papers, papersError] = useLiveQuery(() => library.papersOf(ids), [library, ids]);

  if (day === undefined || (papers === undefined && !papersError)) return <LoadingState label={t('digestLoading')} />;
  if (day === null) return <ErrorBanner error={t('digestReadError')} />;
  if (papersError) return <ErrorBanner error={papersError} />;
  const byId = new Map((papers ?? []).flatMap((p) => (p ? [[p.id, p] as const] : [])));
  const listed = day.entries.filter((e) => byId.has(e.id));
  const shown = listed.filter((e) => !isHidden(e) && !dismissed.has(e.id));
  const hidden = listed.filter((e) => isHidden(e) || dismissed.has(e.id));

  const exportAs = (format: 'atom' | 'markdown') =>
    action.run(async () => {
      const snapshot = await library.exportSnapshot();
      const file = exportLibrary(format, snapshot, {
        now: new Date(now()),
        ids: shown.map((e) => e.id),
        label: `digest-${date}`,
        title: t('digestFeedTitle', date),
      });
      downloadText(file);
    });

  const row = (entry: DigestEntry) => {
    const paper = byId.get(entry.id)!;
    return (
      <>
        <ul class="pd-rows pd-digest-paper">
          <PaperRow
            row={toRow(paper)}
            starred={store.stars.has(entry.id)}
            starredAt={store.stars.get(entry.id)}
            tags={store.tagsFor(entry.id)}
            allTags={allTags}
            editing={editing === entry.id}
            onEditTags={(open) => setEditing(open ? entry.id : null)}
            onToggleStar={() =>
              void action.run<unknown>(() => (store.stars.has(entry.id) ? library.unstar(entry.id) : library.star(entry.id)))
            }
            onAddTag={(name) => library.tag(entry.id, name)}
            onRemoveTag={(tag: Tag) => library.untag(entry.id, tag.id)}
          />
        </ul>
        <ul class="pd-digest-reasons" aria-label={t('digestWhyLabel', paper.title)}>
          {entry.reasons.map((r, i) => (
            <li key={i} class={`pd-reason pd-reason-${r.kind}`}>
              {reasonText(r)}
            </li>
          ))}
          {dismissed.has(entry.id) && <li class="pd-reason pd-reason-hidden">{t('digestReasonNotInterested')}</li>}
        </ul>
        {!isHidden(entry) && (
          <button
            type="button"
            class="pd-button pd-quiet pd-small"
            aria-label={dismissed.has(entry.id) ? t('digestUndoHideOf', paper.title) : t('digestHideOf', paper.title)}
            onClick={() =>
              void action.run(async () => {
                const on = !dismissed.has(entry.id);
                await library.markNotInterested(entry.id, on);
                const next = new Set(dismissed);
                if (on) next.add(entry.id);
                else next.delete(entry.id);
                setDismissed(next);
              })
            }
          >
            {dismissed.has(entry.id) ? t('digestUndoHide') : t('digestHide')}
          </button>
        )}
      </>
    );
  };

  return (
    <>
      <p class="pd-hint">
        {day.rank === 'ready'
          ? t('digestRankedForYou', papersCount(listed.length))
          : t('digestRankedByUpvotes', papersCount(listed.length))}
      </p>
      <div class="pd-digest-actions">
        <button type="button" class="pd-button pd-small" disabled={!shown.length || action.busy} onClick={() => void exportAs('atom')}>
          {t('digestExportAtom')}
        </button>
        <button type="button" class="pd-button pd-small" disabled={!shown.length || action.busy} onClick={() => void exportAs('markdown')}>
          {t('digestExportMarkdown')}
        </button>
      </div>
      <ErrorBanner error={action.error} onDismiss={action.clear} />
      {shown.length ? (
        <ol class="pd-digest-list" aria-label={t('digestListLabel', date)}>
          {shown.map((e) => (
            <li key={e.id} class="pd-digest-item">
              {row(e)}
            </li>
          ))}
        </ol>
      ) : (
        <EmptyState title={t('digestDayEmpty')} />
      )}
      {hidden.length > 0 && (
        <div class="pd-digest-hidden">
          <button type="button" class="pd-button pd-quiet pd-small" aria-expanded={showHidden} onClick={() => setShowHidden(!showHidden)}>
            {tn(hidden.length, 'digestHiddenOne', 'digestHiddenOther')}
          </button>
          {showHidden && (
            <ul class="pd-digest-list" aria-label={t('digestHiddenLabel')}>
              {hidden.map((e) => (
                <li key={e.id} class="pd-digest-item">
                  {row(e)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}
