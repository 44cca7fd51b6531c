// Every SDK client of the process, for the local cloud and tests. Handlers import the one module of
// each client they use (through functions/handlers/wiring/), so that a function bundles no client it
// does not call.
//
// functions/adapters/: the only code that talks to AWS (repositories over the table, mailer,
// scheduler, secrets, clock). A new AWS call goes in the adapter of its service; what it means goes
// in functions/domain/; the Scheduler retry policy and other shared facts are in functions/contract/.
export { dynamoDocumentClient } from './dynamodb-client.ts';
export { schedulerClient } from './scheduler-client.ts';
export { secretsManagerClient } from './secrets.ts';
export { sesClient } from './ses-client.ts';
