// An account's meetings, one item per occurrence.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ENTITIES, keys } from '#contract/table.ts';
import { NotFound } from '#domain/errors.ts';
import { Meeting } from '#domain/model.ts';
import { recordOnce } from './once.ts';
import { fromItem, toItem, type Table } from './table.ts';

const key = keys.meeting;
const meetingItem = (meeting: Meeting) => toItem(key.of(meeting.accountId, meeting.scheduledTime), ENTITIES.meeting, meeting);

export class Meetings {
  constructor(private readonly table: Table) {}

  /** Records a meeting once: false when that occurrence was already recorded. */
  async record(meeting: Meeting): Promise<boolean> {
    return recordOnce(this.table, meetingItem(meeting));
  }

  async get(accountId: string, scheduledTime: string): Promise<Meeting | undefined> {
    const item = await this.table.get(key.of(accountId, scheduledTime));
    return item ? fromItem(Meeting, item) : undefined;
  }

  /** Replaces a meeting that exists; NotFound otherwise. */
  async save(meeting: Meeting): Promise<void> {
    try {
      await this.table.db.send(
        new PutCommand({ TableName: this.table.name, Item: meetingItem(meeting), ConditionExpression: 'attribute_exists(PK)' }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new NotFound(`account ${meeting.accountId} has no meeting at ${meeting.scheduledTime}`);
      }
      throw error;
    }
  }

  /** The latest meetings, newest first. */
  async recent(accountId: string, limit: number): Promise<Meeting[]> {
    return (await this.table.latest(accountId, key.prefix, limit)).map((item) => fromItem(Meeting, item));
  }
}
