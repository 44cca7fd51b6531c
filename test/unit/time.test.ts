import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  atExpression,
  atOrSoon,
  daysInMonth,
  formatLocal,
  isLeapYear,
  isoMinute,
  isoWeekday,
  isWithinBusinessHours,
  localParts,
  localToUtc,
  localToUtcCompatible,
  nextBusinessHours,
  offsetMinutes,
  parseHhMm,
  resolveLocal,
  type LocalDateTime,
} from '#domain/time.ts';

const at = (year: number, month: number, day: number, hour: number, minute: number): LocalDateTime => ({
  year,
  month,
  day,
  hour,
  minute,
});

describe('resolveLocal', () => {
  it.each([
    { name: 'an ordinary summer time in Chicago', zone: 'America/Chicago', local: at(2027, 7, 1, 12, 0), instant: '2027-07-01T17:00:00.000Z' },
    { name: 'the last minute before the Chicago spring-forward gap', zone: 'America/Chicago', local: at(2027, 3, 14, 1, 59), instant: '2027-03-14T07:59:00.000Z' },
    { name: 'the first minute after the Chicago spring-forward gap', zone: 'America/Chicago', local: at(2027, 3, 14, 3, 0), instant: '2027-03-14T08:00:00.000Z' },
    { name: 'the first minute after the Chicago fall-back overlap', zone: 'America/Chicago', local: at(2027, 11, 7, 2, 0), instant: '2027-11-07T08:00:00.000Z' },
    { name: 'a time in Kolkata on the day Chicago springs forward', zone: 'Asia/Kolkata', local: at(2027, 3, 14, 2, 30), instant: '2027-03-13T21:00:00.000Z' },
    { name: 'a half-hour-offset time in Kathmandu', zone: 'Asia/Kathmandu', local: at(2027, 6, 1, 9, 0), instant: '2027-06-01T03:15:00.000Z' },
  ])('finds exactly one instant for $name', ({ zone, local, instant }) => {
    // Act
    const resolution = resolveLocal(local, zone);

    // Assess
    expect(resolution).toEqual({ kind: 'unique', instant: new Date(instant) });
  });

  it.each([
    { name: '02:00 on the Chicago spring-forward Sunday', zone: 'America/Chicago', local: at(2027, 3, 14, 2, 0) },
    { name: '02:30 on the Chicago spring-forward Sunday', zone: 'America/Chicago', local: at(2027, 3, 14, 2, 30) },
    { name: '02:30 on the Berlin spring-forward Sunday', zone: 'Europe/Berlin', local: at(2027, 3, 28, 2, 30) },
    { name: '02:30 on the Sydney spring-forward Sunday in October', zone: 'Australia/Sydney', local: at(2027, 10, 3, 2, 30) },
  ])('reports a gap for $name', ({ zone, local }) => {
    // Act
    const resolution = resolveLocal(local, zone);

    // Assess
    expect(resolution).toEqual({ kind: 'gap' });
  });

  it.each([
    { name: '01:00 on the Chicago fall-back Sunday', zone: 'America/Chicago', local: at(2027, 11, 7, 1, 0), earlier: '2027-11-07T06:00:00.000Z', later: '2027-11-07T07:00:00.000Z' },
    { name: '01:30 on the Chicago fall-back Sunday', zone: 'America/Chicago', local: at(2027, 11, 7, 1, 30), earlier: '2027-11-07T06:30:00.000Z', later: '2027-11-07T07:30:00.000Z' },
    { name: '02:30 on the Berlin fall-back Sunday', zone: 'Europe/Berlin', local: at(2027, 10, 31, 2, 30), earlier: '2027-10-31T00:30:00.000Z', later: '2027-10-31T01:30:00.000Z' },
    { name: '02:30 on the Sydney fall-back Sunday in April', zone: 'Australia/Sydney', local: at(2027, 4, 4, 2, 30), earlier: '2027-04-03T15:30:00.000Z', later: '2027-04-03T16:30:00.000Z' },
  ])('finds both instants of $name', ({ zone, local, earlier, later }) => {
    // Act
    const resolution = resolveLocal(local, zone);

    // Assess
    expect(resolution).toEqual({ kind: 'ambiguous', earlier: new Date(earlier), later: new Date(later) });
  });

  it.each([
    { name: 'the 29th of February in a common year', local: at(2027, 2, 29, 10, 0) },
    { name: 'the 31st of April', local: at(2027, 4, 31, 10, 0) },
    { name: 'hour 24', local: at(2027, 1, 1, 24, 0) },
    { name: 'month 13', local: at(2027, 13, 1, 10, 0) },
  ])('rejects $name', ({ local }) => {
    // Act
    const act = () => resolveLocal(local, 'UTC');

    // Assess
    expect(act).toThrow(RangeError);
  });
});

