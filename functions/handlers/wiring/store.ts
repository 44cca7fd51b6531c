// The table, for every handler: the only builder here that needs DynamoDB.
import { digestQueries as digestQueriesOn, type DigestQueries } from '#adapters/digest-queries.ts';
import { dynamoDocumentClient } from '#adapters/dynamodb-client.ts';
import { Store } from '#adapters/store.ts';
import { config } from '../config.ts';

let built: Store | undefined;

export function store(): Store {
  built ??= new Store(dynamoDocumentClient(), config().TABLE_NAME);
  return built;
}

/** The weekly digest's own reads, on the same client and table. */
export function digestQueries(): DigestQueries {
  return digestQueriesOn(dynamoDocumentClient(), config().TABLE_NAME);
}
