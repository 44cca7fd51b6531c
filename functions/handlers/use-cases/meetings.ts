// The meeting cycle: an occurrence of the account's schedule is a meeting; it is recorded once and
// schedules what follows it (the survey after it, the agenda before the next one). Every step is
// idempotent, because the scheduler delivers at least once.
import { nextOccurrences } from '#domain/cadence.ts';
import { renderAgenda } from '#render/agenda.ts';
import type { Sender } from '#render/email.ts';
import type { DefaultTeam } from '#domain/accounts.ts';
import type { OutgoingEmail } from '#render/email.ts';
import type { Account } from '#domain/model.ts';
import { atExpression, isoMinute, nextBusinessHours } from '#domain/time.ts';
import { sendKeys, type SendKey } from '#adapters/dynamo/once.ts';
import { cyclesBack } from './history.ts';
import type { Ports } from './ports.ts';
import { sendOnce, type Outcome } from './send-once.ts';

export interface MeetingSettings {
  agendaDaysBefore: number;
  surveyDelayHours: number;
  catalog: readonly string[];
  defaultTeam: DefaultTeam;
  sender: Sender;
}

export interface MeetingDeps extends Omit<Ports, 'keys'> {
  settings: MeetingSettings;
}


const DAY = 86_400_000;
/** How far back the agenda looks for complaints still open. */
const HISTORY_DAYS = 365;
/** The agenda's quality section: the scores of the last meetings. */
const SCORE_CYCLES = 4;

export class MeetingUseCases {
  readonly settings: MeetingSettings;

  constructor(private readonly deps: MeetingDeps) {
    this.settings = deps.settings;
  }

  /** An occurrence of the account's recurring schedule: the meeting takes place. */
  async occurrence(accountId: string, scheduledTime: string): Promise<Outcome> {
    const account = await this.deps.accounts.get(accountId);
    if (!account) return { skipped: `account ${accountId} no longer exists` };
    if (account.status !== 'active') return { skipped: `account ${accountId} is paused` };
    const meetingId = isoMinute(new Date(scheduledTime));
    const first = await this.deps.meetings.record({
      accountId,
      scheduledTime: meetingId,
      status: 'scheduled',
      recordedAt: this.deps.now().toISOString(),
    });
    // Scheduled even for a redelivery: a crash after recording must not lose the follow-ups, and
    // the follow-up names make a second schedule a no-op.
    await this.scheduleSurvey(account, meetingId);
    await this.scheduleNextAgenda(account, new Date(meetingId));
    return { done: first ? `meeting ${meetingId} recorded` : `meeting ${meetingId} was already recorded` };
  }

  async scheduleSurvey(account: Account, meetingId: string): Promise<void> {
    const end = new Date(Date.parse(meetingId) + account.cadence.durationMinutes * 60_000);
    const at = nextBusinessHours(new Date(end.getTime() + this.deps.settings.surveyDelayHours * 3_600_000), account.timezone);
    await this.deps.scheduler.scheduleFollowup({ kind: 'survey', accountId: account.id, meetingId, at: atExpression(at) });
  }

  /**
   * Schedules the agenda of the first meeting after `after`, N days before it; right away when that
   * moment has passed but the meeting has not.
   */
  async scheduleNextAgenda(account: Account, after: Date): Promise<string | undefined> {
    const [next] = nextOccurrences(account.cadence, account.timezone, after, 1);
    if (!next) return undefined;
    const now = this.deps.now();
    const due = new Date(next.getTime() - this.deps.settings.agendaDaysBefore * DAY);
    const at = due.getTime() > now.getTime() ? due : new Date(now.getTime() + 60_000);
    if (at.getTime() >= next.getTime()) return undefined;
    const meetingId = isoMinute(next);
    await this.deps.scheduler.scheduleFollowup({ kind: 'agenda', accountId: account.id, meetingId, at: atExpression(at) });
    return meetingId;
  }

  /** Sends the agenda of an upcoming meeting, once. */
  async sendAgenda(accountId: string, meetingId: string): Promise<Outcome> {
    const account = await this.deps.accounts.get(accountId);
    if (!account) return { skipped: `account ${accountId} no longer exists` };
    if (account.status !== 'active') return { skipped: `account ${accountId} is paused` };
    const meetingTime = new Date(meetingId);
    const [expected] = nextOccurrences(account.cadence, account.timezone, new Date(meetingTime.getTime() - 60_000), 1);
    if (!expected || expected.getTime() !== meetingTime.getTime()) {
      return { skipped: `the cadence of ${accountId} changed; ${meetingId} is no longer a meeting` };
    }
    const [scores, events, commitments, meetings] = await Promise.all([
      this.deps.scores.ofMeetingsSince(accountId, cyclesBack(account, meetingTime, SCORE_CYCLES)),
      this.deps.events.since(accountId, new Date(meetingTime.getTime() - HISTORY_DAYS * DAY).toISOString()),
      this.deps.commitments.live(accountId, meetingId),
      this.deps.meetings.recent(accountId, 1),
    ]);
    const last = meetings[0];
    const email = renderAgenda({
      account,
      meetingTime,
      ...(last ? { lastMeetingTime: new Date(last.scheduledTime) } : {}),
      scores,
      events,
      commitments,
      catalog: this.deps.settings.catalog,
      defaultTeam: this.deps.settings.defaultTeam,
      sender: this.deps.settings.sender,
    });
    return this.sendOnce(sendKeys.agenda({ accountId, meetingId }), email);
  }

  sendOnce(key: SendKey, email: OutgoingEmail, tags: Record<string, string> = {}): Promise<Outcome> {
    return sendOnce(this.deps, key, email, tags);
  }
}
