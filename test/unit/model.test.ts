// The domain schemas: the account JSON of the contract, and rejections that name the field and the
// reason in words a person understands.
import { describe, expect, it } from 'vitest';
import { AccountEventInput, AccountInput, AccountPatch, Cadence, ContactInput, MeetingUpdate, normalizeScore } from '#domain/model.ts';
import { accountJson } from '../support/fixtures.ts';
import { problems } from '../support/problems.ts';


describe('the account JSON', () => {
  it('accepts the example of the public contract exactly', () => {
    const contract = {
      name: 'Acme Tower',
      timezone: 'America/Chicago',
      cadence: { every: 'month', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 },
      scale: 10,
      renewalDate: '2027-06-30',
      monthlyValue: 4200,
      team: {
        accountManager: { name: 'Dana Reyes', email: 'dana@sparkle.example' },
        supervisor: { name: 'Luis Ortega', email: 'luis@sparkle.example' },
        operationsManager: { name: 'Sam Ito', email: 'sam@sparkle.example' },
        executive: { name: 'Pat Kim', email: 'pat@sparkle.example' },
      },
      contacts: [{ name: 'Morgan Lee', email: 'morgan@acmetower.example', role: 'Facility manager' }],
      services: ['Nightly janitorial', 'Restroom supplies'],
    };

    expect(AccountInput.parse(contract)).toEqual(contract);
  });

  it.each([
    ['name', { name: '' }, 'name: must not be empty'],
    ['timezone', { timezone: 'Mars/Olympus' }, 'timezone: must be an IANA timezone such as America/Chicago, Europe/Berlin or UTC, got "Mars/Olympus"'],
    ['scale', { scale: 7 }, 'scale: must be 5 or 10'],
    ['renewalDate format', { renewalDate: '30/06/2027' }, 'renewalDate: must be a date in the form YYYY-MM-DD'],
    ['renewalDate calendar', { renewalDate: '2027-02-29' }, 'renewalDate: is not a real calendar date'],
    ['monthlyValue', { monthlyValue: -5 }, 'monthlyValue: must not be negative'],
    ['monthlyValue type', { monthlyValue: '4200' }, 'monthlyValue: must be a number (the monthly contract value)'],
    ['manager email', { team: { accountManager: { name: 'D', email: 'nope' } } }, 'team.accountManager.email: must be an email address like name@example.com'],
    ['missing manager', { team: {} }, 'team.accountManager: is required'],
    ['unknown field', { colour: 'blue' }, 'colour: is not a known field (check its spelling)'],
  ])('names the field when %s is wrong', (_, overrides, expected) => {
    expect(problems(AccountInput, accountJson(overrides))).toEqual([expected]);
  });

  it('lists every missing required field at once', () => {
    expect(problems(AccountInput, {})).toEqual([
      'name: is required',
      'timezone: is required',
      'cadence: is required',
      'scale: is required',
      'renewalDate: is required',
      'monthlyValue: is required',
      'team: is required',
    ]);
  });

  it('says the body must be an object when it is not', () => {
    expect(problems(AccountInput, [1, 2])).toEqual([': the body must be a JSON object']);
  });

  it('rejects a contact listed twice, whatever the case of the address', () => {
    const input = accountJson({
      contacts: [
        { name: 'A', email: 'Morgan@Acme.example' },
        { name: 'B', email: 'morgan@acme.example' },
      ],
    });

    expect(problems(AccountInput, input)).toEqual(['contacts[1].email: morgan@acme.example is listed twice']);
  });

  it('stores email addresses in lower case', () => {
    expect(ContactInput.parse({ name: 'Q', email: ' Quinn@Example.COM ' }).email).toBe('quinn@example.com');
  });

  it('defaults contacts and services to empty lists and the meeting to 60 minutes', () => {
    const parsed = AccountInput.parse({
      ...accountJson(),
      contacts: undefined,
      services: undefined,
      cadence: { every: 'month', week: 1, weekday: 'MON', time: '09:00' },
    });

    expect(parsed).toMatchObject({ contacts: [], services: [], cadence: { durationMinutes: 60 } });
  });
});

describe('the cadence', () => {
  it.each([
    [{ week: 5 }, 'week: must be 1, 2, 3, 4 or "last"'],
    [{ weekday: 'TUESDAY' }, 'weekday: must be one of MON, TUE, WED, THU, FRI, SAT, SUN'],
    [{ time: '25:00' }, 'time: must be a 24-hour time in the form HH:MM, e.g. 10:00'],
    [{ every: 'week' }, 'every: must be "month" or "quarter"'],
    [{ durationMinutes: 5 }, 'durationMinutes: must be at least 15 minutes'],
    [{ months: [1, 4, 7, 10] }, 'months: only applies when "every" is "quarter"'],
    [{ every: 'quarter', months: [1, 2, 7, 10] }, 'months: must name exactly one month in each quarter, e.g. [2, 5, 8, 11]'],
  ])('rejects %o with a reason', (overrides, expected) => {
    const cadence = { every: 'month', week: 2, weekday: 'TUE', time: '10:00', ...overrides };

    expect(problems(Cadence, cadence)).toEqual([expected]);
  });

  it('accepts quarters on the months named, one per quarter', () => {
    expect(Cadence.parse({ every: 'quarter', months: [2, 5, 8, 11], week: 'last', weekday: 'FRI', time: '09:30' })).toMatchObject({
      months: [2, 5, 8, 11],
      week: 'last',
    });
  });
});

describe('a patch', () => {
  it('changes only the fields it names', () => {
    expect(AccountPatch.parse({ monthlyValue: 5000 })).toEqual({ monthlyValue: 5000 });
  });

  it('may pause or resume, and nothing else of the status', () => {
    expect(AccountPatch.parse({ status: 'paused' })).toEqual({ status: 'paused' });
    expect(problems(AccountPatch, { status: 'deleted' })).toEqual(['status: must be "active" or "paused"']);
  });

  it('refuses contacts, which have their own routes, and an empty body', () => {
    expect(problems(AccountPatch, { contacts: [] })).toEqual(['contacts: is not a known field (check its spelling)']);
    expect(problems(AccountPatch, {})).toEqual([': the body must change at least one field']);
  });
});

describe('other inputs', () => {
  it('names the allowed account event types', () => {
    expect(problems(AccountEventInput, { type: 'party', description: 'x' })).toEqual([
      'type: must be one of complaint, complaint-resolved, extra-service, upsell, note',
    ]);
  });

  it('accepts only held or skipped for a meeting', () => {
    expect(problems(MeetingUpdate, { status: 'cancelled' })).toEqual(['status: must be "held" or "skipped"']);
  });
});

describe('normalised scores', () => {
  it.each([
    [1, 5, 0],
    [3, 5, 50],
    [5, 5, 100],
    [1, 10, 0],
    [8, 10, 78],
    [10, 10, 100],
  ] as const)('%i of %i is %i of 100', (score, scale, expected) => {
    expect(normalizeScore(score, scale)).toBe(expected);
  });
});
