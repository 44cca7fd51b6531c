// The VTIMEZONE component of an invitation, built from the UTC offsets Intl reports for the zone:
// yearly rules when they predict the following years, explicit dates when they do not.
import { nthWeekdayOfMonth } from '#domain/cadence.ts';
import { pad } from '#domain/format.ts';
import type { Cadence, Weekday } from '#domain/model.ts';
import { daysInMonth, isoWeekday, offsetMinutes, type IsoWeekday } from '#domain/time.ts';
import { basicStamp, DAY_MS, escapeText, ICAL_WEEKDAY, MINUTE_MS, wallAtOffset } from './ical-text.ts';

const ISO_TO_WEEKDAY: Record<IsoWeekday, Weekday> = { 1: 'MON', 2: 'TUE', 3: 'WED', 4: 'THU', 5: 'FRI', 6: 'SAT', 7: 'SUN' };

interface Transition {
  /** The first instant of the new offset. */
  atMs: number;
  fromMinutes: number;
  toMinutes: number;
}

interface YearlyRule {
  month: number;
  week: Cadence['week'];
  weekday: Weekday;
  /** Wall time of the change, read with the offset before it. */
  hour: number;
  minute: number;
  second: number;
  fromMinutes: number;
  toMinutes: number;
}

// The rule seen in one year must predict this many following years, or the zone gets explicit dates.
const RULE_CHECK_YEARS = 5;
const EXPLICIT_DATES_YEARS = 10;

const vtimezoneCache = new Map<string, string[]>();

/**
 * The VTIMEZONE component (content lines, unfolded) for `zone`, built from the offsets Intl
 * reports: the transitions of `year` are found by bisecting the UTC offset, and turned into yearly
 * rules (`FREQ=YEARLY;BYMONTH=3;BYDAY=2SU`, `BYDAY=-1SU`) when those rules predict the following
 * years; a zone without DST gets one STANDARD component. A zone whose changes follow no such rule
 * lists each change from `year` on for ten years, one component each.
 */
export function vtimezoneLines(zone: string, year: number): string[] {
  const key = `${zone} ${year}`;
  let lines = vtimezoneCache.get(key);
  if (lines === undefined) {
    lines = buildVtimezone(zone, year);
    vtimezoneCache.set(key, lines);
  }
  return [...lines];
}

function buildVtimezone(zone: string, year: number): string[] {
  const thisYear = transitionsBetween(zone, Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1));
  const laterFrom = Date.UTC(year + 1, 0, 1);
  const laterTo = Date.UTC(year + 1 + RULE_CHECK_YEARS, 0, 1);
  const later = transitionsBetween(zone, laterFrom, laterTo);
  const body: string[] = [];
  if (thisYear.length === 0 && later.length === 0) {
    const offset = offsetMinutes(new Date(Date.UTC(year, 0, 1)), zone);
    body.push(...observance('STANDARD', offset, offset, '19700101T000000', []));
  } else {
    const rules = yearlyRules(thisYear, later, year, laterFrom, laterTo);
    if (rules !== undefined) {
      for (const rule of rules) {
        const day = nthWeekdayOfMonth(1970, rule.month, rule.week, rule.weekday);
        const start = basicStamp({ year: 1970, month: rule.month, day, hour: rule.hour, minute: rule.minute, second: rule.second });
        const ordinal = rule.week === 'last' ? '-1' : String(rule.week);
        const rrule = `RRULE:FREQ=YEARLY;BYMONTH=${rule.month};BYDAY=${ordinal}${ICAL_WEEKDAY[rule.weekday]}`;
        body.push(...observance(kindOf(rule.fromMinutes, rule.toMinutes), rule.fromMinutes, rule.toMinutes, start, [rrule]));
      }
    } else {
      body.push(...explicitObservances(zone, year));
    }
  }
  return ['BEGIN:VTIMEZONE', `TZID:${escapeText(zone)}`, ...body, 'END:VTIMEZONE'];
}

function kindOf(fromMinutes: number, toMinutes: number): 'STANDARD' | 'DAYLIGHT' {
  return toMinutes > fromMinutes ? 'DAYLIGHT' : 'STANDARD';
}

function observance(
  kind: 'STANDARD' | 'DAYLIGHT',
  fromMinutes: number,
  toMinutes: number,
  dtstart: string,
  extra: string[],
): string[] {
  return [
    `BEGIN:${kind}`,
    `TZOFFSETFROM:${utcOffset(fromMinutes)}`,
    `TZOFFSETTO:${utcOffset(toMinutes)}`,
    `DTSTART:${dtstart}`,
    ...extra,
    `END:${kind}`,
  ];
}

/** `+0530`, `-0600`, `+054500` when there are seconds. */
function utcOffset(minutes: number): string {
  const totalSeconds = Math.round(minutes * 60);
  const sign = totalSeconds < 0 ? '-' : '+';
  const abs = Math.abs(totalSeconds);
  const seconds = abs % 60;
  const text = `${sign}${pad(Math.floor(abs / 3600))}${pad(Math.floor(abs / 60) % 60)}`;
  return seconds === 0 ? text : `${text}${pad(seconds)}`;
}

