// Checks requests the way EventBridge Scheduler does (same limits, same error type), so a mistake
// shows up locally instead of on the first deploy. Messages say what is wrong and how to fix it.
import { validation } from './errors.ts';
import { ExpressionError, parseScheduleExpression, type ScheduleExpression } from './expressions.ts';
import type { FlexibleTimeWindow, RetryPolicy, ScheduleDefinition, Tag, Target } from './model.ts';
import { isTimezone } from '#contract/timezone.ts';

export type Fields = Record<string, unknown>;

const NAME_PATTERN = /^[0-9a-zA-Z\-_.]+$/;

export const DEFAULT_RETRY_POLICY: RetryPolicy = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 };

/** StartDate may lie a little in the past, as in AWS, so a request built a moment ago still passes. */
const START_DATE_GRACE_MS = 5 * 60_000;

export function checkName(value: unknown, what: 'Name' | 'GroupName' | 'schedule group Name'): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 64 || !NAME_PATTERN.test(value)) {
    throw validation(
      `${what} ${JSON.stringify(value ?? null)} is not valid: use 1 to 64 letters, digits, "-", "_" or ".".`,
    );
  }
  return value;
}

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(fields: Fields, key: string, max: number, where = ''): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validation(`${where}${key} must be a string.`);
  if (value.length > max) throw validation(`${where}${key} is ${value.length} characters long; the limit is ${max}.`);
  return value;
}

function requiredString(fields: Fields, key: string, max: number, where = ''): string {
  const value = optionalString(fields, key, max, where);
  if (value === undefined || value === '') throw validation(`${where}${key} is required.`);
  return value;
}

