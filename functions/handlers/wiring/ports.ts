// What every handler's ports start from: the table's repositories, the clock and ids. A handler adds
// the adapters its function uses (./mailer.ts, ./scheduler.ts, ./keys.ts, one module per AWS service,
// so that a function bundles and loads only the SDK clients it calls); a use case whose ports it
// lacks does not compile.
import type { Clock, Ids } from '#app/ports.ts';
import { clock } from '#adapters/clock.ts';
import type { Repositories } from '#adapters/dynamo/index.ts';
import { newId, shortSuffix } from '#adapters/ids.ts';
import { repositories } from './repositories.ts';

export function basePorts(): Repositories & Clock & Ids {
  return {
    ...repositories(),
    now: () => clock.now(),
    newId: () => newId(clock.now()),
    idSuffix: shortSuffix,
  };
}
