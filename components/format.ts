/** Display helpers. Everything returns plain strings: the UI renders text, never HTML. */

import { formatCount, t, type MessageKey } from '../lib/i18n';
import type { ImportReport } from '../lib/db/library';
export { hfPaperUrl as paperUrl } from '../lib/export/items';

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** "12 Dec 2024" from YYYY-MM-DD (read as a calendar day, not UTC midnight) or epoch ms. */
export function formatDate(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return dateFormat.format(new Date(value));
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  return dateFormat.format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

export { formatCount };

export function organizationLabel(org: { slug: string; name?: string | undefined } | undefined): string {
  return org ? (org.name ?? org.slug) : '';
}

/** "1 paper", "1,234 papers" (the count formatted for the user's locale). */
export function papersCount(n: number): string {
  return t(n === 1 ? 'paperCountOne' : 'paperCountOther', formatCount(n));
}

/** `plural` through messages: the `…One` key when n is 1, else the `…Other` one, with n formatted as $1. */
export function counted(n: number, oneKey: MessageKey, otherKey: MessageKey): string {
  return t(n === 1 ? oneKey : otherKey, formatCount(n));
}

/**
 * The hide rules an import left out and why (lib/db/import.ts checks every rule of a backup as
 * one the user types), as one line for its report; null when it left none out.
 */
export function rulesLeftOut(report: Pick<ImportReport, 'rulesRefused'>): string | null {
  const refused = report.rulesRefused ?? [];
  if (refused.length === 0) return null;
  const SHOWN = 3;
  const shown = refused
    .slice(0, SHOWN)
    .map((r) => t('ruleLeftOut', r.pattern, r.reason))
    .join('; ');
  return t('rulesLeftOut', refused.length > SHOWN ? t('listAndMore', shown, refused.length - SHOWN) : shown);
}
