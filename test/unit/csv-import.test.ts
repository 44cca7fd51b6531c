// How one CSV row of `pulse import` becomes the account JSON: column names are JSON paths, a few
// columns hold numbers or lists, and empty cells are left out so that defaults apply.
import { describe, expect, test } from 'vitest';
import { AccountInput } from '#domain/model.ts';
import { checkColumns, planImport, rowToAccountJson } from '../../bin/cli/import.ts';
import { buildAccount } from '../support/fixtures.ts';

const FULL_ROW: Record<string, string> = {
  name: 'Kensington Lofts',
  timezone: 'Europe/London',
  'cadence.every': 'quarter',
  'cadence.months': '2;5;8;11',
  'cadence.week': '1',
  'cadence.weekday': 'FRI',
  'cadence.time': '10:30',
  'cadence.durationMinutes': '',
  scale: '5',
  renewalDate: '2027-09-30',
  monthlyValue: '2800',
  'team.accountManager.name': 'Dana Reyes',
  'team.accountManager.email': 'dana@sparkle.example',
  contacts: 'Harriet Cole <harriet@kensingtonlofts.example> (Estate manager) *',
  services: 'Common areas cleaning',
};

interface RowCase {
  what: string;
  row: Record<string, string>;
  json: Record<string, unknown>;
}

interface BadCellCase {
  what: string;
  cell: Record<string, string>;
  field: string;
}

describe('rowToAccountJson', () => {
  test.each<RowCase>([
    { what: 'text columns stay text', row: { name: ' Acme Tower ', timezone: 'America/Chicago' }, json: { name: 'Acme Tower', timezone: 'America/Chicago' } },
    { what: 'scale is a number', row: { scale: '10' }, json: { scale: 10 } },
    { what: 'monthlyValue is a number, decimals kept', row: { monthlyValue: '4200.50' }, json: { monthlyValue: 4200.5 } },
    { what: 'durationMinutes is a number', row: { 'cadence.durationMinutes': ' 45 ' }, json: { cadence: { durationMinutes: 45 } } },
    { what: 'week is a number', row: { 'cadence.week': '2' }, json: { cadence: { week: 2 } } },
    { what: 'week may be "last"', row: { 'cadence.week': 'last' }, json: { cadence: { week: 'last' } } },
    { what: 'months separated by semicolons', row: { 'cadence.months': '2;5;8;11' }, json: { cadence: { months: [2, 5, 8, 11] } } },
    { what: 'months separated by commas and spaces', row: { 'cadence.months': '1, 4, 7, 10' }, json: { cadence: { months: [1, 4, 7, 10] } } },
    {
      what: 'dotted columns build nested objects',
      row: { 'team.accountManager.name': 'Dana Reyes', 'team.accountManager.email': 'dana@sparkle.example', 'team.supervisor.name': 'Luis Ortega' },
      json: { team: { accountManager: { name: 'Dana Reyes', email: 'dana@sparkle.example' }, supervisor: { name: 'Luis Ortega' } } },
    },
    {
      what: 'a contact with a role',
      row: { contacts: 'Morgan Lee <morgan@acmetower.example> (Facility manager)' },
      json: { contacts: [{ name: 'Morgan Lee', email: 'morgan@acmetower.example', role: 'Facility manager' }] },
    },
    {
      what: 'a contact without a role',
      row: { contacts: 'Jordan Park <jordan@acmetower.example>' },
      json: { contacts: [{ name: 'Jordan Park', email: 'jordan@acmetower.example' }] },
    },
    {
      what: 'several contacts separated by semicolons, a trailing one ignored',
      row: { contacts: 'Morgan Lee <morgan@acmetower.example> (Facility manager);  Jordan Park <jordan@acmetower.example> ;' },
      json: {
        contacts: [
          { name: 'Morgan Lee', email: 'morgan@acmetower.example', role: 'Facility manager' },
          { name: 'Jordan Park', email: 'jordan@acmetower.example' },
        ],
      },
    },
    {
      what: 'a contact marked * is a decision maker',
      row: { contacts: 'Morgan Lee <morgan@acmetower.example> (Facility manager) *' },
      json: { contacts: [{ name: 'Morgan Lee', email: 'morgan@acmetower.example', role: 'Facility manager', decisionMaker: true }] },
    },
    {
      what: 'a contact with a salutation in braces is greeted by it',
      row: { contacts: 'Dr. Priya Shah <priya@acmetower.example> (Facility manager) {Priya} *' },
      json: { contacts: [{ name: 'Dr. Priya Shah', email: 'priya@acmetower.example', role: 'Facility manager', salutation: 'Priya', decisionMaker: true }] },
    },
    {
      what: 'a contact it cannot read keeps its text as the name and no email, for validation to name',
      row: { contacts: 'just a name' },
      json: { contacts: [{ name: 'just a name', email: '' }] },
    },
    {
      what: 'services split on semicolons and trimmed',
      row: { services: 'Nightly janitorial;  Restroom supplies ; ;Window cleaning' },
      json: { services: ['Nightly janitorial', 'Restroom supplies', 'Window cleaning'] },
    },
    {
      what: 'empty and blank cells are left out, nested ones too',
      row: { name: 'Acme Tower', renewalDate: '', 'team.supervisor.name': '   ', 'cadence.months': '', contacts: '', services: ' ' },
      json: { name: 'Acme Tower' },
    },
    { what: 'column names are trimmed', row: { ' scale ': '5', ' cadence.weekday': 'TUE' }, json: { scale: 5, cadence: { weekday: 'TUE' } } },
  ])('$what', ({ row, json }) => {
    expect(rowToAccountJson(row)).toEqual(json);
  });

  test('a full row becomes an account JSON that passes validation', () => {
    const json = rowToAccountJson(FULL_ROW);

    const parsed = AccountInput.parse(json);

    expect(parsed.cadence).toEqual({ every: 'quarter', months: [2, 5, 8, 11], week: 1, weekday: 'FRI', time: '10:30', durationMinutes: 60 });
    expect(parsed.contacts).toEqual([
      { name: 'Harriet Cole', email: 'harriet@kensingtonlofts.example', role: 'Estate manager', decisionMaker: true },
    ]);
    expect(parsed.services).toEqual(['Common areas cleaning']);
  });

  test.each<BadCellCase>([
    { what: 'a scale that is not a number', cell: { scale: 'ten' }, field: 'scale' },
    { what: 'a value that is not a number', cell: { monthlyValue: '2,800' }, field: 'monthlyValue' },
    { what: 'a week that is not a number', cell: { 'cadence.week': 'second' }, field: 'cadence.week' },
    { what: 'a contact without an email', cell: { contacts: 'Harriet Cole' }, field: 'contacts.0.email' },
  ])('$what reaches validation, which names that field alone', ({ cell, field }) => {
    const json = rowToAccountJson({ ...FULL_ROW, ...cell });

    const result = AccountInput.safeParse(json);

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([field]);
  });
});

