// The repositories over the single table, one per aggregate, built together so wiring is one line.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Stores } from '#app/ports.ts';
import { Accounts } from './accounts.ts';
import { Alerts } from './alerts.ts';
import { Commitments } from './commitments.ts';
import { Events } from './events.ts';
import { Meetings } from './meetings.ts';
import { Once } from './once.ts';
import { Scores } from './scores.ts';
import { Signals } from './signals.ts';
import { Surveys } from './surveys.ts';
import { Table } from './table.ts';

export { Accounts, Alerts, Commitments, Events, Meetings, Once, Scores, Signals, Surveys };
export { createDocumentClient } from './table.ts';
export { markerKeys, sendKeys, type MarkerKey, type SendKey } from './once.ts';

/** The stores the use cases declare (#app/ports.ts), as this table implements them. */
export interface Repositories extends Stores {
  accounts: Accounts;
  meetings: Meetings;
  surveys: Surveys;
  scores: Scores;
  events: Events;
  commitments: Commitments;
  alerts: Alerts;
  signals: Signals;
  once: Once;
}

export function repositories(db: DynamoDBDocumentClient, tableName: string): Repositories {
  const table = new Table(db, tableName);
  return {
    accounts: new Accounts(table),
    meetings: new Meetings(table),
    surveys: new Surveys(table),
    scores: new Scores(table),
    events: new Events(table),
    commitments: new Commitments(table),
    alerts: new Alerts(table),
    signals: new Signals(table),
    once: new Once(table),
  };
}
