import { describe, expect, it } from 'vitest';
import type { DefaultTeam } from '#domain/accounts.ts';
import { capped, reasonsWithoutRenewal, scoreBand } from '#domain/digest.ts';
import { digestRecipients } from '#domain/digest-recipients.ts';
import { nextWeek, weekOf } from '#domain/week.ts';
import type { Commitment, Score } from '#domain/model.ts';
import { account, ago, atRisk, commitment, dateIn, digestOf, HOUR, NOW, request, score, TZ } from '#test/support/digest.ts';

describe('computeDigest: average score', () => {
  const acme = account({ name: 'Acme Tower' });

  it.each([
    {
      name: 'two answers on 1–10 (56 and 33 of 100) average 45 of 100 and 5.0 of 10',
      answers: [[6, 10], [4, 10]] as const,
      expected: { answers: 2, normalized: 45, byScale: [{ scale: 10, average: 5, answers: 2 }] },
    },
    {
      name: 'answers on both scales average on 0–100 and per scale',
      answers: [[9, 10], [4, 5], [3, 5]] as const,
      expected: {
        answers: 3,
        normalized: 71,
        byScale: [
          { scale: 5, average: 3.5, answers: 2 },
          { scale: 10, average: 9, answers: 1 },
        ],
      },
    },
    {
      name: 'a scale mean keeps one decimal',
      answers: [[7, 10], [8, 10], [8, 10]] as const,
      expected: { answers: 3, normalized: 74, byScale: [{ scale: 10, average: 7.7, answers: 3 }] },
    },
  ])('$name', ({ answers, expected }) => {
    // Prepare
    const scores = answers.map(([value, scale], index) => score(acme.id, value, scale, ago(index + 1)));

    // Act
    const digest = digestOf({ accounts: [acme], scores });

    // Assess
    expect(digest.scores.current).toEqual(expected);
  });

  it.each([
    { name: 'exactly 30 days before counts in the last 30 days', at: ago(30), window: 'current' },
    { name: 'a millisecond more than 30 days before counts in the 30 days before', at: ago(30, 1), window: 'previous' },
    { name: 'exactly 60 days before counts in the 30 days before', at: ago(60), window: 'previous' },
    { name: 'more than 60 days before counts nowhere', at: ago(60, 1), window: 'none' },
    { name: 'an answer at the digest time itself waits for next week', at: NOW.toISOString(), window: 'none' },
  ])('windows: $name', ({ at, window }) => {
    // Prepare
    const scores = [score(acme.id, 8, 10, at)];

    // Act
    const { current, previous } = digestOf({ accounts: [acme], scores }).scores;

    // Assess
    expect({ current: current?.answers ?? 0, previous: previous?.answers ?? 0 }).toEqual({
      current: window === 'current' ? 1 : 0,
      previous: window === 'previous' ? 1 : 0,
    });
  });

  it('counts only the accounts the digest covers', () => {
    // Prepare
    const other = account({ name: 'Other Place' });
    const scores = [score(acme.id, 10, 10, ago(2)), score(other.id, 1, 10, ago(2))];

    // Act
    const digest = digestOf({ accounts: [acme], scores });

    // Assess
    expect(digest.scores.current?.normalized).toBe(100);
  });
});

