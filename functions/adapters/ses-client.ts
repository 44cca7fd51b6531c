// The process's one SES client. The endpoint comes from AWS_ENDPOINT_URL_SES when set, so the same
// code talks to AWS or to the SES emulator.
import { SESClient } from '@aws-sdk/client-ses';

let ses: SESClient | undefined;

/** SES with adaptive retries: throttling backs off and tries again rather than dropping a send. */
export function sesClient(): SESClient {
  ses ??= new SESClient({ maxAttempts: 8, retryMode: 'adaptive' });
  return ses;
}
