// The series as two independent engines expand it, against the instants our scheduler uses: ical.js
// and Debian's python3-icalendar + python3-recurring-ical-events (a different VTIMEZONE reader and a
// different RRULE engine, installed by .ci/run).
import ICAL from 'ical.js';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { occurrencesBetween } from '#domain/cadence.ts';
import type { Account, Cadence } from '#domain/model.ts';
import { seriesInvitation } from '#render/icalendar.ts';
import { buildAccount } from '#test/support/fixtures.ts';

const TWO_YEARS_MS = 2 * 365 * 86_400_000;
// The system's python3 has the Debian packages; a pyenv shim earlier on the PATH would not.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const EXPAND = new URL('../../support/expand-ics.py', import.meta.url).pathname;

function ics(account: Account, now: Date): string {
  return seriesInvitation({
    account,
    method: 'REQUEST',
    now,
    organizer: account.team.accountManager,
    attendees: [],
    companyName: 'Sparkle Cleaning',
    uidDomain: 'sparkle.example',
  });
}

function withIcalJs(text: string, until: Date): string[] {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const zone = calendar.getFirstSubcomponent('vtimezone');
  const event = calendar.getFirstSubcomponent('vevent');
  if (zone === null || event === null) throw new Error('no VTIMEZONE or VEVENT');
  ICAL.TimezoneService.register(zone);
  try {
    const iterator = new ICAL.Event(event).iterator();
    const instants: string[] = [];
    for (let next = iterator.next(); next && next.toJSDate() < until; next = iterator.next()) {
      instants.push(next.toJSDate().toISOString());
    }
    return instants;
  } finally {
    ICAL.TimezoneService.remove(String(zone.getFirstPropertyValue('tzid')));
  }
}

function withPython(text: string, from: Date, until: Date): string[] {
  const iso = (d: Date): string => d.toISOString().replace('Z', '+00:00');
  const out = execFileSync(PYTHON, [EXPAND, iso(from), iso(until)], { input: text, encoding: 'utf8' });
  return out.split('\n').filter((line) => line !== '');
}

const monthly: Cadence = { every: 'month', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 };
const lastFriday: Cadence = { every: 'month', week: 'last', weekday: 'FRI', time: '16:30', durationMinutes: 45 };

describe('the series in two independent calendar engines', () => {
  // Zones with yearly DST rules, rules that are no nth weekday (Jerusalem, Santiago), a southern
  // zone, and Casablanca, whose clock goes back an hour for Ramadan on dates no rule predicts.
  const zones = ['Africa/Casablanca', 'Asia/Jerusalem', 'America/Santiago', 'Australia/Sydney', 'Europe/Berlin', 'America/Chicago', 'Africa/Cairo'];
  // Starts on both sides of the year's changes: a VTIMEZONE that loses one shows it in the first meeting.
  const starts = ['2026-01-05T00:00:00Z', '2026-03-03T00:00:00Z', '2026-06-01T00:00:00Z', '2026-11-23T12:00:00Z'];

  it.each(zones.flatMap((zone) => starts.map((start) => ({ zone, start }))))(
    'agrees with the scheduler for two years in $zone from $start',
    ({ zone, start }) => {
      // Prepare
      const now = new Date(start);
      const until = new Date(now.getTime() + TWO_YEARS_MS);
      const cadence = zone === 'Asia/Jerusalem' ? lastFriday : monthly;
      const account: Account = buildAccount({ timezone: zone, cadence }, now);
      const text = ics(account, now);

      // Act
      const scheduled = occurrencesBetween(cadence, zone, now, until).map((d) => d.toISOString());
      const icalJs = withIcalJs(text, until);
      const python = withPython(text, now, until);

      // Assess
      expect(scheduled.length).toBeGreaterThanOrEqual(23);
      expect(icalJs).toEqual(scheduled);
      expect(python).toEqual(scheduled);
    },
  );
});
