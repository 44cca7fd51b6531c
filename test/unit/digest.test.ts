import { describe, expect, it } from 'vitest';
import type { DefaultTeam } from '#domain/accounts.ts';
import { computeDigest, scoreBand, type Digest, type DigestInput } from '#domain/digest.ts';
import { digestRecipients } from '#domain/digest-recipients.ts';
import { nextWeek, weekOf } from '#domain/week.ts';
import { describeScores, renderDigest } from '#render/digest.ts';
import type { Account, Commitment, RiskLevel, Score, SurveyRequest } from '#domain/model.ts';
import { buildAccount } from '../support/fixtures.ts';

// Monday 2027-01-04, 07:00 in Chicago (the deployment's timezone).
const NOW = new Date('2027-01-04T13:00:00.000Z');
const TZ = 'America/Chicago';
const DAY = 86_400_000;
const HOUR = 3_600_000;

const ago = (days: number, extraMs = 0): string => new Date(NOW.getTime() - days * DAY - extraMs).toISOString();
/** NOW's calendar date in Chicago moved by `days`. */
const dateIn = (days: number): string => new Date(Date.UTC(2027, 0, 4) + days * DAY).toISOString().slice(0, 10);

const SENDER = { companyName: 'Sparkle Facility Services', senderEmail: 'digest@sparkle.example', postalAddress: '100 Main Street' };

function account(json: Record<string, unknown> = {}, state: Partial<Account> = {}): Account {
  return { ...buildAccount(json, NOW), ...state };
}

function atRisk(level: RiskLevel, reasons: string[] = []): Pick<Account, 'risk'> {
  return { risk: { level, reasons, codes: [] } };
}

function score(accountId: string, value: number, scale: 5 | 10, answeredAt: string, extra: Partial<Score> = {}): Score {
  return {
    accountId,
    meetingId: new Date(Date.parse(answeredAt) - DAY).toISOString(),
    contactId: `contact-${value}-${answeredAt}`,
    score: value,
    scale,
    answeredAt,
    provisional: false,
    ...extra,
  };
}

function request(accountId: string, contactId: string, sentAt: string, extra: Partial<SurveyRequest> = {}): SurveyRequest {
  return { accountId, meetingId: '2026-12-20T16:00:00.000Z', contactId, scale: 10, sentAt, clicks: [], ...extra };
}

function commitment(accountId: string, createdAt: string, extra: Partial<Commitment> = {}): Commitment {
  return {
    id: `k-${createdAt}`,
    accountId,
    request: 'Mop the lobby every night',
    owner: { name: 'Dana Reyes', email: 'dana@sparkle.example' },
    status: 'open',
    createdAt,
    ...extra,
  };
}

function digestOf(input: Partial<DigestInput>): Digest {
  return computeDigest({ now: NOW, timezone: TZ, scope: 'own', accounts: [], scores: [], surveyRequests: [], commitments: [], ...input });
}

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

  it.each([
    { name: 'a fall', current: answers(5, [6, 10], [4, 10]), previous: answers(40, [3, 5]), words: 'Average score: 45 of 100 (5.0 of 10) from 2 answers in the last 30 days, down 5 points from 50 in the 30 days before.' },
    { name: 'a rise', current: answers(5, [3, 5]), previous: answers(40, [6, 10], [4, 10]), words: 'Average score: 50 of 100 (3.0 of 5) from 1 answer in the last 30 days, up 5 points from 45 in the 30 days before.' },
    { name: 'no earlier answers', current: answers(5, [3, 5]), previous: [], words: 'Average score: 50 of 100 (3.0 of 5) from 1 answer in the last 30 days; no answers in the 30 days before to compare with.' },
    { name: 'no answers at all', current: [], previous: [], words: 'No survey answers in the last 30 days.' },
  ])('is put in words for $name', ({ current, previous, words }) => {
    // Act
    const digest = digestOf({ accounts: [acme], scores: [...current, ...previous] });

    // Assess
    expect(describeScores(digest.scores)).toBe(words);
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

describe('renderDigest', () => {
  const hostile = account(
    { name: 'Tom & Jerry <script>alert(1)</script>', renewalDate: dateIn(40), cadence: { every: 'month', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 } },
    atRisk('at-risk', ['Comments mention “<b>cancel</b>”']),
  );
  const digest = digestOf({
    accounts: [hostile],
    scores: [score(hostile.id, 6, 10, ago(3)), score(hostile.id, 9, 10, ago(40))],
    surveyRequests: [request(hostile.id, 'x', ago(5))],
    commitments: [commitment(hostile.id, ago(45), { request: 'Fix the <img src=x onerror=alert(1)> door' })],
  });
  const recipient = { name: 'Dana Reyes', email: 'dana@sparkle.example' };

  it('addresses one manager from the company, with the count of accounts that need attention in the subject', () => {
    // Act
    const email = renderDigest(digest, recipient, SENDER);

    // Assess
    expect(email.to).toEqual([{ name: 'Dana Reyes', address: 'dana@sparkle.example' }]);
    expect(email.from).toEqual({ name: 'Partner Pulse (Sparkle Facility Services)', address: 'digest@sparkle.example' });
    expect(email.subject).toBe('Weekly digest, week of Jan 4, 2027: 1 account needs attention');
  });

  it('escapes every name, reason and request in the HTML and keeps them whole in the text', () => {
    // Act
    const email = renderDigest(digest, recipient, SENDER);

    // Assess
    expect(email.html).not.toMatch(/<script|<img|<b>cancel/);
    expect(email.html).toContain('Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('Fix the &lt;img src=x onerror=alert(1)&gt; door');
    expect(email.text).toContain('Tom & Jerry <script>alert(1)</script>: at risk, renewal Feb 13, 2027 (in 40 days). Comments mention “<b>cancel</b>”.');
    expect(email.text).toContain('"Fix the <img src=x onerror=alert(1)> door" (owner Dana Reyes, open 45 days)');
  });

  it('shows the numbers in both parts', () => {
    // Act
    const email = renderDigest(digest, recipient, SENDER);

    // Assess
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Average score: 56 of 100 (6.0 of 10) from 1 answer in the last 30 days, down 33 points from 89 in the 30 days before.');
      expect(part).toContain('Response rate: 0% (0 of 1 survey sent in the last 30 days answered).');
      expect(part).toContain('Meetings next week (Jan 11, 2027 – Jan 17, 2027)');
    }
    expect(email.text).toContain('Tue, Jan 12, 10:00 AM CST: Tom & Jerry <script>alert(1)</script> (60 min)');
    expect(email.text).toMatch(/41–60 +#{20} 1/);
  });

  it('says so when a section is empty', () => {
    // Prepare
    const quiet = digestOf({ accounts: [account({ name: 'Quiet Place', renewalDate: dateIn(200), cadence: { every: 'quarter', months: [2, 5, 8, 11], week: 1, weekday: 'MON', time: '09:00', durationMinutes: 60 } })] });

    // Act
    const email = renderDigest(quiet, recipient, SENDER);

    // Assess
    expect(email.subject).toBe('Weekly digest, week of Jan 4, 2027: no account needs attention');
    for (const line of [
      'No survey answers in the last 30 days.',
      'No surveys were sent in the last 30 days.',
      'None: every account is healthy.',
      'No renewal in the next 90 days.',
      'No partnership meetings next week.',
      'None: no commitment has been open for more than 30 days.',
    ]) {
      expect(email.text).toContain(line);
      expect(email.html).toContain(line);
    }
  });
});