describe('column names that could reach outside the account JSON', () => {
  test.each(['__proto__.polluted', 'team.__proto__.x', 'constructor.prototype.x', 'prototype', 'team..name', '.name'])(
    '"%s" rejects the whole file, naming the column',
    (column) => {
      expect(() => checkColumns(['name', column])).toThrow(`column "${column}" is not a field of the account JSON`);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  test('ordinary dotted columns pass', () => {
    expect(() => checkColumns(['name', 'team.accountManager.email', 'cadence.week'])).not.toThrow();
  });
});

/** The CSV row of an account built by the fixtures, as an operator's spreadsheet would hold it. */
function rowOf(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Acme Tower',
    timezone: 'America/Chicago',
    'cadence.every': 'month',
    'cadence.week': '2',
    'cadence.weekday': 'TUE',
    'cadence.time': '10:00',
    scale: '10',
    renewalDate: '2027-06-30',
    monthlyValue: '4200',
    'team.accountManager.name': 'Dana Reyes',
    'team.accountManager.email': 'dana@sparkle.example',
    'team.supervisor.name': 'Luis Ortega',
    'team.supervisor.email': 'luis@sparkle.example',
    contacts: 'Morgan Lee <morgan@acmetower.example> (Facility manager)',
    services: 'Nightly janitorial; Restroom supplies',
    ...overrides,
  };
}

interface PlanCase {
  what: string;
  existing: Parameters<typeof buildAccount>[0][];
  row: Record<string, string>;
  expected: 'create' | 'update' | 'unchanged' | 'error';
  fields?: string[];
}

describe('planImport decides per row, writing nothing', () => {
  test.each<PlanCase>([
    { what: 'a new name creates', existing: [], row: rowOf(), expected: 'create' },
    { what: 'the same account again is unchanged', existing: [{}], row: rowOf(), expected: 'unchanged' },
    {
      what: 'a changed value updates that field alone',
      existing: [{}],
      row: rowOf({ monthlyValue: '4500' }),
      expected: 'update',
      fields: ['monthlyValue'],
    },
    {
      what: 'a changed meeting time updates the cadence',
      existing: [{}],
      row: rowOf({ 'cadence.time': '09:30' }),
      expected: 'update',
      fields: ['cadence'],
    },
    {
      what: 'a new contact is added, the known one left as it is',
      existing: [{}],
      row: rowOf({ contacts: 'Morgan Lee <morgan@acmetower.example> (Facility manager); Ann Bell <ann@acmetower.example>' }),
      expected: 'update',
      fields: ['contacts'],
    },
    {
      what: 'an externalId matches even when the name changed',
      existing: [{ externalId: 'C-1001', name: 'Acme Tower (old name)' }],
      row: rowOf({ externalId: 'C-1001' }),
      expected: 'update',
      fields: ['name'],
    },
    {
      what: 'a name match gains the externalId the row gives',
      existing: [{}],
      row: rowOf({ externalId: 'C-1001' }),
      expected: 'update',
      fields: ['externalId'],
    },
    {
      what: 'the same name with another externalId is another account',
      existing: [{ externalId: 'C-1001' }],
      row: rowOf({ externalId: 'C-2002' }),
      expected: 'create',
    },
    { what: 'a bad row is rejected by field', existing: [{}], row: rowOf({ scale: '7' }), expected: 'error' },
    {
      what: 'cells left empty keep the stored values',
      existing: [{ services: ['Window cleaning'] }],
      row: rowOf({ services: '' }),
      expected: 'unchanged',
    },
  ])('$what', ({ existing, row, expected, fields }) => {
    const plan = planImport([{ line: 2, record: row }], existing.map((overrides) => buildAccount(overrides)));

    const outcome = (['create', 'update', 'unchanged'] as const).find((kind) => plan[kind].length === 1) ?? 'error';
    expect(outcome).toBe(expected);
    if (expected === 'error') expect(plan.errors[0]?.message).toContain('scale');
    if (fields) expect(plan.update[0]?.fields).toEqual(fields);
  });

  test('the same account twice in one file is rejected on its second line', () => {
    const plan = planImport(
      [
        { line: 2, record: rowOf() },
        { line: 3, record: rowOf({ monthlyValue: '1' }) },
      ],
      [],
    );

    expect(plan.create.map((r) => r.line)).toEqual([2]);
    expect(plan.errors).toEqual([{ line: 3, message: 'the name "Acme Tower" is already on line 2; each account once per file' }]);
  });
});
