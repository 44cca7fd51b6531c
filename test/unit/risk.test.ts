import { describe, expect, it } from 'vitest';
import type { DefaultTeam } from '#domain/accounts.ts';
import { InvalidInput } from '#domain/errors.ts';
import type { Account, Commitment, Meeting, Person, RiskLevel, RiskSignal, Score, SignalKind } from '#domain/model.ts';
import {
  alertRecipients,
  assessRisk,
  daysToRenewal,
  DEFAULT_RISK_RULES,
  riskChange,
  riskRulesFrom,
  suggestedActions,
  type ReasonCode,
  type RiskAssessment,
  type RiskInput,
  type RiskReason,
} from '#domain/risk.ts';

// Monday 2027-01-04, 09:00 in Chicago.
const NOW = new Date('2027-01-04T15:00:00.000Z');
const DAY_MS = 86_400_000;
const CYCLE_DAYS = 28;

const daysAgo = (days: number): string => new Date(NOW.getTime() - days * DAY_MS).toISOString();
/** The calendar date `days` after NOW's date (the same in UTC and in Chicago at NOW). */
const dateIn = (days: number): string => new Date(NOW.getTime() + days * DAY_MS).toISOString().slice(0, 10);

function score(meetingId: string, contactId: string, value: number, scale: 5 | 10, extra: Partial<Score> = {}): Score {
  return {
    accountId: 'acme',
    meetingId,
    contactId,
    score: value,
    scale,
    answeredAt: new Date(Date.parse(meetingId) + 3 * 3_600_000).toISOString(),
    provisional: false,
    ...extra,
  };
}

/** One list of answers per meeting, oldest first, a cycle apart; the last list is the latest meeting, a cycle ago. */
function cycles(scale: 5 | 10, ...answers: number[][]): Score[] {
  return answers.flatMap((values, index) => {
    const meetingId = daysAgo(CYCLE_DAYS * (answers.length - index));
    return values.map((value, contact) => score(meetingId, `contact-${contact + 1}`, value, scale));
  });
}

function meeting(daysBefore: number, status: Meeting['status'] = 'held'): Meeting {
  return { accountId: 'acme', scheduledTime: daysAgo(daysBefore), status, recordedAt: daysAgo(daysBefore) };
}

function signal(kind: SignalKind, daysBefore: number, detail = `${kind} happened`): RiskSignal {
  return { id: `${kind}-${daysBefore}`, accountId: 'acme', kind, at: daysAgo(daysBefore), detail };
}

function commitment(daysBefore: number, status: Commitment['status'] = 'open', request = 'Mop the lobby every night'): Commitment {
  return {
    id: `c-${daysBefore}`,
    accountId: 'acme',
    request,
    owner: { name: 'Dana Reyes', email: 'dana@sparkle.example' },
    status,
    createdAt: daysAgo(daysBefore),
  };
}

function input(parts: Partial<RiskInput> & { scale?: 5 | 10; renewalDate?: string } = {}): RiskInput {
  const { scale = 10, renewalDate = '2028-06-30', ...rest } = parts;
  return {
    account: { scale, renewalDate, monthlyValue: 4200, timezone: 'America/Chicago' },
    scores: [],
    meetings: [],
    commitments: [],
    signals: [],
    now: NOW,
    ...rest,
  };
}

const codes = (assessment: RiskAssessment): ReasonCode[] => assessment.reasons.map((reason) => reason.code);
const reasonOf = (assessment: RiskAssessment, code: ReasonCode): RiskReason | undefined =>
  assessment.reasons.find((reason) => reason.code === code);

describe('assessRisk: score drop', () => {
  // [7, 10, 10, 10] averages 92 of 100; the latest answers below average to 92 minus the drop.
  it.each([
    { name: 'a drop of 19 points is healthy', latest: [6, 9], level: 'healthy', found: [] },
    { name: 'a drop of exactly 20 points is watch', latest: [5, 10], level: 'watch', found: ['score-drop'] },
    { name: 'a drop of 21 points is watch', latest: [6, 6, 10], level: 'watch', found: ['score-drop'] },
    { name: 'a drop of 29 points is still watch', latest: [1, 9, 10], level: 'watch', found: ['score-drop'] },
    { name: 'a drop of exactly 30 points is at-risk', latest: [6, 7], level: 'at-risk', found: ['score-drop'] },
    { name: 'a drop of 31 points is at-risk', latest: [3, 10], level: 'at-risk', found: ['score-drop'] },
  ])('on the 1–10 scale, $name', ({ latest, level, found }) => {
    // Prepare
    const scores = cycles(10, [7, 10, 10, 10], latest);

    // Act
    const assessment = assessRisk(input({ scores }));

    // Assess
    expect(assessment.level).toBe(level);
    expect(codes(assessment)).toEqual(found);
  });

  it.each([
    { name: '5 to an average of 4.5 (−12 points) is healthy', latest: [4, 5], level: 'healthy' },
    { name: '5 to 4 (−25 points) is watch', latest: [4], level: 'watch' },
    { name: '5 to 3 (−50 points) is at-risk', latest: [3], level: 'at-risk' },
  ])('on the 1–5 scale, $name', ({ latest, level }) => {
    // Prepare
    const scores = cycles(5, [5], latest);

    // Act
    const assessment = assessRisk(input({ scale: 5, scores }));

    // Assess
    expect(assessment.level).toBe(level);
  });

  it('says how far the score fell in plain words', () => {
    // Prepare
    const scores = cycles(10, [9], [6]);

    // Act
    const assessment = assessRisk(input({ scores }));

    // Assess
    expect(assessment.reasons).toEqual([
      { code: 'score-drop', level: 'at-risk', text: 'Score fell from 9.0 to 6.0 out of 10 since the last meeting' },
    ]);
  });

  it.each([
    { name: 'one contact alone at 7 is a 33-point drop', latest: [7], level: 'at-risk', text: 'from 10.0 to 7.0 out of 10' },
    { name: 'two contacts at 7 and 9 average 8.0, a 22-point drop', latest: [7, 9], level: 'watch', text: 'from 10.0 to 8.0 out of 10' },
  ])('averages each meeting over its contacts: $name', ({ latest, level, text }) => {
    // Prepare
    const scores = cycles(10, [10], latest);

    // Act
    const assessment = assessRisk(input({ scores }));

    // Assess
    expect(assessment.level).toBe(level);
    expect(reasonOf(assessment, 'score-drop')?.text).toContain(text);
  });

  it('never raises risk on a provisional click: a mail scanner opens score links too', () => {
    // Prepare
    const [before, latest] = cycles(10, [9], [1]);
    const scores = [before!, { ...latest!, provisional: true }];

    // Act
    const assessment = assessRisk(input({ scores }));

    // Assess
    expect(assessment.level).toBe('healthy');
    expect(codes(assessment)).toEqual([]);
  });

  it('weighs the same answer once it is confirmed', () => {
    // Prepare
    const [before, latest] = cycles(10, [9], [6]);

    // Act
    const assessment = assessRisk(input({ scores: [before!, { ...latest!, provisional: false }] }));

    // Assess
    expect(codes(assessment)).toEqual(['score-drop']);
  });

  it('reads scores given in any order', () => {
    // Prepare
    const scores = cycles(10, [9, 9], [6, 6]).reverse();

    // Act
    const assessment = assessRisk(input({ scores }));

    // Assess
    expect(reasonOf(assessment, 'score-drop')?.text).toBe('Score fell from 9.0 to 6.0 out of 10 since the last meeting');
  });

  it('compares nothing when there is only one meeting with scores', () => {
    // Prepare
    const scores = cycles(10, [5]);

    // Act
    const assessment = assessRisk(input({ scores }));

    // Assess
    expect(assessment).toEqual({ level: 'healthy', reasons: [] });
  });
});

