// What each function may do to the table: only the DynamoDB actions its code calls (read from the
// handlers, their use cases and functions/adapters/store.ts). No function scans; only the admin API
// removes accounts (DeleteItem, and BatchWriteItem for the account's items); senders delete their own
// send marker when SES refuses a message (DeleteItem), so a retry can send it. TransactWriteItems is no
// IAM action of its own: IAM checks each item's action (a Put needs PutItem, a ConditionCheck
// ConditionCheckItem). Index queries are covered by the grant's index ARNs.
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:ConditionCheckItem';

const READ: readonly TableAction[] = ['dynamodb:GetItem', 'dynamodb:Query'];
const WRITE: readonly TableAction[] = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** Store.releaseSend: a send that failed gives its marker back. */
const SENDER: readonly TableAction[] = ['dynamodb:DeleteItem'];

export const TABLE_ACCESS = {
  // Accounts, contacts, events, meetings, commitments; removal deletes the account's items in batches.
  admin: [...READ, ...WRITE, ...SENDER, 'dynamodb:BatchWriteItem'],
  // The meeting record (put if absent), skipped-meeting signals, the follow-ups' schedules.
  occurrence: [...READ, ...WRITE],
  // Agendas, surveys, reminders and escalations, each sent once.
  followup: [...READ, ...WRITE, ...SENDER],
  // Clicks and survey request marks (UpdateItem), answers (a transaction of two Puts), unsubscribes
  // and acknowledgements. Never a delete, a batch or a scan: it is the function anyone can reach.
  publicPages: [...READ, ...WRITE],
  // Send confirmations (UpdateItem of the marker), suppressed contacts and champion-bounce signals.
  sesEvents: [...READ, ...WRITE],
  // Account risk, alerts and their emails.
  riskStream: [...READ, ...WRITE, ...SENDER],
  // Cross-account reads by index, and its own send markers.
  digest: [...READ, ...WRITE, ...SENDER],
} as const satisfies Record<string, readonly TableAction[]>;

/** Actions no function is given: a runtime path that needs one is a design change, not a grant. */
export const NEVER_GRANTED: readonly string[] = ['dynamodb:Scan', 'dynamodb:*', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable'];
