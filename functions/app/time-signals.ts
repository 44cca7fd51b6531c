// The time-driven signals no record announces: a held meeting whose survey closed without an
// answer and commitments left open too long, recorded at each occurrence; recording one re-evaluates
// the account through the stream.
import type { RiskSignal } from '#domain/model.ts';
import { DEFAULT_RISK_RULES, type RiskRules } from '#domain/risk.ts';
import { DAY } from './history.ts';
import type { Clock, Uses } from './ports.ts';

/** The signals no record announces need only the history. */
export type TimeSignalPorts = Clock & Uses<{ meetings: 'recent'; commitments: 'live'; scores: 'ofMeetingsSince'; signals: 'record' }>;

/**
 * The time-driven signals no record announces: a held meeting whose survey closed without an
 * answer (silence) and commitments left open too long. Checked at each occurrence.
 */
export async function recordTimeSignals(
  ports: TimeSignalPorts,
  accountId: string,
  // The same rules as the risk engine's: a `riskRules` override moves both.
  rules: Pick<RiskRules, 'surveyWindowDays' | 'overdueCommitmentDays'> = DEFAULT_RISK_RULES,
): Promise<void> {
  const now = ports.now();
  const [meetings, commitments] = await Promise.all([
    ports.meetings.recent(accountId, 3),
    ports.commitments.live(accountId, now.toISOString()),
  ]);
  const oldest = meetings.at(-1)?.scheduledTime;
  const scores = oldest ? await ports.scores.ofMeetingsSince(accountId, oldest) : [];
  const answered = new Set(scores.map((s) => s.meetingId));
  const signals: RiskSignal[] = [];
  for (const meeting of meetings) {
    const closed = Date.parse(meeting.scheduledTime) + rules.surveyWindowDays * DAY <= now.getTime();
    if (meeting.status !== 'skipped' && closed && !answered.has(meeting.scheduledTime)) {
      signals.push({
        id: `silent-cycle-${meeting.scheduledTime}`,
        accountId,
        kind: 'silent-cycle',
        at: now.toISOString(),
        detail: `no answer to the survey of the ${meeting.scheduledTime.slice(0, 10)} meeting`,
      });
    }
  }
  for (const commitment of commitments) {
    if (commitment.status === 'open' && Date.parse(commitment.createdAt) + rules.overdueCommitmentDays * DAY <= now.getTime()) {
      signals.push({
        id: `overdue-commitment-${commitment.id}`,
        accountId,
        kind: 'overdue-commitment',
        at: now.toISOString(),
        detail: `"${commitment.request}" open since ${commitment.createdAt.slice(0, 10)}`,
      });
    }
  }
  for (const signal of signals) await ports.signals.record(signal);
}
