// Builders for test data: valid by default, each test overrides only what it is about.
import { newAccount } from '#domain/accounts.ts';
import { type Account, type AccountInput, AccountInput as AccountInputSchema } from '#domain/model.ts';

let counter = 0;

export function accountJson(overrides: Partial<Record<keyof AccountInput, unknown>> & Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Acme Tower',
    timezone: 'America/Chicago',
    cadence: { every: 'month', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 },
    scale: 10,
    renewalDate: '2027-06-30',
    monthlyValue: 4200,
    team: {
      accountManager: { name: 'Dana Reyes', email: 'dana@sparkle.example' },
      supervisor: { name: 'Luis Ortega', email: 'luis@sparkle.example' },
    },
    contacts: [{ name: 'Morgan Lee', email: 'morgan@acmetower.example', role: 'Facility manager' }],
    services: ['Nightly janitorial', 'Restroom supplies'],
    ...overrides,
  };
}

export function buildAccount(
  overrides: Partial<Record<keyof AccountInput, unknown>> = {},
  now = new Date('2026-11-23T12:00:00Z'),
): Account {
  counter += 1;
  const input = AccountInputSchema.parse(accountJson(overrides));
  return newAccount(input, { id: `acct-${counter}-${Date.now().toString(36)}`, now, newId: () => `c${++counter}` });
}
