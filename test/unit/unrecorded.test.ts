import { describe, expect, it } from 'vitest';
import { meetingAnchor, nextBusinessMorning } from '#app/unrecorded.ts';

describe('the morning after an unrecorded meeting', () => {
  it.each([
    { name: 'a Tuesday meeting: Wednesday 08:00', end: '2026-12-08T17:00:00Z', zone: 'America/Chicago', at: '2026-12-09T14:00:00.000Z' },
    { name: 'a Friday meeting: Monday 08:00', end: '2026-12-11T17:00:00Z', zone: 'America/Chicago', at: '2026-12-14T14:00:00.000Z' },
    { name: 'a meeting ending late in the evening: the next day, not two', end: '2026-12-09T03:30:00Z', zone: 'America/Chicago', at: '2026-12-09T14:00:00.000Z' },
    { name: 'across the clocks going forward', end: '2027-03-12T17:00:00Z', zone: 'America/New_York', at: '2027-03-15T12:00:00.000Z' },
  ])('$name', ({ end, zone, at }) => {
    expect(nextBusinessMorning(new Date(end), zone).toISOString()).toBe(at);
  });

  it("names the meeting's place on the manager page", () => {
    expect(meetingAnchor('2026-12-08T16:00:00Z')).toBe('meeting-20261208T1600');
  });
});
