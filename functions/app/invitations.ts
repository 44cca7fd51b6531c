// Sends the series invitation whenever the series changes (SEQUENCE raised), and its cancellation
// when the account is paused or removed. Each (account, sequence, method) is sent once.
import { sendKeys } from '#contract/send-keys.ts';
import type { Account } from '#domain/model.ts';
import type { RendersWith } from './emails.ts';
import { scheduleNextAgenda, type MeetingSettings, type SchedulingPorts } from './meetings.ts';
import { sendOnce, type SendPorts } from './send-once.ts';

export type InvitationPorts = SendPorts & SchedulingPorts & RendersWith<'invitation'>;

/** What the account use cases call after every change that alters the meeting series. */
export type SeriesChange = (before: Account | undefined, after: Account | undefined) => Promise<void>;

export function seriesChangeHandler(
  ports: InvitationPorts,
  settings: Pick<MeetingSettings, 'agendaDaysBefore' | 'defaultTeam' | 'sender'>,
): SeriesChange {
  return async (before, after) => {
    // A removal cancels with a SEQUENCE above the last invitation's, as iTIP asks of any revision.
    const current = after ?? (before ? { ...before, sequence: before.sequence + 1 } : undefined);
    if (!current) return;
    const method = after && after.status === 'active' ? 'REQUEST' : 'CANCEL';
    if (method === 'CANCEL' && before?.status !== 'active') return;
    const email = ports.render.invitation({
      account: current,
      method,
      now: ports.now(),
      sender: settings.sender,
      defaultTeam: settings.defaultTeam,
    });
    await sendOnce(ports, sendKeys.invitation({ accountId: current.id, sequence: current.sequence, method }), email);
    if (after && method === 'REQUEST') await scheduleNextAgenda(ports, settings, after, ports.now());
  };
}
