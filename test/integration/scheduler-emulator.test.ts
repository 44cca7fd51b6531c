// The scheduler emulator driven through the real @aws-sdk/client-scheduler, as the handlers and
// the pulse CLI drive it.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  ListTagsForResourceCommand,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { afterEach, describe, expect, test } from 'vitest';
import { VirtualClock, parseDuration } from '../../local/clock.ts';
import { SchedulerEmulator, type SchedulerEmulatorOptions } from '../../local/scheduler/index.ts';
import { freePort } from '../support/free-port.ts';

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/partner-pulse-scheduler`;
const DLQ_ARN = `arn:aws:sqs:us-east-1:${ACCOUNT}:partner-pulse-scheduler-dlq`;
const lambdaArn = (name: string): string => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const scheduleArn = (group: string, name: string): string => `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/${group}/${name}`;

interface Invocation {
  functionName: string;
  input: string;
  /** The virtual clock while the target ran. */
  now: string;
}

type Handler = (invocation: Invocation, harness: Harness) => Promise<void> | void;

interface Harness {
  emulator: SchedulerEmulator;
  client: SchedulerClient;
  clock: VirtualClock;
  url: string;
  invocations: Invocation[];
}

interface HarnessOptions {
  at?: string;
  dataFile?: string;
  handlers?: Record<string, Handler>;
  limits?: Pick<SchedulerEmulatorOptions, 'maxInvocationsPerRun' | 'maxInvocationsPerInstant' | 'concurrency'>;
}

const running: Harness[] = [];
const directories: string[] = [];

afterEach(async () => {
  for (const harness of running.splice(0)) {
    harness.client.destroy();
    await harness.emulator.close();
  }
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

async function startEmulator(options: HarnessOptions = {}): Promise<Harness> {
  const clock = VirtualClock.frozen(new Date(options.at ?? '2027-01-01T00:00:00Z'));
  const invocations: Invocation[] = [];
  // Filled in below; the invoke callback needs the harness it belongs to.
  const harness = { clock, invocations } as Harness;
  harness.emulator = new SchedulerEmulator({
    clock,
    ...(options.dataFile === undefined ? {} : { dataFile: options.dataFile }),
    ...options.limits,
    invoke: async ({ functionName, input }) => {
      const invocation = { functionName, input, now: clock.now().toISOString() };
      invocations.push(invocation);
      await options.handlers?.[functionName]?.(invocation, harness);
    },
  });
  harness.url = await harness.emulator.listen(await freePort());
  harness.client = new SchedulerClient({
    endpoint: harness.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  running.push(harness);
  return harness;
}

function temporaryDataFile(): string {
  const directory = mkdtempSync(join(tmpdir(), 'pulse-scheduler-'));
  directories.push(directory);
  return join(directory, 'scheduler.json');
}

/** A valid CreateSchedule request; each test overrides what it is about. */
function scheduleRequest(overrides: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput {
  return {
    Name: 'acme-tower-meetings',
    ScheduleExpression: 'cron(0 10 ? * 3#2 *)',
    ScheduleExpressionTimezone: 'America/Chicago',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Arn: lambdaArn('occurrence'), RoleArn: ROLE_ARN, Input: '{"account":"acme-tower"}' },
    ...overrides,
  };
}

function createSchedule(harness: Harness, overrides: Partial<CreateScheduleCommandInput> = {}): Promise<unknown> {
  return harness.client.send(new CreateScheduleCommand(scheduleRequest(overrides)));
}

/** Local yyyy-mm-ddThh:mm:ss in UTC, for at() expressions. */
const atUtc = (instant: Date): string => `at(${instant.toISOString().slice(0, 19)})`;

describe('schedule operations', () => {
  test('CreateSchedule answers with the ARN of the schedule in its group', async () => {
    // Prepare
    const harness = await startEmulator();
    // Act
    const output = await harness.client.send(new CreateScheduleCommand(scheduleRequest()));
    // Assess
    expect(output.ScheduleArn).toBe(scheduleArn('default', 'acme-tower-meetings'));
  });

  test('GetSchedule returns the definition with the defaults AWS fills in', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, { Description: 'Partnership meetings', StartDate: new Date('2027-01-05T00:00:00Z') });

    const schedule = await harness.client.send(new GetScheduleCommand({ Name: 'acme-tower-meetings' }));

    expect(schedule).toMatchObject({
      Arn: scheduleArn('default', 'acme-tower-meetings'),
      Name: 'acme-tower-meetings',
      GroupName: 'default',
      ScheduleExpression: 'cron(0 10 ? * 3#2 *)',
      ScheduleExpressionTimezone: 'America/Chicago',
      Description: 'Partnership meetings',
      State: 'ENABLED',
      ActionAfterCompletion: 'NONE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      StartDate: new Date('2027-01-05T00:00:00Z'),
      CreationDate: new Date('2027-01-01T00:00:00Z'),
      LastModificationDate: new Date('2027-01-01T00:00:00Z'),
      Target: {
        Arn: lambdaArn('occurrence'),
        RoleArn: ROLE_ARN,
        Input: '{"account":"acme-tower"}',
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
      },
    });
  });

  test('a schedule without a time zone is evaluated in UTC', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, { ScheduleExpressionTimezone: undefined });

    const schedule = await harness.client.send(new GetScheduleCommand({ Name: 'acme-tower-meetings' }));

    expect(schedule.ScheduleExpressionTimezone).toBe('UTC');
  });

  test('creating a schedule whose name is taken in the group is a ConflictException', async () => {
    const harness = await startEmulator();
    await createSchedule(harness);

    const second = createSchedule(harness);

    await expect(second).rejects.toMatchObject({
      name: 'ConflictException',
      message: 'Schedule acme-tower-meetings already exists in schedule group default.',
      $metadata: { httpStatusCode: 409 },
    });
  });

  test('the same schedule name may be used again in another group', async () => {
    const harness = await startEmulator();
    await harness.client.send(new CreateScheduleGroupCommand({ Name: 'followups' }));
    await createSchedule(harness);

    const output = await harness.client.send(new CreateScheduleCommand(scheduleRequest({ GroupName: 'followups' })));

    expect(output.ScheduleArn).toBe(scheduleArn('followups', 'acme-tower-meetings'));
  });

  test('GetSchedule of an unknown schedule is a ResourceNotFoundException', async () => {
    const harness = await startEmulator();

    const lookup = harness.client.send(new GetScheduleCommand({ Name: 'nobody' }));

    await expect(lookup).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Schedule nobody does not exist in schedule group default.',
      $metadata: { httpStatusCode: 404 },
    });
  });

  test('creating a schedule in an unknown group is a ResourceNotFoundException', async () => {
    const harness = await startEmulator();

    const creation = createSchedule(harness, { GroupName: 'missing' });

    await expect(creation).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Schedule group missing does not exist.',
    });
  });

  test('UpdateSchedule replaces the whole definition, as AWS does', async () => {
    // Prepare
    const harness = await startEmulator();
    await createSchedule(harness, { Description: 'Partnership meetings', ActionAfterCompletion: 'NONE' });
    harness.clock.advance(parseDuration('1h'));
    // Act
    await harness.client.send(
      new UpdateScheduleCommand({
        Name: 'acme-tower-meetings',
        ScheduleExpression: 'cron(0 9 ? * 2#1 *)',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
        Target: { Arn: lambdaArn('occurrence'), RoleArn: ROLE_ARN },
        State: 'DISABLED',
      }),
    );
    // Assess
    const schedule = await harness.client.send(new GetScheduleCommand({ Name: 'acme-tower-meetings' }));
    expect(schedule).toMatchObject({
      ScheduleExpression: 'cron(0 9 ? * 2#1 *)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'DISABLED',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      CreationDate: new Date('2027-01-01T00:00:00Z'),
      LastModificationDate: new Date('2027-01-01T01:00:00Z'),
    });
    expect(schedule.Description).toBeUndefined();
    expect(schedule.Target?.Input).toBeUndefined();
  });

  test('UpdateSchedule of an unknown schedule is a ResourceNotFoundException', async () => {
    const harness = await startEmulator();

    const update = harness.client.send(new UpdateScheduleCommand(scheduleRequest({ Name: 'nobody' })));

    await expect(update).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Schedule nobody does not exist in schedule group default.',
    });
  });

  test('DeleteSchedule removes the schedule', async () => {
    const harness = await startEmulator();
    await createSchedule(harness);

    await harness.client.send(new DeleteScheduleCommand({ Name: 'acme-tower-meetings' }));

    await expect(harness.client.send(new GetScheduleCommand({ Name: 'acme-tower-meetings' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  test('DeleteSchedule of an unknown schedule is a ResourceNotFoundException', async () => {
    const harness = await startEmulator();

    const deletion = harness.client.send(new DeleteScheduleCommand({ Name: 'nobody', GroupName: 'default' }));

    await expect(deletion).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Schedule nobody does not exist in schedule group default.',
    });
  });
});

describe('listing schedules', () => {
  async function seed(harness: Harness): Promise<void> {
    await harness.client.send(new CreateScheduleGroupCommand({ Name: 'followups' }));
    await createSchedule(harness, { Name: 'acme-meetings' });
    await createSchedule(harness, { Name: 'acme-paused', State: 'DISABLED' });
    await createSchedule(harness, { Name: 'globex-meetings' });
    await createSchedule(harness, { Name: 'acme-survey', GroupName: 'followups', ScheduleExpression: 'at(2027-02-01T10:00:00)' });
  }

  test('ListSchedules returns summaries of every schedule in every group', async () => {
    const harness = await startEmulator();
    await seed(harness);

    const { Schedules } = await harness.client.send(new ListSchedulesCommand({}));

    expect(Schedules?.map((schedule) => `${schedule.GroupName}/${schedule.Name}`)).toEqual([
      'default/acme-meetings',
      'default/acme-paused',
      'default/globex-meetings',
      'followups/acme-survey',
    ]);
    expect(Schedules?.[0]).toEqual({
      Arn: scheduleArn('default', 'acme-meetings'),
      Name: 'acme-meetings',
      GroupName: 'default',
      State: 'ENABLED',
      CreationDate: new Date('2027-01-01T00:00:00Z'),
      LastModificationDate: new Date('2027-01-01T00:00:00Z'),
      Target: { Arn: lambdaArn('occurrence') },
    });
  });

  test('ListSchedules filters by group, name prefix and state together', async () => {
    const harness = await startEmulator();
    await seed(harness);

    const { Schedules } = await harness.client.send(
      new ListSchedulesCommand({ GroupName: 'default', NamePrefix: 'acme-', State: 'ENABLED' }),
    );

    expect(Schedules?.map((schedule) => schedule.Name)).toEqual(['acme-meetings']);
  });

  test('ListSchedules pages with MaxResults and NextToken, each schedule exactly once', async () => {
    // Prepare
    const harness = await startEmulator();
    for (let index = 0; index < 7; index += 1) await createSchedule(harness, { Name: `account-${index}` });
    // Act
    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await harness.client.send(new ListSchedulesCommand({ MaxResults: 3, NextToken: nextToken }));
      pages.push((page.Schedules ?? []).map((schedule) => schedule.Name ?? ''));
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    // Assess
    expect(pages).toEqual([
      ['account-0', 'account-1', 'account-2'],
      ['account-3', 'account-4', 'account-5'],
      ['account-6'],
    ]);
  });

  test('a NextToken that did not come from the emulator is a ValidationException', async () => {
    const harness = await startEmulator();

    const listing = harness.client.send(new ListSchedulesCommand({ NextToken: 'made-up' }));

    await expect(listing).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('NextToken is not valid'),
    });
  });

  test('MaxResults above 100 is a ValidationException', async () => {
    const harness = await startEmulator();

    const listing = harness.client.send(new ListSchedulesCommand({ MaxResults: 101 }));

    await expect(listing).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'MaxResults must be a whole number from 1 to 100, got 101.',
    });
  });
});

describe('schedule groups', () => {
  test('the default group always exists', async () => {
    const harness = await startEmulator();

    const group = await harness.client.send(new GetScheduleGroupCommand({ Name: 'default' }));

    expect(group).toMatchObject({
      Name: 'default',
      State: 'ACTIVE',
      Arn: `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule-group/default`,
    });
  });

  test('CreateScheduleGroup answers with the group ARN and keeps its tags', async () => {
    const harness = await startEmulator();

    const created = await harness.client.send(
      new CreateScheduleGroupCommand({ Name: 'followups', Tags: [{ Key: 'app', Value: 'partner-pulse' }] }),
    );

    expect(created.ScheduleGroupArn).toBe(`arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule-group/followups`);
    const tags = await harness.client.send(new ListTagsForResourceCommand({ ResourceArn: created.ScheduleGroupArn }));
    expect(tags.Tags).toEqual([{ Key: 'app', Value: 'partner-pulse' }]);
  });

  test('creating a group that exists is a ConflictException', async () => {
    const harness = await startEmulator();

    const creation = harness.client.send(new CreateScheduleGroupCommand({ Name: 'default' }));

    await expect(creation).rejects.toMatchObject({
      name: 'ConflictException',
      message: 'Schedule group default already exists.',
    });
  });

  test('GetScheduleGroup of an unknown group is a ResourceNotFoundException', async () => {
    const harness = await startEmulator();

    const lookup = harness.client.send(new GetScheduleGroupCommand({ Name: 'missing' }));

    await expect(lookup).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Schedule group missing does not exist.',
    });
  });

  test('DeleteScheduleGroup deletes the schedules in it and leaves the others', async () => {
    // Prepare
    const harness = await startEmulator();
    await harness.client.send(new CreateScheduleGroupCommand({ Name: 'followups' }));
    await createSchedule(harness, { Name: 'survey', GroupName: 'followups' });
    await createSchedule(harness, { Name: 'meetings' });
    // Act
    await harness.client.send(new DeleteScheduleGroupCommand({ Name: 'followups' }));
    // Assess
    const { Schedules } = await harness.client.send(new ListSchedulesCommand({}));
    expect(Schedules?.map((schedule) => schedule.Name)).toEqual(['meetings']);
    await expect(harness.client.send(new GetScheduleGroupCommand({ Name: 'followups' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  test('the default group cannot be deleted', async () => {
    const harness = await startEmulator();

    const deletion = harness.client.send(new DeleteScheduleGroupCommand({ Name: 'default' }));

    await expect(deletion).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'The default schedule group cannot be deleted.',
    });
  });

  test('ListScheduleGroups pages through the groups by name', async () => {
    // Prepare
    const harness = await startEmulator();
    for (const name of ['alpha', 'beta', 'gamma']) await harness.client.send(new CreateScheduleGroupCommand({ Name: name }));
    // Act
    const first = await harness.client.send(new ListScheduleGroupsCommand({ MaxResults: 2 }));
    const second = await harness.client.send(new ListScheduleGroupsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    // Assess
    expect(first.ScheduleGroups?.map((group) => group.Name)).toEqual(['alpha', 'beta']);
    expect(second.ScheduleGroups?.map((group) => group.Name)).toEqual(['default', 'gamma']);
    expect(second.NextToken).toBeUndefined();
  });
});

describe('validation', () => {
  const target = { Arn: lambdaArn('occurrence'), RoleArn: ROLE_ARN };
  test.each<[string, Partial<CreateScheduleCommandInput>, string]>([
    ['a cron expression with five fields', { ScheduleExpression: 'cron(0 10 * * ?)' }, 'a cron expression has six fields'],
    ['a cron expression with both day fields set', { ScheduleExpression: 'cron(0 10 1 * MON *)' }, 'exactly one of day-of-month and day-of-week must be "?"'],
    ['an hour out of range', { ScheduleExpression: 'cron(0 25 * * ? *)' }, '25 is out of range for hours (0-23)'],
    ['a plural unit with the value 1', { ScheduleExpression: 'rate(1 hours)' }, 'with the value 1 the unit is singular'],
    ['an at() with a space instead of T', { ScheduleExpression: 'at(2027-01-12 10:00:00)' }, 'yyyy-mm-ddThh:mm:ss'],
    ['an at() on a day that does not exist', { ScheduleExpression: 'at(2027-02-29T10:00:00)' }, '2027-02-29 is not a date in the calendar'],
    ['an unknown time zone', { ScheduleExpressionTimezone: 'America/Springfield' }, 'ScheduleExpressionTimezone "America/Springfield" is not a time zone'],
    ['a UTC offset as time zone', { ScheduleExpressionTimezone: '+05:00' }, 'is not a time zone'],
    ['no Target', { Target: undefined }, 'Target is required'],
    ['no FlexibleTimeWindow', { FlexibleTimeWindow: undefined }, 'FlexibleTimeWindow is required: use {"Mode": "OFF"}'],
    ['a FLEXIBLE window without its length', { FlexibleTimeWindow: { Mode: 'FLEXIBLE' } }, 'MaximumWindowInMinutes (1 to 1440) is required'],
    ['a name with a slash', { Name: 'acme/tower' }, 'Name "acme/tower" is not valid'],
    ['a name longer than 64 characters', { Name: 'a'.repeat(65) }, 'use 1 to 64 letters, digits'],
    ['an EndDate before the StartDate', { StartDate: new Date('2027-03-01T00:00:00Z'), EndDate: new Date('2027-02-01T00:00:00Z') }, 'must be after the StartDate'],
    ['a StartDate more than 5 minutes ago', { StartDate: new Date('2026-12-31T23:00:00Z') }, 'The StartDate you specify cannot be earlier than 5 minutes ago.'],
    ['an EndDate in the past', { EndDate: new Date('2026-12-31T00:00:00Z') }, 'must be in the future'],
    ['Lambda input that is not JSON', { Target: { ...target, Input: 'hello' } }, 'Target.Input must be well-formed JSON for a Lambda target'],
    ['a role that is not an IAM role ARN', { Target: { ...target, RoleArn: 'scheduler-role' } }, 'Target.RoleArn "scheduler-role" is not an IAM role ARN'],
    ['more retries than AWS allows', { Target: { ...target, RetryPolicy: { MaximumRetryAttempts: 186 } } }, 'MaximumRetryAttempts must be a whole number from 0 to 185'],
    ['an unknown State', { State: 'PAUSED' as 'ENABLED' }, 'State must be one of ENABLED, DISABLED'],
  ])('CreateSchedule with %s is a ValidationException', async (_case, overrides, message) => {
    const harness = await startEmulator();

    const creation = createSchedule(harness, overrides);

    await expect(creation).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(message),
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('context attributes outside quotes still count as JSON for a Lambda target', async () => {
    const harness = await startEmulator();

    const creation = createSchedule(harness, {
      Target: { ...target, Input: '{"attempt":<aws.scheduler.attempt-number>}' },
    });

    await expect(creation).resolves.toMatchObject({ ScheduleArn: scheduleArn('default', 'acme-tower-meetings') });
  });
});

describe('firing', () => {
  test('a cron schedule with a year field fires only in that year', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, { ScheduleExpression: 'cron(0 10 ? * 3#2 2028)' });

    const fired = await harness.emulator.runUntil(new Date('2028-03-31T00:00:00Z'));

    expect(fired.map((run) => run.scheduledTime)).toEqual([
      '2028-01-11T16:00:00Z',
      '2028-02-08T16:00:00Z',
      '2028-03-14T15:00:00Z',
    ]);
  });

  test('a rate schedule fires at its StartDate and every interval after it', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, { ScheduleExpression: 'rate(6 hours)', StartDate: new Date('2027-01-01T03:00:00Z') });

    const fired = await harness.emulator.runUntil(new Date('2027-01-01T16:00:00Z'));

    expect(fired.map((run) => run.scheduledTime)).toEqual(['2027-01-01T03:00:00Z', '2027-01-01T09:00:00Z', '2027-01-01T15:00:00Z']);
  });

  test('a rate schedule without a StartDate starts when it is created', async () => {
    const harness = await startEmulator({ at: '2027-01-01T08:00:00Z' });
    await createSchedule(harness, { ScheduleExpression: 'rate(30 minutes)' });

    const fired = await harness.emulator.runUntil(new Date('2027-01-01T09:00:00Z'));

    expect(fired.map((run) => run.scheduledTime)).toEqual(['2027-01-01T08:00:00Z', '2027-01-01T08:30:00Z', '2027-01-01T09:00:00Z']);
  });

  test('an at() schedule fires once, at its local time in its time zone', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, { ScheduleExpression: 'at(2027-01-12T10:00:00)', ScheduleExpressionTimezone: 'America/Chicago' });

    const fired = await harness.emulator.runUntil(new Date('2027-12-31T00:00:00Z'));

    expect(fired).toEqual([
      {
        name: 'acme-tower-meetings',
        group: 'default',
        targetArn: lambdaArn('occurrence'),
        scheduledTime: '2027-01-12T16:00:00Z',
        attempts: 1,
        outcome: 'ok',
      },
    ]);
  });

  test('StartDate and EndDate bound the occurrences of a cron schedule', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, {
      ScheduleExpression: 'cron(0 12 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      StartDate: new Date('2027-01-03T00:00:00Z'),
      EndDate: new Date('2027-01-06T00:00:00Z'),
    });

    const fired = await harness.emulator.runUntil(new Date('2027-01-10T00:00:00Z'));

    expect(fired.map((run) => run.scheduledTime)).toEqual(['2027-01-03T12:00:00Z', '2027-01-04T12:00:00Z', '2027-01-05T12:00:00Z']);
  });

  test('a DISABLED schedule never fires', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, { ScheduleExpression: 'rate(1 hour)', State: 'DISABLED' });

    const fired = await harness.emulator.runUntil(new Date('2027-01-03T00:00:00Z'));

    expect(fired).toEqual([]);
    expect(harness.invocations).toEqual([]);
  });

  test('a schedule enabled again resumes from that moment without catching up', async () => {
    // Prepare
    const harness = await startEmulator();
    await createSchedule(harness, { ScheduleExpression: 'cron(0 12 * * ? *)', ScheduleExpressionTimezone: 'UTC', State: 'DISABLED' });
    await harness.emulator.runUntil(new Date('2027-01-05T00:00:00Z'));
    // Act
    await harness.client.send(
      new UpdateScheduleCommand(scheduleRequest({ ScheduleExpression: 'cron(0 12 * * ? *)', ScheduleExpressionTimezone: 'UTC' })),
    );
    const fired = await harness.emulator.runUntil(new Date('2027-01-06T23:00:00Z'));
    // Assess
    expect(fired.map((run) => run.scheduledTime)).toEqual(['2027-01-05T12:00:00Z', '2027-01-06T12:00:00Z']);
  });

  test('a one-time schedule with ActionAfterCompletion DELETE is gone after it fires', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, { ScheduleExpression: 'at(2027-01-02T09:00:00)', ActionAfterCompletion: 'DELETE' });

    await harness.emulator.runUntil(new Date('2027-01-03T00:00:00Z'));

    await expect(harness.client.send(new GetScheduleCommand({ Name: 'acme-tower-meetings' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  test('a one-time schedule without ActionAfterCompletion stays after it fires', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, { ScheduleExpression: 'at(2027-01-02T09:00:00)' });

    await harness.emulator.runUntil(new Date('2027-01-03T00:00:00Z'));

    await expect(harness.client.send(new GetScheduleCommand({ Name: 'acme-tower-meetings' }))).resolves.toMatchObject({
      State: 'ENABLED',
    });
  });

  test('a recurring schedule with ActionAfterCompletion DELETE is gone after its last run before EndDate', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, {
      ScheduleExpression: 'rate(1 day)',
      StartDate: new Date('2027-01-01T12:00:00Z'),
      EndDate: new Date('2027-01-03T00:00:00Z'),
      ActionAfterCompletion: 'DELETE',
    });

    const fired = await harness.emulator.runUntil(new Date('2027-01-02T12:00:00Z'));

    expect(fired).toHaveLength(2);
    await expect(harness.client.send(new GetScheduleCommand({ Name: 'acme-tower-meetings' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  test('context attributes in the input are filled in on every invocation', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, {
      ScheduleExpression: 'at(2027-01-12T10:00:00)',
      Target: {
        Arn: lambdaArn('occurrence'),
        RoleArn: ROLE_ARN,
        Input:
          '{"time":"<aws.scheduler.scheduled-time>","id":"<aws.scheduler.execution-id>","attempt":<aws.scheduler.attempt-number>,"arn":"<aws.scheduler.schedule-arn>"}',
      },
    });

    await harness.emulator.runUntil(new Date('2027-01-13T00:00:00Z'));

    const input: unknown = JSON.parse(harness.invocations[0]?.input ?? 'null');
    expect(input).toEqual({
      time: '2027-01-12T16:00:00Z',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      attempt: 1,
      arn: scheduleArn('default', 'acme-tower-meetings'),
    });
  });

  test('every invocation gets its own execution id', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, {
      ScheduleExpression: 'rate(1 hour)',
      Target: { Arn: lambdaArn('occurrence'), RoleArn: ROLE_ARN, Input: '{"id":"<aws.scheduler.execution-id>"}' },
    });

    await harness.emulator.runUntil(new Date('2027-01-01T04:00:00Z'));

    const ids = harness.invocations.map((invocation) => (JSON.parse(invocation.input) as { id: string }).id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
  });

  test('a target without Input receives an empty JSON object', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, { ScheduleExpression: 'at(2027-01-02T00:00:00)', Target: { Arn: lambdaArn('occurrence'), RoleArn: ROLE_ARN } });

    await harness.emulator.runUntil(new Date('2027-01-03T00:00:00Z'));

    expect(harness.invocations.map((invocation) => invocation.input)).toEqual(['{}']);
  });

  test('schedules() lists every schedule with its next fire time', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, { Name: 'meetings' });
    await createSchedule(harness, { Name: 'paused', State: 'DISABLED' });

    const overview = harness.emulator.schedules();

    expect(overview.map(({ name, state, nextFireTime }) => ({ name, state, nextFireTime }))).toEqual([
      { name: 'meetings', state: 'ENABLED', nextFireTime: '2027-01-12T16:00:00Z' },
      { name: 'paused', state: 'DISABLED', nextFireTime: null },
    ]);
  });
});

describe('daylight saving time', () => {
  async function dailyRuns(timezone: string, expression: string, from: string, until: string): Promise<string[]> {
    const harness = await startEmulator({ at: from });
    await createSchedule(harness, { ScheduleExpression: expression, ScheduleExpressionTimezone: timezone });
    const fired = await harness.emulator.runUntil(new Date(until));
    return fired.map((run) => run.scheduledTime);
  }

  test.each([
    // Chicago springs forward at 02:00 on 2027-03-14.
    ['America/Chicago', '2027-03-12T00:00:00Z', '2027-03-16T12:00:00Z', ['2027-03-12T08:30:00Z', '2027-03-13T08:30:00Z', '2027-03-15T07:30:00Z', '2027-03-16T07:30:00Z']],
    // Berlin springs forward at 02:00 on 2027-03-28.
    ['Europe/Berlin', '2027-03-26T00:00:00Z', '2027-03-30T12:00:00Z', ['2027-03-26T01:30:00Z', '2027-03-27T01:30:00Z', '2027-03-29T00:30:00Z', '2027-03-30T00:30:00Z']],
    // Sydney springs forward at 02:00 on 2027-10-03 (southern hemisphere).
    ['Australia/Sydney', '2027-10-01T00:00:00Z', '2027-10-05T00:00:00Z', ['2027-10-01T16:30:00Z', '2027-10-03T15:30:00Z', '2027-10-04T15:30:00Z']],
  ])('a daily 02:30 cron skips the spring-forward day in %s', async (timezone, from, until, expected) => {
    expect(await dailyRuns(timezone, 'cron(30 2 * * ? *)', from, until)).toEqual(expected);
  });

  test.each([
    // Chicago falls back at 02:00 on 2027-11-07; 02:30 happens once that day.
    ['America/Chicago', '2027-11-05T12:00:00Z', '2027-11-09T12:00:00Z', ['2027-11-06T07:30:00Z', '2027-11-07T08:30:00Z', '2027-11-08T08:30:00Z', '2027-11-09T08:30:00Z']],
    // Berlin falls back at 03:00 on 2027-10-31; 02:30 happens twice and runs at the first.
    ['Europe/Berlin', '2027-10-29T12:00:00Z', '2027-11-02T12:00:00Z', ['2027-10-30T00:30:00Z', '2027-10-31T00:30:00Z', '2027-11-01T01:30:00Z', '2027-11-02T01:30:00Z']],
    // Sydney falls back at 03:00 on 2027-04-04; 02:30 happens twice and runs at the first.
    ['Australia/Sydney', '2027-04-02T00:00:00Z', '2027-04-06T00:00:00Z', ['2027-04-02T15:30:00Z', '2027-04-03T15:30:00Z', '2027-04-04T16:30:00Z', '2027-04-05T16:30:00Z']],
  ])('a daily 02:30 cron runs once on the fall-back day in %s', async (timezone, from, until, expected) => {
    expect(await dailyRuns(timezone, 'cron(30 2 * * ? *)', from, until)).toEqual(expected);
  });

  test('a daily cron in the hour Chicago repeats runs once on the fall-back day', async () => {
    // 01:30 happens at 06:30Z (CDT) and again at 07:30Z (CST) on 2027-11-07.
    expect(await dailyRuns('America/Chicago', 'cron(30 1 * * ? *)', '2027-11-05T12:00:00Z', '2027-11-09T12:00:00Z')).toEqual([
      '2027-11-06T06:30:00Z',
      '2027-11-07T06:30:00Z',
      '2027-11-08T07:30:00Z',
      '2027-11-09T07:30:00Z',
    ]);
  });

  test('a daily 02:30 cron in Asia/Kolkata runs every day while other zones change their clocks', async () => {
    const runs = await dailyRuns('Asia/Kolkata', 'cron(30 2 * * ? *)', '2027-03-13T00:00:00Z', '2027-03-29T00:00:00Z');

    expect(runs).toHaveLength(16);
    expect(runs.every((run) => run.endsWith('T21:00:00Z'))).toBe(true);
  });
});

describe('runUntil', () => {
  test('fires across schedules strictly in time order with the clock at each fire time', async () => {
    // Prepare
    const harness = await startEmulator();
    await createSchedule(harness, { Name: 'daily', ScheduleExpression: 'cron(0 9 * * ? *)', ScheduleExpressionTimezone: 'UTC' });
    await createSchedule(harness, {
      Name: 'every-10-hours',
      ScheduleExpression: 'rate(10 hours)',
      Target: { Arn: lambdaArn('followup'), RoleArn: ROLE_ARN },
    });
    // Act
    const fired = await harness.emulator.runUntil(new Date('2027-01-02T12:00:00Z'));
    // Assess
    expect(fired.map((run) => `${run.scheduledTime} ${run.name}`)).toEqual([
      '2027-01-01T00:00:00Z every-10-hours',
      '2027-01-01T09:00:00Z daily',
      '2027-01-01T10:00:00Z every-10-hours',
      '2027-01-01T20:00:00Z every-10-hours',
      '2027-01-02T06:00:00Z every-10-hours',
      '2027-01-02T09:00:00Z daily',
    ]);
    expect(harness.invocations.map((invocation) => invocation.now)).toEqual(
      fired.map((run) => new Date(run.scheduledTime).toISOString()),
    );
  });

  test('ends with the clock at the time it ran until', async () => {
    const harness = await startEmulator();
    await createSchedule(harness);

    await harness.emulator.runUntil(new Date('2027-02-05T00:00:00Z'));

    expect(harness.clock.now().toISOString()).toBe('2027-02-05T00:00:00.000Z');
  });

  test('a one-time schedule created by a target during the run fires in the same run', async () => {
    // Prepare: each meeting schedules its survey two hours later, through the API.
    const harness = await startEmulator({
      handlers: {
        occurrence: async (invocation, { client, clock }) => {
          const surveyAt = new Date(clock.now().getTime() + parseDuration('2h'));
          await client.send(
            new CreateScheduleCommand({
              Name: `survey-${surveyAt.getTime()}`,
              ScheduleExpression: atUtc(surveyAt),
              ActionAfterCompletion: 'DELETE',
              FlexibleTimeWindow: { Mode: 'OFF' },
              Target: { Arn: lambdaArn('followup'), RoleArn: ROLE_ARN, Input: invocation.input },
            }),
          );
        },
      },
    });
    await createSchedule(harness, {
      Target: { Arn: lambdaArn('occurrence'), RoleArn: ROLE_ARN, Input: '{"meeting":"<aws.scheduler.scheduled-time>"}' },
    });
    // Act
    await harness.emulator.runUntil(new Date('2027-03-01T00:00:00Z'));
    // Assess
    expect(harness.invocations).toEqual([
      { functionName: 'occurrence', input: '{"meeting":"2027-01-12T16:00:00Z"}', now: '2027-01-12T16:00:00.000Z' },
      { functionName: 'followup', input: '{"meeting":"2027-01-12T16:00:00Z"}', now: '2027-01-12T18:00:00.000Z' },
      { functionName: 'occurrence', input: '{"meeting":"2027-02-09T16:00:00Z"}', now: '2027-02-09T16:00:00.000Z' },
      { functionName: 'followup', input: '{"meeting":"2027-02-09T16:00:00Z"}', now: '2027-02-09T18:00:00.000Z' },
    ]);
    const { Schedules } = await harness.client.send(new ListSchedulesCommand({}));
    expect(Schedules?.map((schedule) => schedule.Name)).toEqual(['acme-tower-meetings']);
  });

  test('a schedule created by a target for later than the run waits for the next run', async () => {
    const harness = await startEmulator({
      handlers: {
        occurrence: async (_invocation, { client, clock }) => {
          await client.send(
            new CreateScheduleCommand({
              Name: 'reminder',
              ScheduleExpression: atUtc(new Date(clock.now().getTime() + parseDuration('3d'))),
              FlexibleTimeWindow: { Mode: 'OFF' },
              Target: { Arn: lambdaArn('reminder'), RoleArn: ROLE_ARN },
            }),
          );
        },
      },
    });
    await createSchedule(harness, { ScheduleExpression: 'at(2027-01-10T00:00:00)', ScheduleExpressionTimezone: 'UTC' });

    await harness.emulator.runUntil(new Date('2027-01-11T00:00:00Z'));
    const later = await harness.emulator.runUntil(new Date('2027-01-14T00:00:00Z'));

    expect(harness.invocations.map((invocation) => invocation.functionName)).toEqual(['occurrence', 'reminder']);
    expect(later.map((run) => run.scheduledTime)).toEqual(['2027-01-13T00:00:00Z']);
  });

  test('a target that keeps scheduling itself at the same instant is stopped with a clear error', async () => {
    let created = 0;
    const harness = await startEmulator({
      limits: { maxInvocationsPerInstant: 20 },
      handlers: {
        loop: async (_invocation, { client, clock }) => {
          created += 1;
          await client.send(
            new CreateScheduleCommand({
              Name: `loop-${created}`,
              ScheduleExpression: atUtc(clock.now()),
              FlexibleTimeWindow: { Mode: 'OFF' },
              Target: { Arn: lambdaArn('loop'), RoleArn: ROLE_ARN },
            }),
          );
        },
      },
    });
    await createSchedule(harness, { Name: 'loop-0', ScheduleExpression: 'at(2027-01-02T00:00:00)', ScheduleExpressionTimezone: 'UTC', Target: { Arn: lambdaArn('loop'), RoleArn: ROLE_ARN } });

    const run = harness.emulator.runUntil(new Date('2027-01-03T00:00:00Z'));

    await expect(run).rejects.toThrow('The scheduler stopped after 20 invocations at the same instant');
  });

  test('a run that would invoke more targets than its limit is stopped with a clear error', async () => {
    const harness = await startEmulator({ limits: { maxInvocationsPerRun: 10 } });
    await createSchedule(harness, { ScheduleExpression: 'rate(1 minute)' });

    const run = harness.emulator.runUntil(new Date('2027-01-02T00:00:00Z'));

    await expect(run).rejects.toThrow(/stopped after 10 invocations without reaching 2027-01-02T00:00:00.000Z .* raise maxInvocationsPerRun/);
  });
});

describe('retries and dead letters', () => {
  const failing = (): never => {
    throw new Error('SES is throttling');
  };

  test('a failing target is retried per its RetryPolicy with rising attempt numbers, then dead-lettered', async () => {
    // Prepare
    const harness = await startEmulator({ handlers: { occurrence: failing } });
    await createSchedule(harness, {
      ScheduleExpression: 'at(2027-01-12T10:00:00)',
      Target: {
        Arn: lambdaArn('occurrence'),
        RoleArn: ROLE_ARN,
        Input: '{"attempt":<aws.scheduler.attempt-number>}',
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: DLQ_ARN },
      },
    });
    // Act
    const fired = await harness.emulator.runUntil(new Date('2027-01-13T00:00:00Z'));
    // Assess
    expect(harness.invocations.map((invocation) => invocation.input)).toEqual(['{"attempt":1}', '{"attempt":2}', '{"attempt":3}']);
    expect(fired).toEqual([expect.objectContaining({ attempts: 3, outcome: 'dead-letter' })]);
    expect(harness.emulator.deadLetters()).toEqual([
      {
        scheduleName: 'acme-tower-meetings',
        groupName: 'default',
        scheduleArn: scheduleArn('default', 'acme-tower-meetings'),
        targetArn: lambdaArn('occurrence'),
        deadLetterArn: DLQ_ARN,
        input: '{"attempt":3}',
        error: 'SES is throttling',
        attempts: 3,
        scheduledTime: '2027-01-12T16:00:00Z',
        time: '2027-01-12T16:00:00.000Z',
      },
    ]);
  });

  test('the dead letters are served as JSON at /local/dead-letters', async () => {
    const harness = await startEmulator({ handlers: { occurrence: failing } });
    await createSchedule(harness, {
      ScheduleExpression: 'at(2027-01-12T10:00:00)',
      Target: { Arn: lambdaArn('occurrence'), RoleArn: ROLE_ARN, RetryPolicy: { MaximumRetryAttempts: 0 } },
    });
    await harness.emulator.runUntil(new Date('2027-01-13T00:00:00Z'));

    const response = await fetch(`${harness.url}/local/dead-letters`);

    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(harness.emulator.deadLetters());
  });

  test('without a RetryPolicy a failing target gets 185 retries, as in AWS', async () => {
    const harness = await startEmulator({ handlers: { occurrence: failing } });
    await createSchedule(harness, { ScheduleExpression: 'at(2027-01-12T10:00:00)' });

    const fired = await harness.emulator.runUntil(new Date('2027-01-13T00:00:00Z'));

    expect(fired[0]?.attempts).toBe(186);
    expect(harness.invocations).toHaveLength(186);
  });

  test('a target that fails once and then succeeds is recorded as ok after two attempts', async () => {
    let calls = 0;
    const harness = await startEmulator({
      handlers: {
        occurrence: () => {
          calls += 1;
          if (calls === 1) throw new Error('cold start timeout');
        },
      },
    });
    await createSchedule(harness, { ScheduleExpression: 'at(2027-01-12T10:00:00)' });

    const fired = await harness.emulator.runUntil(new Date('2027-01-13T00:00:00Z'));

    expect(fired).toEqual([expect.objectContaining({ attempts: 2, outcome: 'ok' })]);
    expect(harness.emulator.deadLetters()).toEqual([]);
  });

  test('a target that is not a Lambda function goes to the dead letters without retries', async () => {
    const harness = await startEmulator();
    await createSchedule(harness, {
      ScheduleExpression: 'at(2027-01-12T10:00:00)',
      Target: { Arn: 'arn:aws:sqs:us-east-1:123456789012:meetings', RoleArn: ROLE_ARN, Input: 'hello' },
    });

    const fired = await harness.emulator.runUntil(new Date('2027-01-13T00:00:00Z'));

    expect(fired).toEqual([expect.objectContaining({ attempts: 1, outcome: 'dead-letter' })]);
    expect(harness.emulator.deadLetters()[0]?.error).toBe(
      'The local scheduler only invokes Lambda functions; arn:aws:sqs:us-east-1:123456789012:meetings is not a Lambda function ARN.',
    );
  });
});

describe('persistence', () => {
  test('schedules, groups, cursors and dead letters survive a restart on the same data file', async () => {
    // Prepare: a daily schedule that has fired twice, and a failed one-time schedule.
    const dataFile = temporaryDataFile();
    const first = await startEmulator({
      dataFile,
      handlers: { broken: () => Promise.reject(new Error('boom')) },
    });
    await first.client.send(new CreateScheduleGroupCommand({ Name: 'followups' }));
    await createSchedule(first, { Name: 'daily', ScheduleExpression: 'cron(0 12 * * ? *)', ScheduleExpressionTimezone: 'UTC' });
    await createSchedule(first, {
      Name: 'survey',
      GroupName: 'followups',
      ScheduleExpression: 'at(2027-01-01T18:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      Target: { Arn: lambdaArn('broken'), RoleArn: ROLE_ARN, RetryPolicy: { MaximumRetryAttempts: 0 } },
    });
    await first.emulator.runUntil(new Date('2027-01-02T13:00:00Z'));
    await first.emulator.close();
    // Act
    const second = await startEmulator({ at: '2027-01-02T13:00:00Z', dataFile });
    const fired = await second.emulator.runUntil(new Date('2027-01-03T13:00:00Z'));
    // Assess
    expect(fired.map((run) => `${run.name} ${run.scheduledTime}`)).toEqual(['daily 2027-01-03T12:00:00Z']);
    await expect(second.client.send(new GetScheduleGroupCommand({ Name: 'followups' }))).resolves.toMatchObject({ Name: 'followups' });
    await expect(second.client.send(new GetScheduleCommand({ Name: 'survey', GroupName: 'followups' }))).resolves.toMatchObject({
      ScheduleExpression: 'at(2027-01-01T18:00:00)',
    });
    expect(second.emulator.deadLetters()).toEqual([expect.objectContaining({ scheduleName: 'survey', error: 'boom' })]);
  });

  test('the data file is replaced whole, leaving no temporary file behind', async () => {
    const dataFile = temporaryDataFile();
    const harness = await startEmulator({ dataFile });

    await createSchedule(harness);

    expect(existsSync(dataFile)).toBe(true);
    expect(readdirSync(join(dataFile, '..'))).toEqual(['scheduler.json']);
  });

  test('a corrupt data file is an error that names the file and the way out', () => {
    const dataFile = temporaryDataFile();
    writeFileSync(dataFile, '{"format": "partner-pulse/scheduler-emulator@1", "groups": [');
    const create = (): SchedulerEmulator =>
      new SchedulerEmulator({ clock: VirtualClock.frozen(new Date('2027-01-01T00:00:00Z')), dataFile, invoke: async () => {} });

    expect(create).toThrow(`The scheduler data file ${dataFile} is corrupt`);
    expect(create).toThrow('Delete it, or start the local cloud with --reset');
  });
});

describe('concurrency and deferred work', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  test.each([
    [1, 1],
    [3, 3],
    [8, 4],
  ])('with concurrency %i, the four schedules due at one instant run %i at a time', async (concurrency, most) => {
    let inFlight = 0;
    let peak = 0;
    const harness = await startEmulator({
      limits: { concurrency },
      handlers: {
        occurrence: async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await sleep(20);
          inFlight -= 1;
        },
      },
    });
    for (const name of ['a', 'b', 'c', 'd']) await createSchedule(harness, { Name: name, ScheduleExpression: 'at(2027-01-12T10:00:00)' });

    const fired = await harness.emulator.runUntil(new Date('2027-01-13T00:00:00Z'));

    expect(fired.map((f) => f.name).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(peak).toBe(most);
  });

  test('runs deferred work at its virtual instant, in time order with the schedules', async () => {
    const order: string[] = [];
    const harness = await startEmulator({ handlers: { occurrence: (invocation) => void order.push(`schedule at ${invocation.now}`) } });
    await createSchedule(harness, { ScheduleExpression: 'at(2027-01-12T10:00:00)', ScheduleExpressionTimezone: 'UTC' });
    const at = (iso: string) => () => {
      order.push(`deferred at ${harness.clock.now().toISOString()} (asked for ${iso})`);
      return Promise.resolve();
    };
    harness.emulator.defer(new Date('2027-01-12T10:03:00Z'), 'later', at('10:03'));
    harness.emulator.defer(new Date('2027-01-12T09:59:00Z'), 'earlier', at('09:59'));

    await harness.emulator.runUntil(new Date('2027-01-12T10:01:00Z'));
    expect(harness.emulator.deferredCount).toBe(1);
    await harness.emulator.runUntil(new Date('2027-01-13T00:00:00Z'));

    expect(order).toEqual([
      'deferred at 2027-01-12T09:59:00.000Z (asked for 09:59)',
      'schedule at 2027-01-12T10:00:00.000Z',
      'deferred at 2027-01-12T10:03:00.000Z (asked for 10:03)',
    ]);
    expect(harness.emulator.deferredCount).toBe(0);
  });
});
