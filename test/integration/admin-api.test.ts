// The admin API through real HTTP on the local cloud: accounts, contacts, events, meetings, and the
// account's schedule kept in step with every change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import type { Account } from '#domain/model.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { accountJson } from '../support/fixtures.ts';
import { api, startTestCloud } from '../support/cloud.ts';

let cloud: LocalCloud;
let scheduler: SchedulerClient;

beforeAll(async () => {
  cloud = await startTestCloud();
  scheduler = new SchedulerClient({
    endpoint: cloud.urls.scheduler,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});

afterAll(async () => {
  scheduler?.destroy();
  await cloud?.stop();
});

async function createAccount(overrides: Parameters<typeof accountJson>[0] = {}): Promise<Account> {
  const { status, body } = await api<Account>(cloud, 'POST', '/admin/accounts', accountJson(overrides));
  expect(status).toBe(201);
  return body;
}

function getSchedule(accountId: string) {
  return scheduler.send(new GetScheduleCommand({ Name: `account-${accountId}`, GroupName: 'PartnerPulse' }));
}

describe('creating accounts', () => {
  it('stores the account and gives it a recurring schedule in its timezone', async () => {
    const account = await createAccount({ name: 'Schedule Check Tower' });

    const schedule = await getSchedule(account.id);

    expect(account.id).toMatch(/^schedule-check-tower-[0-9a-z]{4}$/);
    expect(schedule).toMatchObject({
      ScheduleExpression: 'cron(0 10 ? * 3#2 *)',
      ScheduleExpressionTimezone: 'America/Chicago',
      State: 'ENABLED',
    });
    expect(JSON.parse(schedule.Target?.Input ?? '{}')).toEqual({
      accountId: account.id,
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
    expect(schedule.Target?.RetryPolicy?.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(schedule.Target?.DeadLetterConfig?.Arn).toMatch(/^arn:aws:sqs:/);
  });

  it('rejects bad input with a 400 that names each field, and writes nothing', async () => {
    const before = await api<{ accounts: Account[] }>(cloud, 'GET', '/admin/accounts');

    const { status, body } = await api<{ message: string; problems: { field: string }[] }>(
      cloud,
      'POST',
      '/admin/accounts',
      accountJson({
        name: 'Broken Plaza',
        cadence: { every: 'month', week: 7, weekday: 'TUE', time: '10:00' },
        timezone: 'Mars/Olympus',
      }),
    );

    expect(status).toBe(400);
    expect(body.problems.map((p) => p.field).sort()).toEqual(['cadence.week', 'timezone']);
    expect(body.message).toContain('cadence.week: must be 1, 2, 3, 4 or "last"');
    const after = await api<{ accounts: Account[] }>(cloud, 'GET', '/admin/accounts');
    expect(after.body.accounts).toHaveLength(before.body.accounts.length);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await fetch(`${cloud.urls.api}/admin/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe('the body is not valid JSON');
  });
});

describe('reading accounts', () => {
  it('answers 404 naming the id for an unknown account', async () => {
    const { status, body } = await api<{ message: string }>(cloud, 'GET', '/admin/accounts/no-such-account');

    expect(status).toBe(404);
    expect(body.message).toContain('no-such-account');
  });

  it('lists accounts by risk level and refuses an unknown level', async () => {
    const account = await createAccount();

    const healthy = await api<{ accounts: Account[] }>(cloud, 'GET', '/admin/accounts?level=healthy');
    const unknown = await api(cloud, 'GET', '/admin/accounts?level=doomed');

    expect(healthy.body.accounts.map((a) => a.id)).toContain(account.id);
    expect(unknown.status).toBe(404);
  });
});

describe('changing accounts', () => {
  it('moves the schedule when the cadence changes', async () => {
    const account = await createAccount();

    const { status, body } = await api<Account>(cloud, 'PATCH', `/admin/accounts/${account.id}`, {
      cadence: { every: 'quarter', week: 'last', weekday: 'FRI', time: '14:30', durationMinutes: 45 },
      timezone: 'Australia/Sydney',
    });

    expect(status).toBe(200);
    expect(body.sequence).toBe(account.sequence + 1);
    expect(await getSchedule(account.id)).toMatchObject({
      ScheduleExpression: 'cron(30 14 ? 1,4,7,10 6L *)',
      ScheduleExpressionTimezone: 'Australia/Sydney',
    });
  });

  it('leaves the series alone when only the contract value changes', async () => {
    const account = await createAccount();

    const { body } = await api<Account>(cloud, 'PATCH', `/admin/accounts/${account.id}`, { monthlyValue: 5000 });

    expect(body).toMatchObject({ monthlyValue: 5000, sequence: account.sequence, version: account.version + 1 });
  });

  it('rejects a patch with an unknown field and changes nothing', async () => {
    const account = await createAccount();

    const { status, body } = await api<{ message: string }>(cloud, 'PATCH', `/admin/accounts/${account.id}`, {
      monthlyValue: 1,
      colour: 'blue',
    });

    expect(status).toBe(400);
    expect(body.message).toContain('colour');
    expect((await api<Account>(cloud, 'GET', `/admin/accounts/${account.id}`)).body.monthlyValue).toBe(account.monthlyValue);
  });

  it('disables the schedule on pause and enables it on resume', async () => {
    const account = await createAccount();

    await api(cloud, 'PATCH', `/admin/accounts/${account.id}`, { status: 'paused' });
    const paused = await getSchedule(account.id);
    await api(cloud, 'PATCH', `/admin/accounts/${account.id}`, { status: 'active' });
    const resumed = await getSchedule(account.id);

    expect(paused.State).toBe('DISABLED');
    expect(resumed.State).toBe('ENABLED');
  });

  it('adds and removes contacts, refusing a duplicate email', async () => {
    const account = await createAccount();

    const added = await api<Account>(cloud, 'POST', `/admin/accounts/${account.id}/contacts`, {
      name: 'Quinn Hart',
      email: 'Quinn@AcmeTower.example',
    });
    const duplicate = await api(cloud, 'POST', `/admin/accounts/${account.id}/contacts`, {
      name: 'Quinn Again',
      email: 'quinn@acmetower.example',
    });
    const removed = await api<Account>(cloud, 'DELETE', `/admin/accounts/${account.id}/contacts/quinn%40acmetower.example`);

    expect(added.body.contacts.map((c) => c.email)).toContain('quinn@acmetower.example');
    expect(duplicate.status).toBe(409);
    expect(removed.body.contacts.map((c) => c.email)).not.toContain('quinn@acmetower.example');
  });

  it('logs account events and rejects an unknown type by name', async () => {
    const account = await createAccount();

    const logged = await api(cloud, 'POST', `/admin/accounts/${account.id}/events`, {
      type: 'extra-service',
      description: 'Power washed the loading dock',
    });
    const bad = await api<{ problems: { field: string }[] }>(cloud, 'POST', `/admin/accounts/${account.id}/events`, {
      type: 'party',
      description: 'x',
    });

    expect(logged.status).toBe(201);
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p) => p.field)).toEqual(['type']);
  });

  it('refuses to mark a meeting that never took place', async () => {
    const account = await createAccount();

    const { status } = await api(cloud, 'POST', `/admin/accounts/${account.id}/meetings/2026-12-08T16:00:00Z`, {
      status: 'held',
    });

    expect(status).toBe(404);
  });
});

describe('removing accounts', () => {
  it('removes the account and its schedule', async () => {
    const account = await createAccount();

    const { status } = await api(cloud, 'DELETE', `/admin/accounts/${account.id}`);

    expect(status).toBe(204);
    expect((await api(cloud, 'GET', `/admin/accounts/${account.id}`)).status).toBe(404);
    await expect(getSchedule(account.id)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('reconciling schedules', () => {
  it('finds a missing and an orphaned schedule, reports them on a dry run, then repairs them', async () => {
    const account = await createAccount();
    cloud.scheduler.service.deleteSchedule({ Name: `account-${account.id}`, GroupName: 'PartnerPulse' });
    cloud.scheduler.service.createSchedule({
      Name: 'account-gone-away-0000',
      GroupName: 'PartnerPulse',
      ScheduleExpression: 'cron(0 10 ? * 3#2 *)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: 'arn:aws:lambda:us-east-1:000000000000:function:PartnerPulse-occurrence', RoleArn: 'arn:aws:iam::000000000000:role/x' },
    });

    const dry = await api<{ changes: { schedule: string; action: string }[] }>(
      cloud,
      'POST',
      '/admin/schedules/reconcile?dryRun=true',
    );
    const stillMissing = await getSchedule(account.id).catch((error: Error) => error.name);
    const real = await api<{ changes: { schedule: string; action: string }[] }>(cloud, 'POST', '/admin/schedules/reconcile');
    const again = await api<{ changes: unknown[] }>(cloud, 'POST', '/admin/schedules/reconcile?dryRun=true');

    expect(dry.body.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ schedule: `account-${account.id}`, action: 'create' }),
        expect.objectContaining({ schedule: 'account-gone-away-0000', action: 'delete' }),
      ]),
    );
    expect(stillMissing).toBe('ResourceNotFoundException');
    expect(real.body.changes).toHaveLength(dry.body.changes.length);
    expect((await getSchedule(account.id)).ScheduleExpression).toBe('cron(0 10 ? * 3#2 *)');
    expect(again.body.changes).toEqual([]);
  });
});
