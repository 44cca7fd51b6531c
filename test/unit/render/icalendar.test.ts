import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { nextOccurrences, occurrencesBetween } from '#domain/cadence.ts';
import { escapeText, foldLine } from '#render/ical-text.ts';
import { calendarContentType, cadenceRrule, seriesInvitation, seriesUid, type SeriesInvitationInput } from '#render/icalendar.ts';
import { vtimezoneLines } from '#render/vtimezone.ts';
import type { Account, Cadence, Person } from '#domain/model.ts';
import { localParts, offsetMinutes } from '#domain/time.ts';
import { buildAccount } from '#test/support/fixtures.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const TWO_YEARS_MS = 2 * 366 * 86_400_000;

const dana: Person = { name: 'Dana Reyes', email: 'dana@sparkle.example' };
const luis: Person = { name: 'Luis Ortega', email: 'luis@sparkle.example' };
const morgan: Person = { name: 'Morgan Lee', email: 'morgan@acmetower.example' };

function accountWith(overrides: Partial<Account> = {}): Account {
  return { ...buildAccount(), id: 'acct-42', ...overrides };
}

function invitation(overrides: Partial<SeriesInvitationInput> = {}): string {
  return seriesInvitation({
    account: accountWith(),
    method: 'REQUEST',
    now: NOW,
    organizer: dana,
    attendees: [morgan, dana, luis],
    companyName: 'Sparkle Cleaning',
    uidDomain: 'sparkle.example',
    ...overrides,
  });
}

function parse(text: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(text) as unknown[]);
}

function vevent(text: string): ICAL.Component {
  const event = parse(text).getFirstSubcomponent('vevent');
  if (event === null) throw new Error('no VEVENT');
  return event;
}

function vtimezone(text: string): ICAL.Component {
  const zone = parse(text).getFirstSubcomponent('vtimezone');
  if (zone === null) throw new Error('no VTIMEZONE');
  return zone;
}

function text(component: ICAL.Component, name: string): string {
  return String(component.getFirstPropertyValue(name));
}

const registered: string[] = [];

afterEach(() => {
  for (const tzid of registered.splice(0)) ICAL.TimezoneService.remove(tzid);
});

/** Expands the emitted RRULE with ical.js, using the emitted VTIMEZONE, to UTC ISO strings. */
function expandWithParser(ics: string, until: Date): { instants: string[]; zoneUsed: string } {
  const zone = vtimezone(ics);
  ICAL.TimezoneService.register(zone);
  registered.push(text(zone, 'tzid'));
  const event = new ICAL.Event(vevent(ics));
  const iterator = event.iterator();
  const instants: string[] = [];
  for (let next = iterator.next(); next && next.toJSDate() < until; next = iterator.next()) {
    instants.push(next.toJSDate().toISOString());
  }
  return { instants, zoneUsed: event.startDate.zone?.tzid ?? '' };
}

const monthly = (week: Cadence['week'], weekday: Cadence['weekday'], time: string): Cadence => ({
  every: 'month',
  week,
  weekday,
  time,
  durationMinutes: 60,
});

const quarterly = (
  week: Cadence['week'],
  weekday: Cadence['weekday'],
  time: string,
  months?: number[],
): Cadence => ({ every: 'quarter', week, weekday, time, durationMinutes: 45, ...(months ? { months } : {}) });

