// EventBridge Scheduler, for the handlers that create or manage schedules.
import { Scheduler } from '#adapters/scheduler.ts';
import { schedulerClient } from '#adapters/scheduler-client.ts';
import { config } from '../config.ts';

let built: Scheduler | undefined;

export function scheduler(): Scheduler {
  if (built) return built;
  const settings = config();
  built = new Scheduler(schedulerClient(), {
    group: settings.SCHEDULE_GROUP,
    roleArn: settings.SCHEDULER_ROLE_ARN,
    occurrenceTargetArn: settings.OCCURRENCE_FUNCTION_ARN,
    followupTargetArn: settings.FOLLOWUP_FUNCTION_ARN,
    ...(settings.SCHEDULER_DLQ_ARN ? { deadLetterArn: settings.SCHEDULER_DLQ_ARN } : {}),
  });
  return built;
}
