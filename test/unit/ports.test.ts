// A handler builds only the adapters it uses (functions/handlers/wiring/): the ones it leaves out must
// fail loudly when touched, not pass for working adapters.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Repositories } from '#adapters/dynamo/index.ts';
import { ports } from '#handlers/wiring/use-cases.ts';

const repos = {
  accounts: {},
  meetings: {},
  surveys: {},
  scores: {},
  events: {},
  commitments: {},
  alerts: {},
  signals: {},
  once: {},
} as Repositories;

describe("a handler's ports", () => {
  it('pass on the adapters the handler gives', () => {
    const deps = ports({ ...repos });

    expect(deps.accounts).toBe(repos.accounts);
    expect(deps.once).toBe(repos.once);
  });

  it('fail on the first use of an adapter the handler left out, naming it', () => {
    const deps = ports({ ...repos });

    expect(() => deps.mailer.send).toThrow(/not wired with the mailer \(asked for mailer\.send\)/);
    expect(() => deps.scheduler.scheduleFollowup).toThrow(/not wired with the scheduler/);
    expect(() => deps.keys.signingKey).toThrow(/not wired with the keys/);
  });

  it('can still be logged with an adapter left out', () => {
    const deps = ports({ ...repos });

    expect(() => inspect(deps)).not.toThrow();
  });
});