describe('seriesInvitation', () => {
  it('produces a calendar that an independent parser reads, with the iTIP header', () => {
    // Prepare
    const ics = invitation();

    // Act
    const calendar = parse(ics);

    // Assess
    expect(calendar.name).toBe('vcalendar');
    expect(text(calendar, 'prodid')).toBe('-//Sparkle Cleaning//Partner Pulse//EN');
    expect(text(calendar, 'version')).toBe('2.0');
    expect(text(calendar, 'calscale')).toBe('GREGORIAN');
    expect(text(calendar, 'method')).toBe('REQUEST');
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(1);
  });

  it('keeps one UID for the series and carries the account sequence', () => {
    // Prepare
    const first = accountWith({ sequence: 3 });
    const changed = accountWith({ sequence: 4, cadence: monthly(3, 'THU', '15:00') });

    // Act
    const before = vevent(invitation({ account: first }));
    const after = vevent(invitation({ account: changed }));

    // Assess
    expect(text(before, 'uid')).toBe('series-acct-42@sparkle.example');
    expect(text(after, 'uid')).toBe(text(before, 'uid'));
    expect(seriesUid('acct-42', 'sparkle.example')).toBe(text(before, 'uid'));
    expect(before.getFirstPropertyValue('sequence')).toBe(3);
    expect(after.getFirstPropertyValue('sequence')).toBe(4);
  });

  it('names the organizer and invites every attendee once, asking each but the organizer to reply', () => {
    // Prepare
    const attendees = [morgan, dana, luis, { name: 'Dana again', email: 'DANA@sparkle.example' }];

    // Act
    const event = vevent(invitation({ attendees }));

    // Assess
    const organizer = event.getFirstProperty('organizer');
    expect(organizer?.getFirstValue()).toBe('mailto:dana@sparkle.example');
    expect(organizer?.getParameter('cn')).toBe('Dana Reyes');
    const listed = event.getAllProperties('attendee').map((attendee) => ({
      address: attendee.getFirstValue(),
      cn: attendee.getParameter('cn'),
      role: attendee.getParameter('role'),
      partstat: attendee.getParameter('partstat'),
      rsvp: attendee.getParameter('rsvp'),
    }));
    const invited = { role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION', rsvp: 'TRUE' };
    expect(listed).toEqual([
      { address: 'mailto:morgan@acmetower.example', cn: 'Morgan Lee', ...invited },
      { address: 'mailto:dana@sparkle.example', cn: 'Dana Reyes', role: 'CHAIR', partstat: 'ACCEPTED', rsvp: 'FALSE' },
      { address: 'mailto:luis@sparkle.example', cn: 'Luis Ortega', ...invited },
    ]);
    expect(text(event, 'status')).toBe('CONFIRMED');
  });

  it('cancels the same series with METHOD:CANCEL and STATUS:CANCELLED', () => {
    // Prepare
    const account = accountWith({ sequence: 5 });

    // Act
    const request = invitation({ account: accountWith({ sequence: 4 }) });
    const cancel = invitation({ account, method: 'CANCEL' });

    // Assess
    expect(text(parse(cancel), 'method')).toBe('CANCEL');
    expect(text(vevent(cancel), 'status')).toBe('CANCELLED');
    expect(text(vevent(cancel), 'uid')).toBe(text(vevent(request), 'uid'));
    expect(vevent(cancel).getFirstPropertyValue('sequence')).toBe(5);
    expect(calendarContentType('CANCEL')).toBe('text/calendar; charset=UTF-8; method=CANCEL');
  });

  it('starts at the first meeting at or after now, in the account timezone, and stamps now in UTC', () => {
    // Prepare: the 2nd Tuesday of December 2026 at 10:00 Chicago (CST) is 16:00 UTC.
    const account = accountWith({ cadence: { ...monthly(2, 'TUE', '10:00'), durationMinutes: 90 } });
    const exactlyAtAMeeting = new Date('2026-12-08T16:00:00Z');

    // Act
    const ics = invitation({ account });
    const atMeeting = invitation({ account, now: exactlyAtAMeeting });

    // Assess
    expect(ics).toContain('\r\nDTSTAMP:20261123T120000Z\r\n');
    expect(ics).toContain('\r\nDTSTART;TZID=America/Chicago:20261208T100000\r\n');
    expect(ics).toContain('\r\nDTEND;TZID=America/Chicago:20261208T113000\r\n');
    expect(atMeeting).toContain('\r\nDTSTART;TZID=America/Chicago:20261208T100000\r\n');
    const event = new ICAL.Event(vevent(ics));
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-08T16:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-08T17:30:00.000Z');
  });

  it('starts at the next meeting that exists when the first one falls into a DST gap', () => {
    // Prepare: 2nd Sunday 02:30 in Chicago; on 2027-03-14 the clock jumps from 02:00 to 03:00.
    const account = accountWith({ cadence: monthly(2, 'SUN', '02:30') });
    const now = new Date('2027-03-01T12:00:00Z');

    // Act
    const ics = invitation({ account, now });

    // Assess
    expect(ics).toContain('\r\nDTSTART;TZID=America/Chicago:20270411T023000\r\n');
    expect(nextOccurrences(account.cadence, account.timezone, now, 1)[0]?.toISOString()).toBe(
      '2027-04-11T07:30:00.000Z',
    );
  });

  it('gives the length as a DURATION when the local end time is the second pass of a repeated hour', () => {
    // Prepare: 1st Sunday 01:30 in Chicago; on 2026-11-01 01:30 CDT + 60 min is 01:30 CST, which
    // a calendar would read as the first 01:30.
    const account = accountWith({ cadence: monthly(1, 'SUN', '01:30') });
    const now = new Date('2026-10-20T12:00:00Z');

    // Act
    const ics = invitation({ account, now });

    // Assess
    expect(ics).toContain('\r\nDTSTART;TZID=America/Chicago:20261101T013000\r\n');
    expect(ics).toContain('\r\nDURATION:PT60M\r\n');
    expect(ics).not.toContain('DTEND');
  });

  it.each([
    {
      name: 'monthly on the 2nd Tuesday at 10:00 in America/Chicago',
      timezone: 'America/Chicago',
      cadence: monthly(2, 'TUE', '10:00'),
      rrule: 'FREQ=MONTHLY;BYDAY=2TU',
    },
    {
      name: 'quarterly on the last Friday of Feb, May, Aug and Nov at 09:30 in Australia/Sydney',
      timezone: 'Australia/Sydney',
      cadence: quarterly('last', 'FRI', '09:30', [2, 5, 8, 11]),
      rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR',
    },
    {
      name: 'monthly on the 1st Monday at 08:00 in Asia/Kolkata',
      timezone: 'Asia/Kolkata',
      cadence: monthly(1, 'MON', '08:00'),
      rrule: 'FREQ=MONTHLY;BYDAY=1MO',
    },
    {
      name: 'quarterly on the 3rd Wednesday of the default months at 14:00 in Europe/Berlin',
      timezone: 'Europe/Berlin',
      cadence: quarterly(3, 'WED', '14:00'),
      rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=3WE',
    },
    {
      name: 'quarterly on the 4th Thursday of uneven months at 07:15 in America/New_York',
      timezone: 'America/New_York',
      cadence: quarterly(4, 'THU', '07:15', [1, 5, 9, 12]),
      rrule: 'FREQ=YEARLY;BYMONTH=1,5,9,12;BYDAY=4TH',
    },
  ])('repeats $name exactly as the schedule does for two years', ({ timezone, cadence, rrule }) => {
    // Prepare
    const account = accountWith({ timezone, cadence });
    const until = new Date(NOW.getTime() + TWO_YEARS_MS);
    const expected = occurrencesBetween(cadence, timezone, NOW, until).map((date) => date.toISOString());

    // Act
    const ics = invitation({ account });
    const { instants, zoneUsed } = expandWithParser(ics, until);

    // Assess
    expect(text(vevent(ics), 'rrule')).toBe(rrule);
    expect(zoneUsed).toBe(timezone);
    expect(expected.length).toBeGreaterThanOrEqual(8);
    expect(instants).toEqual(expected);
  });

  it('round-trips a long name full of commas, semicolons, emoji and a newline, folding every line to 75 octets', () => {
    // Prepare
    const hostile =
      'Tower; "East", Wing\\B 🏢🧹 Ünïcødé — façade, lobby; 日本語の名前\nATTENDEE:mailto:evil@attacker.example\r\nX-INJECTED:1 ';
    const name = (hostile + 'é,😀;'.repeat(40)).slice(0, 200);
    const account = accountWith({ name });
    const contact = { name, email: 'morgan@acmetower.example' };

    // Act
    const ics = invitation({ account, attendees: [contact], description: `About ${name}` });

    // Assess
    const event = vevent(ics);
    expect(name).toHaveLength(200);
    expect(text(event, 'summary')).toBe(`Partnership meeting: ${name.replace(/\r\n/g, '\n')}`);
    expect(text(event, 'description')).toBe(`About ${name.replace(/\r\n/g, '\n')}`);
    const attendees = event.getAllProperties('attendee');
    expect(attendees).toHaveLength(1);
    expect(attendees[0]?.getParameter('cn')).toBe(name.replace(/\r\n/g, '\n'));
    expect(event.getFirstProperty('x-injected')).toBeNull();
    expect(ics.endsWith('\r\n')).toBe(true);
    const physical = ics.slice(0, -2).split('\r\n');
    for (const line of physical) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toMatch(/[\r\n]/);
      expect(line).not.toMatch(/[\uD800-\uDBFF]$|^ ?[\uDC00-\uDFFF]/);
    }
    expect(physical.filter((line) => /^(ATTENDEE|X-INJECTED)[:;]/.test(line))).toHaveLength(1);
    const summary = ics.replace(/\r\n /g, '').split('\r\n').find((line) => line.startsWith('SUMMARY:')) ?? '';
    const bare = (summary.slice('SUMMARY:'.length).match(/\\.|[;,]/gu) ?? []).filter((token) => token.length === 1);
    expect(bare).toEqual([]);
  });

  it('quotes a parameter value holding a colon, a semicolon or a comma', () => {
    // Prepare
    const organizer = { name: 'Reyes, Dana: AM; North', email: 'dana@sparkle.example' };

    // Act
    const ics = invitation({ organizer });

    // Assess
    expect(ics).toContain('ORGANIZER;CN="Reyes, Dana: AM; North":mailto:dana@sparkle.example\r\n');
    expect(vevent(ics).getFirstProperty('organizer')?.getParameter('cn')).toBe('Reyes, Dana: AM; North');
  });

  it('refuses an address or a UID domain that could break out of its value', () => {
    // Prepare
    const badAddress = { name: 'Eve', email: 'eve@x.example\r\nATTENDEE:mailto:x@y.example' };

    // Act
    const withBadAddress = () => invitation({ attendees: [badAddress] });
    const withBadDomain = () => invitation({ uidDomain: 'sparkle.example\nX:1' });

    // Assess
    expect(withBadAddress).toThrow(RangeError);
    expect(withBadDomain).toThrow(RangeError);
  });
});

