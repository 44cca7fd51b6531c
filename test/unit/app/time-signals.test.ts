// The time-driven signals read the same rules as the risk engine: an override of the survey window or
// of the overdue-commitment age moves them too.
import { describe, expect, it } from 'vitest';
import { recordTimeSignals } from '#app/time-signals.ts';
import { DEFAULT_RISK_RULES } from '#domain/risk.ts';
import type { Commitment, Meeting, RiskSignal } from '#domain/model.ts';

const NOW = new Date('2027-03-01T12:00:00Z');
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

async function signalsAt(meetingDaysAgo: number, commitmentDaysAgo: number, rules = DEFAULT_RISK_RULES): Promise<string[]> {
  const recorded: RiskSignal[] = [];
  const meeting: Meeting = { accountId: 'a', scheduledTime: daysAgo(meetingDaysAgo), status: 'held', recordedAt: daysAgo(meetingDaysAgo) };
  const commitment: Commitment = {
    id: 'c1',
    accountId: 'a',
    request: 'Restock the 3rd floor',
    owner: { name: 'Dana Reyes', email: 'dana@sparkle.example' },
    status: 'open',
    createdAt: daysAgo(commitmentDaysAgo),
  };
  await recordTimeSignals(
    {
      now: () => NOW,
      meetings: { recent: async () => [meeting] },
      commitments: { live: async () => [commitment] },
      scores: { ofMeetingsSince: async () => [] },
      signals: { record: async (signal: RiskSignal) => (recorded.push(signal), true) },
    },
    'a',
    rules,
  );
  return recorded.map((s) => s.kind).sort();
}

describe('recordTimeSignals', () => {
  it.each([
    ['defaults: a survey closed 12 days ago, a commitment open 31 days', 12, 31, DEFAULT_RISK_RULES, ['overdue-commitment', 'silent-cycle']],
    ['defaults: a survey 8 days old is still open, a commitment 20 days old is not overdue', 8, 20, DEFAULT_RISK_RULES, []],
    ['a 14-day survey window keeps a 12-day-old survey open', 12, 31, { ...DEFAULT_RISK_RULES, surveyWindowDays: 14 }, ['overdue-commitment']],
    ['a 15-day overdue age makes a 20-day-old commitment overdue', 8, 20, { ...DEFAULT_RISK_RULES, overdueCommitmentDays: 15 }, ['overdue-commitment']],
  ])('%s', async (_what, meeting, commitment, rules, expected) => {
    expect(await signalsAt(meeting, commitment, rules)).toEqual(expected);
  });
});
