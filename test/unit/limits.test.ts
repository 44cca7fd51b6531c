// Every stored field has a limit from the one table (#contract/limits.ts): at the limit a body is
// accepted; one character (or one item) more is refused with the field's path and the limit in words.
import { describe, expect, it } from 'vitest';
import { LIMITS, MAX_BODY_BYTES } from '#contract/limits.ts';
import { TooLarge } from '#domain/errors.ts';
import {
  AccountEventInput,
  AccountInput,
  AccountPatch,
  CommitmentChange,
  CommitmentDone,
  ContactInput,
  MeetingUpdate,
} from '#domain/model.ts';
import { jsonBody, type HttpEvent } from '#handlers/http.ts';
import { accountJson } from '../support/fixtures.ts';
import { problems, type Schema } from '../support/problems.ts';

type Path = readonly (string | number)[];

/** A copy of `body` with `value` at `path`. */
function withValue(body: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  path.slice(0, -1).forEach((key) => {
    at = at[key] as Record<string | number, unknown>;
  });
  at[path.at(-1)!] = value;
  return copy;
}

const text = (length: number) => 'x'.repeat(length);
/** A valid address of exactly `length` characters: a 64-character local part and a long domain. */
const email = (length: number) => `${'a'.repeat(64)}@${'b'.repeat(length - 64 - 1 - '.example'.length)}.example`;
const contacts = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `Contact ${i}`, email: `c${i}@acme.example` }));
const services = (count: number) => Array.from({ length: count }, (_, i) => `Service ${i}`);

const account = accountJson({
  contacts: [
    { name: 'Morgan Lee', email: 'morgan@acme.example' },
    { name: 'Ada Park', email: 'ada@acme.example' },
    { name: 'Priya Shah', email: 'priya@acme.example', role: 'Owner', salutation: 'Dr. Shah' },
  ],
  location: 'Room 4',
  externalId: 'A-1',
});
const patch = { name: 'Acme', location: 'Room 4', services: ['a', 'b'], team: { accountManager: { name: 'Dana', email: 'dana@s.example' } } };
const contact = { name: 'Morgan Lee', email: 'morgan@acme.example', role: 'Owner', salutation: 'Morgan' };
const event = { type: 'complaint-resolved', description: 'Fixed', resolves: 'e1' };
const owner = { action: 'reassign', owner: { name: 'Dana', email: 'dana@s.example' } };

type Row = [label: string, schema: Schema, body: unknown, path: Path, limit: number, make: (length: number) => unknown, message: string];

const chars = (label: string, schema: Schema, body: unknown, path: Path, limit: number): Row =>
  [label, schema, body, path, limit, text, `must be at most ${limit} characters`];
const address = (label: string, schema: Schema, body: unknown, path: Path): Row =>
  [label, schema, body, path, LIMITS.email, email, `must be at most ${LIMITS.email} characters`];

const ROWS: Row[] = [
  chars('account name', AccountInput, account, ['name'], LIMITS.name),
  chars('account externalId', AccountInput, account, ['externalId'], LIMITS.externalId),
  chars('account location', AccountInput, account, ['location'], LIMITS.location),
  chars('a service', AccountInput, account, ['services', 1], LIMITS.service),
  chars('a contact name', AccountInput, account, ['contacts', 2, 'name'], LIMITS.name),
  address('a contact email', AccountInput, account, ['contacts', 2, 'email']),
  chars('a contact role', AccountInput, account, ['contacts', 2, 'role'], LIMITS.role),
  chars('a contact salutation', AccountInput, account, ['contacts', 2, 'salutation'], LIMITS.salutation),
  chars('the account manager name', AccountInput, account, ['team', 'accountManager', 'name'], LIMITS.name),
  address('the account manager email', AccountInput, account, ['team', 'accountManager', 'email']),
  chars('the supervisor name', AccountInput, account, ['team', 'supervisor', 'name'], LIMITS.name),
  ['the contacts', AccountInput, account, ['contacts'], LIMITS.contacts, contacts, `must list at most ${LIMITS.contacts} contacts`],
  ['the services', AccountInput, account, ['services'], LIMITS.services, services, `must list at most ${LIMITS.services} services`],
  chars('a patched name', AccountPatch, patch, ['name'], LIMITS.name),
  chars('a patched location', AccountPatch, patch, ['location'], LIMITS.location),
  chars('a patched service', AccountPatch, patch, ['services', 1], LIMITS.service),
  address('a patched team email', AccountPatch, patch, ['team', 'accountManager', 'email']),
  ['the patched services', AccountPatch, patch, ['services'], LIMITS.services, services, `must list at most ${LIMITS.services} services`],
  chars('an added contact name', ContactInput, contact, ['name'], LIMITS.name),
  address('an added contact email', ContactInput, contact, ['email']),
  chars('an added contact role', ContactInput, contact, ['role'], LIMITS.role),
  chars('an added contact salutation', ContactInput, contact, ['salutation'], LIMITS.salutation),
  chars('an event description', AccountEventInput, event, ['description'], LIMITS.description),
  ['the complaint an event resolves', AccountEventInput, event, ['resolves'], LIMITS.id, text, `must be at most ${LIMITS.id} characters (an event id)`],
  chars('a meeting note', MeetingUpdate, { status: 'held', note: 'ok' }, ['note'], LIMITS.note),
  chars('what we did', CommitmentDone, { whatWeDid: 'done' }, ['whatWeDid'], LIMITS.whatWeDid),
  chars("a new owner's name", CommitmentChange, owner, ['owner', 'name'], LIMITS.name),
  address("a new owner's email", CommitmentChange, owner, ['owner', 'email']),
];