describe('assessRisk: low score', () => {
  it.each([
    { name: '1–10 answers averaging 39 of 100 are at-risk', scale: 10 as const, latest: [1, 8], level: 'at-risk' },
    { name: '1–10 answers averaging exactly 40 of 100 are at-risk', scale: 10 as const, latest: [4, 5, 5], level: 'at-risk' },
    { name: '1–10 answers averaging 41 of 100 are healthy', scale: 10 as const, latest: [1, 3, 10], level: 'healthy' },
    { name: 'a 2 out of 5 (25 of 100) is at-risk', scale: 5 as const, latest: [2], level: 'at-risk' },
    { name: '1–5 answers averaging 38 of 100 are at-risk', scale: 5 as const, latest: [1, 4], level: 'at-risk' },
    { name: '1–5 answers averaging 42 of 100 are healthy', scale: 5 as const, latest: [1, 2, 5], level: 'healthy' },
    { name: 'a 3 out of 5 (50 of 100) is healthy', scale: 5 as const, latest: [3], level: 'healthy' },
  ])('$name', ({ scale, latest, level }) => {
    // Prepare
    const scores = cycles(scale, latest);

    // Act
    const assessment = assessRisk(input({ scale, scores }));

    // Assess
    expect(assessment.level).toBe(level);
    expect(codes(assessment)).toEqual(level === 'healthy' ? [] : ['low-score']);
  });

  it('names the score on the account’s own scale', () => {
    // Prepare
    const scores = cycles(5, [2]);

    // Act
    const assessment = assessRisk(input({ scale: 5, scores }));

    // Assess
    expect(reasonOf(assessment, 'low-score')?.text).toBe(
      'Latest score is 2.0 out of 5',
    );
  });

  it('judges the latest meeting, not an earlier low one', () => {
    // Prepare
    const scores = cycles(10, [2], [9]);

    // Act
    const assessment = assessRisk(input({ scores }));

    // Assess
    expect(assessment).toEqual({ level: 'healthy', reasons: [] });
  });
});

describe('assessRisk: declining', () => {
  it.each([
    { name: 'three falls in a row (10, 9, 8, 7) are at-risk', answers: [[10], [9], [8], [7]], level: 'at-risk' },
    { name: 'two falls in a row (9, 8, 7) are healthy', answers: [[9], [8], [7]], level: 'healthy' },
    { name: 'a flat meeting in the run (10, 9, 9, 8) breaks it', answers: [[10], [9], [9], [8]], level: 'healthy' },
    { name: 'a rise before the last three falls (6, 10, 9, 8, 7) does not matter', answers: [[6], [10], [9], [8], [7]], level: 'at-risk' },
    { name: 'a rise at the end (10, 9, 8, 9) breaks it', answers: [[10], [9], [8], [9]], level: 'healthy' },
  ])('$name', ({ answers, level }) => {
    // Prepare
    const scores = cycles(10, ...answers);

    // Act
    const assessment = assessRisk(input({ scores }));

    // Assess
    expect(assessment.level).toBe(level);
    expect(codes(assessment)).toEqual(level === 'healthy' ? [] : ['declining']);
  });

  it('shows the run of scores', () => {
    // Prepare
    const scores = cycles(10, [10], [9], [8], [7]);

    // Act
    const assessment = assessRisk(input({ scores }));

    // Assess
    expect(reasonOf(assessment, 'declining')?.text).toBe('Score fell 3 meetings in a row: 10.0 → 9.0 → 8.0 → 7.0');
  });

  it('follows a deployment that sets two cycles', () => {
    // Prepare
    const scores = cycles(10, [9], [8], [7]);
    const rules = riskRulesFrom({ decliningCycles: 2 });

    // Act
    const assessment = assessRisk(input({ scores, rules }));

    // Assess
    expect(codes(assessment)).toEqual(['declining']);
  });
});

