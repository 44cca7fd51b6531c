// Scores: the latest answer of each contact per meeting, and every version in the answer history.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ENTITIES, keys } from '#contract/table.ts';
import { Score } from '#domain/model.ts';
import { fromItem, toItem, type Table } from './table.ts';

export class Scores {
  constructor(private readonly table: Table) {}

  async get(accountId: string, meetingId: string, contactId: string): Promise<Score | undefined> {
    const item = await this.table.get(keys.score.of(accountId, meetingId, contactId));
    return item ? fromItem(Score, item) : undefined;
  }

  /** Stores a contact's answer for a meeting (latest wins) and keeps every version in the history. */
  async save(score: Score): Promise<void> {
    const { accountId, meetingId, contactId, answeredAt } = score;
    await this.table.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table.name, Item: toItem(keys.score.of(accountId, meetingId, contactId), ENTITIES.score, score) } },
          {
            Put: {
              TableName: this.table.name,
              Item: toItem(keys.answer.of(accountId, meetingId, contactId, answeredAt), ENTITIES.answer, score),
            },
          },
        ],
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
