// The local EventBridge Scheduler: the API's state plus the part AWS runs for you, firing
// schedules. Time is virtual, so `runUntil` can replay months of schedules in order in seconds.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestListener } from './api.ts';
import { formatScheduledTime, nextOccurrence, parseScheduleExpression, type ScheduleExpression } from './expressions.ts';
import {
  type DeadLetter,
  type Fired,
  type InvokeTarget,
  NonRetryableError,
  type ScheduleOverview,
  type ScheduleRecord,
} from './model.ts';
import { loadSnapshot, saveSnapshot } from './persistence.ts';
import { SchedulerService } from './service.ts';
import { lambdaFunctionName } from './validation.ts';

/** The part of VirtualClock the emulator needs. */
export interface EmulatorClock {
  now(): Date;
  set(instant: Date): void;
  /** Persists a clock that batches its writes (VirtualClock with a file). */
  flush?(): void;
}

export interface SchedulerEmulatorOptions {
  clock: EmulatorClock;
  /** Runs a Lambda target; a throw is a failed attempt. */
  invoke: InvokeTarget;
  /** JSON file for schedules, groups, cursors and dead letters; in memory only when absent. */
  dataFile?: string;
  /** @default '123456789012' */
  accountId?: string;
  /** @default 'us-east-1' */
  region?: string;
  /** Stops a run that invokes more than this many targets. @default 100000 */
  maxInvocationsPerRun?: number;
  /** Stops a run that fires more than this many times at one instant. @default 1000 */
  maxInvocationsPerInstant?: number;
  /** Where background ticking reports errors. @default console.error */
  onError?: (error: Error) => void;
  /**
   * How many targets may run at once when several are due at the same instant, as in AWS, where
   * nothing waits for another account's run. 1 runs them one by one, in a fixed order. @default 1
   */
  concurrency?: number;
}

interface Due {
  record: ScheduleRecord;
  at: number;
}

/** Work the local cloud runs at a later virtual instant, in time order with the schedules. */
interface Deferred {
  at: number;
  seq: number;
  label: string;
  run: () => Promise<void>;
}

type DueItem = ({ kind: 'schedule' } & Due) | ({ kind: 'deferred' } & Deferred);

export class SchedulerEmulator {
  readonly service: SchedulerService;
  private readonly clock: EmulatorClock;
  private readonly invoke: InvokeTarget;
  private readonly dataFile: string | undefined;
  private readonly maxInvocationsPerRun: number;
  private readonly maxInvocationsPerInstant: number;
  private readonly onError: (error: Error) => void;
  private readonly concurrency: number;
  private deferred: Deferred[] = [];
  private deferredSeq = 0;
  private deadLetterList: DeadLetter[] = [];
  private readonly expressions = new WeakMap<ScheduleRecord, ScheduleExpression>();
  private readonly nextCache = new WeakMap<ScheduleRecord, { cursor: number; next: number | null }>();
  private server: Server | undefined;
  private ticker: NodeJS.Timeout | undefined;
  /** Runs one at a time: a tick and a clock jump must not fire the same occurrence twice. */
  private running: Promise<unknown> = Promise.resolve();

  constructor(options: SchedulerEmulatorOptions) {
    this.clock = options.clock;
    this.invoke = options.invoke;
    this.dataFile = options.dataFile;
    this.maxInvocationsPerRun = options.maxInvocationsPerRun ?? 100_000;
    this.maxInvocationsPerInstant = options.maxInvocationsPerInstant ?? 1_000;
    this.onError = options.onError ?? ((error) => console.error(error));
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.service = new SchedulerService({
      accountId: options.accountId ?? '123456789012',
      region: options.region ?? 'us-east-1',
      now: () => this.clock.now().getTime(),
      onChange: () => this.persist(),
    });
    const stored = this.dataFile === undefined ? undefined : loadSnapshot(this.dataFile);
    if (stored !== undefined) {
      this.service.restore(stored);
      this.deadLetterList = stored.deadLetters;
    }
  }

  // ---- HTTP -------------------------------------------------------------------------------