describe('assessRisk: silent cycles', () => {
  it.each([
    { name: 'two held meetings whose surveys closed unanswered are watch', meetings: [meeting(40), meeting(12)], level: 'watch' },
    { name: 'three unanswered closed meetings are watch', meetings: [meeting(68), meeting(40), meeting(12)], level: 'watch' },
    { name: 'one unanswered closed meeting is healthy', meetings: [meeting(12)], level: 'healthy' },
    { name: 'a survey closing today (10 days after the meeting) counts', meetings: [meeting(40), meeting(10)], level: 'watch' },
    { name: 'a survey still open (9 days after the meeting) does not count', meetings: [meeting(40), meeting(9)], level: 'healthy' },
    { name: 'a skipped meeting is not a silent one', meetings: [meeting(40), meeting(12, 'skipped')], level: 'healthy' },
    { name: 'meetings still marked scheduled count as held', meetings: [meeting(40, 'scheduled'), meeting(12, 'scheduled')], level: 'watch' },
    { name: 'a future meeting does not count', meetings: [meeting(40), meeting(-5)], level: 'healthy' },
  ])('$name', ({ meetings, level }) => {
    // Act
    const assessment = assessRisk(input({ meetings }));

    // Assess
    expect(assessment.level).toBe(level);
    expect(codes(assessment)).toEqual(level === 'healthy' ? [] : ['silent']);
  });

  it('is not silent when the most recent closed meeting was answered', () => {
    // Prepare
    const meetings = [meeting(68), meeting(40), meeting(12)];
    const scores = [score(daysAgo(12), 'contact-1', 9, 10)];

    // Act
    const assessment = assessRisk(input({ meetings, scores }));

    // Assess
    expect(codes(assessment)).toEqual([]);
  });

  it('is not silent when the meeting before a skipped one was answered', () => {
    // Prepare
    const meetings = [meeting(68), meeting(40), meeting(12, 'skipped')];
    const scores = [score(daysAgo(68), 'contact-1', 9, 10)];

    // Act
    const assessment = assessRisk(input({ meetings, scores }));

    // Assess
    expect(codes(assessment)).toEqual([]);
  });

  it('counts a provisional click as an answer', () => {
    // Prepare
    const meetings = [meeting(40), meeting(12)];
    const scores = [score(daysAgo(12), 'contact-1', 9, 10, { provisional: true })];

    // Act
    const assessment = assessRisk(input({ meetings, scores }));

    // Assess
    expect(codes(assessment)).toEqual([]);
  });

  it('matches a score to its meeting whatever the precision of the time', () => {
    // Prepare
    const meetings = [
      { ...meeting(40), scheduledTime: '2026-11-25T15:00:00Z' },
      { ...meeting(12), scheduledTime: '2026-12-23T15:00:00Z' },
    ];
    const scores = [score('2026-12-23T15:00:00.000Z', 'contact-1', 9, 10)];

    // Act
    const assessment = assessRisk(input({ meetings, scores }));

    // Assess
    expect(codes(assessment)).toEqual([]);
  });

  it('names the silent meetings by their local dates', () => {
    // Prepare
    const meetings = [meeting(12), meeting(40)];

    // Act
    const assessment = assessRisk(input({ meetings }));

    // Assess
    expect(reasonOf(assessment, 'silent')).toEqual({
      code: 'silent',
      level: 'watch',
      text: 'No survey answers for the last 2 meetings (2026-11-25, 2026-12-23)',
      // No answers before either: an account quiet by habit.
      quiet: true,
    });
  });
});

describe('assessRisk: warning words', () => {
  it.each([
    { comment: 'We may cancel at the end of the year', heard: 'cancel' },
    { comment: 'We are CANCELLING the window cleaning', heard: 'cancelling' },
    { comment: 'Talk of a cancellation upstairs', heard: 'cancellation' },
    { comment: 'Management is terminating vendors', heard: 'terminating' },
    { comment: 'We asked for bids.', heard: 'bids' },
    { comment: 'The bidding opens in March', heard: 'bidding' },
    { comment: 'An RFP goes out next week', heard: 'rfp' },
    { comment: "A competitor's crew came by", heard: "competitor's" },
    { comment: 'Two competitors called us', heard: 'competitors' },
    { comment: 'We are switching to day cleaning', heard: 'switching' },
    { comment: 'Another company offered a lower price', heard: 'another company' },
    { comment: 'Thinking about another   Company', heard: 'another company' },
    { comment: 'The other provider was cheaper', heard: 'other provider' },
    { comment: 'We found a new vendor', heard: 'new vendor' },
    { comment: 'We won’t renew as things are', heard: "won't renew" },
  ])('hears “$heard” in “$comment”', ({ comment, heard }) => {
    // Prepare
    const scores = [score(daysAgo(28), 'contact-1', 9, 10, { comment })];

    // Act
    const assessment = assessRisk(input({ scores }));

    // Assess
    expect(assessment.level).toBe('watch');
    expect(assessment.reasons).toEqual([
      { code: 'warning-words', level: 'watch', text: `The latest comments mention “${heard}”` },
    ]);
  });

  it.each([
    { name: 'the switchboard', comment: 'Please dust the switchboard' },
    { name: 'a bidet', comment: 'The bidet in suite 4 needs attention' },
    { name: 'forbid', comment: 'We forbid smoking near the doors' },
    { name: 'the terminal building', comment: 'Great work in the terminal building' },
    { name: 'cancer', comment: 'The cancer ward looks spotless' },
    { name: 'a plain thank-you', comment: 'Thank you, great job' },
  ])('hears nothing in a comment about $name', ({ comment }) => {
    // Prepare
    const scores = [score(daysAgo(28), 'contact-1', 9, 10, { comment })];

    // Act
    const assessment = assessRisk(input({ scores }));

    // Assess
    expect(assessment).toEqual({ level: 'healthy', reasons: [] });
  });

  it('reads only the latest meeting’s comments', () => {
    // Prepare
    const scores = [
      score(daysAgo(56), 'contact-1', 9, 10, { comment: 'We will cancel unless the floors improve' }),
      score(daysAgo(28), 'contact-1', 9, 10, { comment: 'Floors look great now' }),
    ];

    // Act
    const assessment = assessRisk(input({ scores }));

    // Assess
    expect(assessment).toEqual({ level: 'healthy', reasons: [] });
  });

  it('lists the words of every contact of the latest meeting', () => {
    // Prepare
    const scores = [
      score(daysAgo(28), 'contact-1', 9, 10, { comment: 'We got bids' }),
      score(daysAgo(28), 'contact-2', 9, 10, { comment: 'An RFP is coming' }),
    ];

    // Act
    const assessment = assessRisk(input({ scores }));

    // Assess
    expect(reasonOf(assessment, 'warning-words')?.text).toBe('The latest comments mention “bids”, “rfp”');
  });

  it('uses the deployment’s own words', () => {
    // Prepare
    const scores = [score(daysAgo(28), 'contact-1', 9, 10, { comment: 'We will rebid the contract' })];
    const rules = riskRulesFrom({ warningWords: ['rebid'] });

    // Act
    const assessment = assessRisk(input({ scores, rules }));

    // Assess
    expect(reasonOf(assessment, 'warning-words')?.text).toBe('The latest comments mention “rebid”');
  });
});

