// What the use cases reach the outside world through: one adapter per AWS service, and the clock.
import type { Mailer } from '#adapters/mailer.ts';
import type { Scheduler } from '#adapters/scheduler.ts';
import type { TokenKeys } from '#adapters/secrets.ts';
import type { Store } from '#adapters/store.ts';

export interface Ports {
  store: Store;
  mailer: Mailer;
  scheduler: Scheduler;
  keys: TokenKeys;
  now: () => Date;
}
