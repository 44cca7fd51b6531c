// Timezone arithmetic on top of Intl: local wall time ↔ UTC instants, calendar helpers, business
// days and hours, and the two time formats EventBridge Scheduler reads and writes.
// Pure: "now" is always a parameter.
import { pad } from './format.ts';

/** A wall-clock date and time in some timezone. `month` is 1–12. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** What a clock in a timezone shows at an instant. */
export interface LocalParts extends Required<LocalDateTime> {
  weekday: IsoWeekday;
}

/**
 * How a local wall time maps to instants: exactly one, two (the clock went back and the time
 * happened twice), or none (the clock jumped over it).
 */
export type LocalResolution =
  | { kind: 'unique'; instant: Date }
  | { kind: 'ambiguous'; earlier: Date; later: Date }
  | { kind: 'gap' };

/** Business hours as local `HH:MM` times; `end` is exclusive. */
export interface BusinessHours {
  start: string;
  end: string;
}

export const DEFAULT_BUSINESS_HOURS: BusinessHours = { start: '08:00', end: '18:00' };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

// Building a DateTimeFormat is the expensive part of Intl; one per zone is plenty.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

function assertValidInstant(instant: Date): void {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
}

/** What a clock in `timezone` shows at `instant` (to the second). */
export function localParts(instant: Date, timezone: string): LocalParts {
  assertValidInstant(instant);
  const values: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(instant)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  const read = (type: string): number => {
    const value = values[type];
    if (value === undefined || Number.isNaN(value)) throw new Error(`Intl gave no ${type} for ${timezone}`);
    return value;
  };
  const year = read('year');
  const month = read('month');
  const day = read('day');
  return {
    year,
    month,
    day,
    hour: read('hour'),
    minute: read('minute'),
    second: read('second'),
    weekday: isoWeekday(year, month, day),
  };
}

/** The zone's offset from UTC at `instant`, in minutes (east positive: Berlin in winter is 60). */
export function offsetMinutes(instant: Date, timezone: string): number {
  return offsetMs(instant.getTime(), timezone) / MINUTE_MS;
}

function offsetMs(epochMs: number, timezone: string): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  const p = localParts(new Date(wholeSecond), timezone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - wholeSecond;
}