  /** Serves the Scheduler API (and /local/dead-letters); answers with the base URL. */
  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    if (this.server !== undefined) throw new Error('The scheduler emulator is already listening.');
    const server = createServer(createRequestListener(this));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  }

  async close(): Promise<void> {
    this.stopTicking();
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // SDK clients keep connections alive; without this close() waits for them to time out.
      server.closeAllConnections();
    });
  }

  /**
   * For a clock that follows real time: fires what has become due every `intervalMs`.
   * Stopped by `stopTicking` or `close`.
   */
  startTicking(intervalMs = 1_000): void {
    this.stopTicking();
    this.ticker = setInterval(() => {
      this.runUntil(this.clock.now()).catch((error: unknown) => this.onError(error as Error));
    }, intervalMs);
    this.ticker.unref();
  }

  stopTicking(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  // ---- firing -----------------------------------------------------------------------------

  /**
   * Fires everything due up to and including `until`, strictly in time order, with the clock set
   * to each fire time while its target runs. Schedules created or changed by the targets take
   * part in the same run. Ends with the clock at `until` (it never moves the clock backwards).
   */
  runUntil(until: Date): Promise<Fired[]> {
    if (Number.isNaN(until.getTime())) return Promise.reject(new Error('runUntil needs a valid date.'));
    const run = this.running.then(() => this.fireDue(until.getTime()));
    this.running = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `run` at the virtual instant `at` (now, if that has passed), in time order with the
   * schedules: Lambda's retries of a failed run, an SES event that arrives late. Kept in memory only.
   */
  defer(at: Date, label: string, run: () => Promise<void>): void {
    this.deferred.push({ at: Math.max(at.getTime(), this.clock.now().getTime()), seq: this.deferredSeq++, label, run });
  }

  /** How much deferred work is waiting, for views and tests. */
  get deferredCount(): number {
    return this.deferred.length;
  }

  private async fireDue(end: number): Promise<Fired[]> {
    const fired: Fired[] = [];
    let invoked = 0;
    let instant = Number.NaN;
    let atInstant = 0;
    try {
      for (let next = this.nextItem(end); next !== undefined; next = this.nextItem(end)) {
        if (next.at !== instant) atInstant = 0;
        instant = next.at;
        // Checked before anything is taken off the queue, so a stopped run loses nothing.
        this.guard(invoked, atInstant + 1, next, end);
        const room = Math.min(this.concurrency, this.maxInvocationsPerInstant - atInstant, this.maxInvocationsPerRun - invoked);
        const batch = this.dueBatch(end, room);
        invoked += batch.length;
        atInstant += batch.length;
        // The clock never runs backwards: an occurrence found late (created within its minute) runs now.
        if (instant > this.clock.now().getTime()) this.clock.set(new Date(instant));
        const results = await Promise.all(batch.map((item) => this.fireItem(item)));
        for (const result of results) if (result) fired.push(result);
      }
      this.finishRun(end);
    } finally {
      this.persist();
    }
    if (this.clock.now().getTime() < end) this.clock.set(new Date(end));
    this.clock.flush?.();
    return fired;
  }

  /**
   * What runs next: the earliest occurrence or deferred work due by `end`, and with concurrency the
   * others due at that same instant, up to `room` in all. Taken off the queue (a schedule's cursor
   * moves past the occurrence) before any of them runs.
   */
  private dueBatch(end: number, room: number): DueItem[] {
    const batch: DueItem[] = [];
    while (batch.length < room) {
      const next = this.nextItem(end);
      if (next === undefined || (batch.length > 0 && next.at !== batch[0]!.at)) break;
      if (next.kind === 'schedule') {
        // Taken before invoking, so a target that updates its own schedule cannot fire it again.
        next.record.cursor = next.at + 1;
        next.record.firedCount += 1;
      } else {
        this.deferred = this.deferred.filter((item) => item.seq !== next.seq);
      }
      batch.push(next);
    }
    return batch;
  }

  private nextItem(end: number): DueItem | undefined {
    const schedule = this.nextDue(end);
    let work: Deferred | undefined;
    for (const item of this.deferred) {
      if (item.at <= end && (work === undefined || item.at < work.at || (item.at === work.at && item.seq < work.seq))) work = item;
    }
    if (work !== undefined && (schedule === undefined || work.at < schedule.at)) return { kind: 'deferred', ...work };
    return schedule === undefined ? undefined : { kind: 'schedule', ...schedule };
  }

  private async fireItem(item: DueItem): Promise<Fired | undefined> {
    if (item.kind === 'schedule') return this.fire(item);
    try {
      await item.run();
    } catch (error) {
      this.onError(new Error(`${item.label} failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    return undefined;
  }

  private guard(count: number, atInstant: number, due: DueItem, end: number): void {
    const what = due.kind === 'schedule' ? `${due.record.group}/${due.record.name}` : due.label;
    const where = `${what} at ${formatScheduledTime(due.at)}`;
    if (count >= this.maxInvocationsPerRun) {
      throw new Error(
        `The scheduler stopped after ${count} invocations without reaching ${new Date(end).toISOString()} (next: ${where}). ` +
          'A target is probably creating schedules in a loop; if this many invocations are expected, raise maxInvocationsPerRun.',
      );
    }
    if (atInstant > this.maxInvocationsPerInstant) {
      throw new Error(
        `The scheduler stopped after ${this.maxInvocationsPerInstant} invocations at the same instant (next: ${where}). ` +
          'A target is probably creating a schedule due at once every time it runs.',
      );
    }
  }

  /** The earliest occurrence due by `end`; ties go to the schedule created first, then by name. */
  private nextDue(end: number): Due | undefined {
    let best: Due | undefined;
    for (const record of this.service.unordered()) {
      if (record.state !== 'ENABLED') continue;
      const at = this.nextOf(record);
      if (at === null || at > end) continue;
      if (best === undefined || at < best.at || (at === best.at && firstCreated(record, best.record))) {
        best = { record, at };
      }
    }
    return best;
  }

  private async fire({ record, at }: Due): Promise<Fired> {
    const scheduledTime = formatScheduledTime(at);
    const { Arn: targetArn, RetryPolicy: retry } = record.target;
    const functionName = lambdaFunctionName(targetArn);
    let attempts = 0;
    let input = '';
    let failure: string | undefined;
    // Retries happen at once in virtual time, so MaximumEventAgeInSeconds never cuts them short.
    while (attempts <= retry.MaximumRetryAttempts) {
      attempts += 1;
      input = fillContextAttributes(record.target.Input ?? '{}', {
        scheduledTime,
        executionId: randomUUID(),
        attempt: attempts,
        scheduleArn: record.arn,
      });
      try {
        if (functionName === undefined) {
          throw new NonRetryableError(`The local scheduler only invokes Lambda functions; ${targetArn} is not a Lambda function ARN.`);
        }
        await this.invoke({ arn: targetArn, functionName, input });
        failure = undefined;
        break;
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
        if (error instanceof NonRetryableError) break;
      }
    }
    if (failure !== undefined) {
      const letter: DeadLetter = {
        scheduleName: record.name,
        groupName: record.group,
        scheduleArn: record.arn,
        targetArn,
        input,
        error: failure,
        attempts,
        scheduledTime,
        time: this.clock.now().toISOString(),
      };
      const queue = record.target.DeadLetterConfig?.Arn;
      if (queue !== undefined) letter.deadLetterArn = queue;
      this.deadLetterList.push(letter);
    }
    if (record.actionAfterCompletion === 'DELETE' && this.nextOf(record) === null) this.service.remove(record);
    return {
      name: record.name,
      group: record.group,
      targetArn,
      scheduledTime,
      attempts,
      outcome: failure === undefined ? 'ok' : 'dead-letter',
    };
  }

  /** Everything up to `end` has been considered: move every cursor past it and clear out ended schedules. */
  private finishRun(end: number): void {
    for (const record of this.service.all()) {
      record.cursor = Math.max(record.cursor, end + 1);
      const ended = record.firedCount > 0 || (record.endDate !== undefined && record.endDate <= end);
      if (record.actionAfterCompletion === 'DELETE' && record.state === 'ENABLED' && ended && this.nextOf(record) === null) {
        this.service.remove(record);
      }
    }
  }

  private nextOf(record: ScheduleRecord): number | null {
    const cached = this.nextCache.get(record);
    if (cached !== undefined && cached.cursor === record.cursor) return cached.next;
    const next = nextOccurrence(this.expressionOf(record), record.cursor, {
      timezone: record.timezone,
      startDate: record.startDate,
      endDate: record.endDate,
      anchor: record.startDate ?? Math.floor(record.createdAt / 1000) * 1000,
    });
    this.nextCache.set(record, { cursor: record.cursor, next });
    return next;
  }

  private expressionOf(record: ScheduleRecord): ScheduleExpression {
    let expression = this.expressions.get(record);
    if (expression === undefined) {
      expression = parseScheduleExpression(record.expression);
      this.expressions.set(record, expression);
    }
    return expression;
  }

  // ---- views ------------------------------------------------------------------------------

  deadLetters(): DeadLetter[] {
    return this.deadLetterList.map((letter) => ({ ...letter }));
  }

  /** Every schedule with its next fire time, for the local home page. */
  schedules(): ScheduleOverview[] {
    return this.service.all().map((record) => {
      const next = record.state === 'ENABLED' ? this.nextOf(record) : null;
      const overview: ScheduleOverview = {
        name: record.name,
        group: record.group,
        arn: record.arn,
        expression: record.expression,
        timezone: record.timezone,
        state: record.state,
        targetArn: record.target.Arn,
        actionAfterCompletion: record.actionAfterCompletion,
        nextFireTime: next === null ? null : formatScheduledTime(next),
        createdAt: new Date(record.createdAt).toISOString(),
        lastModified: new Date(record.modifiedAt).toISOString(),
      };
      if (record.description !== undefined) overview.description = record.description;
      if (record.startDate !== undefined) overview.startDate = new Date(record.startDate).toISOString();
      if (record.endDate !== undefined) overview.endDate = new Date(record.endDate).toISOString();
      return overview;
    });
  }

  private persist(): void {
    if (this.dataFile === undefined) return;
    const { groups, schedules } = this.service.state();
    saveSnapshot(this.dataFile, { groups, schedules, deadLetters: this.deadLetterList });
  }
}

function firstCreated(a: ScheduleRecord, b: ScheduleRecord): boolean {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt;
  return a.group === b.group ? a.name < b.name : a.group < b.group;
}

interface ContextAttributes {
  scheduledTime: string;
  executionId: string;
  attempt: number;
  scheduleArn: string;
}

/** The placeholders AWS fills in a target's input on every attempt. */
export function fillContextAttributes(input: string, context: ContextAttributes): string {
  return input
    .replaceAll('<aws.scheduler.scheduled-time>', context.scheduledTime)
    .replaceAll('<aws.scheduler.execution-id>', context.executionId)
    .replaceAll('<aws.scheduler.attempt-number>', String(context.attempt))
    .replaceAll('<aws.scheduler.schedule-arn>', context.scheduleArn);
}
