// An account's event log (what happened to it, when), keyed by time.
import { ENTITIES, keys } from '#contract/table.ts';
import { AccountEvent } from '#domain/model.ts';
import { fromItem, toItem, type Table } from './table.ts';

export class Events {
  constructor(private readonly table: Table) {}

  async add(event: AccountEvent): Promise<void> {
    await this.table.put(toItem(keys.event.of(event.accountId, event.at, event.id), ENTITIES.event, event));
  }

  /** Events at or after `since` (ISO instant), oldest first. */
  async since(accountId: string, since: string): Promise<AccountEvent[]> {
    return (await this.table.from(accountId, keys.event.prefix, since)).map((item) => fromItem(AccountEvent, item));
  }

  async recent(accountId: string, limit: number): Promise<AccountEvent[]> {
    return (await this.table.latest(accountId, keys.event.prefix, limit)).map((item) => fromItem(AccountEvent, item));
  }
}
