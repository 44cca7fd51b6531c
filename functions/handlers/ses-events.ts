// SES configuration-set events (through SNS): a Send event confirms the email went out (see
// send-once.ts); a hard bounce or a complaint suppresses the contact; a hard bounce from a
// decision-maker is a risk signal, since the champion may have left.
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import * as z from 'zod';
import { setContactStatus } from './use-cases/contacts.ts';
import { confirmSent } from './use-cases/send-once.ts';
import { repositories } from './wiring/repositories.ts';
import { ports } from './wiring/use-cases.ts';

const deps = ports({ ...repositories() });

const Recipients = z.array(z.object({ emailAddress: z.string() }));

/** Event publishing uses `eventType`, identity notifications `notificationType`: both are accepted. */
const SesEvent = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: z.object({
    messageId: z.string(),
    tags: z.record(z.string(), z.array(z.string())).default({}),
  }),
  bounce: z.object({ bounceType: z.string(), bouncedRecipients: Recipients }).optional(),
  complaint: z.object({ complainedRecipients: Recipients }).optional(),
});
type SesEvent = z.infer<typeof SesEvent>;

export async function handleSesEvent(event: SesEvent): Promise<string> {
  const type = event.eventType ?? event.notificationType;
  if (type === 'Send') {
    const key = await confirmSent(deps, event.mail.tags);
    return key ? `${key} confirmed sent as ${event.mail.messageId}` : `ignored Send of ${event.mail.messageId}: no send key`;
  }
  const accountId = event.mail.tags.account?.[0];
  const contactId = event.mail.tags.contact?.[0];
  if (!accountId || !contactId) return `ignored ${type} of ${event.mail.messageId}: not a contact's email`;
  if (type === 'Complaint' && event.complaint) {
    await setContactStatus(deps, accountId, contactId, 'complained');
    return `contact ${contactId} complained: suppressed`;
  }
  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    const contact = await setContactStatus(deps, accountId, contactId, 'bounced');
    if (contact?.decisionMaker) {
      await deps.signals.record({
        id: `champion-bounced-${contactId}-${event.mail.messageId}`,
        accountId,
        kind: 'champion-bounced',
        at: deps.now().toISOString(),
        detail: `email to ${contact.name} (${contact.email}), a decision-maker, bounces: they may have left; find the new contact`,
      });
    }
    return `contact ${contactId} bounced: suppressed`;
  }
  return `ignored ${type} (${event.bounce?.bounceType ?? 'no bounce type'})`;
}

export const handler = middy<SNSEvent, void>().handler(async (event) => {
  for (const record of event.Records) {
    const parsed = SesEvent.safeParse(JSON.parse(record.Sns.Message));
    if (!parsed.success) {
      console.error(JSON.stringify({ level: 'ERROR', message: 'not an SES event', messageId: record.Sns.MessageId }));
      continue;
    }
    console.log(JSON.stringify({ level: 'INFO', message: await handleSesEvent(parsed.data) }));
  }
});
