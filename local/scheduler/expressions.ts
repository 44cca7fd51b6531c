// Parses EventBridge Scheduler expressions (at, rate, cron) and finds their occurrences, with the
// daylight-saving rules AWS documents: a local time skipped by spring-forward does not run, and a
// local time repeated by fall-back runs once.
import { Cron } from 'croner';
import { isRepeatedLocalTime, resolveLocalTime, type WallClock } from './zones.ts';

export type ScheduleExpression =
  | { kind: 'at'; text: string; local: WallClock }
  | { kind: 'rate'; text: string; everyMs: number }
  | { kind: 'cron'; text: string; pattern: string };

/** An expression that AWS would refuse; the message says what is wrong and what would be right. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

const FORMS =
  'Use at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(minutes hours day-of-month month day-of-week year).';

export function parseScheduleExpression(text: string): ScheduleExpression {
  const invalid = (why: string): ExpressionError =>
    new ExpressionError(`Invalid schedule expression ${JSON.stringify(text)}: ${why}`);
  const match = /^(at|rate|cron)\((.*)\)$/s.exec(text);
  if (match === null) throw invalid(`it must be at(...), rate(...) or cron(...). ${FORMS}`);
  const [, kind, inner = ''] = match;
  try {
    if (kind === 'at') return { kind: 'at', text, local: parseAt(inner) };
    if (kind === 'rate') return { kind: 'rate', text, everyMs: parseRate(inner) };
    const pattern = toCronerPattern(inner);
    compileCron(pattern, 'UTC');
    return { kind: 'cron', text, pattern };
  } catch (error) {
    if (error instanceof ExpressionError) throw invalid(error.message);
    // croner's own wording, for the rare pattern our field checks let through.
    throw invalid((error as Error).message.replace(/^CronPattern: /, ''));
  }
}

function parseAt(inner: string): WallClock {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(inner);
  if (match === null) {
    throw new ExpressionError('an at() expression takes a local date and time as yyyy-mm-ddThh:mm:ss, e.g. at(2027-01-12T10:00:00), with no time zone suffix; set ScheduleExpressionTimezone instead.');
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new ExpressionError(`${inner.slice(0, 10)} is not a date in the calendar.`);
  }
  if (hour > 23 || minute > 59 || second > 59) throw new ExpressionError(`${inner.slice(11)} is not a time of day.`);
  return { year, month, day, hour, minute, second };
}

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

function parseRate(inner: string): number {
  const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(inner.trim());
  if (match === null) {
    throw new ExpressionError('a rate() expression is a positive whole number and a unit (minute, minutes, hour, hours, day, days), e.g. rate(5 minutes) or rate(1 day).');
  }
  const value = Number(match[1]);
  const unit = match[2] ?? '';
  if (value < 1) throw new ExpressionError('the rate value must be 1 or more.');
  const singular = !unit.endsWith('s');
  if (value === 1 && !singular) throw new ExpressionError(`with the value 1 the unit is singular: rate(1 ${unit.slice(0, -1)}).`);
  if (value > 1 && singular) throw new ExpressionError(`with a value above 1 the unit is plural: rate(${value} ${unit}s).`);
  return value * (RATE_UNITS[unit.replace(/s$/, '')] ?? 0);
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: string[];
  /** Tokens AWS allows besides numbers, ranges and steps. */
  special?: RegExp;
  steps: boolean;
}

const FIELDS: FieldSpec[] = [
  { label: 'minutes', min: 0, max: 59, steps: true },
  { label: 'hours', min: 0, max: 23, steps: true },
  { label: 'day-of-month', min: 1, max: 31, special: /^(L|LW|\d{1,2}W)$/, steps: true },
  { label: 'month', min: 1, max: 12, names: MONTHS, steps: true },
  { label: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, special: /^(L|[1-7]L|[A-Z]{3}L|[1-7]#[1-5]|[A-Z]{3}#[1-5])$/, steps: false },
  { label: 'year', min: 1970, max: 2199, steps: true },
];

/**
 * Checks the six AWS fields and turns them into a 7-part croner pattern (seconds first). The
 * checks follow the AWS cron reference, so an expression AWS refuses fails here too, with a
 * message that names the field.
 */
function toCronerPattern(inner: string): string {
  const fields = inner.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new ExpressionError(`a cron expression has six fields (minutes hours day-of-month month day-of-week year), this one has ${inner.trim() === '' ? 0 : fields.length}; e.g. cron(0 10 ? * MON *).`);
  }
  const upper = fields.map((field) => field.toUpperCase());
  upper.forEach((field, index) => checkField(field, FIELDS[index] as FieldSpec));
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = upper as [string, string, string, string, string, string];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new ExpressionError('exactly one of day-of-month and day-of-week must be "?": AWS does not combine them. E.g. cron(0 10 * * ? *) or cron(0 10 ? * MON-FRI *).');
  }
  if (dayOfWeek.includes('#') && dayOfWeek.includes(',')) {
    throw new ExpressionError(`with "#" the day-of-week field holds a single expression, "${fields[4]}" holds several.`);
  }
  // Quartz, and so AWS, reads a lone L in day-of-week as the week's last day: Saturday.
  const weekday = dayOfWeek === 'L' ? '7' : dayOfWeek;
  return ['0', minutes, hours, dayOfMonth, month, weekday, year].join(' ');
}

