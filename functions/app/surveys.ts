// The score survey's emails: one per active contact after a held meeting, and one reminder to those
// who have not answered. The pages the links open are ./answers.ts.
import { sendKeys } from '#contract/send-keys.ts';
import { activeContacts } from '#domain/accounts.ts';
import { agendaWindowStart } from '#domain/agenda.ts';
import { valueSince, type ValueSummary } from '#domain/insights.ts';
import type { Account, Commitment, Contact, Score } from '#domain/model.ts';
import type { Sender } from '#domain/sender.ts';
import type { SurveyLinks } from '#domain/survey.ts';
import { addBusinessDays, atExpression } from '#domain/time.ts';
import type { RendersWith } from './emails.ts';
import { daysBefore, scoresOfLastCycles } from './history.ts';
import { signLink, type LinkSettings } from './links.ts';
import type { Keys, Schedules, Uses } from './ports.ts';
import { sendOnce, type Outcome, type SendPorts } from './send-once.ts';

export interface SurveySettings extends LinkSettings {
  reminderBusinessDays: number;
  sender: Sender;
}

interface SurveyHistory {
  scores: Score[];
  commitments: Commitment[];
  /** The previous meeting (or a month before this one): value and closed loops count from here. */
  since: string;
  value: ValueSummary;
}

/** Past scores a contact sees in the survey email. */
const EMAIL_PAST_SCORES = 4;
/** Done since the previous meeting is what the email quotes; a quarter and a month cover it. */
const QUOTED_DAYS = 120;

type SurveyEmailPorts = SendPorts &
  Keys &
  RendersWith<'survey'> &
  Uses<{ scores: 'ofMeetingsSince'; meetings: 'recent'; events: 'since'; commitments: 'live' }>;

export type SendSurveysPorts = SurveyEmailPorts &
  Schedules<'scheduleFollowup'> &
  Uses<{ accounts: 'get'; meetings: 'get' | 'recent'; surveys: 'record' }>;

/** After a meeting: one survey per active contact, then the reminder's schedule. */
export async function sendSurveys(ports: SendSurveysPorts, settings: SurveySettings, accountId: string, meetingId: string): Promise<Outcome> {
  const account = await ports.accounts.get(accountId);
  if (!account) return { skipped: `account ${accountId} no longer exists` };
  if (account.status !== 'active') return { skipped: `account ${accountId} is paused` };
  const meeting = await ports.meetings.get(accountId, meetingId);
  if (!meeting) return { skipped: `no meeting ${meetingId} was recorded` };
  if (meeting.status === 'skipped') return { skipped: `meeting ${meetingId} was skipped: no survey` };

  const now = ports.now();
  const history = await historyOf(ports, account, meetingId);
  const sent: string[] = [];
  for (const contact of activeContacts(account)) {
    await ports.surveys.record({
      accountId,
      meetingId,
      contactId: contact.id,
      scale: account.scale,
      sentAt: now.toISOString(),
      clicks: [],
    });
    const outcome = await sendOnce(
      ports,
      sendKeys.survey({ accountId, meetingId, contactId: contact.id }),
      await surveyEmail(ports, settings, account, contact, meetingId, history, false),
      { account: accountId, contact: contact.id },
    );
    if ('done' in outcome) sent.push(contact.email);
  }
  await ports.scheduler.scheduleFollowup({
    kind: 'reminder',
    accountId,
    meetingId,
    at: atExpression(addBusinessDays(now, settings.reminderBusinessDays, account.timezone)),
  });
  return { done: `survey of ${meetingId} sent to ${sent.length} contacts` };
}

export type RemindersPorts = SurveyEmailPorts & Uses<{ accounts: 'get'; surveys: 'ofMeeting' | 'mark'; scores: 'get' }>;

/** N business days later: one reminder to each contact who has not answered and can still be mailed. */
export async function sendReminders(ports: RemindersPorts, settings: SurveySettings, accountId: string, meetingId: string): Promise<Outcome> {
  const account = await ports.accounts.get(accountId);
  if (!account || account.status !== 'active') return { skipped: `account ${accountId} is gone or paused` };
  const [requests, history] = await Promise.all([ports.surveys.ofMeeting(accountId, meetingId), historyOf(ports, account, meetingId)]);
  let reminded = 0;
  for (const request of requests) {
    const contact = account.contacts.find((c) => c.id === request.contactId);
    if (!contact || contact.status !== 'active' || request.answeredAt) continue;
    if (await ports.scores.get(accountId, meetingId, contact.id)) continue;
    const outcome = await sendOnce(
      ports,
      sendKeys.reminder({ accountId, meetingId, contactId: contact.id }),
      await surveyEmail(ports, settings, account, contact, meetingId, history, true),
      { account: accountId, contact: contact.id },
    );
    if ('done' in outcome) {
      reminded += 1;
      await ports.surveys.mark(accountId, meetingId, contact.id, 'reminderSentAt', ports.now().toISOString());
    }
  }
  return { done: `${reminded} reminders for ${meetingId}` };
}

/** What every contact's email of one meeting shows: read once per run, not once per contact. */
async function historyOf(ports: SurveyEmailPorts, account: Account, meetingId: string): Promise<SurveyHistory> {
  const [scores, meetings, events, commitments] = await Promise.all([
    scoresOfLastCycles(ports.scores, account, new Date(meetingId), EMAIL_PAST_SCORES),
    ports.meetings.recent(account.id, 2),
    ports.events.since(account.id, daysBefore(meetingId, QUOTED_DAYS)),
    ports.commitments.live(account.id, daysBefore(meetingId, QUOTED_DAYS)),
  ]);
  const previous = meetings.find((m) => m.scheduledTime < meetingId);
  const since = previous?.scheduledTime ?? agendaWindowStart({ account, meetingTime: new Date(meetingId) }).toISOString();
  return { scores, commitments, since, value: valueSince(events, since, meetingId) };
}

async function surveyEmail(
  ports: SurveyEmailPorts,
  settings: SurveySettings,
  account: Account,
  contact: Contact,
  meetingId: string,
  history: SurveyHistory,
  reminder: boolean,
) {
  const { scores, commitments, since } = history;
  return ports.render.survey({
    account,
    contact,
    meetingTime: new Date(meetingId),
    pastScores: scores.filter((s) => s.contactId === contact.id && s.meetingId < meetingId && !s.provisional),
    value: history.value,
    // Every commitment kept since the last meeting; the renderer quotes only this contact's own words.
    closedLoops: commitments.filter((c) => c.status === 'done' && (c.doneAt ?? '') >= since),
    links: await links(ports, settings, account.id, meetingId, contact.id, ports.now()),
    sender: settings.sender,
    reminder,
  });
}

async function links(ports: Keys, settings: LinkSettings, accountId: string, meetingId: string, contactId: string, now: Date): Promise<SurveyLinks> {
  const survey = await signLink(ports, settings, 's', { purpose: 'survey', accountId, subject: meetingId, contact: contactId }, now);
  const unsubscribe = await signLink(ports, settings, 'u', { purpose: 'unsubscribe', accountId, subject: '', contact: contactId }, now);
  return { survey: survey.url, unsubscribe: unsubscribe.url, honeypot: `${survey.url}?via=preview` };
}