describe('computeDigest: trend against the 30 days before', () => {
  const acme = account({ name: 'Trend Tower' });
  const answers = (days: number, ...values: [number, 5 | 10][]) => values.map(([v, s]) => score(acme.id, v, s, ago(days)));

  it.each([
    // 56 and 33 of 100 average 45; 3 of 5 is 50; with 56 and 33 it averages 46.
    { name: '45 after 50 is −5: falling', current: answers(5, [6, 10], [4, 10]), previous: answers(40, [3, 5]), change: -5, trend: 'falling' },
    { name: '46 after 50 is −4: steady', current: answers(5, [6, 10], [4, 10], [3, 5]), previous: answers(40, [3, 5]), change: -4, trend: 'steady' },
    { name: '50 after 45 is +5: rising', current: answers(5, [3, 5]), previous: answers(40, [6, 10], [4, 10]), change: 5, trend: 'rising' },
    { name: 'the same average is steady', current: answers(5, [8, 10]), previous: answers(40, [8, 10]), change: 0, trend: 'steady' },
    { name: 'nothing before is new', current: answers(5, [8, 10]), previous: [], change: undefined, trend: 'new' },
    { name: 'nothing now is none', current: [], previous: answers(40, [8, 10]), change: undefined, trend: 'none' },
  ])('$name', ({ current, previous, change, trend }) => {
    // Act
    const digest = digestOf({ accounts: [acme], scores: [...current, ...previous] });

    // Assess
    expect(digest.scores.change).toBe(change);
    expect(digest.scores.trend).toBe(trend);
  });
});

describe('computeDigest: response rate', () => {
  const acme = account({ name: 'Response Row' });
  const meetingId = '2026-12-20T16:00:00.000Z';
  const answer = (contactId: string, extra: Partial<Score> = {}) =>
    score(acme.id, 8, 10, ago(10), { meetingId, contactId, ...extra });

  it.each([
    {
      name: 'two of three requests answered is 67%',
      requests: [request(acme.id, 'a', ago(12)), request(acme.id, 'b', ago(12)), request(acme.id, 'c', ago(12))],
      scores: [answer('a'), answer('b')],
      expected: { sent: 3, answered: 2, percent: 67 },
    },
    {
      name: 'a provisional answer counts as an answer',
      requests: [request(acme.id, 'a', ago(12))],
      scores: [answer('a', { provisional: true })],
      expected: { sent: 1, answered: 1, percent: 100 },
    },
    {
      name: 'a request marked answered counts even when its score was not read',
      requests: [request(acme.id, 'a', ago(12), { answeredAt: ago(11) }), request(acme.id, 'b', ago(12))],
      scores: [],
      expected: { sent: 2, answered: 1, percent: 50 },
    },
    {
      name: 'an answer to a meeting id written with other precision still matches',
      requests: [request(acme.id, 'a', ago(12), { meetingId: '2026-12-20T16:00:00Z' })],
      scores: [answer('a')],
      expected: { sent: 1, answered: 1, percent: 100 },
    },
    {
      name: 'a request sent more than 30 days before does not count, answered or not',
      requests: [request(acme.id, 'a', ago(30, 1)), request(acme.id, 'b', ago(30))],
      scores: [answer('a')],
      expected: { sent: 1, answered: 0, percent: 0 },
    },
    {
      name: 'another account’s requests do not count',
      requests: [request('someone-else', 'a', ago(2))],
      scores: [],
      expected: { sent: 0, answered: 0 },
    },
  ])('$name', ({ requests, scores, expected }) => {
    // Act
    const digest = digestOf({ accounts: [acme], scores, surveyRequests: requests });

    // Assess
    expect(digest.responseRate).toEqual(expected);
  });
});

describe('computeDigest: score distribution', () => {
  it.each([
    [0, '0–40'],
    [40, '0–40'],
    [41, '41–60'],
    [60, '41–60'],
    [61, '61–80'],
    [80, '61–80'],
    [81, '81–100'],
    [100, '81–100'],
  ])('puts %i of 100 in the band %s', (normalized, band) => {
    // Act
    const found = scoreBand(normalized);

    // Assess
    expect(found).toBe(band);
  });

  it.each([
    // 1–10 reads as 0, 11, 22, 33 | 44, 56 | 67, 78 | 89, 100 of 100.
    { scale: 10 as const, values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], counts: [4, 2, 2, 2] },
    // 1–5 reads as 0, 25 | 50 | 75 | 100 of 100.
    { scale: 5 as const, values: [1, 2, 3, 4, 5], counts: [2, 1, 1, 1] },
  ])('counts every answer of the last 30 days on 1–$scale in its band', ({ scale, values, counts }) => {
    // Prepare
    const acme = account({ scale });
    const scores = [...values.map((v) => score(acme.id, v, scale, ago(3))), score(acme.id, 10, scale, ago(45))];

    // Act
    const digest = digestOf({ accounts: [acme], scores });

    // Assess
    expect(digest.distribution).toEqual([
      { band: '0–40', count: counts[0] },
      { band: '41–60', count: counts[1] },
      { band: '61–80', count: counts[2] },
      { band: '81–100', count: counts[3] },
    ]);
  });
});

