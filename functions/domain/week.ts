// The Monday–Sunday week local to a timezone: what "this week" and "next week" mean to a digest.
import { isoDate } from './format.ts';
import { addCalendarDays, localParts, localToUtcCompatible } from './time.ts';

export interface Week {
  /** Local midnight starting the Monday, as an instant. */
  from: Date;
  /** Local midnight starting the following Monday (exclusive). */
  to: Date;
  /** The Monday and the Sunday, YYYY-MM-DD local to the timezone. */
  monday: string;
  sunday: string;
}

/** The Monday–Sunday week, local to `timezone`, that `instant` falls in, moved by `weeks`. */
export function weekOf(instant: Date, timezone: string, weeks = 0): Week {
  const local = localParts(instant, timezone);
  const monday = addCalendarDays(local, 1 - local.weekday + 7 * weeks);
  const nextMonday = addCalendarDays(monday, 7);
  // A midnight the clock skips (a few zones change at 00:00) starts the day at the first instant after the gap.
  const midnight = (d: { year: number; month: number; day: number }) => localToUtcCompatible({ ...d, hour: 0, minute: 0 }, timezone);
  return { from: midnight(monday), to: midnight(nextMonday), monday: isoDate(monday), sunday: isoDate(addCalendarDays(monday, 6)) };
}

/** The week after the digest's week: its meetings are what the digest announces. */
export function nextWeek(instant: Date, timezone: string): Week {
  return weekOf(instant, timezone, 1);
}
