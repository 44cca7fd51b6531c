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

/**
 * Every message is machine-sent (RFC 3834): auto-responders, out-of-office replies included, keep
 * quiet. Exchange and Outlook read only their own header for the same thing.
 */
export const AUTOMATED_HEADERS: Readonly<Record<string, string>> = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'OOF, AutoReply',
};

/** RFC 5322 lines end in CRLF; nodemailer passes the bodies' own line ends through, so they are made CRLF here. */
export function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

/** Builds the MIME message exactly as it will be sent. */
export function compose(email: OutgoingEmail): Promise<Buffer> {
  const headers: Record<string, string> = { ...email.headers, ...AUTOMATED_HEADERS };
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
    text: crlf(email.text),
    html: crlf(email.html),
    headers,
    ...(email.calendar
      ? {
          icalEvent: {
            method: email.calendar.method,
            filename: email.calendar.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
            content: crlf(email.calendar.content),
          },
        }
      : {}),
  });
  return composer.compile().build();
}
