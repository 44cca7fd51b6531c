// The local cloud: DynamoDB Local, the SES emulator, the Scheduler emulator, the HTTP API and the
// stream poller in one process, running the same handlers as Lambda against them.
//
// local/: the local cloud. It may import handlers and adapters (never the other way round) and names
// functions, routes, variables and schedules from functions/contract/, as the stack does.
import { createConnection } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import type { SNSEvent } from 'aws-lambda';
import { useClockSource } from '#adapters/clock.ts';
import { createTableInput } from '#adapters/table.ts';
import { ADMIN_ROUTES, PUBLIC_ROUTES } from '#contract/routes.ts';
import { DIGEST_SCHEDULE, SCHEDULE_RETRY_POLICY } from '#contract/scheduler.ts';
import { STREAM_RETRY_ATTEMPTS } from '#contract/stream.ts';
import { VirtualClock } from './clock.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb.ts';
import { LocalStartError } from './errors.ts';
import {
  adminApiHandler,
  FUNCTION_NAMES,
  functionArn,
  publicPagesHandler,
  riskStreamHandler,
  TOKEN_SECRET_ID,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  LOCAL_SETTINGS,
  SCHEDULED_HANDLERS,
  SCHEDULER_ROLE_ARN,
  sesEventsHandler,
  setLocalEnvironment,
  STACK,
  type StreamHandler,
} from './functions.ts';
import { createHttpApi, type RateLimit } from './http-api.ts';
import { lambdaContext } from './lambda.ts';
import { localRoutes } from './local-routes.ts';
import { NonRetryableError, SchedulerEmulator } from './scheduler/index.ts';
import { ensureTokenSecret, startLocalSecrets } from './secrets.ts';
import { LATE_EVENT_MS, type Faults } from './faults.ts';
import { AsyncInvoker, type AsyncFailure } from './async-invoke.ts';
import { withoutRetryWaits } from './retry-without-waits.ts';
import { sesNotification, type SesEventType } from './ses-events.ts';
import { close, startLocalSes, type LocalSes } from './ses.ts';
import { StreamPoller } from './stream-poller.ts';

export interface LocalCloudOptions {
  ports?: Partial<LocalPorts>;
  /** Where data persists. @default '.pulse' */
  dataDir?: string;
  /** Keep nothing on disk: a throwaway run. */
  memory?: boolean;
  /** Wipe the data folder first. */
  reset?: boolean;
  /** Start the clock here (frozen: it moves only when told). Otherwise it follows real time. */
  clockStart?: Date;
  /** Load the demo company even when the data already exists. */
  demo?: boolean;
  /** Never load the demo company (tests that build their own data). */
  noDemo?: boolean;
  /** Fire due schedules as real time passes. @default true */
  tick?: boolean;
  /** Stream handlers to run on the table's stream. @default the risk engine */
  streamHandlers?: StreamHandler[];
  /** Faults to inject (the soak). @default none */
  faults?: Faults;
  /** How many scheduled runs due at the same instant may run at once. @default 1 */
  concurrency?: number;
  /**
   * Whether the handlers' SDK clients wait out their retry back-offs in real time. A back-off takes
   * no virtual time, so runs on the virtual clock (the soak) skip the waits. @default true
   */
  sdkRetryWaits?: boolean;
  /**
   * The per-IP limit of the public routes (AWS WAF's in production). `false` for the benchmarks, whose
   * thousands of customers all answer from 127.0.0.1. @default DEFAULT_RATE_LIMIT of local/http-api.ts
   */
  publicRateLimit?: RateLimit | false;
  log?: (line: string) => void;
}

export interface LocalPorts {
  api: number;
  ses: number;
  dynamodb: number;
  scheduler: number;
}

export const DEFAULT_PORTS: LocalPorts = { api: 3000, ses: 8005, dynamodb: 8000, scheduler: 8010 };

