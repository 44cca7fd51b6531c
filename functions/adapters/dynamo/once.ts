// Exactly-once, in one place. Three forms, all a conditional Put on a key that says what it guards:
// - `recordOnce`: an item that exists at most once (a meeting occurrence, a survey request, a risk
//   signal); the item is history, not a marker, and keeps no TTL.
// - `claim` / `has`: a once-marker (an alert reason or level already told this cycle).
// - `claimSend` / `completeSend` / `releaseSend`: an email send held as a lease until marked sent.
// Every marker carries `expiresAt`, so DynamoDB's TTL removes it once no duplicate can arrive.
// Keys are typed: a SendKey or MarkerKey comes only from the builders of #contract/send-keys.ts.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ATTRIBUTES, ENTITIES, keys } from '#contract/table.ts';
import { type MarkerKey, type SendKey } from '#contract/send-keys.ts';
import { epochSeconds, type Item, type Table } from './table.ts';

export { markerKeys, sendKeys, type MarkerKey, type SendKey } from '#contract/send-keys.ts';

const DAY_MS = 86_400_000;

/**
 * How long a send stays known after it went out: far beyond every redelivery (Scheduler, Lambda
 * and the stream give up within 6 hours), after which DynamoDB's TTL removes the marker.
 */
export const SEND_MARKER_DAYS = 30;

/**
 * How long an alert-reason or alert-level marker stays. It is keyed by the meeting cycle, and a
 * cycle lasts at most a quarter (about 92 days) while meetings happen; 400 days outlive four such
 * cycles, every redelivery, and the risk engine's own look-back (400 days of scores), so no reason
 * can be told twice in its cycle. Only an account with no meeting for over a year (cycle unchanged)
 * could hear the same reason again, and then a reminder is what it needs.
 */
export const ALERT_MARKER_DAYS = 400;

const after = (now: Date, days: number) => epochSeconds(new Date(now.getTime() + days * DAY_MS));

/** Writes the item unless one with its key exists: true if this call wrote it. */
export async function recordOnce(table: Table, item: Item): Promise<boolean> {
  try {
    await table.db.send(new PutCommand({ TableName: table.name, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export class Once {
  constructor(private readonly table: Table) {}

  /** Claims a marker for one caller: true for the first, false for every later or concurrent one. */
  async claim(key: MarkerKey, now: Date): Promise<boolean> {
    return recordOnce(this.table, {
      ...keys.once.of(key),
      [ATTRIBUTES.entity]: ENTITIES.once,
      [ATTRIBUTES.ttl]: after(now, ALERT_MARKER_DAYS),
    });
  }

  async has(key: MarkerKey): Promise<boolean> {
    return (await this.table.get(keys.once.of(key), true)) !== undefined;
  }

  /**
   * Claims a send for `leaseMs`: 'claimed' for the caller that may send now; 'done' once it was
   * sent; 'busy' while another delivery holds an unexpired lease. A lease that expires without
   * `completeSend` (the sender crashed before or while sending) can be claimed again, so an email is
   * never lost to a crash; at worst it goes twice, and only in that case.
   */
  async claimSend(key: SendKey, now: Date, leaseMs: number): Promise<'claimed' | 'done' | 'busy'> {
    try {
      await this.table.db.send(
        new PutCommand({
          TableName: this.table.name,
          Item: {
            ...keys.once.of(key),
            [ATTRIBUTES.entity]: ENTITIES.once,
            state: 'sending',
            leaseUntil: now.getTime() + leaseMs,
            [ATTRIBUTES.ttl]: after(now, SEND_MARKER_DAYS),
          },
          ConditionExpression: 'attribute_not_exists(PK) OR (#state = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending', ':now': now.getTime() },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const item = await this.table.get(keys.once.of(key), true);
    return item?.state === 'sending' ? 'busy' : 'done';
  }

  /**
   * Marks a send as sent, for good: by the sender once SES accepted it, or by SES's own Send event
   * when the sender died before it could (so the retry finds it done rather than sending it again).
   * The marker's life restarts from `now`.
   */
  async completeSend(key: SendKey, now: Date): Promise<void> {
    await this.table.db.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.once.of(key),
        UpdateExpression: 'SET #state = :sent, #ttl = :expiresAt REMOVE leaseUntil',
        ExpressionAttributeNames: { '#state': 'state', '#ttl': ATTRIBUTES.ttl },
        ExpressionAttributeValues: { ':sent': 'sent', ':expiresAt': after(now, SEND_MARKER_DAYS) },
      }),
    );
  }

  /**
   * Gives a send claim back after a failed send, so that a retry can send it. A send already known
   * to be done (SES reported it sent) is kept: the failure was only in hearing back from SES.
   */
  async releaseSend(key: SendKey): Promise<void> {
    try {
      await this.table.db.send(
        new DeleteCommand({
          TableName: this.table.name,
          Key: keys.once.of(key),
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