describe('localToUtc', () => {
  it.each([
    { name: 'gives nothing for a time the clock skips', zone: 'America/Chicago', local: at(2027, 3, 14, 2, 30), instant: undefined },
    { name: 'gives the earlier instant for a time the clock repeats', zone: 'America/Chicago', local: at(2027, 11, 7, 1, 30), instant: '2027-11-07T06:30:00.000Z' },
    { name: 'gives the only instant of an ordinary time', zone: 'Europe/Berlin', local: at(2027, 1, 15, 9, 0), instant: '2027-01-15T08:00:00.000Z' },
  ])('$name', ({ zone, local, instant }) => {
    // Act
    const result = localToUtc(local, zone);

    // Assess
    expect(result?.toISOString()).toBe(instant);
  });
});

describe('localToUtcCompatible', () => {
  it.each([
    { name: 'moves 02:30 in the Chicago gap to 03:30 CDT', zone: 'America/Chicago', local: at(2027, 3, 14, 2, 30), instant: '2027-03-14T08:30:00.000Z' },
    { name: 'moves 02:30 in the Berlin gap to 03:30 CEST', zone: 'Europe/Berlin', local: at(2027, 3, 28, 2, 30), instant: '2027-03-28T01:30:00.000Z' },
    { name: 'moves 02:30 in the Sydney gap to 03:30 AEDT', zone: 'Australia/Sydney', local: at(2027, 10, 3, 2, 30), instant: '2027-10-02T16:30:00.000Z' },
    { name: 'keeps the earlier instant of a repeated time', zone: 'Australia/Sydney', local: at(2027, 4, 4, 2, 30), instant: '2027-04-03T15:30:00.000Z' },
  ])('$name', ({ zone, local, instant }) => {
    // Act
    const result = localToUtcCompatible(local, zone);

    // Assess
    expect(result.toISOString()).toBe(instant);
  });
});

describe('offsetMinutes', () => {
  it.each([
    { zone: 'America/Chicago', instant: '2027-01-15T12:00:00Z', offset: -360 },
    { zone: 'America/Chicago', instant: '2027-07-15T12:00:00Z', offset: -300 },
    { zone: 'Europe/Berlin', instant: '2027-01-15T12:00:00Z', offset: 60 },
    { zone: 'Europe/Berlin', instant: '2027-07-15T12:00:00Z', offset: 120 },
    { zone: 'Australia/Sydney', instant: '2027-01-15T12:00:00Z', offset: 660 },
    { zone: 'Australia/Sydney', instant: '2027-07-15T12:00:00Z', offset: 600 },
    { zone: 'Asia/Kolkata', instant: '2027-07-15T12:00:00Z', offset: 330 },
    { zone: 'Asia/Kathmandu', instant: '2027-07-15T12:00:00Z', offset: 345 },
    { zone: 'UTC', instant: '2027-07-15T12:00:00Z', offset: 0 },
  ])('is $offset minutes in $zone at $instant', ({ zone, instant, offset }) => {
    // Act
    const result = offsetMinutes(new Date(instant), zone);

    // Assess
    expect(result).toBe(offset);
  });
});

