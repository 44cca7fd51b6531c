import { describe, expect, it } from 'vitest';
import type { RiskLevel } from '#domain/model.ts';
import {
  alertIdentity,
  alertWorthy,
  businessDaysLater,
  executiveHears,
  nextBusinessMoment,
  riskRulesFrom,
  urgentEnough,
  type ExecutiveQuestion,
  type ReasonCode,
} from '#domain/risk.ts';

describe('executiveHears', () => {
  const ask = (question: Partial<ExecutiveQuestion>): ExecutiveQuestion => ({
    level: 'at-risk',
    daysToRenewal: 200,
    monthlyValue: 4200,
    rung: 0,
    ...question,
  });

  it.each([
    { name: 'a critical account, far from renewal and small', question: ask({ level: 'critical', monthlyValue: 800 }), hears: true },
    { name: 'a critical account known only for silence', question: ask({ level: 'critical', reasons: ['silent', 'renewal-near'] }), hears: true },
    { name: 'at-risk 30 days before a $4,200 renewal', question: ask({ daysToRenewal: 30 }), hears: true },
    { name: 'at-risk the day of a renewal of exactly $2,500', question: ask({ daysToRenewal: 0, monthlyValue: 2500 }), hears: true },
    { name: 'at-risk after a lapsed $4,200 renewal', question: ask({ daysToRenewal: -3 }), hears: true },
    { name: 'at-risk 31 days before a $4,200 renewal', question: ask({ daysToRenewal: 31 }), hears: false },
    { name: 'at-risk 30 days before a $2,499 renewal', question: ask({ daysToRenewal: 30, monthlyValue: 2499 }), hears: false },
    { name: 'watch 10 days before a $9,800 renewal', question: ask({ level: 'watch', daysToRenewal: 10, monthlyValue: 9800 }), hears: false },
    { name: 'at-risk far from renewal at rung 1', question: ask({ rung: 1 }), hears: false },
    { name: 'a score drop at watch, even once the ladder has run out', question: ask({ level: 'watch', rung: 2, reasons: ['score-drop'] }), hears: false },
    { name: 'a score drop at risk 30 days before a $900 renewal once the ladder has run out', question: ask({ level: 'at-risk', rung: 2, reasons: ['score-drop'], daysToRenewal: 30, monthlyValue: 900 }), hears: true },
    { name: 'a score drop at risk far from renewal, even once the ladder has run out', question: ask({ level: 'at-risk', rung: 2, reasons: ['score-drop'] }), hears: false },
    { name: 'an at-risk alert of unknown reasons near renewal once the ladder has run out', question: ask({ level: 'at-risk', rung: 2, daysToRenewal: 20, monthlyValue: 900 }), hears: true },
    { name: 'a watch of unknown reasons once the ladder has run out', question: ask({ level: 'watch', rung: 2 }), hears: false },
    { name: 'silence alone, even once the ladder has run out', question: ask({ level: 'watch', rung: 2, reasons: ['silent'] }), hears: false },
    { name: 'long silence at-risk, even once the ladder has run out', question: ask({ level: 'at-risk', rung: 2, reasons: ['silent'] }), hears: false },
    { name: 'silence with a missed commitment at watch once the ladder has run out', question: ask({ level: 'watch', rung: 2, reasons: ['silent', 'overdue-commitment'] }), hears: false },
    { name: 'long silence with a missed commitment near renewal once the ladder has run out', question: ask({ level: 'at-risk', rung: 2, reasons: ['silent', 'overdue-commitment'], daysToRenewal: 25, monthlyValue: 900 }), hears: true },
    { name: 'a healthy account at rung 2', question: ask({ level: 'healthy', rung: 2, reasons: [] }), hears: false },
  ] satisfies { name: string; question: ExecutiveQuestion; hears: boolean }[])('$name: $hears', ({ question, hears }) => {
    // Act
    const result = executiveHears(question);

    // Assess
    expect(result).toBe(hears);
  });

  it.each([
    { name: 'a higher material value keeps a $4,200 account from the executive', overrides: { materialMonthlyValue: 5000 }, hears: false },
    { name: 'a wider executive window brings a renewal 45 days out', overrides: { executiveRenewalDays: 45 }, hears: true },
  ])('follows the deployment: $name', ({ overrides, hears }) => {
    // Prepare
    const rules = riskRulesFrom(overrides);

    // Act
    const result = executiveHears(ask({ daysToRenewal: 30 + (overrides.executiveRenewalDays ? 15 : 0), rules }));

    // Assess
    expect(result).toBe(hears);
  });
});

