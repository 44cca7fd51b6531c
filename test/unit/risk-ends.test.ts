// Every reason has a condition that ends it; silence needs two meetings in a row and rises above
// watch only for an account that used to answer.
import { describe, expect, it } from 'vitest';
import type { Commitment, Meeting, RiskSignal, Score, SignalKind } from '#domain/model.ts';
import { assessRisk, type ContactFacts, type ReasonCode, type RiskInput } from '#domain/risk.ts';

// Monday 2027-01-04, 09:00 in Chicago.
const NOW = new Date('2027-01-04T15:00:00.000Z');
const DAY_MS = 86_400_000;
const daysAgo = (days: number): string => new Date(NOW.getTime() - days * DAY_MS).toISOString();
const dateIn = (days: number): string => new Date(NOW.getTime() + days * DAY_MS).toISOString().slice(0, 10);

function score(daysBefore: number, value: number, comment?: string): Score {
  const meetingId = daysAgo(daysBefore);
  return {
    accountId: 'acme',
    meetingId,
    contactId: 'contact-1',
    score: value,
    scale: 10,
    answeredAt: new Date(Date.parse(meetingId) + 3_600_000).toISOString(),
    provisional: false,
    ...(comment ? { comment } : {}),
  };
}

/** One answer per meeting, 28 days apart, the last a cycle ago. */
const cycles = (...values: number[]): Score[] => values.map((value, index) => score(28 * (values.length - index), value));

const meeting = (daysBefore: number, status: Meeting['status'] = 'held'): Meeting => ({
  accountId: 'acme',
  scheduledTime: daysAgo(daysBefore),
  status,
  recordedAt: daysAgo(daysBefore),
});

const signal = (kind: SignalKind, id: string, daysBefore: number, subject?: string): RiskSignal => ({
  id,
  accountId: 'acme',
  kind,
  at: daysAgo(daysBefore),
  detail: `${kind} happened`,
  ...(subject ? { subject } : {}),
});

const commitment = (id: string, daysBefore: number, status: Commitment['status'] = 'open'): Commitment => ({
  id,
  accountId: 'acme',
  request: 'Mop the lobby every night',
  owner: { name: 'Dana Reyes', email: 'dana@sparkle.example' },
  status,
  createdAt: daysAgo(daysBefore),
});

const MORGAN_BOUNCED: ContactFacts = { id: 'morgan', status: 'bounced', decisionMaker: true };
const bounce = signal('champion-bounced', 'champion-bounced-morgan-0102', 5);

type Parts = Partial<Omit<RiskInput, 'account'>> & { renewalDate?: string; contacts?: ContactFacts[] };

function input({ renewalDate = '2028-06-30', contacts, ...rest }: Parts): RiskInput {
  return {
    account: { scale: 10, renewalDate, monthlyValue: 4200, timezone: 'America/Chicago', ...(contacts ? { contacts } : {}) },
    scores: [],
    meetings: [],
    commitments: [],
    signals: [],
    now: NOW,
    ...rest,
  };
}

const codes = (parts: Parts): ReasonCode[] => assessRisk(input(parts)).reasons.map((reason) => reason.code);

