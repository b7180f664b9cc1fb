import { useMemo } from 'preact/hooks';
import { formatCount, t } from '../lib/i18n';
import type { PaperStore } from './store';
import { keywordFacet, UPVOTE_STEPS } from './view';

/** The library page's filters on Hugging Face's own signals: code, upvotes, AI keyword. */
export interface SignalFilter {
  codeOnly: boolean;
  minUpvotes: number;
  keyword: string;
}
export const NO_SIGNAL_FILTER: SignalFilter = { codeOnly: false, minUpvotes: 0, keyword: '' };

/**
 * "With code only", "≥ N upvotes" and the AI-keyword facet (the keywords of the papers in the
 * library, most frequent first, each with its count).
 */
export function SignalFilters({
  store,
  value,
  onChange,
}: {
  store: PaperStore;
  value: SignalFilter;
  onChange: (next: SignalFilter) => void;
}) {
  // The store's rows change in place; its version says when.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const facet = useMemo(() => keywordFacet(store.rows.values()), [store.version]);
  return (
    <>
      <label class="pd-check pd-field">
        <input type="checkbox" checked={value.codeOnly} onChange={(e) => onChange({ ...value, codeOnly: e.currentTarget.checked })} />
        {t('filterCode')}
      </label>
      <div class="pd-field">
        <label for="pd-upvotes">{t('filterUpvotesLabel')}</label>
        <select
          id="pd-upvotes"
          class="pd-select"
          value={String(value.minUpvotes)}
          onChange={(e) => onChange({ ...value, minUpvotes: Number(e.currentTarget.value) || 0 })}
        >
          {UPVOTE_STEPS.map((n) => (
            <option key={n} value={String(n)}>
              {n ? t('filterUpvotesAtLeast', formatCount(n)) : t('filterUpvotesAny')}
            </option>
          ))}
        </select>
      </div>
      <div class="pd-field">
        <label for="pd-keyword">{t('keywordFacetLabel')}</label>
        <select
          id="pd-keyword"
          class="pd-select"
          value={value.keyword}
          onChange={(e) => onChange({ ...value, keyword: e.currentTarget.value })}
        >
          <option value="">{t('keywordFacetAny')}</option>
          {/* A keyword chosen before the papers that carry it were deleted stays choosable (and shows nothing). */}
          {value.keyword && !facet.some(([k]) => k === value.keyword) && <option value={value.keyword}>{value.keyword}</option>}
          {facet.map(([keyword, n]) => (
            <option key={keyword} value={keyword}>
              {t('keywordWithCount', keyword, formatCount(n))}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
