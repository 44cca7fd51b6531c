// The digest's reads get three tries each: one call failing past the SDK's retries must not cost every
// manager the week's digest.
import { describe, expect, it } from 'vitest';
import { tries } from '#app/digest.ts';

describe('tries', () => {
  it.each([
    ['succeeds at once', 0, { value: 'read', calls: 1 }],
    ['fails once, then succeeds', 1, { value: 'read', calls: 2 }],
    ['fails twice, then succeeds', 2, { value: 'read', calls: 3 }],
    ['fails three times: the last error is thrown', 3, { error: 'throttled 3', calls: 3 }],
  ])('a read that %s', async (_case, failures, expected) => {
    let calls = 0;
    const read = async () => {
      calls += 1;
      if (calls <= failures) throw new Error(`throttled ${calls}`);
      return 'read';
    };

    const outcome = await tries(read).then(
      (value) => ({ value, calls }),
      (error: Error) => ({ error: error.message, calls }),
    );

    expect(outcome).toEqual(expected);
  });
});
