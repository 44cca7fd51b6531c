// What DynamoDB Local does not show: two answers of one link racing for the score item. The real
// service cancels one transaction with TransactionConflict; the answer must be retried, not lost.
import { describe, expect, it } from 'vitest';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Scores } from '#adapters/dynamo/scores.ts';
import { Table } from '#adapters/dynamo/table.ts';
import type { Score } from '#domain/model.ts';

const answer: Score = {
  accountId: 'acme',
  meetingId: '2026-12-08T16:00:00Z',
  contactId: 'c1',
  scale: 10,
  score: 9,
  answeredAt: '2026-12-09T12:00:00.000Z',
  provisional: false,
};

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

/** A client that answers each send with the next outcome, and remembers what was sent. */
function client(outcomes: (Error | undefined)[]) {
  const sent: unknown[] = [];
  const db = {
    send: (command: unknown) => {
      sent.push(command);
      const outcome = outcomes.shift();
      return outcome ? Promise.reject(outcome) : Promise.resolve({});
    },
  } as unknown as DynamoDBDocumentClient;
  return { scores: new Scores(new Table(db, 'table')), sent };
}

describe('saving an answer', () => {
  it('tries again when another answer of the same link held the item, and then stores it with its history', async () => {
    const { scores, sent } = client([cancelled('TransactionConflict', 'None'), undefined]);

    await scores.save(answer);

    expect(sent.map((c) => c?.constructor)).toEqual([TransactWriteCommand, TransactWriteCommand]);
  });

  it('stores the answer without a history copy once the history is full', async () => {
    const { scores, sent } = client([cancelled('ConditionalCheckFailed', 'None'), undefined]);

    await scores.save(answer);

    const [, fallback] = sent;
    expect(fallback).toBeInstanceOf(UpdateCommand);
    expect((fallback as UpdateCommand).input.UpdateExpression).not.toContain('revisions');
    expect(Object.values((fallback as UpdateCommand).input.ExpressionAttributeValues ?? {})).toEqual(expect.arrayContaining([9, answer.answeredAt]));
  });

  it('gives up after a few conflicts rather than loop, so the failure is seen', async () => {
    const { scores, sent } = client(Array.from({ length: 4 }, () => cancelled('TransactionConflict', 'None')));

    await expect(scores.save(answer)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(sent).toHaveLength(4);
  });
});