describe('urgentEnough', () => {
  it.each([
    { level: 'critical' as const, days: 300, urgent: true },
    { level: 'at-risk' as const, days: 14, urgent: true },
    { level: 'at-risk' as const, days: 15, urgent: false },
    { level: 'watch' as const, days: 14, urgent: true },
    { level: 'watch' as const, days: -2, urgent: true },
    { level: 'watch' as const, days: 90, urgent: false },
    { level: 'healthy' as const, days: 3, urgent: false },
  ] satisfies { level: RiskLevel; days: number; urgent: boolean }[])('$level with the renewal in $days days: $urgent', ({ level, days, urgent }) => {
    // Act
    const result = urgentEnough({ level, daysToRenewal: days });

    // Assess
    expect(result).toBe(urgent);
  });

  it('follows a deployment that never lets a watch alert wake anyone', () => {
    // Act
    const result = urgentEnough({ level: 'watch', daysToRenewal: 1, rules: riskRulesFrom({ urgentRenewalDays: 0 }) });

    // Assess
    expect(result).toBe(false);
  });
});

describe('alertIdentity', () => {
  it.each([
    { name: 'the same reasons in another order', a: ['warning-words', 'low-score'], b: ['low-score', 'warning-words'], same: true },
    { name: 'a reason repeated', a: ['low-score', 'low-score'], b: ['low-score'], same: true },
    { name: 'reasons as objects with other words', a: [{ code: 'low-score', text: 'Latest score is 2.0' }], b: [{ code: 'low-score', text: 'Latest score is 1.5' }], same: true },
    { name: 'one reason more', a: ['low-score'], b: ['low-score', 'warning-words'], same: false },
    { name: 'one reason fewer', a: ['low-score', 'silent'], b: ['low-score'], same: false },
    { name: 'another reason', a: ['low-score'], b: ['declining'], same: false },
  ] as { name: string; a: (ReasonCode | { code: ReasonCode; text: string })[]; b: (ReasonCode | { code: ReasonCode; text: string })[]; same: boolean }[])(
    '$name: same alert is $same',
    ({ a, b, same }) => {
      // Act
      const first = alertIdentity('at-risk', a);
      const second = alertIdentity('at-risk', b);

      // Assess
      expect(first === second).toBe(same);
    },
  );

  it('tells levels apart', () => {
    // Act
    const atRisk = alertIdentity('at-risk', ['low-score']);
    const critical = alertIdentity('critical', ['low-score']);

    // Assess
    expect(atRisk).not.toBe(critical);
  });

  it('reads as the level and the reasons in the engine’s order', () => {
    // Act
    const key = alertIdentity('critical', ['renewal-near', 'warning-words', 'low-score']);

    // Assess
    expect(key).toBe('critical:low-score+warning-words+renewal-near');
  });
});

describe('alertWorthy', () => {
  const reason = (code: ReasonCode, level: RiskLevel, quiet?: true) => ({ code, level, text: code, ...(quiet ? { quiet } : {}) });

  it.each([
    { name: 'a healthy account', level: 'healthy' as const, reasons: [], emails: false },
    { name: 'a score drop at watch', level: 'watch' as const, reasons: [reason('score-drop', 'watch')], emails: true },
    { name: 'our own overdue commitment alone', level: 'watch' as const, reasons: [reason('overdue-commitment', 'watch', true)], emails: false },
    { name: 'the silence of an account that never answered', level: 'watch' as const, reasons: [reason('silent', 'watch', true)], emails: false },
    { name: 'a quiet reason with a bounce', level: 'watch' as const, reasons: [reason('silent', 'watch', true), reason('champion-bounced', 'watch')], emails: true },
    { name: 'at risk, whatever the reasons', level: 'at-risk' as const, reasons: [reason('silent', 'at-risk', true)], emails: true },
  ])('$name: $emails', ({ level, reasons, emails }) => {
    // Act
    const result = alertWorthy({ level, reasons });

    // Assess
    expect(result).toBe(emails);
  });
});

describe('businessDaysLater', () => {
  it.each([
    { name: 'Friday 15:00 in Chicago + 3 is Wednesday 15:00', at: '2026-12-11T21:00:00Z', holidays: [], later: '2026-12-16T21:00:00Z' },
    { name: 'Tuesday 15:00 + 3 skips Christmas (Friday) and the weekend', at: '2026-12-22T21:00:00Z', holidays: ['2026-12-25'], later: '2026-12-28T21:00:00Z' },
    { name: 'Wednesday 17:30 + 3 over New Year (Friday) lands on Tuesday', at: '2026-12-30T23:30:00Z', holidays: ['2027-01-01'], later: '2027-01-05T23:30:00Z' },
    { name: 'Monday 22:00 + 3 is Thursday 22:00, which waits for Friday 08:00', at: '2027-01-12T04:00:00Z', holidays: [], later: '2027-01-15T14:00:00Z' },
  ])('$name', ({ at, holidays, later }) => {
    // Act
    const moment = businessDaysLater(new Date(at), 3, 'America/Chicago', holidays);

    // Assess
    expect(moment.toISOString()).toBe(new Date(later).toISOString());
  });
});

