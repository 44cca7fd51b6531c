import { describe, expect, it } from 'vitest';
import type { Account } from '#domain/model.ts';
import { cyclesBack } from '#app/history.ts';

const account = (every: 'month' | 'quarter'): Pick<Account, 'cadence' | 'timezone'> => ({
  cadence: { every, week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 },
  timezone: 'America/Chicago',
});

describe('cyclesBack', () => {
  it.each([
    { name: 'the last meeting of a monthly account', every: 'month', before: '2027-02-09T16:00:00Z', cycles: 1, since: '2027-01-05T16:00:00Z' },
    { name: 'four monthly meetings, across the DST change', every: 'month', before: '2027-02-09T16:00:00Z', cycles: 4, since: '2026-10-06T15:00:00Z' },
    { name: 'two quarterly meetings', every: 'quarter', before: '2027-04-13T15:00:00Z', cycles: 2, since: '2026-10-06T15:00:00Z' },
  ] as const)('starts a week before the first of $name', ({ every, before, cycles, since }) => {
    expect(cyclesBack(account(every), new Date(before), cycles)).toBe(since);
  });

  it('reaches the first meeting of the window and not the one before it', () => {
    const since = cyclesBack(account('month'), new Date('2027-02-09T16:00:00Z'), 2);

    expect(since > '2026-11-10T16:00:00Z').toBe(true);
    expect(since <= '2026-12-08T16:00:00Z').toBe(true);
  });
});
