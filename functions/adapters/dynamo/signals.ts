// Risk signals: facts about an account the risk engine weighs besides scores.
import { ENTITIES, keys } from '#contract/table.ts';
import { RiskSignal } from '#domain/model.ts';
import { recordOnce } from './once.ts';
import { fromItem, toItem, type Table } from './table.ts';

export class Signals {
  constructor(private readonly table: Table) {}

  /** Records a risk signal once: its id says what it is about, so a repeat of the same cause writes nothing. */
  async record(signal: RiskSignal): Promise<boolean> {
    return recordOnce(this.table, toItem(keys.signal.of(signal.accountId, signal.id), ENTITIES.signal, signal));
  }

  async of(accountId: string): Promise<RiskSignal[]> {
    return (await this.table.under(accountId, keys.signal.prefix)).map((item) => fromItem(RiskSignal, item));
  }
}