describe('nextBusinessMoment', () => {
  it.each([
    { name: 'Tuesday 10:00 in Chicago is already a business moment', at: '2027-01-12T16:00:00Z', zone: 'America/Chicago', holidays: [], next: '2027-01-12T16:00:00Z' },
    { name: 'Tuesday 17:59 in Chicago is still one', at: '2027-01-12T23:59:00Z', zone: 'America/Chicago', holidays: [], next: '2027-01-12T23:59:00Z' },
    { name: 'Tuesday 06:00 in Chicago waits for 08:00', at: '2027-01-12T12:00:00Z', zone: 'America/Chicago', holidays: [], next: '2027-01-12T14:00:00Z' },
    { name: 'Friday 18:00 in Chicago waits for Monday 08:00', at: '2027-01-09T00:00:00Z', zone: 'America/Chicago', holidays: [], next: '2027-01-11T14:00:00Z' },
    { name: 'Friday 21:30 in Berlin waits for Monday 08:00', at: '2027-01-08T20:30:00Z', zone: 'Europe/Berlin', holidays: [], next: '2027-01-11T07:00:00Z' },
    { name: 'a Friday evening before spring-forward in Chicago gives Monday 08:00 CDT', at: '2027-03-13T01:00:00Z', zone: 'America/Chicago', holidays: [], next: '2027-03-15T13:00:00Z' },
    { name: 'the spring-forward Sunday in Chicago gives Monday 08:00 CDT', at: '2027-03-14T08:30:00Z', zone: 'America/Chicago', holidays: [], next: '2027-03-15T13:00:00Z' },
    { name: 'the fall-back Saturday in Chicago gives Monday 08:00 CST', at: '2027-11-06T15:00:00Z', zone: 'America/Chicago', holidays: [], next: '2027-11-08T14:00:00Z' },
    { name: 'the fall-back night in Chicago (01:30 twice) gives Monday 08:00 CST', at: '2027-11-07T06:30:00Z', zone: 'America/Chicago', holidays: [], next: '2027-11-08T14:00:00Z' },
    { name: 'the spring-forward Saturday in Berlin gives Monday 08:00 CEST', at: '2027-03-27T09:00:00Z', zone: 'Europe/Berlin', holidays: [], next: '2027-03-29T06:00:00Z' },
    { name: 'the fall-back Sunday in Berlin gives Monday 08:00 CET', at: '2027-10-31T01:30:00Z', zone: 'Europe/Berlin', holidays: [], next: '2027-11-01T07:00:00Z' },
    { name: 'the fall-back Sunday in Berlin skips an All Saints holiday', at: '2027-10-31T01:30:00Z', zone: 'Europe/Berlin', holidays: ['2027-11-01'], next: '2027-11-02T07:00:00Z' },
    { name: 'Christmas Eve evening in Chicago skips Christmas Day (a Friday)', at: '2026-12-25T00:30:00Z', zone: 'America/Chicago', holidays: ['2026-12-25'], next: '2026-12-28T14:00:00Z' },
    { name: 'Christmas Day morning in Berlin skips both Christmas holidays', at: '2026-12-25T09:00:00Z', zone: 'Europe/Berlin', holidays: ['2026-12-25', '2026-12-26'], next: '2026-12-28T07:00:00Z' },
    { name: 'a holiday Monday 09:00 in Chicago waits for Tuesday', at: '2027-01-18T15:00:00Z', zone: 'America/Chicago', holidays: ['2027-01-18'], next: '2027-01-19T14:00:00Z' },
    { name: 'a holiday is a local date: 08:30 on Showa Day in Tokyo, still April 28 in UTC, waits for Friday', at: '2027-04-28T23:30:00Z', zone: 'Asia/Tokyo', holidays: ['2027-04-29'], next: '2027-04-29T23:00:00Z' },
  ])('$name', ({ at, zone, holidays, next }) => {
    // Act
    const moment = nextBusinessMoment(new Date(at), zone, holidays);

    // Assess
    expect(moment.toISOString()).toBe(new Date(next).toISOString());
  });

  it.each([
    { name: 'a holiday not in the form YYYY-MM-DD', holidays: ['12/25/2026'], message: 'holiday "12/25/2026" is not a date in the form YYYY-MM-DD' },
    {
      name: 'holidays that close every day for months',
      holidays: Array.from({ length: 120 }, (_, day) => new Date(Date.UTC(2027, 0, 1 + day)).toISOString().slice(0, 10)),
      message: 'no business day within 60 days',
    },
  ])('refuses $name', ({ holidays, message }) => {
    // Act
    const act = () => nextBusinessMoment(new Date('2027-01-01T12:00:00Z'), 'UTC', holidays);

    // Assess
    expect(act).toThrow(RangeError);
    expect(act).toThrow(message);
  });
});
