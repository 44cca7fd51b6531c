import { describe, expect, it } from 'vitest';
import { applyChange, removeContact } from '#domain/accounts.ts';
import type { Account, Cadence } from '#domain/model.ts';
import { cadenceShort, meetingContacts, seriesAfter, seriesChanges, seriesOf, zoneLabel } from '#domain/series.ts';
import { buildAccount } from '#test/support/fixtures.ts';

const CREATED = new Date('2026-11-23T12:00:00Z'); // first meeting: Tue Dec 8 2026, 10:00 Chicago
const BEFORE_FIRST = new Date('2026-12-01T12:00:00Z');
const AFTER_FIRST = new Date('2027-02-20T12:00:00Z');
const secondWednesday: Cadence = { every: 'month', week: 2, weekday: 'WED', time: '09:30', durationMinutes: 60 };

describe('seriesAfter', () => {
  it.each([
    { change: 'a new time after meetings were held', at: AFTER_FIRST, patch: { cadence: secondWednesday }, number: 1, start: '2027-03-10T15:30:00.000Z' },
    { change: 'a new time before the first meeting', at: BEFORE_FIRST, patch: { cadence: secondWednesday }, number: 0, start: '2026-12-09T15:30:00.000Z' },
    { change: 'a new zone after meetings were held', at: AFTER_FIRST, patch: { timezone: 'America/New_York' }, number: 1, start: '2027-03-09T15:00:00.000Z' },
    { change: 'a new location', at: AFTER_FIRST, patch: { location: 'Suite 400' }, number: 0, start: '2026-12-08T16:00:00.000Z' },
    { change: 'a new name', at: AFTER_FIRST, patch: { name: 'Acme Tower East' }, number: 0, start: '2026-12-08T16:00:00.000Z' },
  ])('after $change: series $number from $start', ({ at, patch, number, start }) => {
    // Prepare
    const before = buildAccount({}, CREATED);

    // Act
    const after = applyChange(before, patch as Partial<Account>, at);

    // Assess
    expect(seriesAfter(before, after, at)).toEqual({ number, start: new Date(start) });
    expect(after.series).toEqual({ number, start });
    expect(after.sequence).toBe(1);
  });

  it('keeps the stored start of a series whose meetings were held', () => {
    // Prepare
    const account = buildAccount({}, CREATED);

    // Act
    const series = seriesOf(account, AFTER_FIRST);

    // Assess
    expect(series.start.toISOString()).toBe('2026-12-08T16:00:00.000Z');
  });
});

describe('zoneLabel and cadenceShort', () => {
  it.each([
    ['America/Chicago', 'CT'],
    ['America/New_York', 'ET'],
    ['Pacific/Honolulu', 'HST'],
    ['Europe/Berlin', 'Berlin time'],
    ['Africa/Casablanca', 'Casablanca time'],
    ['America/Argentina/Buenos_Aires', 'Buenos Aires time'],
    ['UTC', 'UTC'],
  ])('calls %s "%s"', (zone, label) => {
    expect(zoneLabel(zone, CREATED)).toBe(label);
  });

  it('says a cadence in one short form with a 24-hour time', () => {
    expect(cadenceShort({ every: 'month', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 }, 'America/Chicago', CREATED)).toBe('2nd Tue, 10:00 CT');
    expect(cadenceShort({ every: 'quarter', week: 'last', weekday: 'FRI', time: '16:30', durationMinutes: 45 }, 'Europe/Berlin', CREATED)).toBe('last Fri, 16:30 Berlin time');
  });
});

describe('seriesChanges', () => {
  const before = buildAccount({ contacts: [{ name: 'Morgan Lee', email: 'morgan@acmetower.example' }, { name: 'Sam Park', email: 'sam@acmetower.example' }] }, CREATED);

  it.each([
    { change: 'time', after: { cadence: secondWednesday }, says: ['Now the 2nd Wednesday at 09:30, from March 10.'] },
    { change: 'time and length', after: { cadence: { ...secondWednesday, durationMinutes: 45 } }, says: ['Now the 2nd Wednesday at 09:30, 45 minutes, from March 10.'] },
    { change: 'zone', after: { timezone: 'America/New_York' }, says: ['Now the 2nd Tuesday at 10:00 (ET), from March 9.'] },
    { change: 'location', after: { location: 'https://meet.example/acme' }, says: ['Now at https://meet.example/acme.'] },
    { change: 'name', after: { name: 'Acme East' }, says: ['The account is now called Acme East.'] },
    { change: 'account manager', after: { team: { accountManager: { name: 'Kim Cho', email: 'kim@sparkle.example' } } }, says: ['Kim Cho now runs these meetings.'] },
    { change: 'contacts', after: { contacts: [...before.contacts.slice(1), { id: 'c9', name: 'Ada Wong', email: 'ada@acmetower.example', status: 'active' as const }] }, says: ['Joining: Ada Wong.', 'No longer invited: Morgan Lee.'] },
  ])('says a change of $change', ({ after, says }) => {
    expect(seriesChanges(before, { ...before, ...after } as Account, AFTER_FIRST)).toEqual(says);
  });
});

describe('meetingContacts', () => {
  it.each([
    ['active', true],
    ['unsubscribed', true],
    ['bounced', false],
    ['complained', false],
  ] as const)('a contact who is %s is in the meeting: %s', (status, included) => {
    // Prepare
    const account = buildAccount({}, CREATED);
    const contacts = account.contacts.map((c) => ({ ...c, status }));

    // Act
    const listed = meetingContacts({ contacts });

    // Assess
    expect(listed.length).toBe(included ? 1 : 0);
  });

  it('leaves the series as it is when a contact unsubscribes, and changes it when one is removed', () => {
    // Prepare
    const account = buildAccount({}, CREATED);
    const unsubscribed = account.contacts.map((c) => ({ ...c, status: 'unsubscribed' as const }));

    // Act
    const afterUnsubscribe = applyChange(account, { contacts: unsubscribed }, AFTER_FIRST);
    const afterRemoval = removeContact(account, 'morgan@acmetower.example', AFTER_FIRST);

    // Assess
    expect(afterUnsubscribe.sequence).toBe(account.sequence);
    expect(afterRemoval.sequence).toBe(account.sequence + 1);
    expect(afterRemoval.series).toEqual(account.series);
  });
});