describe('localParts', () => {
  it.each([
    {
      name: 'New Year 05:00 UTC is still 23:00 on Thursday 31 December in Chicago',
      instant: '2027-01-01T05:00:00Z',
      zone: 'America/Chicago',
      parts: { year: 2026, month: 12, day: 31, hour: 23, minute: 0, second: 0, weekday: 4 },
    },
    {
      name: 'midnight is hour 0, not 24',
      instant: '2027-01-01T00:00:00Z',
      zone: 'UTC',
      parts: { year: 2027, month: 1, day: 1, hour: 0, minute: 0, second: 0, weekday: 5 },
    },
    {
      name: 'Sunday 23:30 UTC is Monday 08:30 in Tokyo',
      instant: '2027-01-10T23:30:15Z',
      zone: 'Asia/Tokyo',
      parts: { year: 2027, month: 1, day: 11, hour: 8, minute: 30, second: 15, weekday: 1 },
    },
  ])('shows that $name', ({ instant, zone, parts }) => {
    // Act
    const result = localParts(new Date(instant), zone);

    // Assess
    expect(result).toEqual(parts);
  });

  it('rejects an invalid date', () => {
    // Act
    const act = () => localParts(new Date('not a date'), 'UTC');

    // Assess
    expect(act).toThrow(RangeError);
  });
});

describe('calendar helpers', () => {
  it.each([
    { year: 2027, month: 1, days: 31 },
    { year: 2027, month: 2, days: 28 },
    { year: 2028, month: 2, days: 29 },
    { year: 2100, month: 2, days: 28 },
    { year: 2000, month: 2, days: 29 },
    { year: 2027, month: 4, days: 30 },
    { year: 2027, month: 9, days: 30 },
    { year: 2027, month: 12, days: 31 },
  ])('counts $days days in month $month of $year', ({ year, month, days }) => {
    // Act
    const result = daysInMonth(year, month);

    // Assess
    expect(result).toBe(days);
  });

  it.each([
    { year: 2027, leap: false },
    { year: 2028, leap: true },
    { year: 2100, leap: false },
    { year: 2000, leap: true },
  ])('knows that $year is a leap year: $leap', ({ year, leap }) => {
    // Act
    const result = isLeapYear(year);

    // Assess
    expect(result).toBe(leap);
  });

  it.each([
    { year: 2027, month: 1, day: 11, weekday: 1 },
    { year: 2028, month: 2, day: 29, weekday: 2 },
    { year: 2027, month: 12, day: 31, weekday: 5 },
    { year: 2027, month: 3, day: 14, weekday: 7 },
  ])('numbers $year-$month-$day as ISO weekday $weekday', ({ year, month, day, weekday }) => {
    // Act
    const result = isoWeekday(year, month, day);

    // Assess
    expect(result).toBe(weekday);
  });

  it.each([
    { text: '00:00', parsed: { hour: 0, minute: 0 } },
    { text: '09:05', parsed: { hour: 9, minute: 5 } },
    { text: '23:59', parsed: { hour: 23, minute: 59 } },
  ])('reads $text as a time of day', ({ text, parsed }) => {
    // Act
    const result = parseHhMm(text);

    // Assess
    expect(result).toEqual(parsed);
  });

  it.each(['24:00', '9:00', '10:60', '10:00:00', ''])('refuses "%s" as a time of day', (text) => {
    // Act
    const act = () => parseHhMm(text);

    // Assess
    expect(act).toThrow(RangeError);
  });
});

