import { describe, expect, it } from 'vitest';
import { alertContent } from '#domain/alert.ts';
import {
  averageOf,
  dateWords,
  daysWords,
  dollars,
  isoDate,
  meetingTimeInWords,
  pad,
  perMonth,
  plural,
  sentence,
  shortDate,
  shortMeetingTime,
} from '#domain/format.ts';
import { buildAccount } from '#test/support/fixtures.ts';

describe('formatting', () => {
  it.each([
    ['pad a single digit', pad(7), '07'],
    ['pad a year to four digits', pad(987, 4), '0987'],
    ['leave a long number whole', pad(2027), '2027'],
    ['write one of something', plural(1, 'day', 'days'), '1 day'],
    ['write none of something in the plural', plural(0, 'day', 'days'), '0 days'],
    ['write a calendar date', isoDate({ year: 2028, month: 2, day: 9 }), '2028-02-09'],
    ['write a leap day in words', dateWords('2028-02-29'), 'Feb 29, 2028'],
    ['write a year end in words', dateWords('2026-12-31'), 'Dec 31, 2026'],
    ['write the local day, not the UTC one', shortDate('2027-01-01T03:00:00Z', 'America/Chicago'), 'Dec 31, 2026'],
    ['write a meeting in its own zone', meetingTimeInWords(new Date('2027-01-12T16:00:00Z'), 'America/Chicago'), 'Tuesday, January 12, 2027 at 10:00 AM CST'],
    ['write a summer meeting with its summer zone', shortMeetingTime('2027-07-13T15:00:00Z', 'Europe/Berlin'), 'Tue, Jul 13, 5:00 PM GMT+2'],
    ['write many days ahead', daysWords(12), 'in 12 days'],
    ['write one day ahead as tomorrow', daysWords(1), 'tomorrow'],
    ['write no days ahead as today', daysWords(0), 'today'],
    ['write one day past', daysWords(-1), 'passed 1 day ago'],
    ['write many days past', daysWords(-3), 'passed 3 days ago'],
    ['write dollars with thousands separators', dollars(1234567), '$1,234,567'],
    ['write a monthly value', perMonth(4200), '$4,200/month'],
    ['write an average with one decimal', averageOf(6.5, 10), '6.5 of 10'],
    ['write a whole average with one decimal', averageOf(3, 5), '3.0 of 5'],
    ['end a reason with a full stop', sentence('Scores are falling'), 'Scores are falling.'],
    ['keep a reason’s own punctuation', sentence('Renewal in 5 days!'), 'Renewal in 5 days!'],
  ])('%s', (_name, written, expected) => {
    // Assess
    expect(written).toBe(expected);
  });
});

describe('alertContent', () => {
  const account = buildAccount({ name: 'Acme Tower', monthlyValue: 4200, renewalDate: '2027-06-30' });
  const base = { account, comments: [], commitments: [], rung: 0 };

  it.each([
    { name: 'a renewal ahead', level: 'at-risk', days: 40, subject: 'Renewal risk: Acme Tower is at risk', intro: 'Acme Tower is now at risk. Renewal in 40 days (2027-06-30); $4,200 a month at stake.' },
    { name: 'a renewal today', level: 'watch', days: 0, subject: 'Renewal risk: Acme Tower is on watch', intro: 'Acme Tower is now on watch. Renewal in 0 days (2027-06-30); $4,200 a month at stake.' },
    { name: 'a renewal passed', level: 'critical', days: -2, subject: 'Critical: Acme Tower is critical', intro: 'Acme Tower is now critical. The renewal date (2027-06-30) has passed; $4,200 a month at stake.' },
  ] as const)('says what is at stake for $name', ({ level, days, subject, intro }) => {
    // Act
    const content = alertContent({ ...base, level, daysToRenewal: days });

    // Assess
    expect(content.subject).toBe(subject);
    expect(content.intro).toBe(intro);
    expect(content.escalation).toEqual([]);
  });

  it('tells the people on a later rung why it reaches them, and quotes the customer', () => {
    // Act
    const content = alertContent({
      ...base,
      level: 'at-risk',
      daysToRenewal: 40,
      rung: 1,
      climb: { businessDays: 3, since: '2027-05-18T15:00:00Z', toldBefore: ['Dana Reyes'] },
      comments: [{ author: 'Morgan Lee', text: 'Too slow' }],
    });

    // Assess
    expect(content.escalation).toEqual(['This alert went to Dana Reyes on May 18, 2027; no one has said “I\'m on it” in 3 business days, so it now comes to you.']);
    expect(content.words).toEqual(['“Too slow” — Morgan Lee']);
  });
});
