// Exactly-once email. A send is claimed as a lease before the email goes out and marked sent after:
// a duplicate delivery sends nothing; a failed send gives the claim back so the retry sends it; a
// delivery that finds the lease held throws, so that it is retried later rather than skipped: it
// must not count on a sender that may have died.
// A sender that dies after SES accepted the email but before marking it sent is covered by SES
// itself: every email carries its send key as a message tag, and SES's Send event marks it sent
// (confirmSent), so the retry finds it done instead of sending it twice. Only when that event is
// later than the lease (or the key too long for a tag) does the retry send again.
import { sendKeys, type SendKey } from '#contract/send-keys.ts';
import type { Clock, Email, Mail, OnceStore } from './ports.ts';

export type Outcome = { done: string } | { skipped: string };

export type SendPorts = Mail & Clock & { once: Pick<OnceStore, 'claimSend' | 'completeSend' | 'releaseSend'> };

/** Longer than any send takes and than SES takes to report it; shorter than the retry horizon. */
export const SEND_LEASE_MS = 2 * 60_000;

/** The message tag that carries the send key (base64url: within SES's tag alphabet). */
export const SEND_TAG = 'send';

export class SendInProgress extends Error {
  constructor(key: string) {
    super(`${key} is being sent by another delivery; this one will be retried`);
    this.name = 'SendInProgress';
  }
}

export async function sendOnce(ports: SendPorts, key: SendKey, email: Email, tags: Record<string, string> = {}): Promise<Outcome> {
  const now = ports.now();
  const claim = await ports.once.claimSend(key, now, SEND_LEASE_MS);
  if (claim === 'done') return { skipped: `${key} was already sent` };
  if (claim === 'busy') throw new SendInProgress(key);
  let messageId: string;
  try {
    ({ messageId } = await ports.mailer.send(email, { ...tags, ...sendTag(key) }));
  } catch (error) {
    await ports.once.releaseSend(key);
    throw error;
  }
  await ports.once.completeSend(key, now);
  return { done: `${key} sent as ${messageId}` };
}

/** SES takes tag values up to 256 characters; a longer key (a very long address) goes untagged. */
function sendTag(key: SendKey): Record<string, string> {
  const value = sendTagValue(key);
  return value.length <= 256 ? { [SEND_TAG]: value } : {};
}

/** How a send key travels as the value of the SEND_TAG message tag. */
export function sendTagValue(key: string): string {
  return Buffer.from(key).toString('base64url');
}

/** The send key an email was sent under, from its message tags, if it has one. */
export function sendKeyOf(tags: Record<string, string[] | undefined>): SendKey | undefined {
  const value = tags[SEND_TAG]?.[0];
  if (!value || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  return sendKeys.fromTag(Buffer.from(value, 'base64url').toString('utf8'));
}

/** SES reported the email sent: the send is done, whether or not its sender lived to say so. */
export async function confirmSent(
  ports: Clock & { once: Pick<OnceStore, 'completeSend'> },
  tags: Record<string, string[] | undefined>,
): Promise<SendKey | undefined> {
  const key = sendKeyOf(tags);
  if (key) await ports.once.completeSend(key, ports.now());
  return key;
}
