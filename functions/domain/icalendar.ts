// The series invitation: an account's recurring partnership meeting as iCalendar (RFC 5545) text,
// with iTIP (RFC 5546) METHOD:REQUEST to invite or update and METHOD:CANCEL to withdraw it.
// Written by hand, line by line, so every byte is ours: escaping, parameter quoting, folding at 75
// octets and CRLF line ends. Pure: "now" is a parameter.
//
// DST and the two recurrence engines. A cadence's local time can fall into a spring-forward gap
// (e.g. a Sunday 02:30 meeting on the night the clock jumps from 02:00 to 03:00):
// - EventBridge Scheduler skips that run (and `nextOccurrences`/`occurrencesBetween` skip it too);
// - RFC 5545 (3.3.5) interprets a local time that does not exist with the UTC offset from before
//   the gap, so a calendar shows that instance shifted (03:30 local) instead of dropping it.
// The series' first DTSTART is never in a gap (it is the next occurrence that exists), but a later
// instance of the RRULE can be; the calendar then shows a meeting that no email follows. A time
// the clock repeats (fall back) agrees in both: RFC 5545 and our scheduler both take the first.
import { cadenceMonths, describeCadence, nextOccurrences, nthWeekdayOfMonth, type CadenceRule } from './cadence.ts';
import type { Account, Cadence, Person, Weekday } from './model.ts';
import { daysInMonth, isoWeekday, localParts, offsetMinutes, type IsoWeekday } from './time.ts';

export type InvitationMethod = 'REQUEST' | 'CANCEL';

