// Faults the local cloud can inject, for the soak (`npm run soak`): what AWS does now and then, made
// to happen often and reproducibly (a seeded random draw per fault).
// - SES throttling: the SES emulator answers a send with SES's own Throttling error.
// - duplicate scheduler deliveries: a schedule's target is invoked twice for one occurrence.
// - stream redeliveries: a batch of stream records is handed to the handlers a second time.
// - a crash after a send: SES accepted the email, then the function dies before doing anything else;
//   the invocation fails and is retried, as Lambda would after a crash.
import { AsyncLocalStorage } from 'node:async_hooks';
import { seededRandom } from './seeded-random.ts';

export const FAULT_KINDS = ['sesThrottle', 'duplicateDelivery', 'streamRedelivery', 'crashAfterSend'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The share (0–1) of chances on which each fault happens. */
export type FaultRates = Partial<Record<FaultKind, number>>;

export class SimulatedCrash extends Error {
  constructor() {
    super('the function crashed after SES accepted its email (an injected fault)');
    this.name = 'SimulatedCrash';
  }
}

export class Faults {
  /** How many times each fault was injected. */
  readonly injected: Record<FaultKind, number> = { sesThrottle: 0, duplicateDelivery: 0, streamRedelivery: 0, crashAfterSend: 0 };
  private readonly draws: Record<FaultKind, () => number>;
  private readonly invocation = new AsyncLocalStorage<(crash: SimulatedCrash) => void>();

  constructor(
    private readonly rates: FaultRates,
    seed = 1,
  ) {
    for (const [kind, rate] of Object.entries(rates)) {
      if (!(rate >= 0 && rate <= 1)) throw new Error(`The ${kind} fault rate must be between 0 and 1; it is ${rate}.`);
    }
    this.draws = Object.fromEntries(FAULT_KINDS.map((kind, i) => [kind, seededRandom(seed * 31 + i)])) as Record<FaultKind, () => number>;
  }

  /** True when the fault happens this time (and counts it). */
  roll(kind: FaultKind): boolean {
    const rate = this.rates[kind] ?? 0;
    if (rate === 0 || this.draws[kind]() >= rate) return false;
    this.injected[kind] += 1;
    return true;
  }

  /**
   * Runs one function invocation in which `crashAfterSend` may strike: the invocation then fails at
   * once with SimulatedCrash, and its own code never runs another step.
   */
  invoke<T>(run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.invocation.run(reject, () => {
        run().then(resolve, reject);
      });
    });
  }

  /**
   * Called after SES accepted an email inside an invocation: when the crash strikes, the sending code
   * waits forever (it is dead) and the invocation fails.
   */
  async afterSend<T>(result: T): Promise<T> {
    const crash = this.invocation.getStore();
    if (!crash || !this.roll('crashAfterSend')) return result;
    crash(new SimulatedCrash());
    return new Promise<T>(() => undefined);
  }
}