function optionalInteger(fields: Fields, key: string, min: number, max: number, where = ''): number | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw validation(`${where}${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function oneOf<T extends string>(fields: Fields, key: string, allowed: readonly T[], fallback: T, where = ''): T {
  const value = fields[key];
  if (value === undefined || value === null) return fallback;
  if (!allowed.includes(value as T)) {
    throw validation(`${where}${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}.`);
  }
  return value as T;
}

/** Timestamps arrive as epoch seconds over the wire (restJson1), or as Dates from code. */
function optionalInstant(fields: Fields, key: string): number | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value * 1000
        : typeof value === 'string'
          ? Date.parse(value)
          : Number.NaN;
  if (!Number.isFinite(ms)) throw validation(`${key} must be a date, got ${JSON.stringify(value)}.`);
  return ms;
}

export function readExpression(text: string): ScheduleExpression {
  try {
    return parseScheduleExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError) throw validation(error.message);
    throw error;
  }
}

/** Reads the body of CreateSchedule / UpdateSchedule into a full definition. */
export function readScheduleDefinition(fields: Fields, now: number): ScheduleDefinition {
  const expressionText = fields.ScheduleExpression;
  if (typeof expressionText !== 'string' || expressionText === '') {
    throw validation(
      'ScheduleExpression is required: at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(minutes hours day-of-month month day-of-week year).',
    );
  }
  if (expressionText.length > 256) throw validation('ScheduleExpression is longer than 256 characters.');
  const expression = readExpression(expressionText);

  const timezone = optionalString(fields, 'ScheduleExpressionTimezone', 50) ?? 'UTC';
  if (!isTimezone(timezone)) {
    throw validation(
      `ScheduleExpressionTimezone ${JSON.stringify(timezone)} is not a time zone: use an IANA name such as America/Chicago, Europe/Berlin or UTC.`,
    );
  }

  const startDate = optionalInstant(fields, 'StartDate');
  const endDate = optionalInstant(fields, 'EndDate');
  if (startDate !== undefined && expression.kind !== 'at' && startDate < now - START_DATE_GRACE_MS) {
    throw validation('The StartDate you specify cannot be earlier than 5 minutes ago.');
  }
  if (endDate !== undefined && endDate <= now) {
    throw validation(`The EndDate you specify (${new Date(endDate).toISOString()}) must be in the future.`);
  }
  if (startDate !== undefined && endDate !== undefined && endDate <= startDate) {
    throw validation(
      `The EndDate (${new Date(endDate).toISOString()}) must be after the StartDate (${new Date(startDate).toISOString()}).`,
    );
  }

  const definition: ScheduleDefinition = {
    expression: expressionText,
    timezone,
    state: oneOf(fields, 'State', ['ENABLED', 'DISABLED'] as const, 'ENABLED'),
    target: readTarget(fields.Target),
    flexibleTimeWindow: readFlexibleTimeWindow(fields.FlexibleTimeWindow),
    actionAfterCompletion: oneOf(fields, 'ActionAfterCompletion', ['NONE', 'DELETE'] as const, 'NONE'),
  };
  const description = optionalString(fields, 'Description', 512);
  const kmsKeyArn = optionalString(fields, 'KmsKeyArn', 2048);
  if (startDate !== undefined) definition.startDate = startDate;
  if (endDate !== undefined) definition.endDate = endDate;
  if (description !== undefined) definition.description = description;
  if (kmsKeyArn !== undefined) definition.kmsKeyArn = kmsKeyArn;
  return definition;
}

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9\-_]+)(:[A-Za-z0-9\-_$]+)?$/;

/** The function name of a Lambda function ARN, or undefined for any other target. */
export function lambdaFunctionName(arn: string): string | undefined {
  return LAMBDA_ARN.exec(arn)?.[1];
}

function readTarget(value: unknown): Target {
  if (!isRecord(value)) {
    throw validation('Target is required: give at least its Arn (e.g. a Lambda function ARN) and the RoleArn the scheduler assumes to invoke it.');
  }
  const arn = requiredString(value, 'Arn', 1600, 'Target.');
  if (!/^arn:aws[a-z-]*:[a-z0-9-]+:/.test(arn)) throw validation(`Target.Arn ${JSON.stringify(arn)} is not an ARN.`);
  const roleArn = requiredString(value, 'RoleArn', 1600, 'Target.');
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(roleArn)) {
    throw validation(`Target.RoleArn ${JSON.stringify(roleArn)} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`);
  }
  const input = optionalString(value, 'Input', 8192, 'Target.');
  if (input === '') throw validation('Target.Input must not be empty; leave it out instead.');
  if (input !== undefined && lambdaFunctionName(arn) !== undefined) checkJsonInput(input);

  const retry = value.RetryPolicy;
  if (retry !== undefined && retry !== null && !isRecord(retry)) throw validation('Target.RetryPolicy must be an object.');
  const retryPolicy: RetryPolicy = {
    MaximumEventAgeInSeconds:
      optionalInteger(retry ?? {}, 'MaximumEventAgeInSeconds', 60, 86_400, 'Target.RetryPolicy.') ??
      DEFAULT_RETRY_POLICY.MaximumEventAgeInSeconds,
    MaximumRetryAttempts:
      optionalInteger(retry ?? {}, 'MaximumRetryAttempts', 0, 185, 'Target.RetryPolicy.') ??
      DEFAULT_RETRY_POLICY.MaximumRetryAttempts,
  };

  // Nulls are how some callers say "not set"; AWS echoes back only what is set.
  const given = Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null && field !== undefined));
  const target: Target = { ...given, Arn: arn, RoleArn: roleArn, RetryPolicy: retryPolicy };
  const deadLetter = value.DeadLetterConfig;
  if (deadLetter !== undefined && deadLetter !== null) {
    if (!isRecord(deadLetter)) throw validation('Target.DeadLetterConfig must be an object.');
    const queue = optionalString(deadLetter, 'Arn', 1600, 'Target.DeadLetterConfig.');
    if (queue !== undefined && !/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9\-_]+$/.test(queue)) {
      throw validation(`Target.DeadLetterConfig.Arn ${JSON.stringify(queue)} is not an SQS queue ARN.`);
    }
    target.DeadLetterConfig = queue === undefined ? {} : { Arn: queue };
  }
  return target;
}

/**
 * AWS requires well-formed JSON for templated targets such as Lambda. Context attributes are
 * filled in first, so `"<aws.scheduler.attempt-number>"` and a bare attempt number both pass.
 */
function checkJsonInput(input: string): void {
  try {
    JSON.parse(input.replace(/<aws\.scheduler\.[a-z-]+>/g, '0'));
  } catch (error) {
    throw validation(`Target.Input must be well-formed JSON for a Lambda target: ${(error as Error).message}.`);
  }
}

function readFlexibleTimeWindow(value: unknown): FlexibleTimeWindow {
  if (!isRecord(value)) {
    throw validation('FlexibleTimeWindow is required: use {"Mode": "OFF"} to invoke the target at the scheduled time.');
  }
  const mode = value.Mode;
  if (mode !== 'OFF' && mode !== 'FLEXIBLE') {
    throw validation(`FlexibleTimeWindow.Mode must be OFF or FLEXIBLE, got ${JSON.stringify(mode ?? null)}.`);
  }
  const window = optionalInteger(value, 'MaximumWindowInMinutes', 1, 1440, 'FlexibleTimeWindow.');
  if (mode === 'FLEXIBLE' && window === undefined) {
    throw validation('FlexibleTimeWindow.MaximumWindowInMinutes (1 to 1440) is required when Mode is FLEXIBLE.');
  }
  return mode === 'FLEXIBLE' ? { Mode: mode, MaximumWindowInMinutes: window } : { Mode: mode };
}

export function readTags(value: unknown): Tag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 200) throw validation('Tags must be a list of at most 200 {Key, Value} pairs.');
  return value.map((tag: unknown) => {
    if (!isRecord(tag)) throw validation('Each tag is a {Key, Value} pair.');
    return { Key: requiredString(tag, 'Key', 128, 'Tag.'), Value: optionalString(tag, 'Value', 256, 'Tag.') ?? '' };
  });
}

export interface PageRequest {
  namePrefix?: string;
  nextToken?: string;
  maxResults: number;
}

export function readPageRequest(fields: Fields): PageRequest {
  const request: PageRequest = { maxResults: optionalInteger(fields, 'MaxResults', 1, 100) ?? 100 };
  const prefix = optionalString(fields, 'NamePrefix', 64);
  if (prefix !== undefined) {
    if (!NAME_PATTERN.test(prefix)) throw validation(`NamePrefix ${JSON.stringify(prefix)} may only hold letters, digits, "-", "_" or ".".`);
    request.namePrefix = prefix;
  }
  const token = optionalString(fields, 'NextToken', 2048);
  if (token !== undefined) request.nextToken = token;
  return request;
}
