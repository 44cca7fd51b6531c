// An email as the domain renders it; the mailer adapter turns it into MIME.

export interface Mailbox {
  name: string;
  address: string;
}

export interface OutgoingEmail {
  from: Mailbox;
  to: Mailbox[];
  cc?: Mailbox[];
  replyTo?: Mailbox;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (never anything a customer wrote). */
  headers?: Record<string, string>;
  /** One-click unsubscribe URL (RFC 8058): adds List-Unsubscribe and List-Unsubscribe-Post. */
  listUnsubscribe?: string;
  /** An iCalendar body sent as the invitation part. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