describe('addBusinessDays', () => {
  it.each([
    { name: 'Thursday + 3 is the next Tuesday at the same local time', zone: 'America/Chicago', from: '2027-01-07T16:00:00Z', days: 3, to: '2027-01-12T16:00:00Z' },
    { name: 'Friday + 1 is Monday', zone: 'America/Chicago', from: '2027-01-08T16:00:00Z', days: 1, to: '2027-01-11T16:00:00Z' },
    { name: 'Saturday + 1 is Monday', zone: 'America/Chicago', from: '2027-01-09T16:00:00Z', days: 1, to: '2027-01-11T16:00:00Z' },
    { name: 'Monday + 5 is the next Monday', zone: 'America/Chicago', from: '2027-01-11T16:00:00Z', days: 5, to: '2027-01-18T16:00:00Z' },
    { name: 'Monday − 1 is the Friday before', zone: 'America/Chicago', from: '2027-01-11T16:00:00Z', days: -1, to: '2027-01-08T16:00:00Z' },
    { name: 'Thursday 30 December + 2 crosses into the new year', zone: 'America/Chicago', from: '2027-12-30T16:00:00Z', days: 2, to: '2028-01-03T16:00:00Z' },
    { name: 'Friday + 1 keeps 10:00 local across the Chicago spring-forward weekend', zone: 'America/Chicago', from: '2027-03-12T16:00:00Z', days: 1, to: '2027-03-15T15:00:00Z' },
    { name: 'Friday + 1 keeps 09:00 local across the Berlin fall-back weekend', zone: 'Europe/Berlin', from: '2027-10-29T07:00:00Z', days: 1, to: '2027-11-01T08:00:00Z' },
    { name: 'a Sydney Friday that is still Thursday in UTC counts as Friday', zone: 'Australia/Sydney', from: '2027-04-01T22:00:00Z', days: 1, to: '2027-04-04T23:00:00Z' },
    { name: 'zero days is the same instant', zone: 'America/Chicago', from: '2027-01-09T16:00:00.250Z', days: 0, to: '2027-01-09T16:00:00.250Z' },
  ])('$name', ({ zone, from, days, to }) => {
    // Act
    const result = addBusinessDays(new Date(from), days, zone);

    // Assess
    expect(result.toISOString()).toBe(new Date(to).toISOString());
  });

  it('rejects a fractional number of days', () => {
    // Act
    const act = () => addBusinessDays(new Date('2027-01-07T16:00:00Z'), 1.5, 'UTC');

    // Assess
    expect(act).toThrow(RangeError);
  });
});

describe('nextBusinessHours', () => {
  it.each([
    { name: 'keeps Tuesday noon', zone: 'America/Chicago', from: '2027-01-12T18:00:00Z', to: '2027-01-12T18:00:00Z' },
    { name: 'keeps Tuesday 08:00 exactly', zone: 'America/Chicago', from: '2027-01-12T14:00:00Z', to: '2027-01-12T14:00:00Z' },
    { name: 'keeps Tuesday 17:59:59', zone: 'America/Chicago', from: '2027-01-12T23:59:59Z', to: '2027-01-12T23:59:59Z' },
    { name: 'moves Tuesday 06:00 to Tuesday 08:00', zone: 'America/Chicago', from: '2027-01-12T12:00:00Z', to: '2027-01-12T14:00:00Z' },
    { name: 'moves Tuesday 18:00 exactly to Wednesday 08:00', zone: 'America/Chicago', from: '2027-01-13T00:00:00Z', to: '2027-01-13T14:00:00Z' },
    { name: 'moves Friday 19:00 to Monday 08:00', zone: 'America/Chicago', from: '2027-01-16T01:00:00Z', to: '2027-01-18T14:00:00Z' },
    { name: 'moves a Saturday in Chicago to Monday 08:00 CDT after the spring-forward weekend', zone: 'America/Chicago', from: '2027-03-13T18:00:00Z', to: '2027-03-15T13:00:00Z' },
    { name: 'moves a Saturday in Berlin to Monday 08:00 CET after the fall-back weekend', zone: 'Europe/Berlin', from: '2027-10-30T10:00:00Z', to: '2027-11-01T07:00:00Z' },
    { name: 'moves a Sydney Sunday to Monday 08:00 AEDT, a Sunday in UTC', zone: 'Australia/Sydney', from: '2027-10-02T23:00:00Z', to: '2027-10-03T21:00:00Z' },
    { name: 'keeps Monday 08:30 in Tokyo though it is Sunday in UTC', zone: 'Asia/Tokyo', from: '2027-01-10T23:30:00Z', to: '2027-01-10T23:30:00Z' },
  ])('$name', ({ zone, from, to }) => {
    // Act
    const result = nextBusinessHours(new Date(from), zone);

    // Assess
    expect(result.toISOString()).toBe(new Date(to).toISOString());
  });

  it('honours custom business hours', () => {
    // Prepare
    const tuesday0830 = new Date('2027-01-12T14:30:00Z');

    // Act
    const result = nextBusinessHours(tuesday0830, 'America/Chicago', { start: '09:00', end: '17:00' });

    // Assess
    expect(result.toISOString()).toBe('2027-01-12T15:00:00.000Z');
  });

  it('says whether an instant is within business hours', () => {
    // Prepare
    const saturdayNoon = new Date('2027-01-09T18:00:00Z');
    const mondayNoon = new Date('2027-01-11T18:00:00Z');

    // Act
    const weekend = isWithinBusinessHours(saturdayNoon, 'America/Chicago');
    const weekday = isWithinBusinessHours(mondayNoon, 'America/Chicago');

    // Assess
    expect([weekend, weekday]).toEqual([false, true]);
  });

  it('rejects business hours that end before they start', () => {
    // Act
    const act = () => nextBusinessHours(new Date('2027-01-12T18:00:00Z'), 'UTC', { start: '18:00', end: '08:00' });

    // Assess
    expect(act).toThrow(RangeError);
  });
});

