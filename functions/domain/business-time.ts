// When people may be told: weekdays 08:00–18:00 on their own clock, public holidays excepted. The
// alert ladder waits for such a moment unless the alert is urgent enough to go at once.
import { addCalendarDays, DEFAULT_BUSINESS_HOURS, isoWeekday, localParts, localToUtcCompatible, parseHhMm } from './time.ts';

type CalendarDate = { year: number; month: number; day: number };

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const isoDate = (date: CalendarDate) => `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;

/** More holidays in a row than any calendar has: a list that closes every day is a mistake, not a wait. */
const MAX_DAYS_AHEAD = 60;

/**
 * `days` business days after `at` (weekdays that are not `holidays`, local to `timezone`), at the
 * same local time, then moved into business hours: when a climb of the alert ladder is due.
 */
export function businessDaysLater(at: Date, days: number, timezone: string, holidays: readonly string[]): Date {
  const closed = new Set(holidays);
  const local = localParts(at, timezone);
  let date: CalendarDate = local;
  for (let left = days; left > 0; ) {
    date = addCalendarDays(date, 1);
    if (isoWeekday(date.year, date.month, date.day) <= 5 && !closed.has(isoDate(date))) left -= 1;
  }
  const moved = localToUtcCompatible({ ...date, hour: local.hour, minute: local.minute }, timezone);
  return nextBusinessMoment(moved, timezone, holidays);
}

/**
 * The first moment at or after `at` that is a weekday, 08:00–18:00 local to `timezone`, and not one
 * of `holidays` (local dates, `YYYY-MM-DD`): `at` itself when it is one; otherwise 08:00 local on
 * the next such day (the same day when `at` is before 08:00). 08:00 is read on the local clock of
 * that day, so a DST change in between moves the instant, not the local time.
 */
export function nextBusinessMoment(at: Date, timezone: string, holidays: readonly string[]): Date {
  for (const holiday of holidays) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday)) throw new RangeError(`holiday "${holiday}" is not a date in the form YYYY-MM-DD`);
  }
  const closed = new Set(holidays);
  const open = (date: CalendarDate) => isoWeekday(date.year, date.month, date.day) <= 5 && !closed.has(isoDate(date));
  const start = parseHhMm(DEFAULT_BUSINESS_HOURS.start);
  const end = parseHhMm(DEFAULT_BUSINESS_HOURS.end);

  const local = localParts(at, timezone);
  const minute = local.hour * 60 + local.minute;
  if (open(local) && minute >= start.hour * 60 + start.minute && minute < end.hour * 60 + end.minute) return new Date(at.getTime());

  let date: CalendarDate = minute < start.hour * 60 + start.minute ? local : addCalendarDays(local, 1);
  for (let days = 0; !open(date); days += 1) {
    if (days > MAX_DAYS_AHEAD) throw new RangeError(`no business day within ${MAX_DAYS_AHEAD} days of ${at.toISOString()}: check the holidays`);
    date = addCalendarDays(date, 1);
  }
  return localToUtcCompatible({ ...date, hour: start.hour, minute: start.minute }, timezone);
}