describe('assessRisk: risk signals', () => {
  it.each([
    { kind: 'skipped-meetings' as const, code: 'skipped-meetings' },
    { kind: 'champion-bounced' as const, code: 'champion-bounced' },
    { kind: 'overdue-commitment' as const, code: 'overdue-commitment' },
  ])('puts the account on watch for a $kind signal', ({ kind, code }) => {
    // Prepare
    const signals = [signal(kind, 5, 'two meetings skipped in a row (2026-11-10 and 2026-12-08)')];

    // Act
    const assessment = assessRisk(input({ signals }));

    // Assess
    expect(assessment).toEqual({
      level: 'watch',
      reasons: [
        { code, level: 'watch', text: 'Two meetings skipped in a row (2026-11-10 and 2026-12-08)', ...(kind === 'overdue-commitment' ? { quiet: true } : {}) },
      ],
    });
  });

  it('takes no single unanswered survey for silence, however it is reported', () => {
    // Prepare
    const signals = [signal('silent-cycle', 5, 'no answer to the survey of the 2026-12-08 meeting')];

    // Act
    const assessment = assessRisk(input({ signals }));

    // Assess
    expect(assessment).toEqual({ level: 'healthy', reasons: [] });
  });

  it.each([
    { name: '119 days old counts', age: 119, level: 'watch' },
    { name: 'exactly 120 days old counts', age: 120, level: 'watch' },
    { name: '121 days old is ignored', age: 121, level: 'healthy' },
  ])('a signal $name', ({ age, level }) => {
    // Prepare
    const signals = [signal('champion-bounced', age)];

    // Act
    const assessment = assessRisk(input({ signals }));

    // Assess
    expect(assessment.level).toBe(level);
  });

  it('gives one reason per kind, with the words of each signal', () => {
    // Prepare
    const signals = [
      signal('champion-bounced', 3, 'email to Morgan Lee bounces'),
      signal('champion-bounced', 9, 'email to Kim Park bounces'),
    ];

    // Act
    const assessment = assessRisk(input({ signals }));

    // Assess
    expect(assessment.reasons).toEqual([
      { code: 'champion-bounced', level: 'watch', text: 'Email to Kim Park bounces; Email to Morgan Lee bounces' },
    ]);
  });
});

describe('assessRisk: overdue commitments', () => {
  it.each([
    { name: 'open for 29 days is not overdue', commitments: [commitment(29)], level: 'healthy' },
    { name: 'open for exactly 30 days is not overdue', commitments: [commitment(30)], level: 'healthy' },
    { name: 'open for 31 days is watch', commitments: [commitment(31)], level: 'watch' },
    { name: 'done after 90 days is not overdue', commitments: [commitment(90, 'done')], level: 'healthy' },
  ])('a commitment $name', ({ commitments, level }) => {
    // Act
    const assessment = assessRisk(input({ commitments }));

    // Assess
    expect(assessment.level).toBe(level);
    expect(codes(assessment)).toEqual(level === 'healthy' ? [] : ['overdue-commitment']);
  });

  it('quotes the oldest of several overdue commitments', () => {
    // Prepare
    const commitments = [commitment(31, 'open', 'Restock the soap'), commitment(45, 'open', 'Mop the lobby every night')];

    // Act
    const assessment = assessRisk(input({ commitments }));

    // Assess
    expect(reasonOf(assessment, 'overdue-commitment')?.text).toBe(
      '2 commitments open for more than 30 days, the oldest for 45 days: “Mop the lobby every night”',
    );
  });
});

