// The meeting cycle: an occurrence of the account's schedule is a meeting; it is recorded once and
// schedules what follows it (the survey after it, the agenda before the next one). Every step is
// idempotent, because the scheduler delivers at least once.
import { sendKeys } from '#contract/send-keys.ts';
import { type DefaultTeam } from '#domain/accounts.ts';
import { meetingContacts } from '#domain/series.ts';
import { nextOccurrences } from '#domain/cadence.ts';
import type { Account } from '#domain/model.ts';
import type { Sender } from '#domain/sender.ts';
import { atExpression, isoMinute, nextBusinessHours } from '#domain/time.ts';
import type { RendersWith } from './emails.ts';
import { DAY, daysBefore, scoresOfLastCycles } from './history.ts';
import { managerLink, type ManagerLinkSettings } from './links.ts';
import type { Clock, Keys, Schedules, Uses } from './ports.ts';
import { sendOnce, type Outcome, type SendPorts } from './send-once.ts';
import { scheduleUnrecordedCheck } from './unrecorded.ts';

export interface MeetingSettings {
  agendaDaysBefore: number;
  surveyDelayHours: number;
  catalog: readonly string[];
  defaultTeam: DefaultTeam;
  sender: Sender;
}

/** How far back the agenda looks for complaints still open. */
const HISTORY_DAYS = 365;
/** The agenda's quality section: the scores of the last meetings. */
const SCORE_CYCLES = 4;

export type SchedulingPorts = Clock & Schedules<'scheduleFollowup'>;
export type OccurrencePorts = SchedulingPorts & Uses<{ accounts: 'get'; meetings: 'record' }>;

/** An occurrence of the account's recurring schedule: the meeting takes place. */
export async function occurrence(
  ports: OccurrencePorts,
  settings: Pick<MeetingSettings, 'agendaDaysBefore' | 'surveyDelayHours'>,
  accountId: string,
  scheduledTime: string,
): Promise<Outcome> {
  const account = await ports.accounts.get(accountId);
  if (!account) return { skipped: `account ${accountId} no longer exists` };
  if (account.status !== 'active') return { skipped: `account ${accountId} is paused` };
  const meetingId = isoMinute(new Date(scheduledTime));
  const first = await ports.meetings.record({
    accountId,
    scheduledTime: meetingId,
    status: 'scheduled',
    recordedAt: ports.now().toISOString(),
  });
  // Scheduled even for a redelivery: a crash after recording must not lose the follow-ups, and
  // the follow-up names make a second schedule a no-op.
  await scheduleSurvey(ports, settings, account, meetingId);
  await scheduleUnrecordedCheck(ports, account, meetingId);
  await scheduleNextAgenda(ports, settings, account, new Date(meetingId));
  return { done: first ? `meeting ${meetingId} recorded` : `meeting ${meetingId} was already recorded` };
}

export async function scheduleSurvey(
  ports: SchedulingPorts,
  settings: Pick<MeetingSettings, 'surveyDelayHours'>,
  account: Account,
  meetingId: string,
): Promise<void> {
  const end = new Date(Date.parse(meetingId) + account.cadence.durationMinutes * 60_000);
  const at = nextBusinessHours(new Date(end.getTime() + settings.surveyDelayHours * 3_600_000), account.timezone);
  await ports.scheduler.scheduleFollowup({ kind: 'survey', accountId: account.id, meetingId, at: atExpression(at) });
}

/**
 * Schedules the agenda of the first meeting after `after`, N days before it; right away when that
 * moment has passed but the meeting has not.
 */
export async function scheduleNextAgenda(
  ports: SchedulingPorts,
  settings: Pick<MeetingSettings, 'agendaDaysBefore'>,
  account: Account,
  after: Date,
): Promise<string | undefined> {
  const [next] = nextOccurrences(account.cadence, account.timezone, after, 1);
  if (!next) return undefined;
  const now = ports.now();
  const due = new Date(next.getTime() - settings.agendaDaysBefore * DAY);
  const at = due.getTime() > now.getTime() ? due : new Date(now.getTime() + 60_000);
  if (at.getTime() >= next.getTime()) return undefined;
  const meetingId = isoMinute(next);
  await ports.scheduler.scheduleFollowup({ kind: 'agenda', accountId: account.id, meetingId, at: atExpression(at) });
  return meetingId;
}

export type AgendaPorts = SendPorts &
  Keys &
  RendersWith<'agenda'> &
  Uses<{ accounts: 'get'; scores: 'ofMeetingsSince'; events: 'since'; commitments: 'live'; meetings: 'recent' }>;

export type AgendaSettings = Pick<MeetingSettings, 'catalog' | 'defaultTeam' | 'sender'> & { links?: ManagerLinkSettings };

/**
 * Sends the agenda of an upcoming meeting, once: to the contacts, and the team's copy with the link
 * to the account's manager page.
 */
export async function sendAgenda(ports: AgendaPorts, settings: AgendaSettings, accountId: string, meetingId: string): Promise<Outcome> {
  const account = await ports.accounts.get(accountId);
  if (!account) return { skipped: `account ${accountId} no longer exists` };
  if (account.status !== 'active') return { skipped: `account ${accountId} is paused` };
  const meetingTime = new Date(meetingId);
  const [expected] = nextOccurrences(account.cadence, account.timezone, new Date(meetingTime.getTime() - 60_000), 1);
  if (!expected || expected.getTime() !== meetingTime.getTime()) {
    return { skipped: `the cadence of ${accountId} changed; ${meetingId} is no longer a meeting` };
  }
  const meetings = await ports.meetings.recent(accountId, 3);
  const last = meetings.find((m) => m.scheduledTime < meetingId && m.status !== 'skipped') ?? meetings.find((m) => m.scheduledTime < meetingId);
  const since = last?.scheduledTime ?? daysBefore(meetingTime, 92);
  const [scores, events, commitments] = await Promise.all([
    scoresOfLastCycles(ports.scores, account, meetingTime, SCORE_CYCLES),
    ports.events.since(accountId, daysBefore(meetingTime, HISTORY_DAYS)),
    ports.commitments.live(accountId, since),
  ]);
  const facts = {
    account,
    meetingTime,
    ...(last ? { lastMeetingTime: new Date(last.scheduledTime) } : {}),
    ...(last?.note ? { lastMeetingNote: last.note } : {}),
    scores,
    events,
    commitments,
    catalog: settings.catalog,
    defaultTeam: settings.defaultTeam,
    sender: settings.sender,
  };
  const manager = account.team.accountManager;
  const managerUrl = settings.links ? await managerLink(ports, settings.links, accountId, manager.email, ports.now()) : undefined;
  const outcomes: Outcome[] = [];
  // Unsubscribing is from surveys only: the contacts still in the meeting get its agenda.
  if (meetingContacts(account).length > 0) {
    outcomes.push(await sendOnce(ports, sendKeys.agenda({ accountId, meetingId }), ports.render.agenda({ ...facts, audience: 'contacts' })));
  }
  outcomes.push(
    await sendOnce(
      ports,
      sendKeys.agendaTeam({ accountId, meetingId }),
      ports.render.agenda({ ...facts, audience: 'team', ...(managerUrl ? { managerUrl } : {}) }),
    ),
  );
  const words = outcomes.map((o) => ('done' in o ? o.done : o.skipped)).join('; ');
  return outcomes.some((o) => 'done' in o) ? { done: words } : { skipped: words };
}