describe('isoMinute', () => {
  it.each([
    { instant: '2027-01-12T16:00:00.000Z', text: '2027-01-12T16:00:00Z' },
    { instant: '2027-01-05T09:05:42.123Z', text: '2027-01-05T09:05:00Z' },
    { instant: '2027-12-31T23:59:59.999Z', text: '2027-12-31T23:59:00Z' },
    { instant: '2028-02-29T00:00:00.000Z', text: '2028-02-29T00:00:00Z' },
  ])('writes $instant as $text', ({ instant, text }) => {
    // Act
    const result = isoMinute(new Date(instant));

    // Assess
    expect(result).toBe(text);
  });
});

describe('atExpression', () => {
  it.each([
    { name: 'pads January and single-digit days and hours in UTC', instant: '2027-01-05T09:05:00Z', zone: undefined, text: 'at(2027-01-05T09:05:00)' },
    { name: 'writes December as 12, not 11', instant: '2027-12-31T23:59:30Z', zone: undefined, text: 'at(2027-12-31T23:59:30)' },
    { name: 'writes midnight as 00', instant: '2027-02-03T00:00:00Z', zone: 'UTC', text: 'at(2027-02-03T00:00:00)' },
    { name: 'reads the instant in Chicago, on the previous local day and year', instant: '2027-01-01T03:00:00Z', zone: 'America/Chicago', text: 'at(2026-12-31T21:00:00)' },
    { name: 'reads the instant in Kolkata with its half-hour offset', instant: '2027-03-01T00:30:00Z', zone: 'Asia/Kolkata', text: 'at(2027-03-01T06:00:00)' },
    { name: 'reads the instant in Sydney, on the next local day', instant: '2027-09-05T23:00:00Z', zone: 'Australia/Sydney', text: 'at(2027-09-06T09:00:00)' },
  ])('$name', ({ instant, zone, text }) => {
    // Act
    const result = atExpression(new Date(instant), zone);

    // Assess
    expect(result).toBe(text);
  });

  it('round-trips through the local time it names', () => {
    // Prepare
    const instant = new Date('2027-07-13T15:00:00Z');

    // Act
    const local = formatLocal(instant, 'America/Chicago');
    const [date = '', time = ''] = local.split('T');
    const [year, month, day] = date.split('-').map(Number);
    const [hour, minute] = time.split(':').map(Number);
    const back = localToUtc({ year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: hour ?? 0, minute: minute ?? 0 }, 'America/Chicago');

    // Assess
    expect(back?.toISOString()).toBe(instant.toISOString());
  });
});

describe('atOrSoon: a follow-up never scheduled in the past', () => {
  const now = new Date('2026-12-08T19:00:00Z');
  it.each([
    ['a moment well ahead stays', 'at(2026-12-10T14:00:00)', 'at(2026-12-10T14:00:00)'],
    ['a minute ahead stays', 'at(2026-12-08T19:01:00)', 'at(2026-12-08T19:01:00)'],
    ['less than a minute ahead runs in a minute', 'at(2026-12-08T19:00:30)', 'at(2026-12-08T19:01:00)'],
    ['now runs in a minute', 'at(2026-12-08T19:00:00)', 'at(2026-12-08T19:01:00)'],
    ['a day past (a run redriven late) runs in a minute', 'at(2026-12-07T19:00:00)', 'at(2026-12-08T19:01:00)'],
    ['a recurring expression is left alone', 'cron(0 10 ? * TUE#2 *)', 'cron(0 10 ? * TUE#2 *)'],
  ])('%s', (_case, expression, expected) => {
    expect(atOrSoon(expression, now)).toBe(expected);
  });
});
