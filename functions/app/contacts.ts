// A contact's deliverability state: bounced or complained contacts get no more email; unsubscribed ones
// get no more surveys but stay in the meeting series (its invitation and agendas, see meetingContacts).
// A hard bounce from a decision-maker is also a risk signal: the champion may have left.
import { Conflict } from '#domain/errors.ts';
import type { Contact } from '#domain/model.ts';
import type { Clock, Uses } from './ports.ts';

export type ContactStatusPorts = Clock & Uses<{ accounts: 'get' | 'save' }>;

/** Changes a contact's status, reading again when the profile changed under us. */
export async function setContactStatus(
  ports: ContactStatusPorts,
  accountId: string,
  contactId: string,
  status: Contact['status'],
): Promise<Contact | undefined> {
  for (let attempt = 0; ; attempt++) {
    const account = await ports.accounts.get(accountId);
    const contact = account?.contacts.find((c) => c.id === contactId);
    if (!account || !contact) return undefined;
    if (contact.status === status) return contact;
    const at = ports.now().toISOString();
    const changed: Contact = { ...contact, status, statusChangedAt: at };
    try {
      await ports.accounts.save({
        ...account,
        contacts: account.contacts.map((c) => (c.id === contactId ? changed : c)),
        updatedAt: at,
      });
      return changed;
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Conflict)) throw error;
    }
  }
}

export type BouncePorts = ContactStatusPorts & Uses<{ signals: 'record' }>;

/** SES reports a hard bounce of the email `messageId`: the contact is suppressed. */
export async function contactBounced(
  ports: BouncePorts,
  accountId: string,
  contactId: string,
  messageId: string,
): Promise<Contact | undefined> {
  const contact = await setContactStatus(ports, accountId, contactId, 'bounced');
  if (contact?.decisionMaker) {
    await ports.signals.record({
      id: `champion-bounced-${contactId}-${messageId}`,
      accountId,
      kind: 'champion-bounced',
      at: ports.now().toISOString(),
      detail: `email to ${contact.name} (${contact.email}), a decision-maker, bounces: they may have left; find the new contact`,
    });
  }
  return contact;
}
