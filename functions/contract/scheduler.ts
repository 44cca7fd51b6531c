// What every EventBridge Scheduler target is given, whoever creates the schedule: the stack (the
// weekly digest, lib/constructs/scheduling.ts), the functions at run time (functions/adapters/scheduler.ts)
// and the local cloud (local/cloud.ts). Spelled as the Scheduler API spells it.

/** Retries of a delivery that failed (target throttled or gone) before it goes to the dead-letter queue. */
export const SCHEDULE_RETRY_POLICY = { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 6 * 3600 } as const;

/** The weekly digest: Monday 08:00 in the deployment's time zone; the handler reads `scheduledTime`. */
export const DIGEST_SCHEDULE = {
  name: 'weekly-digest',
  expression: 'cron(0 8 ? * MON *)',
  input: { scheduledTime: '<aws.scheduler.scheduled-time>' },
} as const;

/**
 * Lambda's own retries of an asynchronous invocation (from Scheduler or SNS) whose run failed: two
 * more tries, about one and then two minutes later, then the event goes to the function's failure
 * queue. The stack configures it (lib/constructs/function.ts); the local cloud replays it.
 */
export const ASYNC_INVOKE_RETRY = { retryAttempts: 2, delaysSeconds: [60, 120], maxEventAgeSeconds: 6 * 3600 } as const;
