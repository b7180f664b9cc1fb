import type { HeaderCounts } from '../lib/db/library';
import { formatCount } from './format';
import { t } from '../lib/i18n';

/** Saved, seen today, new today — the popup's and library page's header numbers. */
export function Counts({ counts }: { counts: HeaderCounts | undefined }) {
  const item = (label: string, value: number | undefined, title: string) => (
    <div class="pd-count" title={title}>
      <dt>{label}</dt>
      <dd>{value === undefined ? '…' : formatCount(value)}</dd>
    </div>
  );
  return (
    <dl class="pd-counts" aria-busy={counts === undefined}>
      {item(t('countSaved'), counts?.starred, t('countSavedTitle'))}
      {item(t('countSeenToday'), counts?.seenToday, t('countSeenTodayTitle'))}
      {item(t('countNew'), counts?.newToday, t('countNewTitle'))}
    </dl>
  );
}
