// Exactly-once email: a once-marker is claimed before the send and given back if the send fails,
// so a duplicate delivery sends nothing and a retry after a failure sends it then.
import type { OutgoingEmail } from '#domain/email.ts';
import type { Mailer } from '#adapters/mailer.ts';
import type { Store } from '#adapters/store.ts';

export type Outcome = { done: string } | { skipped: string };

export async function sendOnce(
  deps: { store: Store; mailer: Mailer },
  key: string,
  email: OutgoingEmail,
  tags: Record<string, string> = {},
): Promise<Outcome> {
  if (!(await deps.store.claimOnce(key))) return { skipped: `${key} was already sent` };
  try {
    const { messageId } = await deps.mailer.send(email, tags);
    return { done: `${key} sent as ${messageId}` };
  } catch (error) {
    await deps.store.releaseOnce(key);
    throw error;
  }
}