describe('computeDigest: accounts that need attention', () => {
  it('lists watch, at-risk and critical accounts by renewal date, the graver first on the same date', () => {
    // Prepare
    const accounts = [
      account({ name: 'Healthy Hall', renewalDate: '2027-01-20' }, atRisk('healthy')),
      account({ name: 'Late Lofts', renewalDate: '2027-09-01' }, atRisk('critical', ['Score fell'])),
      account({ name: 'Watch Works', renewalDate: '2027-02-01' }, atRisk('watch', ['Silent'])),
      account({ name: 'Risky Row', renewalDate: '2027-02-01' }, atRisk('at-risk', ['Low score'])),
      account({ name: 'Early Estate', renewalDate: '2027-01-10' }, atRisk('watch')),
    ];

    // Act
    const digest = digestOf({ accounts });

    // Assess
    expect(digest.attention.map((a) => [a.name, a.level, a.daysToRenewal])).toEqual([
      ['Early Estate', 'watch', 6],
      ['Risky Row', 'at-risk', 28],
      ['Watch Works', 'watch', 28],
      ['Late Lofts', 'critical', 240],
    ]);
    expect(digest.attention[1]?.reasons).toEqual(['Low score']);
  });
});

describe('reasonsWithoutRenewal: the stored renewal count gives way to today’s', () => {
  it.each([
    { name: 'by code', risk: { reasons: ['Score fell', 'Renewal in 7 days (2027-01-06)'], codes: ['score-drop', 'renewal-near'] }, kept: ['Score fell'] },
    { name: 'by words, stored before codes were', risk: { reasons: ['Score fell', 'Renewal tomorrow (2027-01-05)'], codes: [] }, kept: ['Score fell'] },
    { name: 'a passed date, by words', risk: { reasons: ['Renewal date passed 2 days ago (2027-01-02)'], codes: [] }, kept: [] },
    { name: 'a customer’s words that mention renewal', risk: { reasons: ['Comments mention "renewal in doubt"'], codes: ['warning-words'] }, kept: ['Comments mention "renewal in doubt"'] },
  ])('drops it $name', ({ risk, kept }) => {
    // Act
    const reasons = reasonsWithoutRenewal(risk);

    // Assess
    expect(reasons).toEqual(kept);
  });
});

describe('capped', () => {
  it.each([
    { length: 0, shown: 0, more: 0 },
    { length: 10, shown: 10, more: 0 },
    { length: 11, shown: 10, more: 1 },
    { length: 500, shown: 10, more: 490 },
  ])('of $length items shows $shown and leaves $more', ({ length, shown, more }) => {
    // Act
    const result = capped(Array.from({ length }, (_, i) => i));

    // Assess
    expect([result.shown.length, result.more]).toEqual([shown, more]);
  });
});

