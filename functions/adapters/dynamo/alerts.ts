// Risk alerts raised on an account, keyed by when they were raised. What several writers may change
// at once (an acknowledgement, a climb, the account's recovery) is written as a conditional update
// of those attributes alone, so that none of them writes back an old copy over another's.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ENTITIES, keys } from '#contract/table.ts';
import { Alert } from '#domain/model.ts';
import { fromItem, toItem, type Table } from './table.ts';

export class Alerts {
  constructor(private readonly table: Table) {}

  /** Writes a new alert; acknowledgements and climbs then go through the methods below. */
  async save(alert: Alert): Promise<void> {
    await this.table.put(toItem(keys.alert.of(alert.accountId, alert.createdAt, alert.id), ENTITIES.alert, alert));
  }

  async get(accountId: string, createdAt: string, id: string): Promise<Alert | undefined> {
    const item = await this.table.get(keys.alert.of(accountId, createdAt, id), true);
    return item ? fromItem(Alert, item) : undefined;
  }

  /** The latest alerts, newest first. */
  async recent(accountId: string, limit: number): Promise<Alert[]> {
    return (await this.table.latest(accountId, keys.alert.prefix, limit)).map((item) => fromItem(Alert, item));
  }

  /** Records who took the alert, unless someone already did: the alert as it is afterwards. */
  async acknowledge(alert: Pick<Alert, 'accountId' | 'createdAt' | 'id'>, by: string, at: string): Promise<Alert | undefined> {
    await this.update(alert, {
      UpdateExpression: 'SET acknowledgedAt = :at, acknowledgedBy = :by',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(acknowledgedAt)',
      ExpressionAttributeValues: { ':at': at, ':by': by },
    });
    return this.get(alert.accountId, alert.createdAt, alert.id);
  }

  /**
   * Moves the alert from `alert.rung` to `rung`, now for `recipients`: false when it was acknowledged,
   * closed, or climbed by another delivery in the meantime.
   */
  async climb(alert: Pick<Alert, 'accountId' | 'createdAt' | 'id' | 'rung'>, rung: number, recipients: readonly string[]): Promise<boolean> {
    return this.update(alert, {
      UpdateExpression: 'SET rung = :rung, recipients = :recipients',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(acknowledgedAt) AND attribute_not_exists(closedAt) AND rung = :from',
      ExpressionAttributeValues: { ':rung': rung, ':recipients': [...recipients], ':from': alert.rung },
    });
  }

  /** Marks the alert over (the account recovered): it climbs no more. False when it already was. */
  async close(alert: Pick<Alert, 'accountId' | 'createdAt' | 'id'>, at: string): Promise<boolean> {
    return this.update(alert, {
      UpdateExpression: 'SET closedAt = :at',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(closedAt)',
      ExpressionAttributeValues: { ':at': at },
    });
  }

  private async update(
    alert: Pick<Alert, 'accountId' | 'createdAt' | 'id'>,
    expression: { UpdateExpression: string; ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> },
  ): Promise<boolean> {
    try {
      await this.table.db.send(new UpdateCommand({ TableName: this.table.name, Key: keys.alert.of(alert.accountId, alert.createdAt, alert.id), ...expression }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
