// The accounts repository on DynamoDB Local: conditional creation and versioned saves, both indexes,
// and the removal of an account with its history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conflict, NotFound } from '#domain/errors.ts';
import { buildAccount } from '../support/fixtures.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
});

afterAll(async () => {
  await table.drop();
});

describe('accounts', () => {
  it('reads back an account exactly as it was created', async () => {
    const account = buildAccount();

    await table.repos.accounts.create(account);

    expect(await table.repos.accounts.get(account.id)).toEqual(account);
  });

  it('refuses to create a second account with the same id', async () => {
    const account = buildAccount();
    await table.repos.accounts.create(account);

    await expect(table.repos.accounts.create({ ...account, name: 'Other' })).rejects.toBeInstanceOf(Conflict);
    expect((await table.repos.accounts.get(account.id))?.name).toBe(account.name);
  });

  it('answers NotFound for an unknown id when one is required', async () => {
    await expect(table.repos.accounts.require('no-such-account')).rejects.toBeInstanceOf(NotFound);
  });

  it('saves a change and raises the version', async () => {
    const account = buildAccount();
    await table.repos.accounts.create(account);

    const saved = await table.repos.accounts.save({ ...account, monthlyValue: 9000 });

    expect(saved.version).toBe(account.version + 1);
    expect(await table.repos.accounts.get(account.id)).toMatchObject({ monthlyValue: 9000, version: 2 });
  });

  it('rejects a change based on a stale version and keeps the newer one', async () => {
    const account = buildAccount();
    await table.repos.accounts.create(account);
    await table.repos.accounts.save({ ...account, monthlyValue: 1 });

    await expect(table.repos.accounts.save({ ...account, monthlyValue: 2 })).rejects.toBeInstanceOf(Conflict);
    expect((await table.repos.accounts.get(account.id))?.monthlyValue).toBe(1);
  });

  it('lists accounts at a risk level ordered by renewal date through the index', async () => {
    const later = buildAccount({ renewalDate: '2099-03-01' });
    const sooner = buildAccount({ renewalDate: '2099-01-01' });
    const healthy = buildAccount({ renewalDate: '2099-02-01' });
    await table.repos.accounts.create({ ...later, risk: { level: 'critical', reasons: ['x'], codes: [] } });
    await table.repos.accounts.create({ ...sooner, risk: { level: 'critical', reasons: ['y'], codes: [] } });
    await table.repos.accounts.create(healthy);

    const critical = await table.repos.accounts.list(['critical']);

    expect(critical.map((a) => a.id)).toEqual([sooner.id, later.id]);
  });

  it('finds the accounts renewing by a date at a level', async () => {
    const soon = buildAccount({ renewalDate: '2098-01-15' });
    const far = buildAccount({ renewalDate: '2098-09-15' });
    await table.repos.accounts.create({ ...soon, risk: { level: 'watch', reasons: ['s'], codes: [] } });
    await table.repos.accounts.create({ ...far, risk: { level: 'watch', reasons: ['f'], codes: [] } });

    const renewing = await table.repos.accounts.renewingBy('watch', '2098-01-15');

    expect(renewing.map((a) => a.id)).toEqual([soon.id]);
  });

  it('finds an account manager\'s accounts through the second index', async () => {
    const mine = buildAccount({ team: { accountManager: { name: 'Kim', email: 'kim-unique@sparkle.example' } } });
    await table.repos.accounts.create(mine);

    const found = await table.repos.accounts.managedBy('KIM-unique@sparkle.example');

    expect(found.map((a) => a.id)).toEqual([mine.id]);
  });

  it('removes an account with everything recorded under it', async () => {
    const account = buildAccount();
    await table.repos.accounts.create(account);
    await table.repos.meetings.record({
      accountId: account.id,
      scheduledTime: '2026-12-08T16:00:00Z',
      status: 'held',
      recordedAt: '2026-12-08T16:00:00Z',
    });
    for (let i = 0; i < 30; i++) {
      await table.repos.events.add({
        id: `e${i}`,
        accountId: account.id,
        type: 'note',
        description: `note ${i}`,
        at: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
      });
    }

    await table.repos.accounts.delete(account.id);

    expect(await table.repos.accounts.get(account.id)).toBeUndefined();
    expect(await table.repos.events.recent(account.id, 50)).toEqual([]);
    expect(await table.repos.meetings.recent(account.id, 5)).toEqual([]);
  });
});