describe('computeDigest: renewals in the next 90 days', () => {
  it.each([
    { name: 'yesterday is not listed', timezone: TZ, renewalDate: dateIn(-1), listed: false },
    { name: 'today is listed', timezone: TZ, renewalDate: dateIn(0), listed: true },
    { name: '90 days out is listed', timezone: TZ, renewalDate: dateIn(90), listed: true },
    { name: '91 days out is not listed', timezone: TZ, renewalDate: dateIn(91), listed: false },
    // At NOW it is already Jan 5 in Auckland, so Apr 5 is 90 days out there.
    { name: '91 days from Chicago’s date but 90 from Auckland’s is listed', timezone: 'Pacific/Auckland', renewalDate: dateIn(91), listed: true },
  ])('$name', ({ timezone, renewalDate, listed }) => {
    // Prepare
    const acme = account({ renewalDate, timezone });

    // Act
    const digest = digestOf({ accounts: [acme] });

    // Assess
    expect(digest.renewals.map((r) => r.renewalDate)).toEqual(listed ? [renewalDate] : []);
  });

  it('shows each renewal with its latest meeting’s score, nearest renewal first', () => {
    // Prepare
    const near = account({ name: 'Near Plaza', renewalDate: dateIn(20), scale: 5 });
    const far = account({ name: 'Far Court', renewalDate: dateIn(80) });
    const silent = account({ name: 'Silent Mall', renewalDate: dateIn(50) });
    const scores = [
      score(far.id, 9, 10, ago(100), { meetingId: ago(101) }),
      score(far.id, 6, 10, ago(40), { meetingId: ago(41), contactId: 'a' }),
      score(far.id, 7, 10, ago(39), { meetingId: ago(41), contactId: 'b' }),
      score(near.id, 4, 5, ago(3), { meetingId: ago(4) }),
    ];

    // Act
    const digest = digestOf({ accounts: [far, silent, near], scores });

    // Assess
    expect(digest.renewals.map((r) => [r.name, r.daysToRenewal, r.lastScore?.average, r.lastScore?.scale])).toEqual([
      ['Near Plaza', 20, 4, 5],
      ['Silent Mall', 50, undefined, undefined],
      ['Far Court', 80, 6.5, 10],
    ]);
  });
});

describe('the weeks of the digest', () => {
  it.each([
    {
      name: 'Monday morning in Chicago: next week is Jan 11–17, from local midnight to local midnight',
      now: '2027-01-04T13:00:00Z',
      timezone: 'America/Chicago',
      week: { from: '2027-01-11T06:00:00.000Z', to: '2027-01-18T06:00:00.000Z', monday: '2027-01-11', sunday: '2027-01-17' },
    },
    {
      name: 'Sunday evening in Chicago, already Monday in UTC: the digest week is still the one ending that Sunday',
      now: '2027-01-04T03:00:00Z',
      timezone: 'America/Chicago',
      week: { from: '2027-01-04T06:00:00.000Z', to: '2027-01-11T06:00:00.000Z', monday: '2027-01-04', sunday: '2027-01-10' },
    },
    {
      name: 'the week the US springs forward is an hour short',
      now: '2027-03-01T13:00:00Z',
      timezone: 'America/Chicago',
      week: { from: '2027-03-08T06:00:00.000Z', to: '2027-03-15T05:00:00.000Z', monday: '2027-03-08', sunday: '2027-03-14' },
    },
    {
      name: 'the week after it starts at midnight daylight time',
      now: '2027-03-08T13:00:00Z',
      timezone: 'America/Chicago',
      week: { from: '2027-03-15T05:00:00.000Z', to: '2027-03-22T05:00:00.000Z', monday: '2027-03-15', sunday: '2027-03-21' },
    },
    {
      name: 'the week Europe falls back is an hour long',
      now: '2027-10-18T06:00:00Z',
      timezone: 'Europe/Berlin',
      week: { from: '2027-10-24T22:00:00.000Z', to: '2027-10-31T23:00:00.000Z', monday: '2027-10-25', sunday: '2027-10-31' },
    },
    {
      name: 'Monday morning in Sydney is still Sunday in UTC',
      now: '2027-01-03T20:00:00Z',
      timezone: 'Australia/Sydney',
      week: { from: '2027-01-10T13:00:00.000Z', to: '2027-01-17T13:00:00.000Z', monday: '2027-01-11', sunday: '2027-01-17' },
    },
  ])('$name', ({ now, timezone, week }) => {
    // Act
    const next = nextWeek(new Date(now), timezone);

    // Assess
    expect({ ...next, from: next.from.toISOString(), to: next.to.toISOString() }).toEqual(week);
  });

  it.each([
    ['2027-01-04T13:00:00Z', '2027-01-04'],
    ['2027-01-10T23:00:00Z', '2027-01-04'],
    ['2027-01-11T05:59:00Z', '2027-01-04'],
    ['2027-01-11T06:00:00Z', '2027-01-11'],
    ['2027-03-01T00:00:00Z', '2027-02-22'],
  ])('a digest at %s belongs to the week of Monday %s in Chicago', (now, monday) => {
    // Act
    const week = weekOf(new Date(now), 'America/Chicago');

    // Assess
    expect(week.monday).toBe(monday);
  });
});

