import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import {
  cadenceMonths,
  cadenceToSchedule,
  describeCadence,
  nextOccurrences,
  nthWeekdayOfMonth,
  occurrencesBetween,
  type CadenceRule,
} from '#domain/cadence.ts';
import type { Cadence } from '#domain/model.ts';

const monthly = (week: Cadence['week'], weekday: Cadence['weekday'], time: string): CadenceRule => ({
  every: 'month',
  week,
  weekday,
  time,
});

const quarterly = (
  week: Cadence['week'],
  weekday: Cadence['weekday'],
  time: string,
  months?: number[],
): CadenceRule => ({ every: 'quarter', week, weekday, time, ...(months === undefined ? {} : { months }) });

const iso = (dates: Date[]): string[] => dates.map((date) => date.toISOString().replace(':00.000Z', 'Z'));

describe('cadenceToSchedule', () => {
  it.each([
    { name: '2nd Tuesday monthly at 10:00', cadence: monthly(2, 'TUE', '10:00'), expression: 'cron(0 10 ? * 3#2 *)' },
    { name: 'last Friday monthly at 10:00', cadence: monthly('last', 'FRI', '10:00'), expression: 'cron(0 10 ? * 6L *)' },
    { name: '1st Sunday monthly at 00:05', cadence: monthly(1, 'SUN', '00:05'), expression: 'cron(5 0 ? * 1#1 *)' },
    { name: '4th Saturday monthly at 23:59', cadence: monthly(4, 'SAT', '23:59'), expression: 'cron(59 23 ? * 7#4 *)' },
    { name: '3rd Monday monthly at 09:30', cadence: monthly(3, 'MON', '09:30'), expression: 'cron(30 9 ? * 2#3 *)' },
    {
      name: '2nd Tuesday of the default quarter months',
      cadence: quarterly(2, 'TUE', '10:00'),
      expression: 'cron(0 10 ? 1,4,7,10 3#2 *)',
    },
    {
      name: 'last Wednesday of custom quarter months given out of order',
      cadence: quarterly('last', 'WED', '14:15', [11, 2, 8, 5]),
      expression: 'cron(15 14 ? 2,5,8,11 4L *)',
    },
  ])('writes $name as $expression', ({ cadence, expression }) => {
    // Prepare
    const timezone = 'America/Chicago';

    // Act
    const schedule = cadenceToSchedule(cadence, timezone);

    // Assess
    expect(schedule).toEqual({ expression, timezone });
  });

  it('rejects a time that is not HH:MM', () => {
    // Prepare
    const cadence = monthly(2, 'TUE', '9:00');

    // Act
    const act = () => cadenceToSchedule(cadence, 'UTC');

    // Assess
    expect(act).toThrow(RangeError);
  });
});

