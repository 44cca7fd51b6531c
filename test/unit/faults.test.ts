// The soak's fault injection: reproducible draws at the asked rate, paused sending that lasts, and a
// crash that ends the invocation at once while the code that ran into it never takes another step.
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, Faults, PAUSE_MS, SimulatedCrash } from '../../local/faults.ts';

/** A middleware stack as the SDK clients have one, reduced to what Faults installs into. */
function stackOf(): { add: (middleware: unknown, options: { step: string; priority?: string }) => void; run: (command: string, send: () => Promise<string>, input?: unknown) => Promise<string> } {
  const layers: { middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName: string }) => (args: unknown) => Promise<unknown>; inner: boolean }[] = [];
  return {
    add: (middleware, options) => void layers.push({ middleware: middleware as never, inner: options.step !== 'initialize' }),
    run: (commandName, send, input = { Tags: [{ Name: 'send', Value: 'c3VydmV5I2E' }] }) => {
      const ordered = [...layers.filter((l) => !l.inner), ...layers.filter((l) => l.inner)];
      const handler = ordered.reduceRight<(args: unknown) => Promise<unknown>>((next, layer) => layer.middleware(next, { commandName }), () => send());
      return handler({ input }) as Promise<string>;
    },
  };
}

describe('Faults', () => {
  it('happen at about the asked rate, in the same places for the same seed', () => {
    const draws = (seed: number) => {
      const faults = new Faults({ sesThrottle: 0.1 }, seed);
      return Array.from({ length: 10_000 }, () => faults.roll('sesThrottle'));
    };

    const first = draws(7);
    const hits = first.filter(Boolean).length;

    expect(hits).toBeGreaterThan(900);
    expect(hits).toBeLessThan(1100);
    expect(draws(7)).toEqual(first);
    expect(draws(8)).not.toEqual(first);
  });

  it('never happen when their rate is not given, and count what they injected', () => {
    const faults = new Faults({ duplicateDelivery: 1 });

    expect(faults.roll('streamRedelivery')).toBe(false);
    expect(faults.roll('duplicateDelivery')).toBe(true);
    expect(faults.injected).toEqual({ ...Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])), duplicateDelivery: 1 });
  });

  it.each([
    [{ sesThrottle: 1.5 }, 'The sesThrottle fault rate must be between 0 and 1; it is 1.5.'],
    [{ sesThrottel: 0.1 }, 'There is no fault named sesThrottel'],
  ])('refuse %o', (rates, message) => {
    expect(() => new Faults(rates as never)).toThrow(message);
  });

  it.each([
    [{ sendEventMissing: 1 }, 'never'],
    [{ sendEventLate: 1 }, 'late'],
    [{ sendEventDuplicate: 1 }, 'twice'],
    [{}, 'on time'],
  ] as const)('deliver the Send event as %o says: %s', (rates, arrival) => {
    expect(new Faults(rates).sendEvent('ses-1')).toBe(arrival);
  });

  it('crash an invocation right after its send: it fails, its code runs no further, and the send is remembered', async () => {
    const faults = new Faults({ crashAfterSend: 1 });
    const ses = stackOf();
    faults.installInSes(ses as never, () => 0);
    const steps: string[] = [];

    const invocation = faults.invoke(async () => {
      await ses.run('SendRawEmailCommand', async () => {
        steps.push('accepted by SES');
        return 'message id';
      });
      steps.push('marked sent');
    });

    await expect(invocation).rejects.toBeInstanceOf(SimulatedCrash);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(steps).toEqual(['accepted by SES']);
    expect(faults.crashedAfterSend).toEqual([{ tag: 'c3VydmV5I2E', messageId: '' }]);
  });

  it('crash before the send: SES is never called', async () => {
    const faults = new Faults({ crashBeforeSend: 1 });
    const ses = stackOf();
    faults.installInSes(ses as never, () => 0);
    let called = false;

    await expect(faults.invoke(() => ses.run('SendRawEmailCommand', async () => ((called = true), 'id')))).rejects.toThrow('before calling SES');
    expect(called).toBe(false);
  });

  it('pause sending for PAUSE_MS: every send inside an invocation fails until then, and none outside one', async () => {
    const faults = new Faults({ sesPause: 1 });
    const ses = stackOf();
    let now = 0;
    faults.installInSes(ses as never, () => now);
    const send = () => ses.run('SendRawEmailCommand', async () => 'id');

    await expect(send()).resolves.toBe('id');
    await expect(faults.invoke(send)).rejects.toThrow('Sending is paused');
    now = PAUSE_MS - 1;
    await expect(faults.invoke(send)).rejects.toMatchObject({ name: 'AccountSendingPausedException' });
    expect(faults.injected.sesPause).toBe(1);
  });

  it.each([
    ['PutItemCommand', true],
    ['UpdateCommand', true],
    ['TransactWriteItemsCommand', true],
    ['GetItemCommand', false],
    ['QueryCommand', false],
  ])('crash between writes after a %s: %s', async (commandName, crashes) => {
    const faults = new Faults({ crashBetweenWrites: 1 });
    const dynamo = stackOf();
    faults.installInDynamoDb(dynamo as never);
    const run = faults.invoke(() => dynamo.run(commandName, async () => 'written'));

    if (crashes) await expect(run).rejects.toThrow(`after its ${commandName} succeeded`);
    else await expect(run).resolves.toBe('written');
  });

  it('fail one DynamoDB attempt with a throttling error the SDK retries, only inside invocations', async () => {
    const faults = new Faults({ dynamoThrottle: 1 });
    const dynamo = stackOf();
    faults.installInDynamoDb(dynamo as never);

    await expect(dynamo.run('GetItemCommand', async () => 'item')).resolves.toBe('item');
    await expect(faults.invoke(() => dynamo.run('GetItemCommand', async () => 'item'))).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
  });

  it('lose the answer to a created schedule only after it was created', async () => {
    const faults = new Faults({ schedulerLostResponse: 1 });
    const scheduler = stackOf();
    faults.installInScheduler(scheduler as never);
    const created: string[] = [];

    await expect(faults.invoke(() => scheduler.run('CreateScheduleCommand', async () => (created.push('schedule'), 'ok')))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(created).toEqual(['schedule']);
  });

  it('keep invocations apart: a crash in one leaves another running', async () => {
    const faults = new Faults({ crashBetweenWrites: 0.5 }, 3);
    const dynamo = stackOf();
    faults.installInDynamoDb(dynamo as never);
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => faults.invoke(() => dynamo.run('PutItemCommand', async () => 'written'))));

    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(faults.injected.crashBetweenWrites);
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThan(0);
  });

  it.each([
    ['never comes', { sendEventMissing: 1 }, ['c3VydmV5I2E']],
    ['comes on time', {}, []],
  ])('allow a duplicate when the write marking a send as sent fails for good and its Send event %s', async (_case, rates, allowed) => {
    const faults = new Faults({ ...rates, dynamoGiveUp: 1 });
    const ses = stackOf();
    const dynamo = stackOf();
    faults.installInSes(ses as never, () => 0);
    faults.installInDynamoDb(dynamo as never);
    // The key 'survey#a' travels as the tag c3VydmV5I2E; SES accepts it as ses-1.
    const completeSend = { Key: { PK: 'ONCE#survey#a', SK: 'ONCE' }, ExpressionAttributeValues: { ':sent': 'sent' } };

    const run = faults.invoke(async () => {
      await ses.run('SendRawEmailCommand', async () => ({ output: { MessageId: 'ses-1' } }) as never);
      faults.sendEvent('ses-1');
      await dynamo.run('UpdateCommand', async () => 'marked', completeSend);
    });

    await expect(run).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    expect(faults.allowedDuplicates()).toEqual(allowed);
  });
});