describe('computeDigest: next week’s meetings', () => {
  // Next week is Mon Jan 11 00:00 to Mon Jan 18 00:00 in Chicago (06:00Z to 06:00Z).
  const cadence = (week: number, weekday: string, time: string) => ({ every: 'month', week, weekday, time, durationMinutes: 45 });

  it.each([
    { name: 'Monday 00:00 in Chicago, the first minute of the week, is listed', timezone: TZ, cadence: cadence(2, 'MON', '00:00'), at: '2027-01-11T06:00:00.000Z' },
    { name: 'Sunday 23:45 in Chicago, the last quarter hour, is listed', timezone: TZ, cadence: cadence(3, 'SUN', '23:45'), at: '2027-01-18T05:45:00.000Z' },
    { name: 'the Monday after at 00:00 is not', timezone: TZ, cadence: cadence(3, 'MON', '00:00'), at: undefined },
    { name: 'Monday 06:30 in Berlin, still Sunday in Chicago, is not', timezone: 'Europe/Berlin', cadence: cadence(2, 'MON', '06:30'), at: undefined },
    { name: 'Monday 07:00 in Berlin, Monday 00:00 in Chicago, is listed', timezone: 'Europe/Berlin', cadence: cadence(2, 'MON', '07:00'), at: '2027-01-11T06:00:00.000Z' },
    { name: 'this week’s Tuesday is not', timezone: TZ, cadence: cadence(1, 'TUE', '10:00'), at: undefined },
    { name: 'a quarterly meeting in January is listed', timezone: TZ, cadence: { ...cadence(2, 'TUE', '10:00'), every: 'quarter' }, at: '2027-01-12T16:00:00.000Z' },
  ])('$name', ({ timezone, cadence: rule, at }) => {
    // Prepare
    const acme = account({ timezone, cadence: rule });

    // Act
    const digest = digestOf({ accounts: [acme] });

    // Assess
    expect(digest.meetings.map((m) => m.at)).toEqual(at ? [at] : []);
  });

  it('leaves out paused accounts and lists the rest in time order', () => {
    // Prepare
    const tuesday = account({ name: 'Tuesday Tower', cadence: cadence(2, 'TUE', '10:00') });
    const monday = account({ name: 'Monday Mall', cadence: cadence(2, 'MON', '09:00') });
    const paused = account({ name: 'Paused Park', cadence: cadence(2, 'WED', '10:00') }, { status: 'paused' });

    // Act
    const digest = digestOf({ accounts: [tuesday, paused, monday] });

    // Assess
    expect(digest.nextWeek).toEqual({ monday: '2027-01-11', sunday: '2027-01-17' });
    expect(digest.meetings.map((m) => [m.name, m.at, m.durationMinutes])).toEqual([
      ['Monday Mall', '2027-01-11T15:00:00.000Z', 45],
      ['Tuesday Tower', '2027-01-12T16:00:00.000Z', 45],
    ]);
  });
});