describe('cadenceMonths', () => {
  it.each([
    { name: 'a monthly cadence meets every month', cadence: monthly(1, 'MON', '10:00'), months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
    { name: 'a quarterly cadence meets in the first month of each quarter by default', cadence: quarterly(1, 'MON', '10:00'), months: [1, 4, 7, 10] },
    { name: 'a quarterly cadence meets in the months it names, sorted', cadence: quarterly(1, 'MON', '10:00', [12, 3, 9, 6]), months: [3, 6, 9, 12] },
  ])('$name', ({ cadence, months }) => {
    // Act
    const result = cadenceMonths(cadence);

    // Assess
    expect(result).toEqual(months);
  });
});

describe('nthWeekdayOfMonth', () => {
  it.each([
    { name: 'the 2nd Tuesday of January 2027 is the 12th', year: 2027, month: 1, week: 2, weekday: 'TUE', day: 12 },
    { name: 'the 1st Wednesday of September 2027 is the 1st itself', year: 2027, month: 9, week: 1, weekday: 'WED', day: 1 },
    { name: 'the 4th Thursday of November 2027 is the 25th', year: 2027, month: 11, week: 4, weekday: 'THU', day: 25 },
    { name: 'the 4th Friday of May 2027 is the 28th', year: 2027, month: 5, week: 4, weekday: 'FRI', day: 28 },
    { name: 'the last Friday of December 2027 is the 31st', year: 2027, month: 12, week: 'last', weekday: 'FRI', day: 31 },
    { name: 'the last Monday of May 2027 is the 31st', year: 2027, month: 5, week: 'last', weekday: 'MON', day: 31 },
    { name: 'the last Thursday of September 2027 is the 30th', year: 2027, month: 9, week: 'last', weekday: 'THU', day: 30 },
    { name: 'the last Sunday of February 2027 is the 28th', year: 2027, month: 2, week: 'last', weekday: 'SUN', day: 28 },
    { name: 'the last Monday of February 2027 is the 22nd', year: 2027, month: 2, week: 'last', weekday: 'MON', day: 22 },
    { name: 'the last Tuesday of February 2028 is the leap day', year: 2028, month: 2, week: 'last', weekday: 'TUE', day: 29 },
    { name: 'the last Monday of February 2028 is the 28th', year: 2028, month: 2, week: 'last', weekday: 'MON', day: 28 },
    { name: 'the last Saturday of January 2028 is the 29th', year: 2028, month: 1, week: 'last', weekday: 'SAT', day: 29 },
  ] as const)('$name', ({ year, month, week, weekday, day }) => {
    // Act
    const result = nthWeekdayOfMonth(year, month, week, weekday);

    // Assess
    expect(result).toBe(day);
  });
});

describe('nextOccurrences', () => {
  it.each([
    {
      name: 'a monthly meeting in Chicago moves an hour earlier in UTC when daylight saving starts',
      cadence: monthly(2, 'TUE', '10:00'),
      timezone: 'America/Chicago',
      after: '2027-01-01T00:00:00Z',
      expected: ['2027-01-12T16:00Z', '2027-02-09T16:00Z', '2027-03-09T16:00Z', '2027-04-13T15:00Z'],
    },
    {
      name: 'a last-Sunday meeting in Berlin follows both European transitions',
      cadence: monthly('last', 'SUN', '10:00'),
      timezone: 'Europe/Berlin',
      after: '2027-02-01T00:00:00Z',
      expected: [
        '2027-02-28T09:00Z',
        '2027-03-28T08:00Z',
        '2027-04-25T08:00Z',
        '2027-05-30T08:00Z',
        '2027-06-27T08:00Z',
        '2027-07-25T08:00Z',
        '2027-08-29T08:00Z',
        '2027-09-26T08:00Z',
        '2027-10-31T09:00Z',
      ],
    },
    {
      name: 'a Sydney meeting falls on the previous UTC day and shifts the other way (southern hemisphere)',
      cadence: monthly(1, 'MON', '09:00'),
      timezone: 'Australia/Sydney',
      after: '2027-02-15T00:00:00Z',
      expected: ['2027-02-28T22:00Z', '2027-04-04T23:00Z', '2027-05-02T23:00Z'],
    },
    {
      name: 'a Sydney meeting moves an hour earlier in UTC when daylight saving starts in October',
      cadence: monthly(1, 'MON', '09:00'),
      timezone: 'Australia/Sydney',
      after: '2027-08-15T00:00:00Z',
      expected: ['2027-09-05T23:00Z', '2027-10-03T22:00Z'],
    },
    {
      name: 'a Kolkata meeting keeps the same UTC time all year',
      cadence: monthly(2, 'TUE', '10:00'),
      timezone: 'Asia/Kolkata',
      after: '2027-02-15T00:00:00Z',
      expected: ['2027-03-09T04:30Z', '2027-04-13T04:30Z', '2027-05-11T04:30Z', '2027-06-08T04:30Z'],
    },
    {
      name: 'a Tokyo 08:00 meeting is at 23:00 UTC the day before, even across a month boundary',
      cadence: monthly(1, 'MON', '08:00'),
      timezone: 'Asia/Tokyo',
      after: '2027-01-01T00:00:00Z',
      expected: ['2027-01-03T23:00Z', '2027-01-31T23:00Z', '2027-02-28T23:00Z'],
    },
    {
      name: 'a leap year gives the last Tuesday of February on the 29th',
      cadence: monthly('last', 'TUE', '10:00'),
      timezone: 'UTC',
      after: '2028-02-01T00:00:00Z',
      expected: ['2028-02-29T10:00Z', '2028-03-28T10:00Z'],
    },
    {
      name: 'a 4th-weekday cadence meets in every month, never in a 5th week',
      cadence: monthly(4, 'FRI', '12:00'),
      timezone: 'UTC',
      after: '2027-01-01T00:00:00Z',
      expected: ['2027-01-22T12:00Z', '2027-02-26T12:00Z', '2027-03-26T12:00Z', '2027-04-23T12:00Z'],
    },
  ])('$name', ({ cadence, timezone, after, expected }) => {
    // Act
    const occurrences = nextOccurrences(cadence, timezone, new Date(after), expected.length);

    // Assess
    expect(iso(occurrences)).toEqual(expected);
  });

  it.each([
    {
      name: 'skips 02:30 on the spring-forward Sunday in Chicago',
      cadence: monthly(2, 'SUN', '02:30'),
      timezone: 'America/Chicago',
      after: '2027-02-01T00:00:00Z',
      expected: ['2027-02-14T08:30Z', '2027-04-11T07:30Z', '2027-05-09T07:30Z'],
    },
    {
      name: 'skips 02:30 on the spring-forward Sunday in Berlin',
      cadence: monthly('last', 'SUN', '02:30'),
      timezone: 'Europe/Berlin',
      after: '2027-02-01T00:00:00Z',
      expected: ['2027-02-28T01:30Z', '2027-04-25T00:30Z'],
    },
    {
      name: 'skips 02:30 on the spring-forward Sunday in Sydney (October)',
      cadence: monthly(1, 'SUN', '02:30'),
      timezone: 'Australia/Sydney',
      after: '2027-08-15T00:00:00Z',
      expected: ['2027-09-04T16:30Z', '2027-11-06T15:30Z'],
    },
    {
      name: 'skips a quarterly meeting whose only day that quarter is the spring-forward Sunday',
      cadence: quarterly(2, 'SUN', '02:30', [3, 6, 9, 12]),
      timezone: 'America/Chicago',
      after: '2027-01-01T00:00:00Z',
      expected: ['2027-06-13T07:30Z', '2027-09-12T07:30Z'],
    },
  ])('$name', ({ cadence, timezone, after, expected }) => {
    // Act
    const occurrences = nextOccurrences(cadence, timezone, new Date(after), expected.length);

    // Assess
    expect(iso(occurrences)).toEqual(expected);
  });

  it.each([
    {
      name: 'holds 01:30 on the fall-back Sunday in Chicago once, at its first (CDT) instant',
      cadence: monthly(1, 'SUN', '01:30'),
      timezone: 'America/Chicago',
      after: '2027-10-15T00:00:00Z',
      expected: ['2027-11-07T06:30Z', '2027-12-05T07:30Z'],
    },
    {
      name: 'holds 02:30 on the fall-back Sunday in Berlin once, at its first (CEST) instant',
      cadence: monthly('last', 'SUN', '02:30'),
      timezone: 'Europe/Berlin',
      after: '2027-10-01T00:00:00Z',
      expected: ['2027-10-31T00:30Z', '2027-11-28T01:30Z'],
    },
    {
      name: 'holds 02:30 on the fall-back Sunday in Sydney (April) once, at its first (AEDT) instant',
      cadence: monthly(1, 'SUN', '02:30'),
      timezone: 'Australia/Sydney',
      after: '2027-03-15T00:00:00Z',
      expected: ['2027-04-03T15:30Z', '2027-05-01T16:30Z'],
    },
  ])('$name', ({ cadence, timezone, after, expected }) => {
    // Act
    const occurrences = nextOccurrences(cadence, timezone, new Date(after), expected.length);

    // Assess
    expect(iso(occurrences)).toEqual(expected);
  });

  it('starts strictly after the given instant', () => {
    // Prepare
    const cadence = monthly(2, 'TUE', '10:00');
    const meeting = new Date('2027-01-12T16:00:00Z');

    // Act
    const [next] = nextOccurrences(cadence, 'America/Chicago', meeting, 1);

    // Assess
    expect(next?.toISOString()).toBe('2027-02-09T16:00:00.000Z');
  });

  it('gives nothing when asked for no occurrences', () => {
    // Act
    const occurrences = nextOccurrences(monthly(1, 'MON', '10:00'), 'UTC', new Date('2027-01-01T00:00:00Z'), 0);

    // Assess
    expect(occurrences).toEqual([]);
  });
});

describe('occurrencesBetween', () => {
  it.each([
    {
      name: 'a default quarterly cadence meets in January, April, July and October',
      cadence: quarterly(2, 'TUE', '10:00'),
      timezone: 'America/Chicago',
      expected: ['2027-01-12T16:00Z', '2027-04-13T15:00Z', '2027-07-13T15:00Z', '2027-10-12T15:00Z'],
    },
    {
      name: 'a custom quarterly cadence in Sydney meets on the last Friday of its months',
      cadence: quarterly('last', 'FRI', '09:30', [2, 5, 8, 11]),
      timezone: 'Australia/Sydney',
      expected: ['2027-02-25T22:30Z', '2027-05-27T23:30Z', '2027-08-26T23:30Z', '2027-11-25T22:30Z'],
    },
  ])('$name', ({ cadence, timezone, expected }) => {
    // Prepare
    const from = new Date('2027-01-01T00:00:00Z');
    const to = new Date('2028-01-01T00:00:00Z');

    // Act
    const occurrences = occurrencesBetween(cadence, timezone, from, to);

    // Assess
    expect(iso(occurrences)).toEqual(expected);
  });

  it('includes a meeting exactly at the start and excludes one exactly at the end', () => {
    // Prepare
    const cadence = monthly(2, 'TUE', '10:00');
    const from = new Date('2027-01-12T16:00:00Z');
    const to = new Date('2027-03-09T16:00:00Z');

    // Act
    const occurrences = occurrencesBetween(cadence, 'America/Chicago', from, to);

    // Assess
    expect(iso(occurrences)).toEqual(['2027-01-12T16:00Z', '2027-02-09T16:00Z']);
  });
});

describe('describeCadence', () => {
  it.each([
    {
      cadence: { every: 'month', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 },
      timezone: 'America/Chicago',
      text: '2nd Tuesday of every month at 10:00 (America/Chicago), 60 min',
    },
    {
      cadence: { every: 'quarter', week: 'last', weekday: 'FRI', time: '09:30', durationMinutes: 45 },
      timezone: 'Australia/Sydney',
      text: 'last Friday of Jan, Apr, Jul and Oct at 09:30 (Australia/Sydney), 45 min',
    },
    {
      cadence: { every: 'quarter', months: [11, 2, 8, 5], week: 1, weekday: 'MON', time: '08:00', durationMinutes: 30 },
      timezone: 'Europe/Berlin',
      text: '1st Monday of Feb, May, Aug and Nov at 08:00 (Europe/Berlin), 30 min',
    },
    {
      cadence: { every: 'month', week: 3, weekday: 'SUN', time: '14:00', durationMinutes: 90 },
      timezone: 'Asia/Tokyo',
      text: '3rd Sunday of every month at 14:00 (Asia/Tokyo), 90 min',
    },
    {
      cadence: { every: 'month', week: 4, weekday: 'WED', time: '07:45', durationMinutes: 15 },
      timezone: 'UTC',
      text: '4th Wednesday of every month at 07:45 (UTC), 15 min',
    },
  ] satisfies { cadence: Cadence; timezone: string; text: string }[])('reads "$text"', ({ cadence, timezone, text }) => {
    // Act
    const description = describeCadence(cadence, timezone);

    // Assess
    expect(description).toBe(text);
  });
});

// The cron expression and the direct computation are written independently; a third implementation
// (croner, in the AWS/Quartz dialect) evaluating the expression must agree with the direct one.
// Croner runs a time in a DST gap after the gap where EventBridge skips it, so no cadence here
// lands in a gap.
describe('the cron expression, evaluated by croner, agrees with the direct computation', () => {
  it.each([
    { name: '2nd Tuesday monthly at 10:00 in Chicago', cadence: monthly(2, 'TUE', '10:00'), timezone: 'America/Chicago' },
    { name: 'last Friday monthly at 16:45 in Chicago', cadence: monthly('last', 'FRI', '16:45'), timezone: 'America/Chicago' },
    { name: '1st Sunday monthly at 01:30 in Chicago (repeated in November)', cadence: monthly(1, 'SUN', '01:30'), timezone: 'America/Chicago' },
    { name: 'last Sunday monthly at 10:00 in Berlin', cadence: monthly('last', 'SUN', '10:00'), timezone: 'Europe/Berlin' },
    { name: '4th Thursday monthly at 23:30 in Berlin', cadence: monthly(4, 'THU', '23:30'), timezone: 'Europe/Berlin' },
    { name: '1st Monday monthly at 09:00 in Sydney', cadence: monthly(1, 'MON', '09:00'), timezone: 'Australia/Sydney' },
    { name: 'last Friday of Feb, May, Aug, Nov at 09:30 in Sydney', cadence: quarterly('last', 'FRI', '09:30', [2, 5, 8, 11]), timezone: 'Australia/Sydney' },
    { name: '3rd Wednesday quarterly at 00:15 in Kolkata', cadence: quarterly(3, 'WED', '00:15'), timezone: 'Asia/Kolkata' },
    { name: 'last Saturday monthly at 08:00 in Tokyo', cadence: monthly('last', 'SAT', '08:00'), timezone: 'Asia/Tokyo' },
    { name: '1st Sunday quarterly at 12:00 in UTC', cadence: quarterly(1, 'SUN', '12:00'), timezone: 'UTC' },
  ])('for the $name over two years', ({ cadence, timezone }) => {
    // Prepare
    const from = new Date('2026-12-31T00:00:00Z');
    const to = new Date('2028-12-31T00:00:00Z');
    const { expression } = cadenceToSchedule(cadence, timezone);
    const fields = /^cron\((.+)\)$/.exec(expression)?.[1];
    const job = new Cron(`0 ${fields}`, { mode: '7-part', alternativeWeekdays: true, timezone });

    // Act
    const direct = occurrencesBetween(cadence, timezone, from, to);
    const byCroner = job.nextRuns(direct.length + 1, from).filter((run) => run < to);

    // Assess
    expect(direct.length).toBeGreaterThanOrEqual(8);
    expect(iso(direct)).toEqual(iso(byCroner));
  });
});
