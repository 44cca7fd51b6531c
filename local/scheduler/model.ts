// The emulator's records. Field names inside Target and FlexibleTimeWindow keep the AWS spelling
// because they travel through the API unchanged.

export type ScheduleState = 'ENABLED' | 'DISABLED';
export type ActionAfterCompletion = 'NONE' | 'DELETE';

export interface RetryPolicy {
  MaximumEventAgeInSeconds: number;
  MaximumRetryAttempts: number;
}

export interface Target {
  Arn: string;
  RoleArn: string;
  Input?: string;
  RetryPolicy: RetryPolicy;
  DeadLetterConfig?: { Arn?: string };
  /** Parameters for other target types (SqsParameters, EcsParameters…), kept as given. */
  [parameters: string]: unknown;
}

export interface FlexibleTimeWindow {
  Mode: 'OFF' | 'FLEXIBLE';
  MaximumWindowInMinutes?: number;
}

/** Everything a CreateSchedule or UpdateSchedule request sets; an update replaces all of it. */
export interface ScheduleDefinition {
  expression: string;
  timezone: string;
  /** ms since epoch */
  startDate?: number;
  /** ms since epoch */
  endDate?: number;
  description?: string;
  state: ScheduleState;
  kmsKeyArn?: string;
  target: Target;
  flexibleTimeWindow: FlexibleTimeWindow;
  actionAfterCompletion: ActionAfterCompletion;
}

export interface ScheduleRecord extends ScheduleDefinition {
  name: string;
  group: string;
  arn: string;
  createdAt: number;
  modifiedAt: number;
  /** Lets an SDK retry of CreateSchedule succeed instead of conflicting with itself. */
  clientToken?: string;
  /** Occurrences at or after this instant are still to come; earlier ones fired or were skipped. */
  cursor: number;
  firedCount: number;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface GroupRecord {
  name: string;
  arn: string;
  createdAt: number;
  modifiedAt: number;
  tags: Tag[];
}

export interface DeadLetter {
  scheduleName: string;
  groupName: string;
  scheduleArn: string;
  targetArn: string;
  /** The target's DeadLetterConfig.Arn (an SQS queue in AWS), when it has one. */
  deadLetterArn?: string;
  /** The input of the last attempt, with context attributes filled in. */
  input: string;
  error: string;
  attempts: number;
  /** ISO-8601, as in `<aws.scheduler.scheduled-time>`. */
  scheduledTime: string;
  /** ISO-8601 instant the last attempt failed. */
  time: string;
}

export interface Fired {
  name: string;
  group: string;
  targetArn: string;
  /** ISO-8601, exactly as passed in `<aws.scheduler.scheduled-time>`. */
  scheduledTime: string;
  attempts: number;
  outcome: 'ok' | 'dead-letter';
}

/** One line of the local home page's schedule list. */
export interface ScheduleOverview {
  name: string;
  group: string;
  arn: string;
  expression: string;
  timezone: string;
  state: ScheduleState;
  description?: string;
  targetArn: string;
  actionAfterCompletion: ActionAfterCompletion;
  startDate?: string;
  endDate?: string;
  /** ISO-8601, or null when the schedule will not fire again (disabled, ended, already ran). */
  nextFireTime: string | null;
  createdAt: string;
  lastModified: string;
}

/** What the local cloud is asked to run when a schedule fires. A throw is a failed attempt. */
export type InvokeTarget = (target: { arn: string; functionName: string; input: string }) => Promise<void>;

/**
 * Thrown by an `InvokeTarget` for failures a retry cannot fix (e.g. no such function): the
 * invocation goes to the dead letters at once instead of being retried.
 */
export class NonRetryableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonRetryableError';
  }
}
