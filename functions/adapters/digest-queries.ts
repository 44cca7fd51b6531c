// The weekly digest's reads, on the same table and keys (see #contract/table.ts): an account's
// answers and survey requests of the meetings since a date (one key-range Query each, whatever the
// number of meetings), and the open commitments created before a date (GSI1). Key conditions only:
// no Scan, no filter over history.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '#contract/table.ts';
import { Score, type Commitment, type SurveyRequest } from '#domain/model.ts';
import { Commitments } from './dynamo/commitments.ts';
import { Surveys } from './dynamo/surveys.ts';
import { fromItem, Table } from './dynamo/table.ts';

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

export function digestQueries(db: DynamoDBDocumentClient, tableName: string): DigestQueries {
  const table = new Table(db, tableName);
  const surveys = new Surveys(table);
  const commitments = new Commitments(table);
  return {
    // Oldest meeting first, unlike Scores.ofMeetingsSince: the digest lists them in order.
    async scoresOfMeetingsSince(accountId, since) {
      return (await table.from(accountId, keys.score.prefix, since)).map((item) => fromItem(Score, item));
    },
    surveyRequestsOfMeetingsSince: (accountId, since) => surveys.ofMeetingsSince(accountId, since),
    openCommitmentsCreatedBefore: (before) => commitments.openCreatedBefore(before),
  };
}
