// The table's repositories, for every handler: the only builder here that needs DynamoDB.
import { digestQueries as digestQueriesOn, type DigestQueries } from '#adapters/digest-queries.ts';
import { repositories as repositoriesOn, type Repositories } from '#adapters/dynamo/index.ts';
import { dynamoDocumentClient } from '#adapters/dynamodb-client.ts';
import { config } from '../config.ts';

let built: Repositories | undefined;

export function repositories(): Repositories {
  built ??= repositoriesOn(dynamoDocumentClient(), config().TABLE_NAME);
  return built;
}

/** The weekly digest's own reads, on the same client and table. */
export function digestQueries(): DigestQueries {
  return digestQueriesOn(dynamoDocumentClient(), config().TABLE_NAME);
}