export interface LocalCloud {
  /** Where data persists, or undefined for an in-memory run. */
  dataDir: string | undefined;
  urls: { api: string; inbox: string; dynamodb: string; scheduler: string };
  clock: VirtualClock;
  scheduler: SchedulerEmulator;
  ses: LocalSes;
  dynamo: DynamoDBClient;
  poller: StreamPoller;
  tableName: string;
  /** True when this start created the table (a first start). */
  fresh: boolean;
  /** Runs after each scheduled run (the demo's customers answer their surveys here). */
  afterRun?: (cloud: LocalCloud) => Promise<void>;
  /** Told of every email SES accepted, with its message tags. */
  onEmail?: (messageId: string, tags: Record<string, string[]>) => void;
  /** The functions' failure queues: events whose runs failed three times (Lambda's retries spent). */
  failures: readonly AsyncFailure[];
  /** An operator's redrive of every failure queue; answers how many events were handed back. */
  redrive(): Promise<number>;
  /** Publishes an SES event of a sent message to the ses-events function, as SNS would. */
  publishSesEvent(messageId: string, tags: Record<string, string[]>, type: SesEventType): Promise<void>;
  /** Fires everything due up to `until`, then lets the stream catch up. */
  runUntil(until: Date): ReturnType<SchedulerEmulator['runUntil']>;
  stop(): Promise<void>;
}

const PORT_NAMES: Record<keyof LocalPorts, string> = {
  api: 'the HTTP API (--port)',
  ses: 'the SES emulator (--ses-port)',
  dynamodb: 'DynamoDB Local (--dynamodb-port)',
  scheduler: 'the Scheduler emulator (--scheduler-port)',
};

