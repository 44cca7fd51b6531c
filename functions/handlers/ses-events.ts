// SES configuration-set events (through SNS): a Send event confirms the email went out (see
// send-once.ts); a hard bounce or a complaint suppresses the contact; a hard bounce from a
// decision-maker is a risk signal, since the champion may have left.
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import * as z from '#contract/zod.ts';
import { contactBounced, setContactStatus } from '#app/contacts.ts';
import { confirmSent } from '#app/send-once.ts';
import { log, withRequestIds } from './log.ts';
import { basePorts } from './wiring/ports.ts';

const ports = basePorts();

const Recipients = z.array(z.object({ emailAddress: z.string() }));

/** Event publishing uses `eventType`, identity notifications `notificationType`: both are accepted. */
const SesEvent = z.object({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  mail: z.object({
    messageId: z.string(),
    tags: z._default(z.record(z.string(), z.array(z.string())), {}),
  }),
  bounce: z.optional(z.object({ bounceType: z.string(), bouncedRecipients: Recipients })),
  complaint: z.optional(z.object({ complainedRecipients: Recipients })),
});
type SesEvent = z.infer<typeof SesEvent>;

export async function handleSesEvent(event: SesEvent): Promise<string> {
  const type = event.eventType ?? event.notificationType;
  if (type === 'Send') {
    const key = await confirmSent(ports, event.mail.tags);
    return key ? `${key} confirmed sent as ${event.mail.messageId}` : `ignored Send of ${event.mail.messageId}: no send key`;
  }
  const accountId = event.mail.tags.account?.[0];
  const contactId = event.mail.tags.contact?.[0];
  if (!accountId || !contactId) return `ignored ${type} of ${event.mail.messageId}: not a contact's email`;
  if (type === 'Complaint' && event.complaint) {
    await setContactStatus(ports, accountId, contactId, 'complained');
    return `contact ${contactId} complained: suppressed`;
  }
  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    await contactBounced(ports, accountId, contactId, event.mail.messageId);
    return `contact ${contactId} bounced: suppressed`;
  }
  return `ignored ${type} (${event.bounce?.bounceType ?? 'no bounce type'})`;
}

export const handler = middy<SNSEvent, void>()
  .use(withRequestIds())
  .handler(async (event) => {
    for (const record of event.Records) {
      const parsed = SesEvent.safeParse(JSON.parse(record.Sns.Message));
      if (!parsed.success) {
        log.error('not an SES event', parsed.error, { messageId: record.Sns.MessageId });
        continue;
      }
      log.info(await handleSesEvent(parsed.data), { messageId: parsed.data.mail.messageId });
    }
  });
