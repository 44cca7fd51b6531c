// What the use cases reach the outside world through: the repositories over the table (one per
// aggregate), one adapter per other AWS service, and the clock.
import type { Repositories } from '#adapters/dynamo/index.ts';
import type { Mailer } from '#adapters/mailer.ts';
import type { Scheduler } from '#adapters/scheduler.ts';
import type { TokenKeys } from '#adapters/secrets.ts';

export interface Ports extends Repositories {
  mailer: Mailer;
  scheduler: Scheduler;
  keys: TokenKeys;
  now: () => Date;
}
