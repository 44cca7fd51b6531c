import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { VirtualClock, parseDuration } from '../../local/clock.ts';
import {
  ExpressionError,
  formatScheduledTime,
  nextOccurrence,
  parseScheduleExpression,
} from '../../local/scheduler/expressions.ts';

/** The first `count` occurrences from `from`, as AWS would write them in scheduled-time. */
function occurrences(expression: string, from: string, count: number, timezone = 'UTC'): string[] {
  const parsed = parseScheduleExpression(expression);
  const found: string[] = [];
  let cursor = Date.parse(from);
  while (found.length < count) {
    const next = nextOccurrence(parsed, cursor, { timezone, anchor: Date.parse(from) });
    if (next === null) break;
    found.push(formatScheduledTime(next));
    cursor = next + 1;
  }
  return found;
}

describe('cron expressions', () => {
  test('weekday numbers run from 1 for Sunday to 7 for Saturday', () => {
    // Prepare: 2027-01-03 is a Sunday, 2027-01-09 a Saturday.
    // Act
    const sundays = occurrences('cron(0 10 ? * 1 *)', '2027-01-01T00:00:00Z', 1);
    const saturdays = occurrences('cron(0 10 ? * 7 *)', '2027-01-01T00:00:00Z', 1);
    // Assess
    expect(sundays).toEqual(['2027-01-03T10:00:00Z']);
    expect(saturdays).toEqual(['2027-01-02T10:00:00Z']);
  });

  test('weekday names mean the same days as their numbers', () => {
    expect(occurrences('cron(0 10 ? * MON-FRI *)', '2027-01-01T00:00:00Z', 3)).toEqual(
      occurrences('cron(0 10 ? * 2-6 *)', '2027-01-01T00:00:00Z', 3),
    );
  });

  test('3#2 is the second Tuesday of each month', () => {
    expect(occurrences('cron(0 10 ? * 3#2 *)', '2027-01-01T00:00:00Z', 3)).toEqual([
      '2027-01-12T10:00:00Z',
      '2027-02-09T10:00:00Z',
      '2027-03-09T10:00:00Z',
    ]);
  });

  test('6L in day-of-week is the last Friday of the month', () => {
    expect(occurrences('cron(0 10 ? * 6L *)', '2027-01-01T00:00:00Z', 2)).toEqual([
      '2027-01-29T10:00:00Z',
      '2027-02-26T10:00:00Z',
    ]);
  });

  test('a lone L in day-of-week is Saturday, the last day of the week', () => {
    expect(occurrences('cron(0 10 ? * L *)', '2027-01-01T00:00:00Z', 2)).toEqual([
      '2027-01-02T10:00:00Z',
      '2027-01-09T10:00:00Z',
    ]);
  });

  test('L in day-of-month is the last day of each month', () => {
    expect(occurrences('cron(0 10 L * ? *)', '2027-01-01T00:00:00Z', 2)).toEqual([
      '2027-01-31T10:00:00Z',
      '2027-02-28T10:00:00Z',
    ]);
  });

  test('15W moves to the nearest weekday when the 15th falls on a weekend', () => {
    // 2027-05-15 is a Saturday.
    expect(occurrences('cron(0 10 15W 5 ? *)', '2027-01-01T00:00:00Z', 1)).toEqual(['2027-05-14T10:00:00Z']);
  });

  test('the year field limits a schedule to the years it names', () => {
    expect(occurrences('cron(0 10 1 JAN ? 2028-2029)', '2027-01-01T00:00:00Z', 5)).toEqual([
      '2028-01-01T10:00:00Z',
      '2029-01-01T10:00:00Z',
    ]);
  });

  test('0/15 in minutes means every fifteen minutes from minute zero', () => {
    expect(occurrences('cron(0/15 10 * * ? *)', '2027-01-01T00:00:00Z', 5)).toEqual([
      '2027-01-01T10:00:00Z',
      '2027-01-01T10:15:00Z',
      '2027-01-01T10:30:00Z',
      '2027-01-01T10:45:00Z',
      '2027-01-02T10:00:00Z',
    ]);
  });

  test('ranges with equal ends and steps over ranges are accepted, as AWS accepts them', () => {
    expect(occurrences('cron(1-31/30 1-1 ? * 1,7 *)', '2027-01-01T00:00:00Z', 2)).toEqual([
      '2027-01-02T01:01:00Z',
      '2027-01-02T01:31:00Z',
    ]);
  });

  test('an occurrence exactly at the starting instant counts', () => {
    expect(occurrences('cron(0 10 * * ? *)', '2027-01-01T10:00:00Z', 1)).toEqual(['2027-01-01T10:00:00Z']);
  });

  test('an hourly cron runs once through the repeated hour when clocks fall back', () => {
    // Chicago repeats 01:00–02:00 on 2027-11-07: 06:00Z is 01:00 CDT, 07:00Z is 01:00 CST.
    expect(occurrences('cron(0 * * * ? *)', '2027-11-07T05:00:00Z', 4, 'America/Chicago')).toEqual([
      '2027-11-07T05:00:00Z',
      '2027-11-07T06:00:00Z',
      '2027-11-07T08:00:00Z',
      '2027-11-07T09:00:00Z',
    ]);
  });

  test('an hourly cron has no run in the hour skipped when clocks spring forward', () => {
    // Chicago skips 02:00–03:00 on 2027-03-14: 07:00Z is 01:00 CST, 08:00Z is 03:00 CDT.
    expect(occurrences('cron(0 * * * ? *)', '2027-03-14T07:00:00Z', 2, 'America/Chicago')).toEqual([
      '2027-03-14T07:00:00Z',
      '2027-03-14T08:00:00Z',
    ]);
  });

  test.each([
    ['cron(0 10 * * ?)', 'has six fields'],
    ['cron(0 10 * * * *)', 'exactly one of day-of-month and day-of-week must be "?"'],
    ['cron(0 10 ? * ? *)', 'exactly one of day-of-month and day-of-week must be "?"'],
    ['cron(0 24 * * ? *)', '24 is out of range for hours (0-23)'],
    ['cron(60 10 * * ? *)', '60 is out of range for minutes (0-59)'],
    ['cron(0 10 * 13 ? *)', '13 is out of range for month (1-12)'],
    ['cron(0 10 ? * 8 *)', '8 is out of range for day-of-week (1-7)'],
    ['cron(0 10 ? * 0 *)', '0 is out of range for day-of-week (1-7)'],
    ['cron(0 10 * * ? 1969)', '1969 is out of range for year (1970-2199)'],
    ['cron(0 10 ? * FUN *)', '"FUN" is not valid in day-of-week'],
    ['cron(0 10 ? * */2 *)', 'AWS does not allow "/" increments in day-of-week'],
    ['cron(0 10 ? * 3#2,5#1 *)', 'with "#" the day-of-week field holds a single expression'],
    ['cron(0 10 ? * FRI-MON *)', 'the range "FRI-MON" in day-of-week runs backwards'],
    ['cron(0 10 * ? * *)', '"?" is only allowed in day-of-month or day-of-week'],
  ])('%s is refused: %s', (expression, message) => {
    expect(() => parseScheduleExpression(expression)).toThrow(ExpressionError);
    expect(() => parseScheduleExpression(expression)).toThrow(message);
  });
});

