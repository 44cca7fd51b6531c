// One SDK client per service for the whole process. Endpoints come from the standard
// AWS_ENDPOINT_URL_<SERVICE> variables, so the same code talks to AWS or to the local emulators.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESClient } from '@aws-sdk/client-ses';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from './store.ts';

let documentClient: DynamoDBDocumentClient | undefined;
let ses: SESClient | undefined;
let scheduler: SchedulerClient | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= createDocumentClient(new DynamoDBClient({}));
  return documentClient;
}

/** SES with adaptive retries: throttling backs off and tries again rather than dropping a send. */
export function sesClient(): SESClient {
  ses ??= new SESClient({ maxAttempts: 8, retryMode: 'adaptive' });
  return ses;
}

export function schedulerClient(): SchedulerClient {
  scheduler ??= new SchedulerClient({ maxAttempts: 5 });
  return scheduler;
}
