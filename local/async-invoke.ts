// Lambda's asynchronous invocation, as Scheduler and SNS use it: the caller hands the event over and
// is done. A run that fails is tried again twice, about one and then two more minutes later (virtual
// time), and then the event goes to the function's failure queue, where it waits for an operator's
// redrive (`POST /local/dead-letters/redrive`; in AWS, the README's "Redriving a failure queue").
import { ASYNC_INVOKE_RETRY } from '#contract/scheduler.ts';
import { readJsonObject, writeFileAtomically } from './files.ts';

/** One event in a function's failure queue: what Lambda's on-failure destination receives. */
export interface AsyncFailure {
  functionName: string;
  /** The event, as the function was given it. */
  requestPayload: unknown;
  /** The last run's error. */
  error: string;
  /** Runs tried, the first included. */
  attempts: number;
  /** Virtual time the event was given up on. */
  time: string;
}

export interface AsyncInvokerOptions {
  now(): Date;
  /** Runs `run` at a later virtual instant (the Scheduler emulator's queue). */
  defer(at: Date, label: string, run: () => Promise<void>): void;
  /** Runs the function once on the event; a throw is a failed run. */
  run(functionName: string, payload: unknown): Promise<void>;
  log?: (line: string) => void;
  /**
   * JSON file that keeps the failure queues across restarts. Retries still pending when the local
   * cloud stops are not kept: their runs are lost, as a function's would be if Lambda lost its queue.
   */
  file?: string;
}

export class AsyncInvoker {
  /** The failure queues of every function, oldest first. */
  readonly failures: AsyncFailure[] = [];

  constructor(private readonly options: AsyncInvokerOptions) {
    if (options.file === undefined) return;
    const corrupt = (why: string) => new Error(`The failure queue file ${options.file} is corrupt (${why}). Delete it, or run with --reset.`);
    const stored = readJsonObject(options.file, corrupt)?.failures;
    if (stored !== undefined && !Array.isArray(stored)) throw corrupt('"failures" is not a list');
    this.failures.push(...((stored ?? []) as AsyncFailure[]));
  }

  /** Hands `payload` to the function: runs it now, and settles once that first run has ended. */
  invoke(functionName: string, payload: unknown): Promise<void> {
    return this.attempt(functionName, payload, 1);
  }

  /**
   * An operator's redrive: every event in the failure queues is handed to its function again, as a
   * new asynchronous invocation with its own retries. The handlers are idempotent, so an event
   * whose work was partly done finishes it. Answers how many events were redriven.
   */
  async redrive(): Promise<number> {
    const events = this.failures.splice(0);
    this.save();
    for (const event of events) await this.invoke(event.functionName, event.requestPayload);
    return events.length;
  }

  private async attempt(functionName: string, payload: unknown, attempt: number): Promise<void> {
    try {
      await this.options.run(functionName, payload);
    } catch (thrown) {
      const error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
      const delay = ASYNC_INVOKE_RETRY.delaysSeconds[attempt - 1];
      if (attempt <= ASYNC_INVOKE_RETRY.retryAttempts && delay !== undefined) {
        this.options.log?.(`${functionName} failed (run ${attempt}: ${error}); Lambda retries it in ${delay} s`);
        const at = new Date(this.options.now().getTime() + delay * 1000);
        this.options.defer(at, `${functionName} retry ${attempt}`, () => this.attempt(functionName, payload, attempt + 1));
        return;
      }
      this.options.log?.(`${functionName} failed (run ${attempt}: ${error}); the event goes to its failure queue`);
      this.failures.push({ functionName, requestPayload: payload, error, attempts: attempt, time: this.options.now().toISOString() });
      this.save();
    }
  }

  private save(): void {
    if (this.options.file !== undefined) writeFileAtomically(this.options.file, `${JSON.stringify({ failures: this.failures }, null, 2)}\n`);
  }
}
