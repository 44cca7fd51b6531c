// The local stream poller against DynamoDB Local's real stream: Lambda's record shape, batch item
// failures redelivered from the failing record, a poison record set aside after its retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { StreamPoller, type StreamHandler } from '../../local/stream-poller.ts';
import { createTestTable, localCredentials, type TestTable } from '../support/dynamo.ts';
import { inject } from 'vitest';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
});

afterAll(async () => {
  await table.drop();
});

async function put(pk: string): Promise<void> {
  await table.client.send(
    new PutItemCommand({ TableName: table.tableName, Item: { PK: { S: pk }, SK: { S: 'X' }, n: { N: '1' } } }),
  );
}

function poller(handler: StreamHandler, maxRetries = 2): StreamPoller {
  return new StreamPoller({
    dynamo: table.client,
    streams: StreamPoller.clientFor(inject('dynamoEndpoint'), localCredentials),
    tableName: table.tableName,
    handler,
    maxRetries,
  });
}

const keyOf = (record: DynamoDBRecord) => record.dynamodb?.Keys?.PK?.S ?? '?';

describe('the stream poller', () => {
  it('delivers new items in order in the shape Lambda gives a stream handler', async () => {
    const seen: DynamoDBRecord[] = [];
    const subject = poller(async (event) => {
      seen.push(...event.Records);
    });
    await put('shape-1');
    await put('shape-2');

    await subject.drain();

    const ours = seen.filter((r) => keyOf(r).startsWith('shape-'));
    expect(ours.map(keyOf)).toEqual(['shape-1', 'shape-2']);
    expect(ours[0]).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: { NewImage: { PK: { S: 'shape-1' } }, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    expect(typeof ours[0]?.dynamodb?.ApproximateCreationDateTime).toBe('number');
    expect(ours[0]?.eventSourceARN).toMatch(/^arn:aws:dynamodb:/);
  });

  it('redelivers from the record reported as failed, and not the ones before it', async () => {
    const deliveries: string[][] = [];
    let failOnce = true;
    const subject = poller(async (event) => {
      const keys = event.Records.map(keyOf).filter((k) => k.startsWith('retry-'));
      if (keys.length > 0) deliveries.push(keys);
      const failing = event.Records.find((r) => keyOf(r) === 'retry-2');
      if (failing && failOnce) {
        failOnce = false;
        return { batchItemFailures: [{ itemIdentifier: failing.dynamodb?.SequenceNumber ?? '' }] };
      }
      return { batchItemFailures: [] };
    });
    await subject.drain();
    deliveries.length = 0;
    await put('retry-1');
    await put('retry-2');
    await put('retry-3');

    await subject.drain();

    expect(deliveries).toEqual([
      ['retry-1', 'retry-2', 'retry-3'],
      ['retry-2', 'retry-3'],
    ]);
    expect(subject.failures).toEqual([]);
  });

  it('sets a poison record aside after its retries and goes on with the rest', async () => {
    const handled: string[] = [];
    const subject = poller(async (event) => {
      const failures = [];
      for (const record of event.Records) {
        if (keyOf(record) === 'poison-1') {
          failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
          break;
        }
        handled.push(keyOf(record));
      }
      return { batchItemFailures: failures };
    }, 2);
    await subject.drain();
    await put('poison-0');
    await put('poison-1');

    await subject.drain();
    await put('poison-2');
    await subject.drain();

    expect(subject.failures).toHaveLength(1);
    expect(subject.failures[0]?.sequenceNumbers).toHaveLength(1);
    expect(handled.filter((k) => k === 'poison-0')).toHaveLength(1);
    expect(handled).toContain('poison-2');
  });

  it('retries a batch whose handler throws, then succeeds without losing a record', async () => {
    let calls = 0;
    const handled: string[] = [];
    const subject = poller(async (event) => {
      const keys = event.Records.map(keyOf).filter((k) => k.startsWith('throw-'));
      if (keys.length > 0 && ++calls === 1) throw new Error('temporary failure');
      handled.push(...keys);
    });
    await subject.drain();
    await put('throw-1');

    await subject.drain();

    expect(handled).toEqual(['throw-1']);
    expect(calls).toBe(2);
  });
});
