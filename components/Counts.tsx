import type { HeaderCounts } from './header-counts';
import { formatCount } from './format';

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
      {item('Saved', counts?.starred, 'Starred papers')}
      {item('Seen today', counts?.seenToday, 'Papers on pages you opened today')}
      {item('New', counts?.newToday, 'Papers seen for the first time today')}
    </dl>
  );
}
