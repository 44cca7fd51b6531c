// The process's one EventBridge Scheduler client. The endpoint comes from AWS_ENDPOINT_URL_SCHEDULER
// when set, so the same code talks to AWS or to the Scheduler emulator.
import { SchedulerClient } from '@aws-sdk/client-scheduler';

let scheduler: SchedulerClient | undefined;

export function schedulerClient(): SchedulerClient {
  scheduler ??= new SchedulerClient({ maxAttempts: 5 });
  return scheduler;
}
