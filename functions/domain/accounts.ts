// Account life cycle rules: creation, changes, contacts. Pure: ids and "now" come from the caller.
import { Conflict, NotFound } from './errors.ts';
import type { Account, AccountInput, AccountPatch, Contact, ContactInput, Person, Team } from './model.ts';
import { firstMeetingFrom, meetingContacts, seriesAfter } from './series.ts';

/** A readable id stem from the account's name, e.g. "Acme Tower" → "acme-tower". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    // Short enough that schedule names built from the id stay within the Scheduler's 64 characters.
    .slice(0, 32)
    .replace(/-+$/g, '');
  return slug === '' ? 'account' : slug;
}

export function newContact(input: ContactInput, id: string): Contact {
  return { ...input, id, status: 'active' };
}

export function newAccount(input: AccountInput, options: { id: string; now: Date; newId: () => string }): Account {
  const at = options.now.toISOString();
  const account: Account = {
    id: options.id,
    name: input.name,
    ...(input.externalId ? { externalId: input.externalId } : {}),
    timezone: input.timezone,
    cadence: input.cadence,
    scale: input.scale,
    renewalDate: input.renewalDate,
    monthlyValue: input.monthlyValue,
    team: input.team,
    contacts: input.contacts.map((contact) => newContact(contact, options.newId())),
    services: input.services,
    ...(input.location ? { location: input.location } : {}),
    status: 'active',
    risk: { level: 'healthy', reasons: [], codes: [] },
    sequence: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  return { ...account, series: { number: 0, start: firstMeetingFrom(account, options.now).toISOString() } };
}

/** Fields whose change alters the calendar series, so the invitation must be sent again. */
const SERIES_FIELDS = ['name', 'timezone', 'cadence', 'team', 'location'] as const satisfies readonly (keyof AccountPatch)[];

export function seriesChanged(before: Account, after: Account): boolean {
  return (
    SERIES_FIELDS.some((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])) ||
    JSON.stringify(activeAttendees(before)) !== JSON.stringify(activeAttendees(after)) ||
    before.status !== after.status
  );
}

function activeAttendees(account: Account): string[] {
  return meetingContacts(account)
    .map((contact) => contact.email)
    .sort();
}

/** Applies the change; `sequence` rises whenever the series invitation must be re-sent. */
export function applyChange(before: Account, change: Partial<Account>, now: Date): Account {
  const after: Account = { ...before, ...change, updatedAt: now.toISOString() };
  if (!seriesChanged(before, after)) return after;
  const series = seriesAfter(before, after, now);
  return { ...after, sequence: before.sequence + 1, series: { number: series.number, start: series.start.toISOString() } };
}

export function addContact(account: Account, input: ContactInput, id: string, now: Date): Account {
  if (account.contacts.some((contact) => contact.email === input.email)) {
    throw new Conflict(`${input.email} is already a contact of ${account.name}`);
  }
  // When they joined tells a decision-maker who replaces a departed champion from one who was there all along.
  const added = { ...newContact(input, id), addedAt: now.toISOString() };
  return applyChange(account, { contacts: [...account.contacts, added] }, now);
}

/** Removes a contact by id or email. */
export function removeContact(account: Account, idOrEmail: string, now: Date): Account {
  const key = idOrEmail.toLowerCase();
  const remaining = account.contacts.filter((c) => c.id !== idOrEmail && c.email !== key);
  if (remaining.length === account.contacts.length) {
    throw new NotFound(`${account.name} has no contact "${idOrEmail}"`);
  }
  return applyChange(account, { contacts: remaining }, now);
}

export interface DefaultTeam {
  supervisor?: Person;
  operationsManager?: Person;
  executive?: Person;
}

/** The account's team with the deployment-wide people filling the roles the account leaves empty. */
export function resolveTeam(account: Account, defaults: DefaultTeam): Required<Pick<Team, 'accountManager'>> & DefaultTeam {
  return {
    accountManager: account.team.accountManager,
    supervisor: account.team.supervisor ?? defaults.supervisor,
    operationsManager: account.team.operationsManager ?? defaults.operationsManager,
    executive: account.team.executive ?? defaults.executive,
  };
}

export function activeContacts(account: Account): Contact[] {
  return account.contacts.filter((contact) => contact.status === 'active');
}
