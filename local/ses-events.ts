// What SES publishes through SNS for the configuration set's events, delivered to the ses-events
// function as the SNS subscription would: a Send for every accepted email, a bounce or a complaint
// when asked for one (POST /local/mail/{id}/bounce|complaint).
import { randomUUID } from 'node:crypto';
import { FUNCTION_NAMES, LOCAL_ACCOUNT, LOCAL_REGION, sesEventsHandler, STACK } from './functions.ts';
import { lambdaContext } from './lambda.ts';

export type SesEventType = 'Send' | 'Bounce' | 'Complaint';

export async function publishSesEvent(messageId: string, tags: Record<string, string[]>, type: SesEventType, at: Date): Promise<void> {
  const recipients = [{ emailAddress: 'recipient@example.invalid' }];
  const message = {
    eventType: type,
    mail: { messageId, tags, timestamp: at.toISOString() },
    ...(type === 'Send' ? { send: {} } : {}),
    ...(type === 'Bounce' ? { bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: recipients } } : {}),
    ...(type === 'Complaint' ? { complaint: { complainedRecipients: recipients } } : {}),
  };
  const topicArn = `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${STACK}-ses-events`;
  const handler = await sesEventsHandler();
  await handler(
    {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
          Sns: {
            Type: 'Notification',
            MessageId: randomUUID(),
            TopicArn: topicArn,
            Subject: '',
            Message: JSON.stringify(message),
            Timestamp: at.toISOString(),
            SignatureVersion: '1',
            Signature: '',
            SigningCertUrl: '',
            UnsubscribeUrl: '',
            MessageAttributes: {},
          },
        },
      ],
    },
    lambdaContext(FUNCTION_NAMES.sesEvents),
  );
}