describe('computeDigest: overdue commitments', () => {
  const acme = account({ name: 'Commit Court' });

  it.each<{ name: string; createdAt: string; status?: Commitment['status']; age: number | undefined }>([
    { name: 'open exactly 30 days is not overdue', createdAt: ago(30), age: undefined },
    { name: 'open 30 days and an hour is overdue at 30 days', createdAt: ago(30, HOUR), age: 30 },
    { name: 'open 31 days is overdue at 31 days', createdAt: ago(31), age: 31 },
    { name: 'done long ago is not listed', createdAt: ago(90), status: 'done', age: undefined },
  ])('$name', ({ createdAt, status = 'open', age }) => {
    // Prepare
    const commitments = [commitment(acme.id, createdAt, { status })];

    // Act
    const digest = digestOf({ accounts: [acme], commitments });

    // Assess
    expect(digest.overdueCommitments.map((c) => c.ageDays)).toEqual(age === undefined ? [] : [age]);
  });

  it('lists the covered accounts’ overdue commitments oldest first, with owner and account', () => {
    // Prepare
    const luis = { name: 'Luis Ortega', email: 'luis@sparkle.example' };
    const commitments = [
      commitment(acme.id, ago(40), { request: 'Newer' }),
      commitment('not-covered', ago(80), { request: 'Elsewhere' }),
      commitment(acme.id, ago(70), { request: 'Older', owner: luis }),
    ];

    // Act
    const digest = digestOf({ accounts: [acme], commitments });

    // Assess
    expect(digest.overdueCommitments.map((c) => [c.request, c.accountName, c.owner.name, c.ageDays])).toEqual([
      ['Older', 'Commit Court', 'Luis Ortega', 70],
      ['Newer', 'Commit Court', 'Dana Reyes', 40],
    ]);
  });
});

describe('digestRecipients', () => {
  const defaults: DefaultTeam = {
    operationsManager: { name: 'Sam Ito', email: 'sam@sparkle.example' },
    executive: { name: 'Pat Kim', email: 'pat@sparkle.example' },
  };
  const dana = { name: 'Dana Reyes', email: 'dana@sparkle.example' };
  const luis = { name: 'Luis Ortega', email: 'luis@sparkle.example' };
  const ellis = { name: 'Ellis Grant', email: 'ellis@sparkle.example' };
  const olga = { name: 'Olga Berg', email: 'olga@sparkle.example' };

  it('sends one digest per person, everyone’s accounts to operations managers and executives, their own to the others', () => {
    // Prepare
    const north = account({ name: 'North', team: { accountManager: dana, supervisor: luis } });
    const south = account({ name: 'South', team: { accountManager: ellis, supervisor: dana, operationsManager: olga } });
    const west = account({ name: 'West', team: { accountManager: ellis } });

    // Act
    const recipients = digestRecipients([north, south, west], defaults);

    // Assess
    expect(recipients.map((r) => [r.person.email, r.roles, r.scope, r.accountIds])).toEqual([
      ['dana@sparkle.example', ['accountManager', 'supervisor'], 'own', [north.id, south.id]],
      ['ellis@sparkle.example', ['accountManager'], 'own', [south.id, west.id]],
      ['luis@sparkle.example', ['supervisor'], 'own', [north.id]],
      ['olga@sparkle.example', ['operationsManager'], 'all', [north.id, south.id, west.id]],
      ['pat@sparkle.example', ['executive'], 'all', [north.id, south.id, west.id]],
      ['sam@sparkle.example', ['operationsManager'], 'all', [north.id, south.id, west.id]],
    ]);
  });

  it('knows a person by email whatever its case, and with no accounts sends nothing', () => {
    // Prepare
    const north = account({ team: { accountManager: dana } });

    // Act
    const recipients = digestRecipients([north], { executive: { name: 'Dana R.', email: 'DANA@sparkle.example' } });
    const none = digestRecipients([], defaults);

    // Assess
    expect(recipients).toEqual([
      { person: dana, roles: ['accountManager', 'executive'], scope: 'all', accountIds: [north.id] },
    ]);
    expect(none).toEqual([]);
  });
});