/** 1 = Monday … 7 = Sunday, for a calendar date (no timezone involved). */
export function isoWeekday(year: number, month: number, day: number): IsoWeekday {
  const sundayZero = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as IsoWeekday;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A calendar date moved by whole days (no timezone involved). */
export function addCalendarDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** Parses `HH:MM` (24-hour) into hour and minute; throws a RangeError on anything else. */
export function parseHhMm(text: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (match === null) throw new RangeError(`"${text}" is not a 24-hour time in the form HH:MM`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function assertValidLocal(local: LocalDateTime): void {
  const { year, month, day, hour, minute, second = 0 } = local;
  const valid =
    [year, month, day, hour, minute, second].every(Number.isInteger) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59;
  if (!valid) throw new RangeError(`not a real date and time: ${JSON.stringify(local)}`);
}

function sameWallTime(parts: LocalParts, local: LocalDateTime): boolean {
  return (
    parts.year === local.year &&
    parts.month === local.month &&
    parts.day === local.day &&
    parts.hour === local.hour &&
    parts.minute === local.minute &&
    parts.second === (local.second ?? 0)
  );
}

/** Every instant at which a clock in `timezone` shows `local`, and which case that is. */
export function resolveLocal(local: LocalDateTime, timezone: string): LocalResolution {
  assertValidLocal(local);
  const wall = wallAsUtcMs(local);
  const matches = candidateInstants(wall, timezone)
    .filter((epochMs) => sameWallTime(localParts(new Date(epochMs), timezone), local))
    .sort((a, b) => a - b);
  const [first] = matches;
  const last = matches[matches.length - 1];
  if (first === undefined || last === undefined) return { kind: 'gap' };
  if (first === last) return { kind: 'unique', instant: new Date(first) };
  return { kind: 'ambiguous', earlier: new Date(first), later: new Date(last) };
}

function wallAsUtcMs(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second ?? 0);
}

// A wall time is at most a day away from UTC, and zones change offset at most once around it, so
// the offsets in force a day either side of the wall time read as UTC give every candidate.
function candidateInstants(wall: number, timezone: string): number[] {
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((delta) => offsetMs(wall + delta, timezone)));
  return [...new Set([...offsets].map((offset) => wall - offset))];
}

/**
 * The instant a local wall time happens, by EventBridge Scheduler's rule: a time the clock skips
 * (spring forward) does not happen (`undefined`); a time that happens twice (fall back) counts
 * once, at the first (earlier) instant.
 */
export function localToUtc(local: LocalDateTime, timezone: string): Date | undefined {
  const resolution = resolveLocal(local, timezone);
  switch (resolution.kind) {
    case 'unique':
      return resolution.instant;
    case 'ambiguous':
      return resolution.earlier;
    case 'gap':
      return undefined;
  }
}

/**
 * The instant a local wall time happens, never failing: a repeated time gives the earlier instant,
 * a skipped time is moved forward by the length of the gap (02:30 on a spring-forward night
 * becomes 03:30), as Temporal's "compatible" disambiguation does. For follow-ups that must go out.
 */
export function localToUtcCompatible(local: LocalDateTime, timezone: string): Date {
  const exact = localToUtc(local, timezone);
  if (exact !== undefined) return exact;
  // In a gap the two candidates are wall − offset before and wall − offset after the jump; the
  // later one is the wall time read with the old offset, i.e. shifted forward past the gap.
  return new Date(Math.max(...candidateInstants(wallAsUtcMs(local), timezone)));
}

function isBusinessDay(date: { year: number; month: number; day: number }): boolean {
  return isoWeekday(date.year, date.month, date.day) <= 5;
}

/**
 * Moves an instant by whole business days (Monday–Friday in `timezone`), keeping its local time of
 * day: Thursday 10:00 + 3 is Tuesday 10:00; Saturday + 1 is Monday. Negative counts go back.
 */
export function addBusinessDays(instant: Date, days: number, timezone: string): Date {
  if (!Number.isInteger(days)) throw new RangeError(`business days must be a whole number, got ${days}`);
  if (days === 0) return new Date(instant.getTime());
  const local = localParts(instant, timezone);
  const step = days > 0 ? 1 : -1;
  let date: { year: number; month: number; day: number } = local;
  let remaining = Math.abs(days);
  while (remaining > 0) {
    date = addCalendarDays(date, step);
    if (isBusinessDay(date)) remaining -= 1;
  }
  const moved = localToUtcCompatible(
    { ...date, hour: local.hour, minute: local.minute, second: local.second },
    timezone,
  );
  const milliseconds = ((instant.getTime() % 1000) + 1000) % 1000;
  return new Date(moved.getTime() + milliseconds);
}

/** True when `instant` falls on a weekday within business hours, local to `timezone`. */
export function isWithinBusinessHours(
  instant: Date,
  timezone: string,
  hours: BusinessHours = DEFAULT_BUSINESS_HOURS,
): boolean {
  const local = localParts(instant, timezone);
  const { startSecond, endSecond } = businessSeconds(hours);
  const secondOfDay = (local.hour * 60 + local.minute) * 60 + local.second;
  return local.weekday <= 5 && secondOfDay >= startSecond && secondOfDay < endSecond;
}

function businessSeconds(hours: BusinessHours): { startSecond: number; endSecond: number } {
  const start = parseHhMm(hours.start);
  const end = parseHhMm(hours.end);
  const startSecond = (start.hour * 60 + start.minute) * 60;
  const endSecond = (end.hour * 60 + end.minute) * 60;
  if (endSecond <= startSecond) throw new RangeError(`business hours end ${hours.end} is not after ${hours.start}`);
  return { startSecond, endSecond };
}

/**
 * `instant` if it is within business hours (weekdays 08:00–18:00 local by default), otherwise the
 * start of the next business hours: Friday 19:00 becomes Monday 08:00, Tuesday 06:00 becomes Tuesday 08:00.
 */
export function nextBusinessHours(
  instant: Date,
  timezone: string,
  hours: BusinessHours = DEFAULT_BUSINESS_HOURS,
): Date {
  if (isWithinBusinessHours(instant, timezone, hours)) return new Date(instant.getTime());
  const local = localParts(instant, timezone);
  const { startSecond } = businessSeconds(hours);
  const secondOfDay = (local.hour * 60 + local.minute) * 60 + local.second;
  let date: { year: number; month: number; day: number } = local;
  if (!isBusinessDay(date) || secondOfDay >= startSecond) date = addCalendarDays(date, 1);
  while (!isBusinessDay(date)) date = addCalendarDays(date, 1);
  const start = parseHhMm(hours.start);
  return localToUtcCompatible({ ...date, hour: start.hour, minute: start.minute }, timezone);
}

/**
 * An instant in UTC, truncated to the minute, in the form EventBridge Scheduler passes as
 * `<aws.scheduler.scheduled-time>`: `2027-01-12T16:00:00Z`. Also the id of a meeting occurrence.
 */
export function isoMinute(date: Date): string {
  assertValidInstant(date);
  return `${date.toISOString().slice(0, 16)}:00Z`;
}

/** The local date and time at `instant` in `timezone`, as `yyyy-mm-ddThh:mm:ss` (no offset). */
export function formatLocal(instant: Date, timezone: string): string {
  const p = localParts(instant, timezone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/**
 * A one-time schedule expression, `at(yyyy-mm-ddThh:mm:ss)`, for `instant` read in `timezone`; give
 * the schedule the same `ScheduleExpressionTimezone`. UTC (the default) is never ambiguous; a local
 * zone is, for instants inside the hour a fall-back repeats.
 */
export function atExpression(instant: Date, timezone = 'UTC'): string {
  return `at(${formatLocal(instant, timezone)})`;
}

/**
 * A one-time schedule (UTC) for a moment already past, or less than a minute away, runs a minute from
 * now instead: a run that came late (retried, or redriven from a failure queue) still sends what it
 * owes, sooner rather than never. Every follow-up is safe to run twice (its emails go once), so one
 * created again after it already ran does no harm.
 */
export function atOrSoon(expression: string, now: Date): string {
  const match = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
  if (!match) return expression;
  const soon = now.getTime() + 60_000;
  return Date.parse(`${match[1]}Z`) >= soon ? expression : atExpression(new Date(soon));
}
