// An email as it is rendered, and who it is from and to; the mailer adapter turns it into MIME.
import { resolveTeam, type DefaultTeam } from '#domain/accounts.ts';
import type { Account } from '#domain/model.ts';
import type { Sender } from '#domain/sender.ts';

export type { Sender } from '#domain/sender.ts';

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


/** The account manager's name at the company's verified address. */
export function fromAccountManager(account: Account, sender: Sender): Mailbox {
  return { name: `${account.team.accountManager.name} (${sender.companyName})`, address: sender.senderEmail };
}

/** The account manager's own address, so a reply reaches a person. */
export function replyToAccountManager(account: Account): Mailbox {
  return { name: account.team.accountManager.name, address: account.team.accountManager.email };
}

export function teamMailboxes(account: Account, defaults: DefaultTeam): Mailbox[] {
  const team = resolveTeam(account, defaults);
  const people = [team.accountManager, team.supervisor].filter((p) => p !== undefined);
  const seen = new Set<string>();
  return people
    .filter((p) => !seen.has(p.email) && seen.add(p.email))
    .map((p) => ({ name: p.name, address: p.email }));
}
