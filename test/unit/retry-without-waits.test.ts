// The soak's SDK retries: the same attempts for the same errors as the SDK's, without the waits.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { withoutRetryWaits } from '../../local/retry-without-waits.ts';

type Strategy = {
  acquireInitialRetryToken(scope: string): Promise<{ getRetryCount(): number; getRetryDelay(): number }>;
  refreshRetryTokenForRetry(token: unknown, error: { errorType: string }): Promise<{ getRetryCount(): number; getRetryDelay(): number }>;
};

/** How many attempts an error of this type gets before it reaches the code. */
async function attemptsFor(errorType: string, maxAttempts: number): Promise<{ attempts: number; waited: number }> {
  const client = new DynamoDBClient({ region: 'us-east-1', maxAttempts });
  withoutRetryWaits(client as never);
  const strategy = (await client.config.retryStrategy()) as unknown as Strategy;
  let token = await strategy.acquireInitialRetryToken('dynamodb');
  let waited = 0;
  for (;;) {
    try {
      token = await strategy.refreshRetryTokenForRetry(token, { errorType });
      waited += token.getRetryDelay();
    } catch {
      return { attempts: token.getRetryCount() + 1, waited };
    }
  }
}

describe('withoutRetryWaits', () => {
  it.each([
    ['THROTTLING', 3, 3],
    ['TRANSIENT', 3, 3],
    ['SERVER_ERROR', 5, 5],
    ['CLIENT_ERROR', 3, 1],
  ])('a %s error, with the client allowing %i attempts, gets %i', async (errorType, maxAttempts, attempts) => {
    expect(await attemptsFor(errorType, maxAttempts)).toEqual({ attempts, waited: 0 });
  });

  it("puts the client's own strategy back", async () => {
    const client = new DynamoDBClient({ region: 'us-east-1' });
    const own = await client.config.retryStrategy();
    const restore = withoutRetryWaits(client as never);

    expect(await client.config.retryStrategy()).not.toBe(own);
    restore();
    expect(await client.config.retryStrategy()).toBe(own);
  });
});
