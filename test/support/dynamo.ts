// A fresh table per test file on the run's DynamoDB Local.
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createTableInput } from '#adapters/table.ts';
import { createDocumentClient, repositories, type Repositories } from '#adapters/dynamo/index.ts';

export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface TestTable {
  client: DynamoDBClient;
  repos: Repositories;
  tableName: string;
  drop(): Promise<void>;
}

export async function createTestTable(): Promise<TestTable> {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'us-east-1',
    credentials: localCredentials,
  });
  const tableName = `test-${randomUUID()}`;
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  return {
    client,
    tableName,
    repos: repositories(createDocumentClient(client), tableName),
    async drop() {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}