export interface SeriesInvitationInput {
  account: Account;
  method: InvitationMethod;
  now: Date;
  organizer: Person;
  /** Everyone invited: the account's contacts and its team. Repeated addresses are listed once. */
  attendees: Person[];
  /** The cleaning company, for PRODID. */
  companyName: string;
  /** The right-hand side of the UID, e.g. the sending domain. */
  uidDomain: string;
  /** Defaults to the cadence in words. */
  description?: string;
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const ICAL_WEEKDAY: Record<Weekday, string> = { MON: 'MO', TUE: 'TU', WED: 'WE', THU: 'TH', FRI: 'FR', SAT: 'SA', SUN: 'SU' };
const ISO_TO_WEEKDAY: Record<IsoWeekday, Weekday> = { 1: 'MON', 2: 'TUE', 3: 'WED', 4: 'THU', 5: 'FRI', 6: 'SAT', 7: 'SUN' };

/** The UID every message about an account's meeting series carries; it never changes. */
export function seriesUid(accountId: string, uidDomain: string): string {
  return `series-${accountId}@${uidDomain}`;
}

/** The `Content-Type` of the calendar part of an invitation email. */
export function calendarContentType(method: InvitationMethod): string {
  return `text/calendar; charset=UTF-8; method=${method}`;
}

/**
 * The RRULE value for a cadence, in forms that Outlook, Google Calendar and Apple Calendar all
 * model natively ("the 2nd Tuesday, every N months"):
 * - monthly: `FREQ=MONTHLY;BYDAY=2TU`, `FREQ=MONTHLY;BYDAY=-1FR` for the last Friday;
 * - quarterly, months three apart (the default 1,4,7,10 or e.g. 2,5,8,11):
 *   `FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU`, anchored by a DTSTART in one of those months;
 * - quarterly, months not evenly spaced (e.g. 1,5,9,12): `FREQ=YEARLY;BYMONTH=1,5,9,12;BYDAY=2TU`
 *   (an ordinal BYDAY within YEARLY counts within each BYMONTH month, RFC 5545 3.3.10).
 */
export function cadenceRrule(cadence: CadenceRule): string {
  const ordinal = cadence.week === 'last' ? '-1' : String(cadence.week);
  const byDay = `BYDAY=${ordinal}${ICAL_WEEKDAY[cadence.weekday]}`;
  if (cadence.every === 'month') return `FREQ=MONTHLY;${byDay}`;
  const months = cadenceMonths(cadence);
  const everyThird = months.length === 4 && months.every((month, index) => month === (months[0] ?? 0) + 3 * index);
  if (everyThird) return `FREQ=MONTHLY;INTERVAL=3;${byDay}`;
  return `FREQ=YEARLY;BYMONTH=${months.join(',')};${byDay}`;
}

/**
 * The series invitation (or its cancellation) as iCalendar text with CRLF line ends: one VEVENT
 * whose RRULE matches the account's EventBridge schedule, starting at the first meeting at or
 * after `now`, with the VTIMEZONE of the account's zone.
 */
export function seriesInvitation(input: SeriesInvitationInput): string {
  const { account, method, now, organizer } = input;
  if (Number.isNaN(now.getTime())) throw new RangeError('now is an Invalid Date');
  const zone = account.timezone;
  const [start] = nextOccurrences(account.cadence, zone, new Date(now.getTime() - 1), 1);
  if (start === undefined) {
    throw new RangeError(`the cadence of account ${account.id} never happens in ${zone}`);
  }
  const end = new Date(start.getTime() + account.cadence.durationMinutes * MINUTE_MS);
  const tzid = `;TZID=${paramValue(zone)}`;
  const description = input.description ?? `Our regular partnership meeting: ${describeCadence(account.cadence, zone)}.`;
  const attendeeParams = ';ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE';

  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:-//${escapeText(input.companyName)}//Partner Pulse//EN`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    ...vtimezoneLines(zone, localParts(start, zone).year),
    'BEGIN:VEVENT',
    `UID:${escapeText(seriesUid(account.id, checkedDomain(input.uidDomain)))}`,
    `SEQUENCE:${account.sequence}`,
    `DTSTAMP:${utcStamp(now)}`,
    `DTSTART${tzid}:${localStamp(start, zone)}`,
    // A local end time the clock repeats (fall back) would be read as its first instant; the
    // duration says the same thing without that ambiguity.
    endsUnambiguously(end, zone)
      ? `DTEND${tzid}:${localStamp(end, zone)}`
      : `DURATION:PT${account.cadence.durationMinutes}M`,
    `RRULE:${cadenceRrule(account.cadence)}`,
    `SUMMARY:${escapeText(`Partnership meeting: ${account.name}`)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `ORGANIZER;CN=${paramValue(organizer.name)}:${mailto(organizer.email)}`,
    ...uniqueByEmail(input.attendees).map(
      (person) => `ATTENDEE;CN=${paramValue(person.name)}${attendeeParams}:${mailto(person.email)}`,
    ),
    `STATUS:${method === 'REQUEST' ? 'CONFIRMED' : 'CANCELLED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

// ---------------------------------------------------------------------------------------------
// Values

/**
 * A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, every line break (CRLF,
 * CR or LF) written as `\n`, other control characters (which TEXT cannot hold) dropped. Nothing
 * in the result can end the content line, so no input can add a property.
 */
export function escapeText(value: string): string {
  return value.replace(/\r\n|[\r\n\\;,]|[^\P{Cc}\t]/gu, (match) => {
    switch (match) {
      case '\\':
        return '\\\\';
      case ';':
        return '\\;';
      case ',':
        return '\\,';
      case '\r\n':
      case '\r':
      case '\n':
        return '\\n';
      default:
        return '';
    }
  });
}

/**
 * A parameter value (RFC 5545 3.2): a double quote, a caret and a line break use the RFC 6868
 * escapes (`^'`, `^^`, `^n`), other control characters are dropped, and the value is quoted when it
 * holds `:`, `;` or `,`.
 */
function paramValue(value: string): string {
  const encoded = value.replace(/\r\n|[\r\n"^]|[^\P{Cc}\t]/gu, (match) => {
    switch (match) {
      case '"':
        return "^'";
      case '^':
        return '^^';
      case '\r\n':
      case '\r':
      case '\n':
        return '^n';
      default:
        return '';
    }
  });
  return /[:;,]/.test(encoded) ? `"${encoded}"` : encoded;
}

// Addresses are validated at the edge; this refuses anything that could break out of the value.
function mailto(email: string): string {
  if (!/^[^\s\p{Cc}"<>\\;,:@]+@[^\s\p{Cc}"<>\\;,:@]+$/u.test(email)) {
    throw new RangeError(`not an address an invitation can carry: ${JSON.stringify(email)}`);
  }
  return `mailto:${email}`;
}

function checkedDomain(domain: string): string {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(domain)) {
    throw new RangeError(`not a domain for a UID: ${JSON.stringify(domain)}`);
  }
  return domain;
}

function uniqueByEmail(people: readonly Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((person) => {
    const key = person.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function basicStamp(t: WallTime): string {
  return `${pad(t.year, 4)}${pad(t.month)}${pad(t.day)}T${pad(t.hour)}${pad(t.minute)}${pad(t.second)}`;
}

/** `YYYYMMDDTHHMMSSZ` */
function utcStamp(instant: Date): string {
  return `${basicStamp(wallAtOffset(instant.getTime(), 0))}Z`;
}

/** `YYYYMMDDTHHMMSS`, the wall time in `zone` (for a `TZID=` value). */
function localStamp(instant: Date, zone: string): string {
  return basicStamp(localParts(instant, zone));
}

function wallAtOffset(epochMs: number, offsetMin: number): WallTime {
  const shifted = new Date(Math.floor(epochMs / 1000) * 1000 + offsetMin * MINUTE_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

// RFC 5545 reads a repeated local time as its first instant; `end` is unambiguous unless the
// clock shows the same wall time at an earlier instant (the first pass of a repeated hour).
function endsUnambiguously(end: Date, zone: string): boolean {
  const offsetNow = offsetMinutes(end, zone);
  const offsetDayBefore = offsetMinutes(new Date(end.getTime() - DAY_MS), zone);
  if (offsetDayBefore <= offsetNow) return true;
  const earlier = new Date(end.getTime() - (offsetDayBefore - offsetNow) * MINUTE_MS);
  return localStamp(earlier, zone) !== localStamp(end, zone);
}

// ---------------------------------------------------------------------------------------------
// Folding (RFC 5545 3.1)

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Folds one content line into physical lines of at most 75 octets (UTF-8), continuation lines
 * starting with a space, joined by CRLF. It splits between characters, never inside one, and
 * never between a backslash and the character it escapes.
 */
export function foldLine(line: string): string {
  const units: string[] = [];
  let pendingBackslash = false;
  for (const char of line) {
    if (pendingBackslash) {
      units[units.length - 1] += char;
      pendingBackslash = false;
    } else {
      units.push(char);
      pendingBackslash = char === '\\';
    }
  }
  const physical: string[] = [];
  let current = '';
  let octets = 0;
  for (const unit of units) {
    let size = 0;
    for (const char of unit) size += utf8Length(char.codePointAt(0) ?? 0);
    if (octets + size > MAX_LINE_OCTETS) {
      physical.push(current);
      current = ' ';
      octets = 1;
    }
    current += unit;
    octets += size;
  }
  physical.push(current);
  return physical.join(CRLF);
}

// ---------------------------------------------------------------------------------------------
// VTIMEZONE

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
 * lists each change from `year` on for ten years (RDATE).
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
// (from 1970), then one component per kind of change, its first date as DTSTART and the rest as RDATEs.
function explicitObservances(zone: string, year: number): string[] {
  const from = Date.UTC(year, 0, 1);
  const transitions = transitionsBetween(zone, from, Date.UTC(year + EXPLICIT_DATES_YEARS, 0, 1));
  const initial = offsetMinutes(new Date(from), zone);
  const first = transitions[0];
  const initialKind = first !== undefined && first.toMinutes < first.fromMinutes ? 'DAYLIGHT' : 'STANDARD';
  const lines = observance(initialKind, initial, initial, '19700101T000000', []);
  const groups = new Map<string, Transition[]>();
  for (const transition of transitions) {
    const key = `${transition.fromMinutes} ${transition.toMinutes}`;
    groups.set(key, [...(groups.get(key) ?? []), transition]);
  }
  for (const group of groups.values()) {
    const [head, ...rest] = group;
    if (head === undefined) continue;
    const stamp = (t: Transition): string => basicStamp(wallAtOffset(t.atMs, t.fromMinutes));
    lines.push(
      ...observance(
        kindOf(head.fromMinutes, head.toMinutes),
        head.fromMinutes,
        head.toMinutes,
        stamp(head),
        rest.map((t) => `RDATE:${stamp(t)}`),
      ),
    );
  }
  return lines;
}