function checkField(field: string, spec: FieldSpec): void {
  if (field === '?') {
    if (spec.label === 'day-of-month' || spec.label === 'day-of-week') return;
    throw new ExpressionError(`"?" is only allowed in day-of-month or day-of-week, not in ${spec.label}.`);
  }
  for (const item of field.split(',')) {
    if (item === '') throw new ExpressionError(`the ${spec.label} field "${field}" has an empty list item.`);
    if (spec.special?.test(item)) {
      checkSpecial(item, spec);
      continue;
    }
    const [range = '', step, extra] = item.split('/');
    if (extra !== undefined) throw new ExpressionError(`"${item}" in ${spec.label} has more than one "/".`);
    if (step !== undefined) {
      if (!spec.steps) throw new ExpressionError(`AWS does not allow "/" increments in ${spec.label} ("${item}").`);
      if (!/^\d+$/.test(step) || Number(step) < 1) throw new ExpressionError(`the increment in "${item}" (${spec.label}) must be a whole number of 1 or more.`);
    }
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) throw new ExpressionError(`"${item}" is not a valid range in ${spec.label}.`);
    const values = bounds.map((bound) => fieldValue(bound, item, spec));
    if (values.length === 2 && (values[0] ?? 0) > (values[1] ?? 0)) {
      throw new ExpressionError(`the range "${range}" in ${spec.label} runs backwards; write the lower value first.`);
    }
  }
}

function checkSpecial(item: string, spec: FieldSpec): void {
  const number = /^(\d+|[A-Z]{3})/.exec(item)?.[1];
  if (number !== undefined) fieldValue(number, item, spec);
}

function fieldValue(bound: string, item: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(bound) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(bound)) {
    const names = spec.names === undefined ? '' : ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}`;
    throw new ExpressionError(`"${item}" is not valid in ${spec.label}, which takes ${spec.min}-${spec.max}${names}.`);
  }
  const value = Number(bound);
  if (value < spec.min || value > spec.max) {
    throw new ExpressionError(`${value} is out of range for ${spec.label} (${spec.min}-${spec.max}).`);
  }
  return value;
}

const compiled = new Map<string, Cron>();

function compileCron(pattern: string, timezone: string): Cron {
  const key = `${timezone} ${pattern}`;
  let cron = compiled.get(key);
  if (cron === undefined) {
    cron = new Cron(pattern, {
      mode: '7-part',
      // AWS numbers weekdays 1=SUN … 7=SAT, as Quartz does.
      alternativeWeekdays: true,
      // AWS's "0/15" (every 15 minutes from 0) is a "sloppy" range to croner.
      sloppyRanges: true,
      // One of the two day fields is always "?", so AND and OR agree; AND states the intent.
      domAndDow: true,
      timezone,
    });
    compiled.set(key, cron);
  }
  return cron;
}

export interface OccurrenceWindow {
  /** IANA zone the expression is read in. */
  timezone: string;
  /** Recurring schedules: no occurrence before this instant. */
  startDate?: number | undefined;
  /** Recurring schedules: no occurrence at or after this instant. */
  endDate?: number | undefined;
  /** rate(): the first occurrence; the rest follow at whole multiples of the rate. */
  anchor: number;
}

/** Guards against patterns whose every match is a DST-skipped time (which AWS never runs). */
const MAX_SKIPPED = 10_000;

/** The first occurrence at or after `from` (ms since epoch), or null when there is none. */
export function nextOccurrence(expression: ScheduleExpression, from: number, window: OccurrenceWindow): number | null {
  if (expression.kind === 'at') {
    // AWS ignores StartDate and EndDate for one-time schedules.
    const resolved = resolveLocalTime(expression.local, window.timezone);
    if (resolved.kind === 'gap') return null;
    const at = resolved.kind === 'single' ? resolved.at : resolved.earlier;
    return at >= from ? at : null;
  }
  const lower = Math.max(from, window.startDate ?? from);
  const beforeEnd = (instant: number): number | null =>
    window.endDate !== undefined && instant >= window.endDate ? null : instant;
  if (expression.kind === 'rate') {
    // Rates are fixed durations: "1 day" is 24 hours even across a DST change, as in AWS.
    const steps = Math.max(0, Math.ceil((lower - window.anchor) / expression.everyMs));
    return beforeEnd(window.anchor + steps * expression.everyMs);
  }
  const cron = compileCron(expression.pattern, window.timezone);
  let cursor = lower;
  for (let skipped = 0; skipped < MAX_SKIPPED; skipped += 1) {
    // croner answers strictly after the (whole-second) reference; one ms earlier makes it inclusive.
    const next = cron.nextRun(new Date(cursor - 1));
    if (next === null) return null;
    const instant = next.getTime();
    if (beforeEnd(instant) === null) return null;
    // croner moves a fixed-time job out of a spring-forward gap to the first valid minute, and
    // runs wildcard jobs on both passes through a fall-back hour; AWS does neither.
    if (cron.match(next) && !isRepeatedLocalTime(instant, window.timezone)) return instant;
    cursor = instant + 1000;
  }
  return null;
}

/** Formats an instant the way AWS fills `<aws.scheduler.scheduled-time>`: 2027-01-12T16:00:00Z. */
export function formatScheduledTime(instant: number): string {
  return new Date(Math.floor(instant / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