describe('assessRisk: level and renewal', () => {
  it.each([
    { name: 'no reason is healthy', parts: {}, level: 'healthy', found: [] },
    { name: 'two watch reasons are watch', parts: { meetings: [meeting(40), meeting(12)], commitments: [commitment(31)] }, level: 'watch', found: ['silent', 'overdue-commitment'] },
    {
      name: 'a watch and an at-risk reason are at-risk',
      parts: { scores: cycles(10, [10], [8], [3]), signals: [signal('skipped-meetings', 2)] },
      level: 'at-risk',
      found: ['score-drop', 'low-score', 'skipped-meetings'],
    },
  ] satisfies { name: string; parts: Partial<RiskInput>; level: RiskLevel; found: ReasonCode[] }[])(
    'takes the highest level of the reasons: $name',
    ({ parts, level, found }) => {
      // Act
      const assessment = assessRisk(input(parts));

      // Assess
      expect(assessment.level).toBe(level);
      expect(codes(assessment)).toEqual(found);
    },
  );

  it.each([
    { name: 'at-risk with the renewal in 60 days is critical', level: 'at-risk', days: 60, expected: 'critical' },
    { name: 'at-risk with the renewal in 61 days stays at-risk', level: 'at-risk', days: 61, expected: 'at-risk' },
    { name: 'at-risk with the renewal today is critical', level: 'at-risk', days: 0, expected: 'critical' },
    { name: 'at-risk with the renewal date passed is critical', level: 'at-risk', days: -5, expected: 'critical' },
    { name: 'watch with the renewal in 10 days stays watch', level: 'watch', days: 10, expected: 'watch' },
  ])('$name', ({ level, days, expected }) => {
    // Prepare
    const scores = level === 'at-risk' ? cycles(10, [1]) : cycles(10, [10], [8]);

    // Act
    const assessment = assessRisk(input({ scores, renewalDate: dateIn(days) }));

    // Assess
    expect(assessment.level).toBe(expected);
    expect(codes(assessment).includes('renewal-near')).toBe(expected === 'critical');
  });

  it.each([
    { days: 60, text: 'Renewal in 60 days (2027-03-05)' },
    { days: 1, text: 'Renewal tomorrow (2027-01-05)' },
    { days: 0, text: 'Renewal today (2027-01-04)' },
    { days: -5, text: 'Renewal date passed 5 days ago (2026-12-30)' },
  ])('says “$text” when critical', ({ days, text }) => {
    // Prepare
    const scores = cycles(10, [1]);

    // Act
    const assessment = assessRisk(input({ scores, renewalDate: dateIn(days) }));

    // Assess
    expect(assessment.reasons.at(-1)).toEqual({ code: 'renewal-near', level: 'critical', text });
  });

  it('follows the critical window of a deployment', () => {
    // Prepare
    const scores = cycles(10, [1]);
    const rules = riskRulesFrom({ criticalRenewalDays: 90 });

    // Act
    const assessment = assessRisk(input({ scores, rules, renewalDate: dateIn(90) }));

    // Assess
    expect(assessment.level).toBe('critical');
  });
});

describe('daysToRenewal', () => {
  it.each([
    { name: 'the same day is 0', renewal: '2027-01-04', now: '2027-01-04T15:00:00Z', zone: 'UTC', days: 0 },
    { name: 'the next day is 1', renewal: '2027-01-05', now: '2027-01-04T23:59:59Z', zone: 'UTC', days: 1 },
    { name: 'a passed date is negative', renewal: '2027-01-01', now: '2027-01-04T00:00:00Z', zone: 'UTC', days: -3 },
    { name: 'a leap day counts', renewal: '2028-03-01', now: '2028-02-28T12:00:00Z', zone: 'UTC', days: 2 },
    { name: 'a year without a leap day', renewal: '2028-01-04', now: '2027-01-04T12:00:00Z', zone: 'UTC', days: 365 },
    { name: 'late evening in Chicago is still the day before in UTC terms', renewal: '2027-01-05', now: '2027-01-05T03:00:00Z', zone: 'America/Chicago', days: 1 },
    { name: 'a spring-forward weekend counts whole days', renewal: '2027-03-15', now: '2027-03-13T12:00:00Z', zone: 'America/Chicago', days: 2 },
    { name: 'early morning in Tokyo is already the next day', renewal: '2027-01-05', now: '2027-01-04T16:00:00Z', zone: 'Asia/Tokyo', days: 0 },
  ])('$name', ({ renewal, now, zone, days }) => {
    // Act
    const result = daysToRenewal(renewal, new Date(now), zone);

    // Assess
    expect(result).toBe(days);
  });
});

