// The functions of the local cloud: the same handler modules Lambda runs, by function name, and the
// environment they read. Handlers are imported only after the environment is set, because they
// parse their configuration when they load, as on a Lambda cold start.
import type { DynamoDBStreamEvent, DynamoDBBatchResponse, SNSEvent } from 'aws-lambda';
import type { FunctionEnvironment } from '#contract/environment.ts';
import { FUNCTIONS, functionName, type FunctionKey } from '#contract/functions.ts';
import type { HttpHandler } from './http-api.ts';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
export const STACK = 'PartnerPulse';

/** Every function by its deployed name (`PartnerPulse-occurrence`). */
export const FUNCTION_NAMES = Object.fromEntries(
  (Object.keys(FUNCTIONS) as FunctionKey[]).map((fn) => [fn, functionName(STACK, fn)]),
) as Record<FunctionKey, string>;

export function functionArn(name: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
}

export interface LocalEndpoints {
  dynamodb: string;
  ses: string;
  scheduler: string;
  secretsManager: string;
  publicUrl: string;
}

export const TOKEN_SECRET_ID = `${STACK}/token-keys`;

export const SCHEDULER_ROLE_ARN = `arn:aws:iam::${LOCAL_ACCOUNT}:role/${STACK}-scheduler`;

export const LOCAL_SETTINGS = {
  TABLE_NAME: 'partner-pulse',
  SENDER_EMAIL: 'surveys@sparkle.example',
  COMPANY_NAME: 'Sparkle Facility Services',
  POSTAL_ADDRESS: '100 Main Street, Springfield, IL 62701',
  DEPLOYMENT_TIMEZONE: 'America/Chicago',
  SERVICE_CATALOG: JSON.stringify([
    'Nightly janitorial',
    'Day porter',
    'Restroom supplies',
    'Window cleaning',
    'Power washing',
    'Carpet care',
    'Floor stripping and waxing',
    'Disinfection service',
  ]),
  DEFAULT_TEAM: JSON.stringify({
    operationsManager: { name: 'Sam Ito', email: 'sam@sparkle.example' },
    executive: { name: 'Pat Kim', email: 'pat@sparkle.example' },
  }),
} as const satisfies FunctionEnvironment;

/** Sets what the handlers read: settings, endpoints, and credentials the emulators accept. */
export function setLocalEnvironment(endpoints: LocalEndpoints): void {
  Object.assign(process.env, LOCAL_SETTINGS, {
    PUBLIC_URL: endpoints.publicUrl,
    SCHEDULE_GROUP: STACK,
    SCHEDULER_ROLE_ARN,
    SCHEDULER_DLQ_ARN: `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${STACK}-scheduler-dlq`,
    OCCURRENCE_FUNCTION_ARN: functionArn(FUNCTION_NAMES.occurrence),
    FOLLOWUP_FUNCTION_ARN: functionArn(FUNCTION_NAMES.followup),
    TOKEN_SECRET_ID,
  } satisfies FunctionEnvironment, {
    // What the AWS SDK reads, in Lambda as here: the emulators' endpoints, a region, credentials.
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_ENDPOINT_URL_SCHEDULER: endpoints.scheduler,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
}

type EventHandler = (event: unknown, context: unknown) => Promise<unknown>;
export type StreamHandler = (event: DynamoDBStreamEvent, context: unknown) => Promise<DynamoDBBatchResponse | void>;

/** Handlers invoked by the scheduler, by function name. */
export const SCHEDULED_HANDLERS: Record<string, () => Promise<EventHandler>> = {
  [FUNCTION_NAMES.occurrence]: async () => (await import('#handlers/occurrence.ts')).handler as EventHandler,
  [FUNCTION_NAMES.followup]: async () => (await import('#handlers/followup.ts')).handler as EventHandler,
  [FUNCTION_NAMES.digest]: async () => (await import('#handlers/digest.ts')).handler as EventHandler,
};

export const adminApiHandler = async (): Promise<HttpHandler> =>
  (await import('#handlers/admin-api.ts')).handler as unknown as HttpHandler;

export const publicPagesHandler = async (): Promise<HttpHandler> =>
  (await import('#handlers/public-pages.ts')).handler as unknown as HttpHandler;

export const sesEventsHandler = async (): Promise<(event: SNSEvent, context: unknown) => Promise<void>> =>
  (await import('#handlers/ses-events.ts')).handler as unknown as (event: SNSEvent, context: unknown) => Promise<void>;

export const riskStreamHandler = async (): Promise<StreamHandler> =>
  (await import('#handlers/risk-stream.ts')).handler as unknown as StreamHandler;