describe('cadenceRrule', () => {
  it.each([
    { cadence: monthly(2, 'TUE', '10:00'), rrule: 'FREQ=MONTHLY;BYDAY=2TU' },
    { cadence: monthly('last', 'FRI', '10:00'), rrule: 'FREQ=MONTHLY;BYDAY=-1FR' },
    { cadence: quarterly(2, 'TUE', '10:00'), rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU' },
    { cadence: quarterly(1, 'SUN', '10:00', [12, 3, 9, 6]), rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=1SU' },
    { cadence: quarterly('last', 'MON', '10:00', [2, 4, 9, 12]), rrule: 'FREQ=YEARLY;BYMONTH=2,4,9,12;BYDAY=-1MO' },
  ])('writes $rrule', ({ cadence, rrule }) => {
    // Act
    const written = cadenceRrule(cadence);

    // Assess
    expect(written).toBe(rrule);
  });
});

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and every line break, and drops other control characters', () => {
    // Prepare
    const raw = 'a\\b;c,d\ne\r\nf\rg\u0007h\ti\u0085j';

    // Act
    const escaped = escapeText(raw);

    // Assess
    expect(escaped).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ngh\tij');
  });
});

describe('foldLine', () => {
  it('leaves a line of exactly 75 octets whole and folds a longer one', () => {
    // Prepare
    const exact = 'X'.repeat(75);
    const longer = 'X'.repeat(76);

    // Act
    const kept = foldLine(exact);
    const folded = foldLine(longer);

    // Assess
    expect(kept).toBe(exact);
    expect(folded).toBe(`${'X'.repeat(75)}\r\n X`);
  });

  it('never splits a multi-byte character or an escape sequence', () => {
    // Prepare: 74 ASCII octets, then a 4-octet emoji; then an escape at the fold.
    const emoji = `${'a'.repeat(74)}😀b`;
    const escape = `${'a'.repeat(74)}\\,b`;

    // Act
    const foldedEmoji = foldLine(emoji);
    const foldedEscape = foldLine(escape);

    // Assess
    expect(foldedEmoji).toBe(`${'a'.repeat(74)}\r\n 😀b`);
    expect(foldedEscape).toBe(`${'a'.repeat(74)}\r\n \\,b`);
  });
});

