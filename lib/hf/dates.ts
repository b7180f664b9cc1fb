/**
 * Calendar dates as the papers pages write them, turned into ISO dates (YYYY-MM-DD).
 *
 * The page writes "Mar 23" for a date of the current year and "Dec 23, 2024" otherwise. A year-less
 * date is resolved against a reference date — the listing's own date (its last day for a week or a
 * month), or today where the page has no date of its own:
 *
 *   year = the reference's year, unless that puts the date more than FUTURE_SLACK_DAYS after the
 *   reference, in which case it is the previous year ("Dec 30" read on a Jan 2 listing is last December).
 *
 * The slack absorbs time zones and papers published a day or two after the listing's date; a real
 * date a whole week in the future of its listing does not happen.
 *
 * All arithmetic is on UTC midnights so that no local time zone or DST shift moves a day.
 */
import { TEXT } from './selectors';

export const FUTURE_SLACK_DAYS = 7;

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** ISO date for y-m-d, or undefined when the day does not exist (Feb 30). No Date allocated: hot path. */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  const last = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (!Number.isInteger(day) || day < 1 || day > last) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Validates an ISO date string (YYYY-MM-DD, a real day). */
export function parseIso(iso: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isoDate(year, month, day) ? { year, month, day } : undefined;
}

function toUtcMs(iso: string): number {
  const p = parseIso(iso);
  return p ? Date.UTC(p.year, p.month - 1, p.day) : NaN;
}

function fromUtcMs(ms: number): string {
  const t = new Date(ms);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

export function addDays(iso: string, days: number): string {
  return fromUtcMs(toUtcMs(iso) + days * DAY_MS);
}

/** The user's calendar day for a Date (local time: the page renders dates in the viewer's zone). */
export function localIsoDate(d: Date): string {
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Monday of ISO week `week` of `year` (ISO 8601: week 1 holds the year's first Thursday). */
export function isoWeekMonday(year: number, week: number): string | undefined {
  if (!Number.isInteger(week) || week < 1 || week > 53 || !isoDate(year, 1, 4)) return undefined;
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  const monday = jan4 - jan4Weekday * DAY_MS + (week - 1) * 7 * DAY_MS;
  // Week 53 exists only in long years: its Monday must still belong to the ISO year.
  if (week === 53 && isoWeekMonday(year + 1, 1) === fromUtcMs(monday)) return undefined;
  return fromUtcMs(monday);
}

/** Monday of the ISO week holding a date. */
export function mondayOf(iso: string): string | undefined {
  const ms = toUtcMs(iso);
  if (Number.isNaN(ms)) return undefined;
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday = 0
  return fromUtcMs(ms - weekday * DAY_MS);
}

/** Last day of a month. */
export function monthEnd(year: number, month: number): string {
  return fromUtcMs(Date.UTC(year, month, 0));
}

/** The latest date a year-less date may resolve to for a reference, memoised: every card shares one. */
let lastRef = '';
let lastLimit = '';
function futureLimit(ref: string): string {
  if (ref !== lastRef) {
    lastLimit = addDays(ref, FUTURE_SLACK_DAYS);
    lastRef = ref;
  }
  return lastLimit;
}

/** Year-less month/day resolved against `ref` (see the module comment). */
export function resolveMonthDay(month: number, day: number, ref: string): string | undefined {
  if (!parseIso(ref)) return undefined;
  const year = Number(ref.slice(0, 4));
  const same = isoDate(year, month, day);
  // "Feb 29" in a year without one is no date of that year; taking another year would be a guess.
  if (!same) return undefined;
  // ISO dates of four-digit years compare as strings.
  return same <= futureLimit(ref) ? same : isoDate(year - 1, month, day);
}

/**
 * A date as the page writes it ("Mar 23", "Dec 23, 2024", "Published on Mar 23") → ISO date.
 * `ref` resolves the year of year-less dates; without one a year-less date stays unknown.
 */
export function parsePageDate(text: string, ref: string | undefined): string | undefined {
  const m = TEXT.date.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1]!) + 1;
  const day = Number(m[2]);
  if (m[3]) return isoDate(Number(m[3]), month, day);
  return ref ? resolveMonthDay(month, day, ref) : undefined;
}

/** The calendar date of an ISO timestamp from the hydration JSON ("2024-12-19T13:59:34.000Z"). */
export function dateOfTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(value);
  return m && parseIso(m[1]!) ? m[1] : undefined;
}
