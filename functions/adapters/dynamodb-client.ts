// The process's one DynamoDB client (the document client over it). The endpoint comes from
// AWS_ENDPOINT_URL_DYNAMODB when set, so the same code talks to AWS or to DynamoDB Local.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from './dynamo/table.ts';

let documentClient: DynamoDBDocumentClient | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= createDocumentClient(new DynamoDBClient({}));
  return documentClient;
}