describe('riskChange', () => {
  const reason = (code: ReasonCode, level: RiskLevel = 'watch'): RiskReason => ({ code, level, text: code });

  it.each([
    {
      name: 'healthy to watch is raised',
      previous: { level: 'healthy' as const, reasons: [] },
      next: { level: 'watch' as const, reasons: [reason('silent')] },
      kind: 'raised',
      fresh: ['silent'],
    },
    {
      name: 'watch to at-risk with a new reason is raised, reporting the new reason',
      previous: { level: 'watch' as const, reasons: ['silent'] },
      next: { level: 'at-risk' as const, reasons: [reason('silent'), reason('low-score', 'at-risk')] },
      kind: 'raised',
      fresh: ['low-score'],
    },
    {
      name: 'a drop that deepens from watch to at-risk is raised, reporting the drop',
      previous: { level: 'watch' as const, reasons: ['score-drop'] },
      next: { level: 'at-risk' as const, reasons: [reason('score-drop', 'at-risk')] },
      kind: 'raised',
      fresh: ['score-drop'],
    },
    {
      name: 'a new reason at the same level is new-reason',
      previous: { level: 'at-risk' as const, reasons: ['low-score'] },
      next: { level: 'at-risk' as const, reasons: [reason('low-score', 'at-risk'), reason('champion-bounced')] },
      kind: 'new-reason',
      fresh: ['champion-bounced'],
    },
    {
      name: 'a new reason while the level falls is still new-reason',
      previous: { level: 'at-risk' as const, reasons: ['low-score'] },
      next: { level: 'watch' as const, reasons: [reason('warning-words')] },
      kind: 'new-reason',
      fresh: ['warning-words'],
    },
    {
      name: 'the same level and reasons is none',
      previous: { level: 'at-risk' as const, reasons: ['low-score', 'silent'] },
      next: { level: 'at-risk' as const, reasons: [reason('low-score', 'at-risk'), reason('silent')] },
      kind: 'none',
      fresh: [],
    },
    {
      name: 'a reason going away is none',
      previous: { level: 'at-risk' as const, reasons: ['low-score', 'silent'] },
      next: { level: 'at-risk' as const, reasons: [reason('low-score', 'at-risk')] },
      kind: 'none',
      fresh: [],
    },
    {
      name: 'a fall from at-risk to watch with known reasons is none',
      previous: { level: 'at-risk' as const, reasons: ['low-score', 'silent'] },
      next: { level: 'watch' as const, reasons: [reason('silent')] },
      kind: 'none',
      fresh: [],
    },
    {
      name: 'at-risk to healthy is recovered',
      previous: { level: 'at-risk' as const, reasons: ['low-score'] },
      next: { level: 'healthy' as const, reasons: [] },
      kind: 'recovered',
      fresh: [],
    },
    {
      name: 'watch to healthy is recovered',
      previous: { level: 'watch' as const, reasons: ['silent'] },
      next: { level: 'healthy' as const, reasons: [] },
      kind: 'recovered',
      fresh: [],
    },
    {
      name: 'healthy staying healthy is none',
      previous: { level: 'healthy' as const, reasons: [] },
      next: { level: 'healthy' as const, reasons: [] },
      kind: 'none',
      fresh: [],
    },
  ])('$name', ({ previous, next, kind, fresh }) => {
    // Act
    const change = riskChange(previous, next);

    // Assess
    expect(change.kind).toBe(kind);
    expect(change.newReasons.map((r) => r.code)).toEqual(fresh);
  });

  it('raises an at-risk account to critical when its renewal comes within 60 days', () => {
    // Prepare
    const scores = cycles(10, [1]);
    const previous = { level: 'at-risk' as const, reasons: ['low-score'] };

    // Act
    const change = riskChange(previous, assessRisk(input({ scores, renewalDate: dateIn(60) })));

    // Assess
    expect(change.kind).toBe('raised');
    expect(change.newReasons.map((r) => r.code)).toEqual(['renewal-near']);
  });
});

