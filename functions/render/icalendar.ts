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
import { cadenceMonths, describeCadence, type CadenceRule } from '#domain/cadence.ts';
import type { Account, Person } from '#domain/model.ts';
import { seriesOf, type Series } from '#domain/series.ts';
import { localParts, offsetMinutes } from '#domain/time.ts';
import { CRLF, DAY_MS, escapeText, foldLine, ICAL_WEEKDAY, localStamp, MINUTE_MS, paramValue, utcStamp } from './ical-text.ts';
import { vtimezoneLines } from './vtimezone.ts';

export type InvitationMethod = 'REQUEST' | 'CANCEL';

export interface SeriesInvitationInput {
  account: Account;
  method: InvitationMethod;
  now: Date;
  organizer: Person;
  /**
   * Everyone invited: the account's contacts and its team. Repeated addresses are listed once. `ask`
   * (default true) asks them to respond again (RSVP=TRUE, PARTSTAT=NEEDS-ACTION): only people new to
   * the series or everyone when the time changed, so an update does not undo their answers.
   */
  attendees: (Person & { ask?: boolean })[];
  /** The cleaning company, for PRODID. */
  companyName: string;
  /** The right-hand side of the UID, e.g. the sending domain. */
  uidDomain: string;
  /** Defaults to the cadence in words. */
  description?: string;
  /** The series (its UID and first meeting); defaults to the account's. */
  series?: Series;
  /** Ends the series: no meeting of it starts after this instant (RRULE UNTIL). */
  until?: Date;
}

/**
 * The UID of one series of an account's meetings; it never changes while the series lasts. A change
 * of time ends the series and starts the next one under a new UID (see `seriesAfter`).
 */
export function seriesUid(accountId: string, uidDomain: string, number = 0): string {
  return number === 0 ? `series-${accountId}@${uidDomain}` : `series-${accountId}-${number}@${uidDomain}`;
}

/** A location that is a link is where people join: it is also in the description and the email. */
export function joinLink(location: string | undefined): string | undefined {
  return location !== undefined && /^https:\/\/\S+$/.test(location) ? location : undefined;
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
 * whose RRULE matches the account's EventBridge schedule, starting at the series' first meeting
 * (so the meetings already held stay in every calendar), with the VTIMEZONE of the account's zone.
 */
export function seriesInvitation(input: SeriesInvitationInput): string {
  const { account, method, now, organizer } = input;
  if (Number.isNaN(now.getTime())) throw new RangeError('now is an Invalid Date');
  const zone = account.timezone;
  const series = input.series ?? seriesOf(account, now);
  const start = series.start;
  const end = new Date(start.getTime() + account.cadence.durationMinutes * MINUTE_MS);
  const tzid = `;TZID=${paramValue(zone)}`;
  const join = joinLink(account.location);
  const description =
    (input.description ?? `Our regular partnership meeting: ${describeCadence(account.cadence, zone)}.`) +
    (join ? `\n\nJoin: ${join}` : '');
  const until = input.until ? `;UNTIL=${utcStamp(input.until)}` : '';
  const organizerKey = organizer.email.toLowerCase();
  const attendeeParams = (person: Person & { ask?: boolean }): string => {
    // The organizer is there by definition; asking them would make their own calendar wait on them.
    if (person.email.toLowerCase() === organizerKey) return ';ROLE=CHAIR;PARTSTAT=ACCEPTED;RSVP=FALSE';
    return person.ask === false ? ';ROLE=REQ-PARTICIPANT;RSVP=FALSE' : ';ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE';
  };

  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:-//${escapeText(input.companyName)}//Partner Pulse//EN`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    ...vtimezoneLines(zone, localParts(start, zone).year),
    'BEGIN:VEVENT',
    `UID:${escapeText(seriesUid(account.id, checkedDomain(input.uidDomain), series.number))}`,
    `SEQUENCE:${account.sequence}`,
    `DTSTAMP:${utcStamp(now)}`,
    `DTSTART${tzid}:${localStamp(start, zone)}`,
    // A local end time the clock repeats (fall back) would be read as its first instant; the
    // duration says the same thing without that ambiguity.
    endsUnambiguously(end, zone)
      ? `DTEND${tzid}:${localStamp(end, zone)}`
      : `DURATION:PT${account.cadence.durationMinutes}M`,
    `RRULE:${cadenceRrule(account.cadence)}${until}`,
    `SUMMARY:${escapeText(`Partnership meeting: ${account.name}`)}`,
    ...(account.location ? [`LOCATION:${escapeText(account.location)}`] : []),
    `DESCRIPTION:${escapeText(description)}`,
    `ORGANIZER;CN=${paramValue(organizer.name)}:${mailto(organizer.email)}`,
    ...uniqueByEmail(input.attendees).map(
      (person) => `ATTENDEE;CN=${paramValue(person.name)}${attendeeParams(person)}:${mailto(person.email)}`,
    ),
    `STATUS:${method === 'REQUEST' ? 'CONFIRMED' : 'CANCELLED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
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

function uniqueByEmail<T extends Person>(people: readonly T[]): T[] {
  const seen = new Set<string>();
  return people.filter((person) => {
    const key = person.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
