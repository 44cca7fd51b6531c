// The table's repositories, for every handler: the only builder here that needs DynamoDB.
import { repositories as repositoriesOn, type Repositories } from '#adapters/dynamo/index.ts';
import { dynamoDocumentClient } from '#adapters/dynamodb-client.ts';
import { config } from '../config.ts';

let built: Repositories | undefined;

export function repositories(): Repositories {
  built ??= repositoriesOn(dynamoDocumentClient(), config().TABLE_NAME);
  return built;
}
