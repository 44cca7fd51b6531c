// The weekly digest's reads that the store has no method for, on the same table and keys (see the
// key design at the top of store.ts): an account's answers and survey requests of the meetings
// since a date (one key-range Query each, whatever the number of meetings), and the open
// commitments created before a date (GSI1). Key conditions only: no Scan, no filter over history.
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { Commitment, Score, SurveyRequest } from '#domain/model.ts';
import { fromItem } from './store.ts';

export interface DigestQueries {
  /** The latest answer of each contact, for the meetings scheduled at or after `since` (ISO instant). */
  scoresOfMeetingsSince(accountId: string, since: string): Promise<Score[]>;
  /** The survey requests (one per meeting and contact) of the meetings scheduled at or after `since`. */
  surveyRequestsOfMeetingsSince(accountId: string, since: string): Promise<SurveyRequest[]>;
  /**
   * Open commitments of every account created before `before` (ISO instant), oldest first; one created
   * at `before` itself may come too, so the caller compares exactly.
   */
  openCommitmentsCreatedBefore(before: string): Promise<Commitment[]>;
}

type Item = Record<string, unknown>;

export function digestQueries(db: DynamoDBDocumentClient, tableName: string): DigestQueries {
  const queryAll = async (input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> => {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await db.send(new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  };

  // Meeting ids are ISO instants and lead the sort key, so "meetings since" is a key range.
  const sinceMeeting = async (accountId: string, prefix: 'SCORE#' | 'SURVEY#', since: string) =>
    queryAll({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':from': `${prefix}${since}`, ':to': `${prefix}\uffff` },
    });

  return {
    async scoresOfMeetingsSince(accountId, since) {
      return (await sinceMeeting(accountId, 'SCORE#', since)).map((item) => fromItem(Score, item));
    },
    async surveyRequestsOfMeetingsSince(accountId, since) {
      return (await sinceMeeting(accountId, 'SURVEY#', since)).map((item) => fromItem(SurveyRequest, item));
    },
    async openCommitmentsCreatedBefore(before) {
      // GSI1SK is `<created>#<account id>`: everything created before `before` sorts below `<before>\uffff`.
      const items = await queryAll({
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :last',
        ExpressionAttributeValues: { ':pk': 'COMMITMENTS#open', ':last': `${before}\uffff` },
      });
      return items.map((item) => fromItem(Commitment, item));
    },
  };
}