/** Every change of the zone's UTC offset in [fromMs, toMs), found day by day and then bisected to the second. */
function transitionsBetween(zone: string, fromMs: number, toMs: number): Transition[] {
  const offsetAt = (epochMs: number): number => offsetMinutes(new Date(epochMs), zone);
  const found: Transition[] = [];
  let before = fromMs;
  let beforeOffset = offsetAt(before);
  while (before < toMs) {
    const after = Math.min(before + DAY_MS, toMs);
    const afterOffset = offsetAt(after);
    if (afterOffset !== beforeOffset) {
      let low = before;
      let high = after;
      while (high - low > 1000) {
        const middle = Math.floor((low + high) / 2000) * 1000;
        if (offsetAt(middle) === beforeOffset) low = middle;
        else high = middle;
      }
      if (high < toMs) found.push({ atMs: high, fromMinutes: beforeOffset, toMinutes: offsetAt(high) });
    }
    before = after;
    beforeOffset = afterOffset;
  }
  return found;
}

/**
 * Yearly rules that explain this year's transitions and predict exactly the transitions of the
 * following years, or `undefined`. A change on the 22nd–28th can read as "4th" or "last"; the
 * following years decide.
 */
function yearlyRules(
  thisYear: Transition[],
  later: Transition[],
  year: number,
  laterFrom: number,
  laterTo: number,
): YearlyRule[] | undefined {
  if (thisYear.length === 0) return undefined;
  const rules: YearlyRule[] = [];
  for (const transition of thisYear) {
    const wall = wallAtOffset(transition.atMs, transition.fromMinutes);
    const weekday = ISO_TO_WEEKDAY[isoWeekday(wall.year, wall.month, wall.day)];
    const weeks: Cadence['week'][] = [];
    if (wall.day <= 28) weeks.push(Math.ceil(wall.day / 7) as 1 | 2 | 3 | 4);
    if (wall.day > daysInMonth(wall.year, wall.month) - 7) weeks.push('last');
    const rule = weeks
      .map((week): YearlyRule => ({ ...wall, week, weekday, fromMinutes: transition.fromMinutes, toMinutes: transition.toMinutes }))
      .find((candidate) => predicts(candidate, later, year, laterFrom, laterTo));
    if (rule === undefined) return undefined;
    rules.push(rule);
  }
  const predicted = rules
    .flatMap((rule) => predictedTransitions(rule, year, laterFrom, laterTo))
    .sort((a, b) => a.atMs - b.atMs);
  return sameTransitions(predicted, later) ? rules : undefined;
}

function predicts(rule: YearlyRule, later: Transition[], year: number, fromMs: number, toMs: number): boolean {
  return predictedTransitions(rule, year, fromMs, toMs).every((expected) =>
    later.some((actual) => sameTransitions([expected], [actual])),
  );
}

function predictedTransitions(rule: YearlyRule, year: number, fromMs: number, toMs: number): Transition[] {
  const found: Transition[] = [];
  for (let y = year; y <= year + RULE_CHECK_YEARS + 1; y += 1) {
    const day = nthWeekdayOfMonth(y, rule.month, rule.week, rule.weekday);
    const atMs = Date.UTC(y, rule.month - 1, day, rule.hour, rule.minute, rule.second) - rule.fromMinutes * MINUTE_MS;
    if (atMs >= fromMs && atMs < toMs) found.push({ atMs, fromMinutes: rule.fromMinutes, toMinutes: rule.toMinutes });
  }
  return found;
}

function sameTransitions(a: Transition[], b: Transition[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i];
      return y !== undefined && x.atMs === y.atMs && x.fromMinutes === y.fromMinutes && x.toMinutes === y.toMinutes;
    })
  );
}

// For zones whose changes follow no nth-weekday rule: the offset in force at the start of `year`
// (from 1970), then one component per change, each with its own DTSTART. Not one component per kind
// of change with the later dates as RDATEs: ical.js reads a component with RDATEs as those dates
// alone and drops its DTSTART onset, which put the first meeting an hour off in Casablanca.
function explicitObservances(zone: string, year: number): string[] {
  const from = Date.UTC(year, 0, 1);
  const transitions = transitionsBetween(zone, from, Date.UTC(year + EXPLICIT_DATES_YEARS, 0, 1));
  const initial = offsetMinutes(new Date(from), zone);
  const first = transitions[0];
  const initialKind = first !== undefined && first.toMinutes < first.fromMinutes ? 'DAYLIGHT' : 'STANDARD';
  const lines = observance(initialKind, initial, initial, '19700101T000000', []);
  for (const t of transitions) {
    const onset = basicStamp(wallAtOffset(t.atMs, t.fromMinutes));
    lines.push(...observance(kindOf(t.fromMinutes, t.toMinutes), t.fromMinutes, t.toMinutes, onset, []));
  }
  return lines;
}
