// What SES publishes through SNS for the configuration set's events, in the shape the ses-events
// function receives from its SNS subscription: a Send for every accepted email, a bounce or a
// complaint when asked for one (POST /local/mail/{id}/bounce|complaint). The local cloud hands it
// over as SNS does, as an asynchronous invocation (local/cloud.ts).
import type { SNSEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT, LOCAL_REGION, STACK } from './functions.ts';

export type SesEventType = 'Send' | 'Bounce' | 'Complaint';

export function sesNotification(messageId: string, tags: Record<string, string[]>, type: SesEventType, at: Date): SNSEvent {
  const recipients = [{ emailAddress: 'recipient@example.invalid' }];
  const message = {
    eventType: type,
    mail: { messageId, tags, timestamp: at.toISOString() },
    ...(type === 'Send' ? { send: {} } : {}),
    ...(type === 'Bounce' ? { bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: recipients } } : {}),
    ...(type === 'Complaint' ? { complaint: { complainedRecipients: recipients } } : {}),
  };
  const topicArn = `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${STACK}-ses-events`;
  return {
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
  };
}
