// Exactly-once email. A send is claimed as a lease before the email goes out and marked sent after:
// a duplicate delivery sends nothing; a failed send gives the claim back so the retry sends it; a
// crash before the mark leaves a lease that expires, so the retry sends it then. A delivery that finds
// the lease held throws, so that it is retried later rather than skipped: it must not count on a
// sender that may have died.
import type { OutgoingEmail } from '#domain/email.ts';
import type { Mailer } from '#adapters/mailer.ts';
import type { Store } from '#adapters/store.ts';

export type Outcome = { done: string } | { skipped: string };

/** Longer than any send takes, shorter than the scheduler's and Lambda's retry horizon. */
export const SEND_LEASE_MS = 2 * 60_000;

export class SendInProgress extends Error {
  constructor(key: string) {
    super(`${key} is being sent by another delivery; this one will be retried`);
    this.name = 'SendInProgress';
  }
}

export async function sendOnce(
  deps: { store: Store; mailer: Mailer; now: () => Date },
  key: string,
  email: OutgoingEmail,
  tags: Record<string, string> = {},
): Promise<Outcome> {
  const claim = await deps.store.claimSend(key, deps.now(), SEND_LEASE_MS);
  if (claim === 'done') return { skipped: `${key} was already sent` };
  if (claim === 'busy') throw new SendInProgress(key);
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send(email, tags));
  } catch (error) {
    await deps.store.releaseOnce(key);
    throw error;
  }
  await deps.store.completeSend(key);
  return { done: `${key} sent as ${messageId}` };
}
