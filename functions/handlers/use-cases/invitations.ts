// Sends the series invitation whenever the series changes (SEQUENCE raised), and its cancellation
// when the account is paused or removed. Each (account, sequence, method) is sent once.
import { sendKeys } from '#adapters/dynamo/once.ts';
import { renderInvitation } from '#render/invitation.ts';
import type { Account } from '#domain/model.ts';
import type { MeetingUseCases } from './meetings.ts';

export function seriesChangeHandler(meetings: MeetingUseCases, now: () => Date) {
  const { settings } = meetings;
  return async (before: Account | undefined, after: Account | undefined): Promise<void> => {
    // A removal cancels with a SEQUENCE above the last invitation's, as iTIP asks of any revision.
    const current = after ?? (before ? { ...before, sequence: before.sequence + 1 } : undefined);
    if (!current) return;
    const method = after && after.status === 'active' ? 'REQUEST' : 'CANCEL';
    if (method === 'CANCEL' && before?.status !== 'active') return;
    const email = renderInvitation({
      account: current,
      method,
      now: now(),
      sender: settings.sender,
      defaultTeam: settings.defaultTeam,
    });
    await meetings.sendOnce(sendKeys.invitation({ accountId: current.id, sequence: current.sequence, method }), email);
    if (after && method === 'REQUEST') await meetings.scheduleNextAgenda(after, now());
  };
}