describe('alertRecipients', () => {
  const person = (name: string): Person => ({ name, email: `${name.toLowerCase()}@sparkle.example` });
  const AM = person('Dana');
  const SUPERVISOR = person('Luis');
  const OPS = person('Sam');
  const EXEC = person('Pat');
  const FULL_TEAM: Account['team'] = { accountManager: AM, supervisor: SUPERVISOR, operationsManager: OPS, executive: EXEC };

  function account(renewalDays: number, team: Account['team'] = FULL_TEAM): Account {
    return {
      id: 'acme',
      name: 'Acme Tower',
      timezone: 'America/Chicago',
      cadence: { every: 'month', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 },
      scale: 10,
      renewalDate: dateIn(renewalDays),
      monthlyValue: 4200,
      team,
      contacts: [],
      services: [],
      status: 'active',
      risk: { level: 'watch', reasons: [], codes: [] },
      sequence: 0,
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
  }

  it.each([
    { name: 'rung 0, renewal in 91 days: supervisor and account manager', days: 91, level: 'watch' as const, rung: 0 as const, people: [SUPERVISOR, AM] },
    { name: 'rung 0, renewal in 90 days: adds the operations manager', days: 90, level: 'watch' as const, rung: 0 as const, people: [SUPERVISOR, AM, OPS] },
    { name: 'rung 0, renewal in 31 days: no executive yet', days: 31, level: 'at-risk' as const, rung: 0 as const, people: [SUPERVISOR, AM, OPS] },
    { name: 'rung 0, watch with the renewal in 30 days: no executive', days: 30, level: 'watch' as const, rung: 0 as const, people: [SUPERVISOR, AM, OPS] },
    { name: 'rung 0, at-risk with the renewal in 30 days: adds the executive', days: 30, level: 'at-risk' as const, rung: 0 as const, people: [SUPERVISOR, AM, OPS, EXEC] },
    { name: 'rung 0, watch with the renewal passed: no executive', days: -3, level: 'watch' as const, rung: 0 as const, people: [SUPERVISOR, AM, OPS] },
    { name: 'rung 0, at-risk with the renewal passed: everyone', days: -3, level: 'at-risk' as const, rung: 0 as const, people: [SUPERVISOR, AM, OPS, EXEC] },
    { name: 'rung 0, critical far from renewal: adds the executive', days: 200, level: 'critical' as const, rung: 0 as const, people: [SUPERVISOR, AM, EXEC] },
    { name: 'rung 1, far from renewal: adds the operations manager', days: 200, level: 'at-risk' as const, rung: 1 as const, people: [SUPERVISOR, AM, OPS] },
    { name: 'rung 2, at-risk far from renewal: the operations manager owns it', days: 200, level: 'at-risk' as const, rung: 2 as const, people: [SUPERVISOR, AM, OPS] },
    { name: 'rung 2, watch far from renewal: the executive is not for a watch', days: 200, level: 'watch' as const, rung: 2 as const, people: [SUPERVISOR, AM, OPS] },
  ])('$name', ({ days, level, rung, people }) => {
    // Act
    const recipients = alertRecipients({ account: account(days), defaults: {}, level, now: NOW, rung });

    // Assess
    expect(recipients).toEqual(people);
  });

  it('fills the roles the account leaves empty from the deployment defaults', () => {
    // Prepare
    const defaults: DefaultTeam = { supervisor: person('Ana'), operationsManager: person('Ben'), executive: person('Cy') };

    // Act
    const recipients = alertRecipients({ account: account(20, { accountManager: AM }), defaults, level: 'at-risk', now: NOW, rung: 2 });

    // Assess
    expect(recipients).toEqual([person('Ana'), AM, person('Ben'), person('Cy')]);
  });

  it('prefers the account’s own people to the defaults', () => {
    // Prepare
    const defaults: DefaultTeam = { supervisor: person('Ana'), operationsManager: person('Ben'), executive: person('Cy') };

    // Act
    const recipients = alertRecipients({ account: account(20), defaults, level: 'at-risk', now: NOW, rung: 2 });

    // Assess
    expect(recipients).toEqual([SUPERVISOR, AM, OPS, EXEC]);
  });

  it('skips roles missing from both the account and the defaults', () => {
    // Act
    const recipients = alertRecipients({ account: account(10, { accountManager: AM }), defaults: {}, level: 'critical', now: NOW, rung: 2 });

    // Assess
    expect(recipients).toEqual([AM]);
  });

  it.each([
    { name: 'the account manager is also the supervisor', team: { accountManager: AM, supervisor: { name: 'Dana R.', email: 'DANA@sparkle.example' } }, defaults: {}, people: [{ name: 'Dana R.', email: 'DANA@sparkle.example' }] },
    { name: 'the default executive is the account’s operations manager', team: { accountManager: AM, operationsManager: OPS }, defaults: { executive: OPS }, people: [AM, OPS] },
  ])('lists each address once when $name', ({ team, defaults, people }) => {
    // Act
    const recipients = alertRecipients({ account: account(20, team), defaults, level: 'at-risk', now: NOW, rung: 2 });

    // Assess
    expect(recipients).toEqual(people);
  });
});

describe('suggestedActions', () => {
  const assessment = (level: RiskLevel, ...reasonCodes: ReasonCode[]): RiskAssessment => ({
    level,
    reasons: reasonCodes.map((code) => ({ code, level: 'watch', text: code })),
  });

  it('suggests nothing for a healthy account', () => {
    // Act
    const actions = suggestedActions(assessment('healthy'));

    // Assess
    expect(actions).toEqual([]);
  });

  it.each([
    { name: 'watch', level: 'watch' as const, includes: [/^Ask what one thing/, /^Remind the customer of the value/] },
    { name: 'at-risk', level: 'at-risk' as const, includes: [/^Bring another team member/] },
    { name: 'critical', level: 'critical' as const, includes: [/^Bring another team member/, /^Consider switching the team member/] },
  ])('suggests general actions for $name when the reasons are not at hand', ({ level, includes }) => {
    // Act
    const actions = suggestedActions(assessment(level));

    // Assess
    expect(actions.length).toBeGreaterThanOrEqual(3);
    expect(actions.length).toBeLessThanOrEqual(5);
    for (const pattern of includes) expect(actions).toContainEqual(expect.stringMatching(pattern));
  });

  it.each([
    { name: 'a score drop starts by owning our share', given: assessment('watch', 'score-drop'), first: /^Own our share first/ },
    { name: 'a bounced champion starts by finding the new contact', given: assessment('watch', 'champion-bounced'), first: /^Find out who has taken over/ },
    { name: 'skipped meetings start by re-booking', given: assessment('watch', 'skipped-meetings'), first: /^Re-book the skipped meeting/ },
    { name: 'overdue commitments start by closing them', given: assessment('watch', 'overdue-commitment'), first: /^Close the open commitments/ },
    { name: 'silence starts by calling the contact', given: assessment('watch', 'silent'), first: /^Call the main contact/ },
  ])('$name', ({ given, first }) => {
    // Act
    const actions = suggestedActions(given);

    // Assess
    expect(actions[0]).toMatch(first);
    expect(actions.length).toBeGreaterThanOrEqual(3);
    expect(actions.length).toBeLessThanOrEqual(5);
  });

  it('involves another team member and considers switching the crew when critical', () => {
    // Act
    const actions = suggestedActions(assessment('critical', 'declining', 'renewal-near'));

    // Assess
    expect(actions).toEqual([
      expect.stringMatching(/^Own our share first/),
      expect.stringMatching(/^Ask what one thing/),
      expect.stringMatching(/^Bring another team member/),
      expect.stringMatching(/^Consider switching the team member/),
      expect.stringMatching(/^Remind the customer of the value/),
    ]);
  });

  it.each([
    { name: 'every reason at once', given: assessment('critical', 'score-drop', 'low-score', 'declining', 'silent', 'warning-words', 'skipped-meetings', 'champion-bounced', 'overdue-commitment', 'renewal-near') },
    { name: 'a single watch reason', given: assessment('watch', 'warning-words') },
  ])('gives 3 to 5 distinct sentences for $name', ({ given }) => {
    // Act
    const actions = suggestedActions(given);

    // Assess
    expect(actions.length).toBeGreaterThanOrEqual(3);
    expect(actions.length).toBeLessThanOrEqual(5);
    expect(new Set(actions).size).toBe(actions.length);
    for (const action of actions) expect(action).toMatch(/^[A-Z].*\.$/);
  });
});

describe('riskRulesFrom', () => {
  it.each([
    { name: 'nothing', overrides: undefined },
    { name: 'an empty object', overrides: {} },
    { name: 'an empty string', overrides: '' },
  ])('gives the default rules for $name', ({ overrides }) => {
    // Act
    const rules = riskRulesFrom(overrides);

    // Assess
    expect(rules).toEqual(DEFAULT_RISK_RULES);
  });

  it.each([
    { name: 'an object', overrides: { dropWatch: 25, warningWords: ['Rebid'] } },
    { name: 'a JSON string', overrides: '{"dropWatch": 25, "warningWords": ["Rebid"]}' },
  ])('overrides only the rules named in $name', ({ overrides }) => {
    // Act
    const rules = riskRulesFrom(overrides);

    // Assess
    expect(rules).toEqual({ ...DEFAULT_RISK_RULES, dropWatch: 25, warningWords: ['rebid'] });
  });

  it.each([
    { name: 'points above 100', overrides: { dropWatch: 120 }, message: 'dropWatch: must be a number of points from 0 to 100' },
    { name: 'a number as text', overrides: { lowScore: '40' }, message: 'lowScore: must be a number of points from 0 to 100' },
    { name: 'a fraction of a cycle', overrides: { decliningCycles: 2.5 }, message: 'decliningCycles: must be a whole number of cycles, at least 1' },
    { name: 'zero silent meetings', overrides: { silentCycles: 0 }, message: 'silentCycles: must be a whole number of meetings, at least 2' },
    { name: 'one silent meeting (one missed survey is no silence)', overrides: { silentCycles: 1 }, message: 'silentCycles: must be a whole number of meetings, at least 2' },
    { name: 'at-risk silence shorter than watch silence', overrides: { silentAtRiskCycles: 2, silentCycles: 3 }, message: 'silentAtRiskCycles: must not be below silentCycles (3)' },
    { name: 'watch silence longer than at-risk silence', overrides: { silentCycles: 4 }, message: 'silentCycles: must not be above silentAtRiskCycles (3)' },
    { name: 'a negative material value', overrides: { materialMonthlyValue: -1 }, message: 'materialMonthlyValue: must be a monthly contract value, 0 or more' },
    { name: 'a fraction of a day before the renewal', overrides: { urgentRenewalDays: 1.5 }, message: 'urgentRenewalDays: must be a whole number of days, 0 or more' },
    { name: 'a negative survey window', overrides: { surveyWindowDays: -1 }, message: 'surveyWindowDays: must be a whole number of days, at least 1' },
    { name: 'warning words as one string', overrides: { warningWords: 'cancel' }, message: 'warningWords: must be a list of words or phrases' },
    { name: 'an empty warning word', overrides: { warningWords: ['cancel', ' '] }, message: 'warningWords[1]: must not contain an empty word' },
    { name: 'a misspelt rule', overrides: { dropWach: 25 }, message: 'dropWach: is not a known field (check its spelling)' },
    { name: 'a watch drop above the at-risk drop', overrides: { dropWatch: 40 }, message: 'dropWatch: must not be above dropAtRisk (30)' },
    { name: 'an at-risk drop below the watch drop', overrides: { dropAtRisk: 10 }, message: 'dropAtRisk: must not be below dropWatch (20)' },
    { name: 'a list instead of an object', overrides: [1], message: 'the risk rules must be a JSON object' },
    { name: 'text that is not JSON', overrides: 'dropWatch=25', message: 'the risk rules must be a JSON object' },
  ])('refuses $name, naming the rule', ({ overrides, message }) => {
    // Act
    const act = () => riskRulesFrom(overrides);

    // Assess
    expect(act).toThrow(InvalidInput);
    expect(act).toThrow(message);
  });
});

describe('assessRisk: what speaks without an email, and what never turns critical', () => {
  it.each([
    {
      name: 'an overdue commitment is quiet',
      parts: { commitments: [commitment(31)] },
      quiet: { 'overdue-commitment': true },
    },
    {
      name: 'an overdue commitment told twice, by its rule and by its signal, is one reason in one voice',
      parts: {
        commitments: [commitment(31)],
        signals: [{ ...signal('overdue-commitment', 1, '"Mop the lobby every night" open since 2026-12-04'), id: 'overdue-commitment-c-31' }],
      },
      quiet: { 'overdue-commitment': true },
    },
    {
      name: 'the silence of an account that never answered is quiet',
      parts: { meetings: [meeting(68), meeting(40), meeting(12)] },
      quiet: { silent: true },
    },
    {
      name: 'the silence of an account that answered twice before speaks',
      parts: {
        meetings: [meeting(124), meeting(96), meeting(68), meeting(40), meeting(12)],
        scores: [score(daysAgo(124), 'contact-1', 8, 10), score(daysAgo(96), 'contact-1', 8, 10)],
      },
      quiet: { silent: false },
    },
    { name: 'a bounce speaks', parts: { signals: [signal('champion-bounced', 3)] }, quiet: { 'champion-bounced': false } },
  ] satisfies { name: string; parts: Partial<RiskInput>; quiet: Partial<Record<ReasonCode, boolean>> }[])('$name', ({ parts, quiet }) => {
    // Act
    const assessment = assessRisk(input(parts));

    // Assess
    expect(Object.fromEntries(assessment.reasons.map((reason) => [reason.code, reason.quiet === true]))).toEqual(quiet);
  });

  it.each([
    { name: 'long silence 20 days before renewal stays at-risk', parts: { meetings: [meeting(124), meeting(96), meeting(68), meeting(40), meeting(12)], scores: [score(daysAgo(124), 'contact-1', 8, 10), score(daysAgo(96), 'contact-1', 8, 10)] }, level: 'at-risk' },
    { name: 'a low score 20 days before renewal is critical', parts: { scores: cycles(10, [9], [3]) }, level: 'critical' },
  ] satisfies { name: string; parts: Partial<RiskInput>; level: RiskLevel }[])('$name', ({ parts, level }) => {
    // Act
    const assessment = assessRisk(input({ ...parts, renewalDate: dateIn(20) }));

    // Assess
    expect(assessment.level).toBe(level);
  });
});