describe('rate expressions', () => {
  test('rate(2 hours) repeats every two hours from its anchor', () => {
    expect(occurrences('rate(2 hours)', '2027-01-01T09:00:00Z', 3)).toEqual([
      '2027-01-01T09:00:00Z',
      '2027-01-01T11:00:00Z',
      '2027-01-01T13:00:00Z',
    ]);
  });

  test('rate(1 day) is 24 hours even across a daylight-saving change', () => {
    // Chicago springs forward on 2027-03-14; AWS keeps 24-hour days for rates.
    expect(occurrences('rate(1 day)', '2027-03-13T16:00:00Z', 3, 'America/Chicago')).toEqual([
      '2027-03-13T16:00:00Z',
      '2027-03-14T16:00:00Z',
      '2027-03-15T16:00:00Z',
    ]);
  });

  test.each([
    ['rate(1 minutes)', 'with the value 1 the unit is singular: rate(1 minute)'],
    ['rate(5 minute)', 'with a value above 1 the unit is plural: rate(5 minutes)'],
    ['rate(0 minutes)', 'the rate value must be 1 or more'],
    ['rate(2 weeks)', 'a rate() expression is a positive whole number and a unit'],
    ['rate(-1 days)', 'a rate() expression is a positive whole number and a unit'],
  ])('%s is refused: %s', (expression, message) => {
    expect(() => parseScheduleExpression(expression)).toThrow(message);
  });
});

