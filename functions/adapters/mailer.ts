// SES: every email leaves through here as a raw MIME message (SendRawEmail), built by nodemailer's
// MailComposer, so calendar invitations and List-Unsubscribe headers survive intact.
import MailComposer from 'nodemailer/lib/mail-composer';
import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import type { OutgoingEmail } from '#render/email.ts';
import { clock } from './clock.ts';

export interface SentEmail {
  messageId: string;
}

export class Mailer {
  constructor(
    private readonly ses: SESClient,
    private readonly configurationSet?: string,
  ) {}

  /**
   * Sends the email. `tags` travel with SES's bounce and complaint events, which is how those find
   * the account and contact again (names and values: letters, digits, `_ - . @`).
   */
  async send(email: OutgoingEmail, tags: Record<string, string> = {}): Promise<SentEmail> {
    const raw = await compose(email);
    const Tags = Object.entries(tags).map(([Name, Value]) => ({ Name, Value: Value.replace(/[^A-Za-z0-9_.@-]/g, '_') }));
    const result = await this.ses.send(
      new SendRawEmailCommand({
        RawMessage: { Data: raw },
        ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        ...(Tags.length > 0 ? { Tags } : {}),
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the message but returned no message id');
    return { messageId: result.MessageId };
  }
}

/** Builds the MIME message exactly as it will be sent. */
export function compose(email: OutgoingEmail): Promise<Buffer> {
  const headers: Record<string, string> = { ...email.headers };
  if (email.listUnsubscribe) {
    headers['List-Unsubscribe'] = `<${email.listUnsubscribe}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const composer = new MailComposer({
    // The Date header is the moment the function sends, on the same clock as everything it records.
    date: clock.now(),
    from: email.from,
    to: email.to,
    cc: email.cc,
    replyTo: email.replyTo,
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers,
    ...(email.calendar
      ? {
          icalEvent: {
            method: email.calendar.method,
            filename: email.calendar.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
            content: email.calendar.content,
          },
        }
      : {}),
  });
  return composer.compile().build();
}
