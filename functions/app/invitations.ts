// Sends the series invitation whenever the series changes (SEQUENCE raised), and its cancellation
// when the account is paused or removed. A change of time first ends the old series (so the meetings
// held stay in calendars); contacts taken off the series get a CANCEL of their own. Each message of
// a revision is sent once.
import { sendKeys } from '#contract/send-keys.ts';
import type { Account } from '#domain/model.ts';
import { meetingContacts, seriesOf } from '#domain/series.ts';
import type { InvitationEmail, RendersWith } from './emails.ts';
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
    const now = ports.now();
    const common = { account: current, now, sender: settings.sender, defaultTeam: settings.defaultTeam };
    const key = (part?: 'ending' | 'removed') =>
      sendKeys.invitation({ accountId: current.id, sequence: current.sequence, method, ...(part ? { part } : {}) });
    const send = (email: InvitationEmail, part?: 'ending' | 'removed') => sendOnce(ports, key(part), ports.render.invitation(email));

    const updating = method === 'REQUEST' && before?.status === 'active' ? before : undefined;
    if (updating && after) {
      const staying = new Set(meetingContacts(after).map((c) => c.email));
      const removed = meetingContacts(updating).filter((c) => !staying.has(c.email));
      if (removed.length > 0) {
        await send({ ...common, method: 'CANCEL', before: updating, only: removed.map((c) => ({ name: c.name, email: c.email })) }, 'removed');
      }
      const old = seriesOf(updating, now);
      if (seriesOf(after, now).number !== old.number) {
        await send({ ...common, method: 'REQUEST', before: updating, ending: { ...old, until: now } }, 'ending');
      }
    }
    await send({ ...common, method, ...(updating ? { before: updating } : {}) });
    if (after && method === 'REQUEST') await scheduleNextAgenda(ports, settings, after, now);
  };
}