export async function startLocalCloud(options: LocalCloudOptions = {}, signal?: AbortSignal): Promise<LocalCloud> {
  const log = options.log ?? (() => undefined);
  const ports: LocalPorts = { ...DEFAULT_PORTS, ...options.ports };
  const dataDir = resolve(options.dataDir ?? '.pulse');
  if (options.reset) rmSync(dataDir, { recursive: true, force: true });
  if (!options.memory) mkdirSync(dataDir, { recursive: true });
  await Promise.all((Object.keys(ports) as (keyof LocalPorts)[]).map((name) => assertPortFree(name, ports[name])));

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const clock = options.clockStart
      ? VirtualClock.frozen(options.clockStart, options.memory ? {} : { file: join(dataDir, 'clock.json') })
      : VirtualClock.following(0, options.memory ? {} : { file: join(dataDir, 'clock.json') });
    useClockSource(() => clock.now());

    log('starting DynamoDB Local…');
    const dynamoLocal: DynamoDbLocal = await startDynamoDbLocal({
      port: ports.dynamodb,
      ...(options.memory ? {} : { dataDir: join(dataDir, 'dynamodb') }),
    });
    stops.push(() => dynamoLocal.stop());
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const dynamo = new DynamoDBClient({ endpoint: dynamoLocal.endpoint, region: LOCAL_REGION, credentials });
    stops.push(async () => dynamo.destroy());
    const tableName = LOCAL_SETTINGS.TABLE_NAME;
    const fresh = await ensureTable(dynamo, tableName);

    log('starting the SES emulator…');
    const mailDir = options.memory ? mkdtempSync(join(tmpdir(), 'pulse-mail-')) : join(dataDir, 'mail');
    if (options.memory) stops.push(async () => rmSync(mailDir, { recursive: true, force: true }));
    // Declared before the emulators so that their hooks can reach the whole cloud once it exists.
    let cloud: LocalCloud | undefined;
    const faults = options.faults;
    const ses = await startLocalSes({
      port: ports.ses,
      mailDir,
      // SES's Send event reaches the ses-events function, as the configuration set publishes it.
      onAccepted: async (messageId, tags) => {
        cloud?.onEmail?.(messageId, tags);
        const send = () => publishSesEvent(messageId, tags, 'Send');
        const arrival = faults?.sendEvent(messageId) ?? 'on time';
        if (arrival === 'late') scheduler.defer(new Date(clock.now().getTime() + LATE_EVENT_MS), `the Send event of ${messageId}`, send);
        if (arrival === 'on time') await send();
        // Twice, both at once, as two SNS deliveries of one event may be.
        if (arrival === 'twice') await Promise.all([send(), send()]);
      },
      ...(faults ? { refuse: () => faults.sesRefusal() } : {}),
    });
    stops.push(() => ses.stop());

    const secrets = await startLocalSecrets({ port: 0, ...(options.memory ? {} : { file: join(dataDir, 'secrets.json') }) });
    stops.push(() => secrets.stop());
    ensureTokenSecret(secrets, TOKEN_SECRET_ID);

    const apiUrl = `http://127.0.0.1:${ports.api}`;
    const schedulerUrl = `http://127.0.0.1:${ports.scheduler}`;
    setLocalEnvironment({
      dynamodb: dynamoLocal.endpoint,
      ses: ses.endpoint,
      scheduler: schedulerUrl,
      secretsManager: secrets.endpoint,
      publicUrl: apiUrl,
    });
    if (options.sdkRetryWaits === false) {
      const clients = await import('#adapters/clients.ts');
      const restores = [clients.sesClient(), clients.dynamoDocumentClient(), clients.schedulerClient()].map((client) =>
        withoutRetryWaits(client as never),
      );
      stops.push(async () => restores.forEach((restore) => restore()));
    }
    if (faults) {
      const clients = await import('#adapters/clients.ts');
      const removals = [
        faults.installInSes(clients.sesClient().middlewareStack as never, () => clock.now().getTime()),
        faults.installInDynamoDb(clients.dynamoDocumentClient().middlewareStack as never),
        faults.installInScheduler(clients.schedulerClient().middlewareStack as never),
      ];
      stops.push(async () => removals.forEach((remove) => remove()));
    }
    /** One function invocation: a crash may strike in it when faults are injected. */
    const invocation = <T>(run: () => Promise<T>): Promise<T> => (faults ? faults.invoke(run) : run());

    // Handlers load lazily: they read their settings when imported, after the environment is set.
    const streamHandlers = async () => options.streamHandlers ?? [await riskStreamHandler()];
    const poller = new StreamPoller({
      dynamo,
      streams: StreamPoller.clientFor(dynamoLocal.endpoint, credentials),
      tableName,
      handler: async (event) => {
        const deliver = async () => {
          const failures = [];
          for (const handle of await streamHandlers()) {
            const result = await invocation(() => handle(event, lambdaContext(FUNCTION_NAMES.riskStream)));
            failures.push(...(result?.batchItemFailures ?? []));
          }
          return { batchItemFailures: failures };
        };
        const result = await deliver();
        // A batch handled in full, delivered again (as after a timeout that came too late).
        if (result.batchItemFailures.length === 0 && faults?.roll('streamRedelivery')) return deliver();
        return result;
      },
      maxRetries: STREAM_RETRY_ATTEMPTS,
      ...(options.memory ? {} : { checkpointFile: join(dataDir, 'stream-checkpoints.json') }),
    });

    /** One run of a function on an event, and what it wrote reaching the stream handlers at the same virtual moment. */
    const runFunction = async (functionName: string, payload: unknown) => {
      // SES events arrive while their sender waits for SES, maybe inside a stream delivery: that poll
      // must not wait for itself. The background poll takes what they wrote.
      if (functionName === FUNCTION_NAMES.sesEvents) {
        const handler = await sesEventsHandler();
        await invocation(() => handler(payload as SNSEvent, lambdaContext(functionName)));
        return;
      }
      const load = SCHEDULED_HANDLERS[functionName];
      if (!load) throw new Error(`no local function named ${functionName}`);
      const handler = await load();
      try {
        await invocation(() => handler(payload, lambdaContext(functionName)));
      } finally {
        await poller.drain();
      }
    };
    const lambda = new AsyncInvoker({
      now: () => clock.now(),
      defer: (at, label, run) => scheduler.defer(at, label, run),
      run: runFunction,
      log,
      ...(options.memory ? {} : { file: join(dataDir, 'failures.json') }),
    });
    const publishSesEvent = (messageId: string, tags: Record<string, string[]>, type: SesEventType) =>
      lambda.invoke(FUNCTION_NAMES.sesEvents, sesNotification(messageId, tags, type, clock.now()));

    const scheduler: SchedulerEmulator = new SchedulerEmulator({
      clock,
      accountId: LOCAL_ACCOUNT,
      region: LOCAL_REGION,
      ...(options.memory ? {} : { dataFile: join(dataDir, 'schedules.json') }),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      // Scheduler invokes Lambda asynchronously: the delivery succeeds once Lambda has the event, and
      // Lambda's own retries and failure queue take a failed run from there.
      invoke: async ({ functionName, input }) => {
        if (!SCHEDULED_HANDLERS[functionName]) throw new NonRetryableError(`no local function named ${functionName}`);
        const event: unknown = JSON.parse(input);
        // The same occurrence delivered twice, both at once: Scheduler delivers at least once.
        const twice = faults?.roll('duplicateDelivery') ?? false;
        await Promise.all([lambda.invoke(functionName, event), twice ? lambda.invoke(functionName, event) : undefined]);
        if (cloud?.afterRun) {
          await cloud.afterRun(cloud);
          await poller.drain();
        }
      },
    });
    ensureStackSchedules(scheduler);
    await scheduler.listen(ports.scheduler);
    stops.push(() => scheduler.close());

    const runUntil = async (until: Date) => {
      const fired = await scheduler.runUntil(until);
      await poller.drain();
      return fired;
    };

    cloud = {
      dataDir: options.memory ? undefined : dataDir,
      urls: { api: apiUrl, inbox: ses.inboxUrl, dynamodb: dynamoLocal.endpoint, scheduler: schedulerUrl },
      clock,
      scheduler,
      ses,
      dynamo,
      poller,
      tableName,
      fresh,
      failures: lambda.failures,
      redrive: () => lambda.redrive(),
      publishSesEvent,
      runUntil,
      stop: stopAll,
    };

    const api: Server = createHttpApi(
      [
        ...ADMIN_ROUTES.map((routeKey) => ({
          routeKey,
          functionName: FUNCTION_NAMES.adminApi,
          handler: adminApiHandler,
          loopbackOnly: true,
        })),
        ...PUBLIC_ROUTES.map((routeKey) => ({ routeKey, functionName: FUNCTION_NAMES.publicPages, handler: publicPagesHandler })),
      ],
      localRoutes(cloud),
      options.publicRateLimit === undefined ? {} : { rateLimit: options.publicRateLimit },
    );
    await new Promise<void>((done, fail) => {
      api.once('error', fail);
      api.listen(ports.api, '127.0.0.1', () => done());
    });
    stops.push(() => close(api));

    poller.start();
    stops.push(async () => poller.stop());
    // Asked to stop while starting: nothing must be left running (DynamoDB Local is a Java process).
    if (signal?.aborted) throw new LocalStartError('Stopped while starting.', 'Nothing is left running.');
    if (options.tick !== false && !clock.frozen) scheduler.startTicking();
    return cloud;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Creates the table when it is missing; true when it did. */
async function ensureTable(dynamo: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await dynamo.send(new CreateTableCommand(createTableInput(tableName)));
  return true;
}

/** The schedules the stack itself owns: its group, and the weekly digest on Monday morning. */
function ensureStackSchedules(scheduler: SchedulerEmulator): void {
  if (!scheduler.service.listScheduleGroups({}).ScheduleGroups?.some((g) => g.Name === STACK)) {
    scheduler.service.createScheduleGroup({ Name: STACK });
  }
  if (!scheduler.service.listSchedules({ GroupName: STACK, NamePrefix: DIGEST_SCHEDULE.name }).Schedules?.length) {
    scheduler.service.createSchedule({
      Name: DIGEST_SCHEDULE.name,
      GroupName: STACK,
      ScheduleExpression: DIGEST_SCHEDULE.expression,
      ScheduleExpressionTimezone: LOCAL_SETTINGS.DEPLOYMENT_TIMEZONE,
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: functionArn(FUNCTION_NAMES.digest),
        RoleArn: SCHEDULER_ROLE_ARN,
        Input: JSON.stringify(DIGEST_SCHEDULE.input),
        RetryPolicy: { ...SCHEDULE_RETRY_POLICY },
      },
    });
  }
}

function assertPortFree(name: keyof LocalPorts, port: number): Promise<void> {
  return new Promise((done, fail) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      fail(
        new LocalStartError(
          `Port ${port}, for ${PORT_NAMES[name]}, is already in use.`,
          `Stop what is using it (is another \`npm start\` running?), or choose another port with ${PORT_NAMES[name].match(/--[\w-]+/)?.[0] ?? 'an option'}.`,
        ),
      );
    });
    socket.once('error', () => {
      socket.destroy();
      done();
    });
  });
}