describe('the VTIMEZONE', () => {
  const SCAN_STEP_MS = 3_600_000;

  /** Transitions by Intl over [from, to), to the second. */
  function intlTransitions(zone: string, from: Date, to: Date): { at: number; from: number; to: number }[] {
    const found: { at: number; from: number; to: number }[] = [];
    const offsetAt = (ms: number): number => offsetMinutes(new Date(ms), zone);
    for (let t = from.getTime(); t < to.getTime(); t += SCAN_STEP_MS) {
      if (offsetAt(t) === offsetAt(t + SCAN_STEP_MS)) continue;
      let low = t;
      let high = t + SCAN_STEP_MS;
      while (high - low > 1000) {
        const middle = Math.floor((low + high) / 2000) * 1000;
        if (offsetAt(middle) === offsetAt(low)) low = middle;
        else high = middle;
      }
      found.push({ at: high, from: offsetAt(low), to: offsetAt(high) });
    }
    return found;
  }

  /** The instant ical.js gives the wall time Intl shows at `instant`, read with the emitted VTIMEZONE. */
  function parserInstant(zone: ICAL.Timezone, instant: Date, timezone: string): string {
    const p = localParts(instant, timezone);
    const local = ICAL.Time.fromData(
      { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second, isDate: false },
      zone,
    );
    return local.toJSDate().toISOString();
  }

  it.each([
    { timezone: 'Australia/Sydney', rules: ['STANDARD 4 1SU', 'DAYLIGHT 10 1SU'] },
    { timezone: 'Europe/Berlin', rules: ['DAYLIGHT 3 -1SU', 'STANDARD 10 -1SU'] },
    { timezone: 'America/Chicago', rules: ['DAYLIGHT 3 2SU', 'STANDARD 11 1SU'] },
    { timezone: 'Asia/Kolkata', rules: ['STANDARD'] },
  ])('describes $timezone with yearly rules $rules', ({ timezone, rules }) => {
    // Act
    const zone = vtimezone(invitation({ account: accountWith({ timezone }) }));

    // Assess
    expect(text(zone, 'tzid')).toBe(timezone);
    const described = zone.getAllSubcomponents().map((observance) => {
      const rrule = observance.getFirstPropertyValue('rrule') as ICAL.Recur | null;
      if (rrule === null) return observance.name.toUpperCase();
      return `${observance.name.toUpperCase()} ${rrule.parts.BYMONTH?.join(',')} ${rrule.parts.BYDAY?.join(',')}`;
    });
    expect(described).toEqual(rules);
  });

  it.each(['Australia/Sydney', 'Europe/Berlin', 'America/Chicago', 'Asia/Kolkata', 'Asia/Jerusalem', 'America/Santiago'])(
    'gives %s the offsets Intl gives, either side of every transition for two years',
    (timezone) => {
      // Prepare
      const component = vtimezone(invitation({ account: accountWith({ timezone }) }));
      const zone = new ICAL.Timezone(component);
      const until = new Date(NOW.getTime() + TWO_YEARS_MS);
      const transitions = intlTransitions(timezone, NOW, until);
      // Around a fall back the wall times of the repeated hour are ambiguous; check just outside it.
      const probes = transitions.flatMap(({ at, from, to }) => {
        const repeated = Math.max(0, from - to) * 60_000;
        return [at - repeated - 1000, at + repeated, at - 86_400_000, at + 86_400_000].map((ms) => new Date(ms));
      });
      probes.push(NOW, until);

      // Act
      const read = probes.map((instant) => parserInstant(zone, instant, timezone));

      // Assess
      expect(transitions.length).toBe(timezone === 'Asia/Kolkata' ? 0 : 4);
      expect(read).toEqual(probes.map((instant) => instant.toISOString()));
    },
  );

  it.each(['Australia/Sydney', 'Europe/Berlin', 'America/Chicago', 'Asia/Kolkata', 'Asia/Jerusalem', 'America/Santiago'])(
    'places every transition of %s at the instant Intl does, for two years',
    (timezone) => {
      // Prepare
      const component = vtimezone(invitation({ account: accountWith({ timezone }) }));
      const until = new Date(NOW.getTime() + TWO_YEARS_MS);
      const expected = intlTransitions(timezone, NOW, until);

      // Act: each observance's onsets (DTSTART, RRULE, RDATE) in its local time, less TZOFFSETFROM.
      const onsets = component.getAllSubcomponents().flatMap((observance) => {
        const from = (observance.getFirstPropertyValue('tzoffsetfrom') as ICAL.UtcOffset).toSeconds() / 60;
        const to = (observance.getFirstPropertyValue('tzoffsetto') as ICAL.UtcOffset).toSeconds() / 60;
        const start = observance.getFirstPropertyValue('dtstart') as ICAL.Time;
        const locals = [start, ...observance.getAllProperties('rdate').map((rdate) => rdate.getFirstValue() as ICAL.Time)];
        const rrule = observance.getFirstPropertyValue('rrule') as ICAL.Recur | null;
        if (rrule !== null) {
          const iterator = rrule.iterator(start);
          for (let next = iterator.next(); next && next.year <= until.getUTCFullYear() + 1; next = iterator.next()) {
            locals.push(next.clone());
          }
        }
        const utcOf = (t: ICAL.Time): number =>
          Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - from * 60_000;
        return locals.map((t) => ({ at: utcOf(t), from, to }));
      });
      const inRange = onsets
        .filter(({ at, from, to }) => from !== to && at >= NOW.getTime() && at < until.getTime())
        .sort((a, b) => a.at - b.at);

      // Assess
      expect(inRange).toEqual(expected);
    },
  );

  it('is the same text for the same zone and year', () => {
    // Act
    const first = vtimezoneLines('Australia/Sydney', 2027);
    const second = vtimezoneLines('Australia/Sydney', 2027);

    // Assess
    expect(second).toEqual(first);
    expect(first[0]).toBe('BEGIN:VTIMEZONE');
    expect(first.at(-1)).toBe('END:VTIMEZONE');
  });
});
