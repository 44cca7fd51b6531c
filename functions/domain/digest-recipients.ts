// Who receives a weekly digest, about which accounts: every manager once, by email.
import { resolveTeam, type DefaultTeam } from './accounts.ts';
import type { Account, Person } from './model.ts';

export type ManagerRole = 'accountManager' | 'supervisor' | 'operationsManager' | 'executive';

const ROLES: readonly ManagerRole[] = ['accountManager', 'supervisor', 'operationsManager', 'executive'];
/** Roles that oversee the whole company: whoever holds one on any account sees every account. */
const OVERSEEING: readonly ManagerRole[] = ['operationsManager', 'executive'];

export interface DigestRecipient {
  person: Person;
  /** Every role the person holds on some account, in ladder order. */
  roles: ManagerRole[];
  /** `all`: an operations manager or executive, who oversees every account. */
  scope: 'all' | 'own';
  /** The accounts the digest covers, by id. */
  accountIds: string[];
}

/**
 * Every distinct person in any account's team (deployment defaults filling the empty roles), once
 * each by email, ordered by email. Operations managers and executives get every account; account
 * managers and supervisors the accounts they are on.
 */
export function digestRecipients(accounts: readonly Account[], defaults: DefaultTeam): DigestRecipient[] {
  const people = new Map<string, { person: Person; roles: Set<ManagerRole>; accountIds: Set<string> }>();
  for (const account of accounts) {
    const team = resolveTeam(account, defaults);
    for (const role of ROLES) {
      const person = team[role];
      if (person === undefined) continue;
      const email = person.email.trim().toLowerCase();
      const entry = people.get(email) ?? { person: { name: person.name, email }, roles: new Set(), accountIds: new Set() };
      entry.roles.add(role);
      entry.accountIds.add(account.id);
      people.set(email, entry);
    }
  }
  const everyId = accounts.map((account) => account.id);
  return [...people.values()]
    .sort((a, b) => a.person.email.localeCompare(b.person.email))
    .map(({ person, roles, accountIds }) => {
      const scope = OVERSEEING.some((role) => roles.has(role)) ? 'all' : 'own';
      return {
        person,
        roles: ROLES.filter((role) => roles.has(role)),
        scope,
        accountIds: scope === 'all' ? everyId : everyId.filter((id) => accountIds.has(id)),
      };
    });
}
