// The one time zone rule (functions/contract/timezone.ts): what Scheduler and Intl both read the same way.
import { describe, expect, it } from 'vitest';
import { isTimezone, Timezone } from '#contract/timezone.ts';

describe('a time zone', () => {
  it.each([
    ['UTC', 'the one zone without an area'],
    ['America/Chicago', 'a geographic name'],
    ['Europe/Berlin', 'a geographic name'],
    ['Australia/Sydney', 'a southern-hemisphere zone'],
    ['America/Argentina/Buenos_Aires', 'three parts'],
    ['America/Port-au-Prince', 'hyphens'],
    ['Asia/Kolkata', 'the current name, which Node 20 resolves to Asia/Calcutta'],
    ['Asia/Calcutta', 'the older name of the same zone, still in the IANA backward file'],
    ['Pacific/Chatham', 'a 45-minute offset'],
    ['Antarctica/Troll', 'a rarely seen area'],
  ])('accepts %s (%s)', (zone) => {
    expect(isTimezone(zone)).toBe(true);
  });

  it.each([
    ['EST', 'a legacy abbreviation Intl accepts: fixed -5, never daylight saving'],
    ['CET', 'a legacy abbreviation'],
    ['EST5EDT', 'a POSIX-style rule'],
    ['GMT', 'an alias: UTC is the one name for it'],
    ['Etc/UTC', 'an alias of UTC'],
    ['Etc/GMT+5', 'a POSIX-signed offset, five hours behind UTC'],
    ['US/Eastern', 'a legacy link outside the ten areas'],
    ['+05:00', 'an offset, not a zone'],
    ['america/chicago', 'wrong capitals, which Intl forgives and Scheduler does not'],
    ['America/ChiCago', 'wrong capitals within the location'],
    ['Mars/Olympus', 'an unknown area'],
    ['America/Atlantis', 'an unknown location'],
    ['America/', 'no location'],
    ['', 'empty'],
    [' America/Chicago', 'surrounding space'],
  ])('refuses %j (%s)', (zone) => {
    expect(isTimezone(zone)).toBe(false);
  });

  it('names the rule and the value in its message', () => {
    const result = Timezone.safeParse('EST');

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must be an IANA timezone such as America/Chicago, Europe/Berlin or UTC, got "EST"');
  });
});
