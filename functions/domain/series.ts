// The calendar series of an account's meetings: which series is in force, when a change starts a new
// one, who must be asked to respond again, and what changed, in words. Pure: "now" is a parameter.
import { nextOccurrences, WEEKDAY_NAMES } from './cadence.ts';
import type { Account, Cadence, Contact, Weekday } from './model.ts';

export interface Series {
  number: number;
  start: Date;
}

const SHORT_WEEKDAY: Record<Weekday, string> = { MON: 'Mon', TUE: 'Tue', WED: 'Wed', THU: 'Thu', FRI: 'Fri', SAT: 'Sat', SUN: 'Sun' };
const ORDINAL: Record<Cadence['week'], string> = { 1: '1st', 2: '2nd', 3: '3rd', 4: '4th', last: 'last' };

/**
 * Contacts who are in the meeting series: everyone but those whose address fails (bounced) or who
 * marked our email as spam. Unsubscribing is from surveys only: the person stays in the meeting.
 */
export function meetingContacts(account: Pick<Account, 'contacts'>): Contact[] {
  return account.contacts.filter((contact) => contact.status === 'active' || contact.status === 'unsubscribed');
}

/** The first meeting at or after `now`. */
export function firstMeetingFrom(account: Pick<Account, 'cadence' | 'timezone' | 'id'>, now: Date): Date {
  const [start] = nextOccurrences(account.cadence, account.timezone, new Date(now.getTime() - 1), 1);
  if (start === undefined) throw new RangeError(`the cadence of account ${account.id} never happens in ${account.timezone}`);
  return start;
}

/**
 * The series in force. An account stored before series were kept, or whose stored start is no
 * meeting of its cadence (written around `applyChange`), starts at its next meeting.
 */
export function seriesOf(account: Account, now: Date): Series {
  const number = account.series?.number ?? 0;
  if (account.series) {
    const start = new Date(account.series.start);
    if (firstMeetingFrom(account, start).getTime() === start.getTime()) return { number, start };
  }
  return { number, start: firstMeetingFrom(account, now) };
}

/** Whether the meetings moved: another day, time, length or zone. */
export function timeChanged(before: Pick<Account, 'cadence' | 'timezone'>, after: Pick<Account, 'cadence' | 'timezone'>): boolean {
  return before.timezone !== after.timezone || JSON.stringify(before.cadence) !== JSON.stringify(after.cadence);
}

/**
 * The series after a change. A change of time with meetings already held starts a new series (a new
 * UID) from the next meeting, and the old one is ended; without past meetings the one series moves.
 */
export function seriesAfter(before: Account, after: Account, now: Date): Series {
  const current = seriesOf(before, now);
  if (!timeChanged(before, after)) return current;
  const start = firstMeetingFrom(after, now);
  return current.start.getTime() < now.getTime() ? { number: current.number + 1, start } : { number: current.number, start };
}

/** "CT", "ET" where people say so, else "Berlin time", "Casablanca time": never a raw zone id. */
export function zoneLabel(timezone: string, at: Date): string {
  const generic = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'shortGeneric' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  if (generic !== undefined && /^[A-Z]{2,4}$/.test(generic)) return generic;
  const city = timezone.split('/').at(-1)?.replace(/_/g, ' ') ?? timezone;
  return timezone === 'UTC' || timezone === 'Etc/UTC' ? 'UTC' : `${city} time`;
}

/** "2nd Tue, 10:00 CT", for subjects. */
export function cadenceShort(cadence: Cadence, timezone: string, at: Date): string {
  return `${ORDINAL[cadence.week]} ${SHORT_WEEKDAY[cadence.weekday]}, ${cadence.time} ${zoneLabel(timezone, at)}`;
}

/** "the 2nd Wednesday at 09:30", for sentences. */
export function cadenceInSentence(cadence: Cadence): string {
  return `the ${ORDINAL[cadence.week]} ${WEEKDAY_NAMES[cadence.weekday]} at ${cadence.time}`;
}

function dayInWords(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: timezone, month: 'long', day: 'numeric' }).format(instant);
}

/** What changed for the people invited, one sentence each, e.g. "Now the 2nd Wednesday at 09:30, from March 10." */
export function seriesChanges(before: Account, after: Account, now: Date): string[] {
  const changes: string[] = [];
  if (timeChanged(before, after)) {
    const start = firstMeetingFrom(after, now);
    const zone = before.timezone === after.timezone ? '' : ` (${zoneLabel(after.timezone, start)})`;
    const length =
      before.cadence.durationMinutes === after.cadence.durationMinutes ? '' : `, ${after.cadence.durationMinutes} minutes`;
    changes.push(`Now ${cadenceInSentence(after.cadence)}${zone}${length}, from ${dayInWords(start, after.timezone)}.`);
  }
  if ((before.location ?? '') !== (after.location ?? '')) {
    changes.push(after.location ? `Now at ${after.location}.` : 'No longer at a set place; we will send the details.');
  }
  if (before.name !== after.name) changes.push(`The account is now called ${after.name}.`);
  if (JSON.stringify(before.team.accountManager) !== JSON.stringify(after.team.accountManager)) {
    changes.push(`${after.team.accountManager.name} now runs these meetings.`);
  }
  const had = new Set(meetingContacts(before).map((c) => c.email));
  const has = new Set(meetingContacts(after).map((c) => c.email));
  const joined = meetingContacts(after).filter((c) => !had.has(c.email));
  const left = meetingContacts(before).filter((c) => !has.has(c.email));
  if (joined.length > 0) changes.push(`Joining: ${joined.map((c) => c.name).join(', ')}.`);
  if (left.length > 0) changes.push(`No longer invited: ${left.map((c) => c.name).join(', ')}.`);
  if (before.status !== 'active' && after.status === 'active') changes.push('The meetings resume.');
  return changes;
}
