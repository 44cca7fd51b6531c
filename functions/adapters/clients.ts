// Every SDK client of the process, for the local cloud and tests. Handlers import the one module of
// each client they use (through functions/handlers/wiring/), so that a function bundles no client it
// does not call.
export { dynamoDocumentClient } from './dynamodb-client.ts';
export { schedulerClient } from './scheduler-client.ts';
export { secretsManagerClient } from './secrets.ts';
export { sesClient } from './ses-client.ts';
