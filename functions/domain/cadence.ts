// A meeting cadence ("2nd Tuesday of every month at 10:00") as an EventBridge Scheduler cron
// expression, as the list of meeting instants it produces, and as words.
// The occurrences are computed from the rule itself, not by evaluating the cron expression, so
// tests can hold one against the other.
import type { Cadence, Weekday } from './model.ts';
import { daysInMonth, isoWeekday, localParts, localToUtc, parseHhMm } from './time.ts';

/** The part of a cadence that says when meetings happen (the duration does not). */
export type CadenceRule = Pick<Cadence, 'every' | 'months' | 'week' | 'weekday' | 'time'>;

/** What `CreateSchedule` needs: `ScheduleExpression` and `ScheduleExpressionTimezone`. */
export interface Schedule {
  expression: string;
  timezone: string;
}

/** Quarterly meetings fall in the first month of each quarter unless the cadence names others. */
export const DEFAULT_QUARTER_MONTHS: readonly number[] = [1, 4, 7, 10];

const ALL_MONTHS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

const ISO_WEEKDAY: Record<Weekday, number> = { MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6, SUN: 7 };

// EventBridge (like Quartz) numbers days of the week 1 = SUN … 7 = SAT. Its documentation shows
// the numeric forms `3#2` (second Tuesday) and `6L` (last Friday), so those are what we emit.
const AWS_WEEKDAY: Record<Weekday, number> = { SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };

/** A weekday's name in full, as people write it. */
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  MON: 'Monday',
  TUE: 'Tuesday',
  WED: 'Wednesday',
  THU: 'Thursday',
  FRI: 'Friday',
  SAT: 'Saturday',
  SUN: 'Sunday',
};

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const ORDINALS: Record<Cadence['week'], string> = { 1: '1st', 2: '2nd', 3: '3rd', 4: '4th', last: 'last' };

/** The months (1–12, ascending) in which the cadence has a meeting. */
export function cadenceMonths(cadence: CadenceRule): number[] {
  const months = cadence.every === 'month' ? ALL_MONTHS : (cadence.months ?? DEFAULT_QUARTER_MONTHS);
  for (const month of months) {
    if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`not a month: ${month}`);
  }
  return [...new Set(months)].sort((a, b) => a - b);
}

/**
 * The EventBridge Scheduler cron expression for a cadence, evaluated in the account's timezone:
 * 2nd Tuesday monthly at 10:00 → `cron(0 10 ? * 3#2 *)`; last Friday of each quarter's first month
 * at 09:30 → `cron(30 9 ? 1,4,7,10 6L *)`.
 */
export function cadenceToSchedule(cadence: CadenceRule, timezone: string): Schedule {
  const { hour, minute } = parseHhMm(cadence.time);
  const months = cadence.every === 'month' ? '*' : cadenceMonths(cadence).join(',');
  const day = AWS_WEEKDAY[cadence.weekday];
  const dayOfWeek = cadence.week === 'last' ? `${day}L` : `${day}#${cadence.week}`;
  return { expression: `cron(${minute} ${hour} ? ${months} ${dayOfWeek} *)`, timezone };
}

/** The day of the month of the nth (or last) given weekday: 2nd TUE of Jan 2027 → 12. */
export function nthWeekdayOfMonth(year: number, month: number, week: Cadence['week'], weekday: Weekday): number {
  const target = ISO_WEEKDAY[weekday];
  if (week === 'last') {
    const lastDay = daysInMonth(year, month);
    return lastDay - ((isoWeekday(year, month, lastDay) - target + 7) % 7);
  }
  const first = 1 + ((target - isoWeekday(year, month, 1) + 7) % 7);
  return first + 7 * (week - 1);
}

/**
 * The meeting in one month, or `undefined` when the month has none: not a cadence month, or the
 * local time does not exist that day (the clock springs forward over it; EventBridge Scheduler
 * skips such an occurrence). A local time that happens twice counts once, at its first instant.
 */
export function occurrenceInMonth(
  cadence: CadenceRule,
  timezone: string,
  year: number,
  month: number,
): Date | undefined {
  if (!cadenceMonths(cadence).includes(month)) return undefined;
  const { hour, minute } = parseHhMm(cadence.time);
  const day = nthWeekdayOfMonth(year, month, cadence.week, cadence.weekday);
  return localToUtc({ year, month, day, hour, minute }, timezone);
}

// A cadence month can lose its meeting to a DST gap, but never for long; ten empty years means the
// zone never shows that time, and the search stops rather than running forever.
const GIVE_UP_AFTER_MONTHS = 120;

function* occurrencesFromMonth(
  cadence: CadenceRule,
  timezone: string,
  start: { year: number; month: number },
): Generator<Date> {
  let { year, month } = start;
  let emptyMonths = 0;
  while (emptyMonths < GIVE_UP_AFTER_MONTHS) {
    const occurrence = occurrenceInMonth(cadence, timezone, year, month);
    if (occurrence === undefined) {
      emptyMonths += 1;
    } else {
      emptyMonths = 0;
      yield occurrence;
    }
    month += 1;
    if (month === 13) {
      year += 1;
      month = 1;
    }
  }
}

// Start a month early: near a month boundary the local calendar and UTC disagree.
function monthBefore(instant: Date, timezone: string): { year: number; month: number } {
  const { year, month } = localParts(instant, timezone);
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

/** The next `count` meetings strictly after `after`, in order. */
export function nextOccurrences(cadence: CadenceRule, timezone: string, after: Date, count: number): Date[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number ≥ 0, got ${count}`);
  const found: Date[] = [];
  if (count === 0) return found;
  for (const occurrence of occurrencesFromMonth(cadence, timezone, monthBefore(after, timezone))) {
    if (occurrence.getTime() <= after.getTime()) continue;
    found.push(occurrence);
    if (found.length === count) break;
  }
  return found;
}

/** The meetings at or after `from` and before `to`, in order. */
export function occurrencesBetween(cadence: CadenceRule, timezone: string, from: Date, to: Date): Date[] {
  const found: Date[] = [];
  for (const occurrence of occurrencesFromMonth(cadence, timezone, monthBefore(from, timezone))) {
    if (occurrence.getTime() >= to.getTime()) break;
    if (occurrence.getTime() >= from.getTime()) found.push(occurrence);
  }
  return found;
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The cadence in words: "2nd Tuesday of every month at 10:00 (America/Chicago), 60 min",
 * "last Friday of Jan, Apr, Jul and Oct at 09:30 (Australia/Sydney), 45 min".
 */
export function describeCadence(cadence: Cadence, timezone: string): string {
  const when =
    cadence.every === 'month'
      ? 'every month'
      : listInWords(cadenceMonths(cadence).map((month) => MONTH_NAMES[month - 1] ?? String(month)));
  return (
    `${ORDINALS[cadence.week]} ${WEEKDAY_NAMES[cadence.weekday]} of ${when} ` +
    `at ${cadence.time} (${timezone}), ${cadence.durationMinutes} min`
  );
}
