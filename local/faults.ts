// Faults the local cloud can inject, for the soak (`npm run soak`): what AWS does now and then, made
// to happen often and reproducibly (a seeded random draw per fault kind).
//
// SES:
// - sesThrottle: the emulator answers Throttling, which the SDK retries after a back-off.
// - sesReject: MessageRejected, which the SDK does not retry: the run fails and Lambda retries it.
// - sesPause: the account's sending is paused for PAUSE_MS of virtual time; every send in that time
//   fails with AccountSendingPausedException, longer than Lambda's retries last, so the runs end in
//   the failure queue and come back through the operator's redrive.
// - sendEventLate / sendEventDuplicate / sendEventMissing: SES's Send event reaches the ses-events
//   function LATE_EVENT_MS later (after the send lease), twice, or never.
// Delivery:
// - duplicateDelivery: a schedule's target is invoked twice for one occurrence, both at once.
// - streamRedelivery: a batch of stream records is handed to the handlers a second time.
// Crashes (the invocation fails at once, and none of its code gets past its next AWS call; Lambda retries it):
// - crashBeforeSend: after the send was claimed, before SES was called.
// - crashAfterSend: after SES accepted the email, before anything was recorded.
// - crashBetweenWrites: right after a DynamoDB write succeeded (a timeout in the middle of a loop).
// DynamoDB, on reads and writes:
// - dynamoThrottle / dynamoInternalError: ProvisionedThroughputExceeded or InternalServerError on
//   one attempt, which the SDK retries.
// - dynamoGiveUp: the error reaches the code, as when every one of the SDK's attempts failed.
// Scheduler, on creating a schedule:
// - schedulerThrottle: ThrottlingException on one attempt, which the SDK retries.
// - schedulerQuota: ServiceQuotaExceededException, which reaches the code.
// - schedulerLostResponse: the schedule was created but the answer was lost; the SDK's retry carries
//   the same client token, so Scheduler answers it as the same request (the emulator does too).
// Apart from SES throttling, which the SDK always retries, the faults strike only inside function
// invocations (scheduled runs, stream batches, SES events): the customers' own requests
// to the HTTP API stay fault-free, since the soak's customers do not retry.
import { AsyncLocalStorage } from 'node:async_hooks';
import { InternalServerError, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { ServiceQuotaExceededException, ThrottlingException } from '@aws-sdk/client-scheduler';
import { AccountSendingPausedException, MessageRejected } from '@aws-sdk/client-ses';
import { keys } from '#contract/table.ts';
import { SEND_TAG, sendTagValue } from '#app/send-once.ts';
import { seededRandom } from './seeded-random.ts';

/** The part of an SDK client's middleware stack the faults go into. */
interface MiddlewareStack {
  add(middleware: Middleware, options: { step: string; name: string; priority?: string; override?: boolean }): void;
  remove(name: string): boolean;
}
type Handler = (args: { input: unknown }) => Promise<unknown>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;

export const FAULT_KINDS = [
  'sesThrottle',
  'sesReject',
  'sesPause',
  'sendEventLate',
  'sendEventDuplicate',
  'sendEventMissing',
  'duplicateDelivery',
  'streamRedelivery',
  'crashBeforeSend',
  'crashAfterSend',
  'crashBetweenWrites',
  'dynamoThrottle',
  'dynamoInternalError',
  'dynamoGiveUp',
  'schedulerThrottle',
  'schedulerQuota',
  'schedulerLostResponse',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The share (0–1) of chances on which each fault happens. */
export type FaultRates = Partial<Record<FaultKind, number>>;

/** How long a paused account stays paused: longer than Lambda's retries of a run (3 minutes). */
export const PAUSE_MS = 10 * 60_000;
/** How late a late Send event arrives: after the send lease (2 minutes) has run out. */
export const LATE_EVENT_MS = 5 * 60_000;

/** One function invocation: how to fail it, and whether a crash has ended it. */
interface Invocation {
  fail: (crash: SimulatedCrash) => void;
  dead: boolean;
}

/** A Send event that did not arrive on time. */
export type SendEventArrival = 'late' | 'never';

/** What the SES emulator answers instead of accepting a send. */
export type SesRefusal = 'Throttling';

export class SimulatedCrash extends Error {
  constructor(where: string) {
    super(`the function crashed ${where} (an injected fault)`);
    this.name = 'SimulatedCrash';
  }
}

/** DynamoDB's write commands, by their names in the client and in the document client. */
const WRITES = new Set(
  ['Put', 'Update', 'Delete', 'BatchWrite', 'TransactWrite'].flatMap((name) => [`${name}Command`, `${name}ItemCommand`, `${name}ItemsCommand`]),
);

export class Faults {
  /** How many times each fault was injected. */
  readonly injected = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  /** Every email whose sender crashed after SES accepted it: its send tag and SES's message id. */
  readonly crashedAfterSend: { tag: string; messageId: string }[] = [];
  /** Every email SES accepted whose sender then failed to mark it sent (that write failed for good). */
  readonly unrecorded: { tag: string; messageId: string }[] = [];
  /** The message id of the latest email SES accepted, by send tag. */
  private readonly accepted = new Map<string, string>();
  /** How each accepted email's Send event reached the ses-events function, by message id (when not on time). */
  private readonly arrivals = new Map<string, SendEventArrival>();
  private readonly draws: Record<FaultKind, () => number>;
  private readonly invocation = new AsyncLocalStorage<Invocation>();
  private pausedUntil = Number.NEGATIVE_INFINITY;

  private readonly rates: FaultRates = {};

  constructor(rates: FaultRates, seed = 1) {
    this.set(rates);
    this.draws = Object.fromEntries(FAULT_KINDS.map((kind, i) => [kind, seededRandom(seed * 31 + i)])) as Record<FaultKind, () => number>;
  }

  /** Changes the rates of the kinds given (an outage that ends, in a test). */
  set(rates: FaultRates): void {
    for (const [kind, rate] of Object.entries(rates)) {
      if (!FAULT_KINDS.includes(kind as FaultKind)) throw new Error(`There is no fault named ${kind}; the kinds are ${FAULT_KINDS.join(', ')}.`);
      if (!(rate >= 0 && rate <= 1)) throw new Error(`The ${kind} fault rate must be between 0 and 1; it is ${rate}.`);
    }
    Object.assign(this.rates, rates);
  }

  /** True when the fault happens this time (and counts it). */
  roll(kind: FaultKind): boolean {
    const rate = this.rates[kind] ?? 0;
    if (rate === 0 || this.draws[kind]() >= rate) return false;
    this.injected[kind] += 1;
    return true;
  }

  /** True inside a function invocation (where crashes and service faults may strike). */
  get inInvocation(): boolean {
    return this.invocation.getStore() !== undefined;
  }

  /**
   * The send tags of the duplicates AWS allows: SES accepted the email and nothing recorded it (the
   * sender crashed, or its write marking it sent failed past the SDK's retries), and the Send event
   * that would have told the retry so came late or never. One per such send.
   */
  allowedDuplicates(): string[] {
    return [...this.crashedAfterSend, ...this.unrecorded].filter((send) => this.arrivals.get(send.messageId) !== undefined).map((send) => send.tag);
  }

  /**
   * Runs one function invocation in which a crash may strike: the invocation then fails at once
   * with SimulatedCrash, and its own code never runs another step.
   */
  invoke<T>(run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.invocation.run({ fail: reject, dead: false }, () => {
        run().then(resolve, reject);
      });
    });
  }

  /** What the SES emulator answers to a send, when it does not accept it. */
  sesRefusal(): SesRefusal | undefined {
    return this.roll('sesThrottle') ? 'Throttling' : undefined;
  }

  /** A refusal that reaches the sending code (inside function invocations only). */
  private sesFailure(now: number): Error | undefined {
    if (!this.inInvocation) return undefined;
    const paused = () => new AccountSendingPausedException({ message: 'Sending is paused for this account (injected).', $metadata: { httpStatusCode: 400 } });
    if (now < this.pausedUntil) return paused();
    if (this.roll('sesPause')) {
      this.pausedUntil = now + PAUSE_MS;
      return paused();
    }
    if (this.roll('sesReject')) return new MessageRejected({ message: 'Email address is not verified (injected).', $metadata: { httpStatusCode: 400 } });
    return undefined;
  }

  /** How SES's Send event of the email `messageId` reaches the ses-events function. */
  sendEvent(messageId: string): SendEventArrival | 'on time' | 'twice' {
    const arrival = this.roll('sendEventMissing') ? 'never' : this.roll('sendEventLate') ? 'late' : undefined;
    if (arrival) {
      this.arrivals.set(messageId, arrival);
      return arrival;
    }
    return this.roll('sendEventDuplicate') ? 'twice' : 'on time';
  }

  /** The crash, if this invocation's dice say so: the caller never continues. */
  private crash(kind: 'crashBeforeSend' | 'crashAfterSend' | 'crashBetweenWrites', where: string): Promise<never> | undefined {
    const invocation = this.invocation.getStore();
    if (!invocation || !this.roll(kind)) return undefined;
    invocation.dead = true;
    invocation.fail(new SimulatedCrash(where));
    return forever();
  }

  /**
   * A crashed invocation is dead: the branches of its code still running (a pool of sends) get no
   * further than their next call to AWS.
   */
  private deadEnd(): Promise<never> | undefined {
    return this.invocation.getStore()?.dead ? forever() : undefined;
  }

  // Each install returns its removal: the SDK clients live as long as the process, the local cloud not.

  /** Refusals, and crashes before and after SES sends, in the handlers' SES client. */
  installInSes(stack: MiddlewareStack, now: () => number): () => void {
    stack.add(
      (next) => async (args) => {
        await this.deadEnd();
        const refused = this.sesFailure(now());
        if (refused) throw refused;
        await this.crash('crashBeforeSend', 'before calling SES');
        const result = await next(args);
        const tag = ((args.input as { Tags?: { Name: string; Value: string }[] }).Tags ?? []).find((t) => t.Name === SEND_TAG)?.Value;
        const messageId = (result as { output?: { MessageId?: string } }).output?.MessageId ?? '';
        if (tag) this.accepted.set(tag, messageId);
        const crashed = this.crash('crashAfterSend', 'after SES accepted its email');
        if (crashed) {
          if (tag) this.crashedAfterSend.push({ tag, messageId });
          return crashed;
        }
        return result;
      },
      { step: 'initialize', name: 'localSesFaults', override: true },
    );
    return () => void stack.remove('localSesFaults');
  }

  /** Throttling, internal errors, errors past the SDK's retries, and crashes after a write. */
  installInDynamoDb(stack: MiddlewareStack): () => void {
    stack.add(
      (next, context) => async (args) => {
        if (!this.inInvocation) return next(args);
        await this.deadEnd();
        if (this.roll('dynamoGiveUp')) {
          const tag = markedSent(args.input);
          if (tag) this.unrecorded.push({ tag, messageId: this.accepted.get(tag) ?? '' });
          throw throughputExceeded();
        }
        const result = await next(args);
        if (WRITES.has(context.commandName ?? '')) await this.crash('crashBetweenWrites', `after its ${context.commandName} succeeded`);
        return result;
      },
      { step: 'initialize', name: 'localDynamoFaults', override: true },
    );
    // Inside the SDK's retry loop: one attempt fails, the SDK tries again.
    stack.add(
      (next) => async (args) => {
        if (!this.inInvocation) return next(args);
        if (this.roll('dynamoThrottle')) throw throughputExceeded();
        if (this.roll('dynamoInternalError')) {
          throw new InternalServerError({ message: 'Internal server error (injected)', $metadata: { httpStatusCode: 500 } });
        }
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'localDynamoAttemptFaults', override: true },
    );
    return () => ['localDynamoFaults', 'localDynamoAttemptFaults'].forEach((name) => stack.remove(name));
  }

  /** Errors on creating a schedule. */
  installInScheduler(stack: MiddlewareStack): () => void {
    stack.add(
      (next, context) => async (args) => {
        if (!this.inInvocation) return next(args);
        await this.deadEnd();
        if (context.commandName !== 'CreateScheduleCommand') return next(args);
        if (this.roll('schedulerQuota')) {
          throw new ServiceQuotaExceededException({ message: 'Schedule quota exceeded (injected)', Message: 'Schedule quota exceeded (injected)', $metadata: { httpStatusCode: 402 } });
        }
        return next(args);
      },
      { step: 'initialize', name: 'localSchedulerFaults', override: true },
    );
    stack.add(
      (next, context) => async (args) => {
        if (!this.inInvocation || context.commandName !== 'CreateScheduleCommand') return next(args);
        if (this.roll('schedulerThrottle')) throw new ThrottlingException({ message: 'Rate exceeded (injected)', Message: 'Rate exceeded (injected)', $metadata: { httpStatusCode: 429 } });
        const result = await next(args);
        if (this.roll('schedulerLostResponse')) {
          throw Object.assign(new Error('The answer to CreateSchedule was lost (injected)'), { name: 'TimeoutError', $metadata: {} });
        }
        return result;
      },
      { step: 'finalizeRequest', priority: 'low', name: 'localSchedulerAttemptFaults', override: true },
    );
    return () => ['localSchedulerFaults', 'localSchedulerAttemptFaults'].forEach((name) => stack.remove(name));
  }
}

/**
 * The send tag of an email, when `input` is the write that marks it sent (Once.completeSend: the
 * update of its `ONCE#` marker to state "sent").
 */
function markedSent(input: unknown): string | undefined {
  const update = input as { Key?: { PK?: unknown }; ExpressionAttributeValues?: Record<string, unknown> };
  const pk = update.Key?.PK;
  if (typeof pk !== 'string' || !pk.startsWith(keys.once.prefix) || update.ExpressionAttributeValues?.[':sent'] !== 'sent') return undefined;
  return sendTagValue(pk.slice(keys.once.prefix.length));
}

/** What a dead invocation's code waits on: it never takes another step. */
const forever = (): Promise<never> => new Promise<never>(() => undefined);

function throughputExceeded(): ProvisionedThroughputExceededException {
  return new ProvisionedThroughputExceededException({ message: 'Throughput exceeded (injected)', $metadata: { httpStatusCode: 400 } });
}
