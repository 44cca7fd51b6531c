// Risk alerts raised on an account, keyed by when they were raised.
import { ENTITIES, keys } from '#contract/table.ts';
import { Alert } from '#domain/model.ts';
import { fromItem, toItem, type Table } from './table.ts';

export class Alerts {
  constructor(private readonly table: Table) {}

  async save(alert: Alert): Promise<void> {
    await this.table.put(toItem(keys.alert.of(alert.accountId, alert.createdAt, alert.id), ENTITIES.alert, alert));
  }

  async get(accountId: string, createdAt: string, id: string): Promise<Alert | undefined> {
    const item = await this.table.get(keys.alert.of(accountId, createdAt, id));
    return item ? fromItem(Alert, item) : undefined;
  }

  /** The latest alerts, newest first. */
  async recent(accountId: string, limit: number): Promise<Alert[]> {
    return (await this.table.latest(accountId, keys.alert.prefix, limit)).map((item) => fromItem(Alert, item));
  }
}
