// Lambda's asynchronous invocation as the local cloud plays it: two retries a minute and then two
// minutes later, then the failure queue, kept across restarts, until a redrive.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AsyncInvoker } from '../../local/async-invoke.ts';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** An invoker on a hand-moved clock, whose deferred runs wait in a list until `runDue`. */
function invoker(run: (payload: unknown) => Promise<void>, file?: string) {
  let now = Date.parse('2027-01-12T16:00:00Z');
  const queue: { at: number; run: () => Promise<void> }[] = [];
  const runs: string[] = [];
  const lambda = new AsyncInvoker({
    now: () => new Date(now),
    defer: (at, _label, work) => void queue.push({ at: at.getTime(), run: work }),
    run: async (_fn, payload) => {
      runs.push(new Date(now).toISOString().slice(11, 19));
      await run(payload);
    },
    ...(file ? { file } : {}),
  });
  const runDue = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      now = next.at;
      await next.run();
    }
  };
  return { lambda, runs, runDue };
}

describe('AsyncInvoker', () => {
  it('retries a failing run twice, a minute and then two minutes later, then queues it', async () => {
    const { lambda, runs, runDue } = invoker(async () => {
      throw new Error('SES paused');
    });

    await lambda.invoke('PartnerPulse-followup', { kind: 'survey' });
    await runDue();

    expect(runs).toEqual(['16:00:00', '16:01:00', '16:03:00']);
    expect(lambda.failures).toEqual([
      { functionName: 'PartnerPulse-followup', requestPayload: { kind: 'survey' }, error: 'Error: SES paused', attempts: 3, time: '2027-01-12T16:03:00.000Z' },
    ]);
  });

  it('queues nothing for a run that succeeds on a retry', async () => {
    let calls = 0;
    const { lambda, runs, runDue } = invoker(async () => {
      calls += 1;
      if (calls === 1) throw new Error('throttled');
    });

    await lambda.invoke('PartnerPulse-followup', {});
    await runDue();

    expect(runs).toEqual(['16:00:00', '16:01:00']);
    expect(lambda.failures).toEqual([]);
  });

  it('keeps its failure queue across a restart, and a redrive empties it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pulse-failures-'));
    folders.push(folder);
    const file = join(folder, 'failures.json');
    const first = invoker(async () => {
      throw new Error('boom');
    }, file);
    await first.lambda.invoke('PartnerPulse-occurrence', { accountId: 'acme' });
    await first.runDue();

    const handled: unknown[] = [];
    const second = invoker(async (payload) => void handled.push(payload), file);
    expect(second.lambda.failures).toHaveLength(1);
    expect(await second.lambda.redrive()).toBe(1);
    const third = invoker(async () => undefined, file);

    expect(handled).toEqual([{ accountId: 'acme' }]);
    expect(third.lambda.failures).toEqual([]);
  });
});
