// A contact's deliverability state: unsubscribed, bounced or complained contacts get no more email.
import type { Contact } from '#domain/model.ts';
import { Conflict } from '#domain/errors.ts';
import type { Accounts } from '#adapters/dynamo/index.ts';

/** Changes a contact's status, reading again when the profile changed under us. */
export async function setContactStatus(
  deps: { accounts: Accounts; now: () => Date },
  accountId: string,
  contactId: string,
  status: Contact['status'],
): Promise<Contact | undefined> {
  for (let attempt = 0; ; attempt++) {
    const account = await deps.accounts.get(accountId);
    const contact = account?.contacts.find((c) => c.id === contactId);
    if (!account || !contact) return undefined;
    if (contact.status === status) return contact;
    const at = deps.now().toISOString();
    const changed: Contact = { ...contact, status, statusChangedAt: at };
    try {
      await deps.accounts.save({
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
