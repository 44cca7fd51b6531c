// A meeting whose time has passed with neither "held" nor "skipped" recorded: the next business
// morning the account manager gets one short email with two signed links to the account's manager
// page, where the meeting is marked (and a note added). Scheduled by each occurrence, like the survey.
import { meetingAnchor } from '#domain/account-overview.ts';
import { sendKeys } from '#contract/send-keys.ts';
import type { Account } from '#domain/model.ts';
import type { Sender } from '#domain/sender.ts';
import { addBusinessDays, atExpression, localParts, localToUtcCompatible, nextBusinessHours } from '#domain/time.ts';
import type { RendersWith } from './emails.ts';
import { managerLink, type ManagerLinkSettings } from './links.ts';
import type { Keys, Schedules, Uses } from './ports.ts';
import { sendOnce, type Outcome, type SendPorts } from './send-once.ts';

/** The start of business hours on the business day after the meeting ends, in the account's zone. */
export function nextBusinessMorning(meetingEnd: Date, timezone: string): Date {
  const nextDay = localParts(addBusinessDays(meetingEnd, 1, timezone), timezone);
  return nextBusinessHours(localToUtcCompatible({ ...nextDay, hour: 0, minute: 0 }, timezone), timezone);
}

export async function scheduleUnrecordedCheck(ports: Schedules<'scheduleFollowup'>, account: Account, meetingId: string): Promise<void> {
  const end = new Date(Date.parse(meetingId) + account.cadence.durationMinutes * 60_000);
  const at = nextBusinessMorning(end, account.timezone);
  await ports.scheduler.scheduleFollowup({ kind: 'unrecorded', accountId: account.id, meetingId, at: atExpression(at) });
}

export interface UnrecordedSettings {
  links: ManagerLinkSettings;
  sender: Sender;
}

export type UnrecordedPorts = SendPorts & Keys & RendersWith<'unrecorded'> & Uses<{ accounts: 'get'; meetings: 'get' }>;

export { meetingAnchor };

export async function askWhetherMeetingHappened(
  ports: UnrecordedPorts,
  settings: UnrecordedSettings,
  accountId: string,
  meetingId: string,
): Promise<Outcome> {
  const account = await ports.accounts.get(accountId);
  if (!account || account.status !== 'active') return { skipped: `account ${accountId} is gone or paused` };
  const meeting = await ports.meetings.get(accountId, meetingId);
  if (!meeting) return { skipped: `no meeting ${meetingId} was recorded` };
  if (meeting.status !== 'scheduled') return { skipped: `meeting ${meetingId} is already recorded as ${meeting.status}` };
  const manager = account.team.accountManager;
  const page = await managerLink(ports, settings.links, accountId, manager.email, ports.now());
  const anchor = meetingAnchor(meetingId);
  const email = ports.render.unrecorded({
    account,
    meetingTime: new Date(meetingId),
    happenedUrl: `${page}#${anchor}-held`,
    skippedUrl: `${page}#${anchor}-skipped`,
    sender: settings.sender,
  });
  return sendOnce(ports, sendKeys.unrecorded({ accountId, meetingId }), email, { account: accountId });
}
