import {
  FUTURE_SLACK_DAYS,
  addDays,
  dateOfTimestamp,
  isoDate,
  isoWeekMonday,
  localIsoDate,
  parsePageDate,
  resolveMonthDay,
} from '../../../lib/hf/dates';

describe('parsePageDate', () => {
  it.each([
    ['Dec 23, 2024', '2025-03-24', '2024-12-23'],
    ['Mar 15, 2020', undefined, '2020-03-15'],
    ['Published on Dec 19, 2024', undefined, '2024-12-19'],
    ['Mar 23', '2025-12-18', '2025-03-23'],
    ['Published on Mar 23', '2025-12-18', '2025-03-23'],
    ['Sept 3', '2025-12-18', '2025-09-03'],
    ['Oct 6', '2025-12-18', '2025-10-06'],
  ])('%s (ref %s) → %s', (text, ref, iso) => {
    expect(parsePageDate(text, ref)).toBe(iso);
  });

  it.each([
    ['Mar 23', undefined], // year-less and nothing to resolve it against: unknown, never guessed
    ['Feb 30, 2024', '2025-01-01'],
    ['Mar 0, 2024', '2025-01-01'],
    ['mar 23', '2025-01-01'],
    ['Mar 23 2', '2025-01-01'], // the upvote count is a separate node on the page
    ['23 Mar 2024', '2025-01-01'],
    ['Today', '2025-01-01'],
  ])('%s (ref %s) → unknown', (text, ref) => {
    expect(parsePageDate(text, ref)).toBeUndefined();
  });
});

describe('resolveMonthDay: the year of a year-less date', () => {
  it('is the reference year for dates up to the reference', () => {
    expect(resolveMonthDay(3, 23, '2025-12-18')).toBe('2025-03-23');
    expect(resolveMonthDay(12, 18, '2025-12-18')).toBe('2025-12-18');
  });

  it(`tolerates dates up to ${FUTURE_SLACK_DAYS} days after the reference (time zones, late listings)`, () => {
    expect(resolveMonthDay(3, 27, '2025-03-24')).toBe('2025-03-27');
    expect(resolveMonthDay(3, 31, '2025-03-24')).toBe('2025-03-31');
  });

  it('is the previous year for a date further in the future', () => {
    expect(resolveMonthDay(4, 1, '2025-03-24')).toBe('2024-04-01');
    expect(resolveMonthDay(12, 30, '2025-01-02')).toBe('2024-12-30');
  });

  it('crosses the new year inside the slack', () => {
    expect(resolveMonthDay(1, 3, '2025-12-30')).toBe('2025-01-03'); // not next year: the page never shows the future
  });

  it('leaves Feb 29 unknown in a year without one', () => {
    expect(resolveMonthDay(2, 29, '2025-03-01')).toBeUndefined();
    expect(resolveMonthDay(2, 29, '2024-03-01')).toBe('2024-02-29');
  });
});

describe('calendar helpers', () => {
  it('isoDate rejects impossible days', () => {
    expect(isoDate(2024, 2, 29)).toBe('2024-02-29');
    expect(isoDate(2023, 2, 29)).toBeUndefined();
    expect(isoDate(2023, 13, 1)).toBeUndefined();
  });

  it('isoWeekMonday follows ISO 8601', () => {
    expect(isoWeekMonday(2025, 1)).toBe('2024-12-30');
    expect(isoWeekMonday(2021, 1)).toBe('2021-01-04');
    expect(isoWeekMonday(2020, 53)).toBe('2020-12-28');
    expect(isoWeekMonday(2021, 53)).toBeUndefined();
  });

  it('addDays crosses months and years', () => {
    expect(addDays('2024-12-30', 6)).toBe('2025-01-05');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('localIsoDate uses the local calendar day', () => {
    expect(localIsoDate(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
  });

  it('dateOfTimestamp takes the date of an ISO timestamp', () => {
    expect(dateOfTimestamp('2024-12-19T13:59:34.000Z')).toBe('2024-12-19');
    expect(dateOfTimestamp('2024-12-19')).toBe('2024-12-19');
    expect(dateOfTimestamp('2024-13-19T00:00:00Z')).toBeUndefined();
    expect(dateOfTimestamp('yesterday')).toBeUndefined();
    expect(dateOfTimestamp(1734616774000)).toBeUndefined();
  });
});