describe('at expressions', () => {
  test('at() is read as local time in the schedule time zone', () => {
    expect(occurrences('at(2027-01-12T10:00:00)', '2027-01-01T00:00:00Z', 2, 'America/Chicago')).toEqual([
      '2027-01-12T16:00:00Z',
    ]);
  });

  test('at() in the hour skipped by spring-forward never fires', () => {
    expect(occurrences('at(2027-03-14T02:30:00)', '2027-01-01T00:00:00Z', 1, 'America/Chicago')).toEqual([]);
  });

  test('at() in the hour repeated by fall-back fires at its first pass', () => {
    expect(occurrences('at(2027-11-07T01:30:00)', '2027-01-01T00:00:00Z', 1, 'America/Chicago')).toEqual([
      '2027-11-07T06:30:00Z',
    ]);
  });

  test.each([
    ['at(2027-02-30T10:00:00)', '2027-02-30 is not a date in the calendar'],
    ['at(2027-01-12 10:00:00)', 'yyyy-mm-ddThh:mm:ss'],
    ['at(2027-01-12T10:00:00Z)', 'with no time zone suffix'],
    ['at(2027-01-12T24:00:00)', '24:00:00 is not a time of day'],
    ['every(5 minutes)', 'it must be at(...), rate(...) or cron(...)'],
  ])('%s is refused: %s', (expression, message) => {
    expect(() => parseScheduleExpression(expression)).toThrow(message);
  });
});

describe('formatScheduledTime', () => {
  test('writes whole seconds with a Z, as AWS fills <aws.scheduler.scheduled-time>', () => {
    expect(formatScheduledTime(Date.parse('2027-01-12T16:00:00.000Z'))).toBe('2027-01-12T16:00:00Z');
  });
});

describe('parseDuration', () => {
  test.each([
    ['30s', 30_000],
    ['90m', 90 * 60_000],
    ['12h', 12 * 3_600_000],
    ['35d', 35 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['1d12h', 36 * 3_600_000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', '35', 'd', '3.5d', '-1d', '5y', '1 d'])('refuses %j with a message showing valid forms', (text) => {
    expect(() => parseDuration(text)).toThrow(/Invalid duration .*"35d", "12h", "90m", "2w", "30s"/);
  });
});

describe('VirtualClock', () => {
  const directories: string[] = [];
  const temporaryFile = (name: string): string => {
    const directory = mkdtempSync(join(tmpdir(), 'pulse-clock-'));
    directories.push(directory);
    return join(directory, name);
  };
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  test('a frozen clock stands still until advanced', () => {
    // Prepare
    const clock = VirtualClock.frozen(new Date('2027-01-01T00:00:00Z'));
    // Act
    clock.advance(parseDuration('35d'));
    // Assess
    expect(clock.now().toISOString()).toBe('2027-02-05T00:00:00.000Z');
  });

  test('a following clock runs with real time plus its offset', () => {
    let real = Date.parse('2027-01-01T00:00:00Z');
    const clock = VirtualClock.following(3_600_000, { realNow: () => real });
    real += 5_000;
    expect(clock.now().toISOString()).toBe('2027-01-01T01:00:05.000Z');
  });

  test('setting a following clock keeps it running from the new instant', () => {
    let real = Date.parse('2027-01-01T00:00:00Z');
    const clock = VirtualClock.following(0, { realNow: () => real });
    clock.set(new Date('2027-06-01T12:00:00Z'));
    real += 60_000;
    expect(clock.now().toISOString()).toBe('2027-06-01T12:01:00.000Z');
  });

  test('a clock with a file resumes at the time it had reached', () => {
    // Prepare
    const file = temporaryFile('clock.json');
    const first = VirtualClock.frozen(new Date('2027-01-01T00:00:00Z'), { file });
    first.advance(parseDuration('2w'));
    // Act
    const second = VirtualClock.frozen(new Date('2030-01-01T00:00:00Z'), { file });
    // Assess
    expect(second.now().toISOString()).toBe('2027-01-15T00:00:00.000Z');
  });

  test('a corrupt clock file is reported with its path and the way out', () => {
    const file = temporaryFile('clock.json');
    writeFileSync(file, '{"frozenAt": "yesterday"}');
    expect(() => new VirtualClock({ file })).toThrow(`The clock file ${file} is corrupt`);
    expect(() => new VirtualClock({ file })).toThrow('Delete it, or run with --reset');
  });

  test('the clock file holds the offset of a following clock', () => {
    const file = temporaryFile('clock.json');
    const clock = VirtualClock.following(0, { file });
    clock.advance(parseDuration('1d'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ offsetMs: 86_400_000 });
  });

  test('the last of a burst of changes reaches the clock file shortly after the burst', async () => {
    // Prepare
    const file = temporaryFile('clock.json');
    const clock = VirtualClock.frozen(new Date('2027-01-01T00:00:00Z'), { file });
    // Act
    for (let day = 0; day < 30; day += 1) clock.advance(parseDuration('1d'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Assess
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ frozenAt: '2027-01-31T00:00:00.000Z' });
  });
});
