// The SDK's retries without their waits, for runs on the virtual clock (the soak, the fault tests):
// a back-off takes no virtual time, so waiting it out in real time only makes a run slower. The
// attempts and which errors get them stay the SDK's: throttling, transient and server errors are
// tried again up to the client's maxAttempts; every other error reaches the code at once. What this
// leaves out is the SDK's retry quota and the adaptive mode's client-side rate limit.

interface Configurable {
  config: { retryStrategy: () => Promise<unknown>; maxAttempts: () => Promise<number> };
}

/** The parts of the SDK's retry token and error classification this strategy reads. */
interface Token {
  getRetryCount(): number;
  getRetryDelay(): number;
  getRetryCost(): number | undefined;
}
type ErrorType = 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR';

const RETRIED = new Set<ErrorType>(['THROTTLING', 'TRANSIENT', 'SERVER_ERROR']);

const token = (count: number): Token => ({ getRetryCount: () => count, getRetryDelay: () => 0, getRetryCost: () => undefined });

/** Replaces the client's retry strategy; answers a function that puts the SDK's own back. */
export function withoutRetryWaits(client: Configurable): () => void {
  const original = client.config.retryStrategy;
  const maxAttempts = client.config.maxAttempts;
  const strategy = {
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous: Token, error: { errorType: ErrorType }) => {
      const next = previous.getRetryCount() + 1;
      if (!RETRIED.has(error.errorType) || next >= (await maxAttempts())) throw new Error('No retry token available');
      return token(next);
    },
    recordSuccess: () => undefined,
  };
  client.config.retryStrategy = async () => strategy;
  return () => {
    client.config.retryStrategy = original;
  };
}
