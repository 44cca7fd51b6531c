// Scores: the latest answer of each contact per meeting, and its first versions in the answer history.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ANSWER_REVISIONS_KEPT } from '#contract/limits.ts';
import { ATTRIBUTES, ENTITIES, keys } from '#contract/table.ts';
import { Score } from '#domain/model.ts';
import { fromItem, toItem, type Table } from './table.ts';

const CONFLICT_ATTEMPTS = 4;

/**
 * An update that makes the score item hold `score` and nothing else of an earlier answer (a comment
 * left out now is removed), as a Put would, while keeping the item's revision count.
 */
function replacement(score: Score): { set: string; remove: string; names: Record<string, string>; values: Record<string, unknown> } {
  const data: Record<string, unknown> = { [ATTRIBUTES.entity]: ENTITIES.score, ...score };
  const present = Object.entries(data).filter(([, value]) => value !== undefined);
  const absent = Object.keys(Score.shape).filter((field) => data[field] === undefined);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = present.map(([field, value], i) => {
    names[`#s${i}`] = field;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const removes = absent.map((field, i) => {
    names[`#r${i}`] = field;
    return `#r${i}`;
  });
  return { set: `SET ${sets.join(', ')}`, remove: removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : '', names, values };
}

/** Why a save's transaction was cancelled: the history is full, another answer got there first, or else. */
function cancellation(error: unknown): 'history-full' | 'conflict' | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const [score] = error.CancellationReasons ?? [];
  if (score?.Code === 'ConditionalCheckFailed') return 'history-full';
  return error.CancellationReasons?.some((r) => r.Code === 'TransactionConflict') ? 'conflict' : undefined;
}

export class Scores {
  constructor(private readonly table: Table) {}

  async get(accountId: string, meetingId: string, contactId: string): Promise<Score | undefined> {
    const item = await this.table.get(keys.score.of(accountId, meetingId, contactId));
    return item ? fromItem(Score, item) : undefined;
  }

  /**
   * Stores a contact's answer for a meeting (latest wins) and keeps it in the answer history, up to
   * ANSWER_REVISIONS_KEPT versions per score. The score item counts the versions and a version is
   * written only in the transaction that raises the count under the cap: DynamoDB serializes
   * transactions on one item, so concurrent answers cannot pass the cap at all, and nothing is read.
   * Past the cap the answer still replaces the score; only its copy in the history is not kept, so
   * the history holds the first versions (what the customer said first is the record worth keeping;
   * a link answered 20 times over is someone fiddling or a script) and no delete is needed.
   */
  async save(score: Score): Promise<void> {
    const { accountId, meetingId, contactId, answeredAt } = score;
    const key = keys.score.of(accountId, meetingId, contactId);
    const replace = replacement(score);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.table.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table.name,
                  Key: key,
                  UpdateExpression: `${replace.set}, #revisions = if_not_exists(#revisions, :zero) + :one${replace.remove}`,
                  ConditionExpression: 'attribute_not_exists(#revisions) OR #revisions < :kept',
                  ExpressionAttributeNames: { ...replace.names, '#revisions': ATTRIBUTES.revisions },
                  ExpressionAttributeValues: { ...replace.values, ':zero': 0, ':one': 1, ':kept': ANSWER_REVISIONS_KEPT },
                },
              },
              {
                Put: {
                  TableName: this.table.name,
                  Item: toItem(keys.answer.of(accountId, meetingId, contactId, answeredAt), ENTITIES.answer, score),
                },
              },
            ],
          }),
        );
        return;
      } catch (error) {
        const reason = cancellation(error);
        if (reason === 'history-full') break;
        // Two answers of one link at the same moment: the loser tries again rather than lose the answer.
        if (reason === 'conflict' && attempt < CONFLICT_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 30));
          continue;
        }
        throw error;
      }
    }
    await this.table.db.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: key,
        UpdateExpression: `${replace.set}${replace.remove}`,
        ExpressionAttributeNames: replace.names,
        ExpressionAttributeValues: replace.values,
      }),
    );
  }

  /** The latest scores, newest meeting first. */
  async recent(accountId: string, limit: number): Promise<Score[]> {
    return (await this.table.latest(accountId, keys.score.prefix, limit)).map((item) => fromItem(Score, item));
  }

  /**
   * The scores of the meetings scheduled at or after `since` (an ISO instant, as meeting ids are),
   * newest meeting first. Meeting ids lead the sort key, so this is one key range: what it reads
   * depends on the window, not on how long the account's history is.
   */
  async ofMeetingsSince(accountId: string, since: string): Promise<Score[]> {
    return (await this.table.from(accountId, keys.score.prefix, since, true)).map((item) => fromItem(Score, item));
  }

  /** The same, oldest meeting first: the weekly digest lists them in order. */
  async ofMeetingsSinceInOrder(accountId: string, since: string): Promise<Score[]> {
    return (await this.table.from(accountId, keys.score.prefix, since)).map((item) => fromItem(Score, item));
  }
}