describe('the end of each reason', () => {
  it.each([
    { code: 'score-drop', ends: 'a next meeting without a drop', before: { scores: cycles(10, 6) }, after: { scores: cycles(10, 6, 6) } },
    { code: 'low-score', ends: 'a next meeting scored above the line', before: { scores: cycles(2) }, after: { scores: cycles(2, 5) } },
    { code: 'declining', ends: 'a next meeting that does not fall', before: { scores: cycles(10, 9, 8, 7) }, after: { scores: cycles(10, 9, 8, 7, 7) } },
    {
      code: 'warning-words',
      ends: 'a next meeting answered without them',
      before: { scores: [score(56, 9), score(28, 9, 'We asked for bids')] },
      after: { scores: [score(56, 9), score(28, 9, 'We asked for bids'), score(1, 9, 'Much better, thank you')] },
    },
    {
      code: 'silent',
      ends: 'a late answer to the last silent meeting',
      before: { meetings: [meeting(40), meeting(12)] },
      after: { meetings: [meeting(40), meeting(12)], scores: [score(12, 8)] },
    },
    {
      code: 'silent',
      ends: 'an answer to a later survey still open',
      before: { meetings: [meeting(40), meeting(12), meeting(3)] },
      after: { meetings: [meeting(40), meeting(12), meeting(3)], scores: [score(3, 8)] },
    },
    {
      code: 'overdue-commitment',
      ends: 'the commitment done',
      before: { commitments: [commitment('c-45', 45)] },
      after: { commitments: [commitment('c-45', 45, 'done')] },
    },
    {
      code: 'overdue-commitment',
      ends: 'the commitment of the signal done',
      before: { signals: [signal('overdue-commitment', 'overdue-commitment-c-45', 10)] },
      after: { signals: [signal('overdue-commitment', 'overdue-commitment-c-45', 10)], commitments: [commitment('c-45', 45, 'done')] },
    },
    {
      code: 'skipped-meetings',
      ends: 'a later meeting held',
      before: { meetings: [meeting(68, 'skipped'), meeting(40, 'skipped')], signals: [signal('skipped-meetings', `skipped-meetings-${daysAgo(40)}`, 39)] },
      after: {
        meetings: [meeting(68, 'skipped'), meeting(40, 'skipped'), meeting(12)],
        signals: [signal('skipped-meetings', `skipped-meetings-${daysAgo(40)}`, 39)],
      },
    },
    {
      code: 'champion-bounced',
      ends: 'the contact removed',
      before: { contacts: [MORGAN_BOUNCED], signals: [bounce] },
      after: { contacts: [], signals: [bounce] },
    },
    {
      code: 'champion-bounced',
      ends: 'the contact reachable again',
      before: { contacts: [MORGAN_BOUNCED], signals: [bounce] },
      after: { contacts: [{ ...MORGAN_BOUNCED, status: 'active' }], signals: [bounce] },
    },
    {
      code: 'champion-bounced',
      ends: 'a decision-maker added after the bounce',
      before: { contacts: [MORGAN_BOUNCED], signals: [bounce] },
      after: { contacts: [MORGAN_BOUNCED, { id: 'kim', status: 'active', decisionMaker: true, addedAt: daysAgo(1) }], signals: [bounce] },
    },
    {
      code: 'champion-bounced',
      ends: 'the contact named as the subject removed',
      before: { contacts: [MORGAN_BOUNCED], signals: [signal('champion-bounced', 'bounce-1', 5, 'morgan')] },
      after: { contacts: [], signals: [signal('champion-bounced', 'bounce-1', 5, 'morgan')] },
    },
    {
      code: 'renewal-near',
      ends: 'the contract renewed (the renewal date moves a year on)',
      before: { scores: cycles(1), renewalDate: dateIn(30) },
      after: { scores: cycles(1), renewalDate: dateIn(395) },
    },
    {
      code: 'renewal-near',
      ends: 'the account no longer at risk',
      before: { scores: cycles(1), renewalDate: dateIn(30) },
      after: { scores: cycles(1, 8), renewalDate: dateIn(30) },
    },
  ] satisfies { code: ReasonCode; ends: string; before: Parts; after: Parts }[])('$code ends with $ends', ({ code, before, after }) => {
    // Act
    const was = codes(before);
    const is = codes(after);

    // Assess
    expect(was).toContain(code);
    expect(is).not.toContain(code);
  });

  it.each([
    { code: 'champion-bounced', name: 'a contact added who is no decision-maker', parts: { contacts: [MORGAN_BOUNCED, { id: 'kim', status: 'active', addedAt: daysAgo(1) }], signals: [bounce] } },
    {
      code: 'champion-bounced',
      name: 'a decision-maker who was there before the bounce',
      parts: { contacts: [MORGAN_BOUNCED, { id: 'kim', status: 'active', decisionMaker: true, addedAt: daysAgo(300) }], signals: [bounce] },
    },
    {
      code: 'skipped-meetings',
      name: 'a later meeting skipped too',
      parts: { meetings: [meeting(40, 'skipped'), meeting(12, 'skipped')], signals: [signal('skipped-meetings', `skipped-meetings-${daysAgo(40)}`, 39)] },
    },
    { code: 'silent', name: 'an answer to a meeting before the silence', parts: { meetings: [meeting(68), meeting(40), meeting(12)], scores: [score(68, 9)] } },
    { code: 'overdue-commitment', name: 'another commitment done', parts: { commitments: [commitment('c-45', 45), commitment('c-50', 50, 'done')] } },
  ] satisfies { code: ReasonCode; name: string; parts: Parts }[])('$code does not end with $name', ({ code, parts }) => {
    // Act
    const found = codes(parts);

    // Assess
    expect(found).toContain(code);
  });
});

describe('silence', () => {
  const answeredTwice = [score(124, 9), score(96, 9)];
  const fiveMeetings = [meeting(124), meeting(96), meeting(68), meeting(40), meeting(12)];

  it.each([
    { name: 'three meetings unanswered after two answered is at-risk', meetings: fiveMeetings, scores: answeredTwice, level: 'at-risk' },
    { name: 'three meetings unanswered after one answered stays watch', meetings: fiveMeetings, scores: [score(96, 9)], level: 'watch' },
    { name: 'three meetings unanswered, none ever answered, stays watch', meetings: fiveMeetings, scores: [], level: 'watch' },
    { name: 'two meetings unanswered after two answered is watch', meetings: fiveMeetings.slice(1), scores: [score(96, 9), score(68, 9)], level: 'watch' },
    { name: 'one meeting unanswered is no silence', meetings: fiveMeetings, scores: [...answeredTwice, score(68, 9), score(40, 9)], level: 'healthy' },
    { name: 'two unanswered with a skipped one between are two in a row', meetings: [meeting(68), meeting(40, 'skipped'), meeting(12)], scores: [], level: 'watch' },
  ])('$name', ({ meetings, scores, level }) => {
    // Act
    const assessment = assessRisk(input({ meetings, scores }));

    // Assess
    expect(assessment.level).toBe(level);
  });

  it('names the meetings of a long silence', () => {
    // Act
    const assessment = assessRisk(input({ meetings: fiveMeetings, scores: answeredTwice }));

    // Assess
    expect(assessment.reasons).toEqual([
      { code: 'silent', level: 'at-risk', text: 'No survey answers for the last 3 meetings (2026-10-28, 2026-11-25, 2026-12-23)' },
    ]);
  });

  it('keeps a long silence of an account that used to answer at risk near its renewal: silence alone is never critical', () => {
    // Act
    const assessment = assessRisk(input({ meetings: fiveMeetings, scores: answeredTwice, renewalDate: dateIn(45) }));

    // Assess
    expect(assessment.level).toBe('at-risk');
  });

  it('keeps an account that never answered at watch even near its renewal', () => {
    // Act
    const assessment = assessRisk(input({ meetings: fiveMeetings, renewalDate: dateIn(10) }));

    // Assess
    expect(assessment.level).toBe('watch');
  });
});
