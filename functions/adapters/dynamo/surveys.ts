// Survey requests (one per meeting and contact) and the clicks on their score links.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ENTITIES, keys } from '#contract/table.ts';
import { type Click, SurveyRequest } from '#domain/model.ts';
import { recordOnce } from './once.ts';
import { fromItem, toItem, type Table } from './table.ts';

const key = keys.surveyRequest;

export class Surveys {
  constructor(private readonly table: Table) {}

  /** Records the request once: false when that meeting's survey was already requested of the contact. */
  async record(request: SurveyRequest): Promise<boolean> {
    return recordOnce(
      this.table,
      toItem(key.of(request.accountId, request.meetingId, request.contactId), ENTITIES.surveyRequest, request),
    );
  }

  async get(accountId: string, meetingId: string, contactId: string): Promise<SurveyRequest | undefined> {
    const item = await this.table.get(key.of(accountId, meetingId, contactId));
    return item ? fromItem(SurveyRequest, item) : undefined;
  }

  /** The survey requests of one meeting, one per contact. */
  async ofMeeting(accountId: string, meetingId: string): Promise<SurveyRequest[]> {
    return (await this.table.under(accountId, key.ofMeeting(meetingId))).map((item) => fromItem(SurveyRequest, item));
  }

  /** The survey requests of the meetings scheduled at or after `since` (ISO instant), in one key range. */
  async ofMeetingsSince(accountId: string, since: string): Promise<SurveyRequest[]> {
    return (await this.table.from(accountId, key.prefix, since)).map((item) => fromItem(SurveyRequest, item));
  }

  /**
   * Notes a score link opened. Bounded: past `limit` clicks a token is clearly a scanner's, and
   * further clicks are dropped rather than grow the item.
   */
  async recordClick(accountId: string, meetingId: string, contactId: string, click: Click, limit: number): Promise<void> {
    try {
      await this.table.db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: key.of(accountId, meetingId, contactId),
          UpdateExpression: 'SET clicks = list_append(if_not_exists(clicks, :none), :click)',
          // Only for a survey that was sent, and only a score on its scale.
          ConditionExpression: 'attribute_exists(PK) AND #scale >= :score AND (attribute_not_exists(clicks) OR size(clicks) < :limit)',
          ExpressionAttributeNames: { '#scale': 'scale' },
          ExpressionAttributeValues: { ':none': [], ':click': [click], ':limit': limit, ':score': click.score },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Sets one timestamp of a survey request (`scannerAt` keeps the first). */
  async mark(
    accountId: string,
    meetingId: string,
    contactId: string,
    field: 'answeredAt' | 'reminderSentAt' | 'scannerAt',
    at: string,
  ): Promise<void> {
    await this.table.db.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: key.of(accountId, meetingId, contactId),
        UpdateExpression: field === 'scannerAt' ? 'SET #f = if_not_exists(#f, :at)' : 'SET #f = :at',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#f': field },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
}