describe('every stored field has a limit', () => {
  it.each(ROWS)('%s: accepted at the limit', (_, schema, body, path, limit, make) => {
    expect(problems(schema, withValue(body, path, make(limit)))).toEqual([]);
  });

  it.each(ROWS)('%s: refused one over it, naming the field', (_, schema, body, path, limit, make, message) => {
    const field = path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
    expect(problems(schema, withValue(body, path, make(limit + 1)))).toEqual([`${field}: ${message}`]);
  });

  it('counts the limit after trimming, so spaces around a name do not refuse it', () => {
    expect(problems(ContactInput, { ...contact, name: ` ${text(LIMITS.name)} ` })).toEqual([]);
  });
});

describe('the request body', () => {
  it('fits the largest valid account even when every character is sent as a six-byte JSON escape', () => {
    const full = (length: number) => '\u0001'.repeat(length);
    const person = (i: number) => ({ name: full(LIMITS.name), email: email(LIMITS.email).replace(/^a{3}/, `${100 + i}`) });
    const largest = {
      ...accountJson({ name: full(LIMITS.name), externalId: full(LIMITS.externalId), location: full(LIMITS.location) }),
      team: { accountManager: person(1), supervisor: person(2), operationsManager: person(3), executive: person(4) },
      contacts: Array.from({ length: LIMITS.contacts }, (_, i) => ({
        ...person(10 + i),
        role: full(LIMITS.role),
        salutation: full(LIMITS.salutation),
        decisionMaker: true,
      })),
      services: Array.from({ length: LIMITS.services }, () => full(LIMITS.service)),
    };
    const body = JSON.stringify(largest);

    expect(problems(AccountInput, largest)).toEqual([]);
    expect(body).toContain('\\u0001');
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_BODY_BYTES);
  });


  const body = (size: number): HttpEvent => ({ body: `{"name":"${'x'.repeat(size - 11)}"}`, isBase64Encoded: false }) as HttpEvent;

  it('is read up to the limit', () => {
    expect(jsonBody(body(MAX_BODY_BYTES))).toEqual({ name: 'x'.repeat(MAX_BODY_BYTES - 11) });
  });

  it.each([
    ['one byte over', MAX_BODY_BYTES + 1, 'The request body is 257 KB; at most 256 KB is accepted.'],
    ['600 KB', 600 * 1024, 'The request body is 600 KB; at most 256 KB is accepted.'],
  ])('is refused with a 413 naming the limit when %s', (_, size, message) => {
    const refused = (() => {
      try {
        jsonBody(body(size));
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(TooLarge);
    expect(refused).toMatchObject({ status: 413, message });
  });

  it('is measured in bytes, not characters, and after base64 decoding', () => {
    const euros = '€'.repeat(Math.ceil(MAX_BODY_BYTES / 3) + 1);
    const encoded = Buffer.from(`"${euros}"`).toString('base64');
    expect(() => jsonBody({ body: encoded, isBase64Encoded: true } as HttpEvent)).toThrow(TooLarge);
  });
});
